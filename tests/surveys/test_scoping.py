"""Another area's imports, responses, follow-ups and report rows are invisible (404)."""

import pytest

from crmplus.surveys.importer import survey_import
from crmplus.surveys.models import LowSatisfactionFollowUp
from tests.surveys.conftest import FY, csv_file, row


@pytest.fixture
def imported(org, accounts):
    rows = [
        row(org.bp_n1.bp_number, sat=(3, 3, 3, 3, 3)),
        row(org.bp_c1.bp_number, sat=(2, 2, 2, 2, 2)),
    ]
    return survey_import(fy=FY, upload=csv_file(rows), by=org.hq_admin)


def test_an_area_admin_does_not_see_another_areas_import(client, org, accounts):
    record = survey_import(fy=FY, upload=csv_file([row(org.bp_n1.bp_number)]), by=org.area_admin_n1)
    client.force_login(org.area_admin_c1)
    assert client.get(record.get_absolute_url()).status_code == 404
    assert client.get(f"/surveys/imports/{record.pk}/errors.csv").status_code == 404
    client.force_login(org.senior_n1)
    assert client.get(record.get_absolute_url()).status_code == 200


def test_results_follow_ups_and_the_customer_tab_are_scoped(client, org, imported):
    n1 = LowSatisfactionFollowUp.objects.get(bp=org.bp_n1)
    client.force_login(org.kamr_c1)
    body = client.get(f"/surveys/responses/?fy={FY}").content.decode()
    assert org.bp_c1.bp_number in body and org.bp_n1.bp_number not in body
    assert client.get(n1.get_absolute_url()).status_code == 404
    assert client.post(n1.get_absolute_url(), {"note": "x"}).status_code == 404
    assert client.get(f"/surveys/customer/{org.bp_n1.pk}/").status_code == 404
    body = client.get("/surveys/follow-ups/").content.decode()
    assert n1.get_absolute_url() not in body


def test_the_report_shows_an_area_user_their_area_only(client, org, imported):
    client.force_login(org.kamr_n1)
    body = client.get(f"/surveys/report/?fy={FY}").content.decode()
    assert 'data-testid="row-N1"' in body
    assert 'data-testid="row-C1"' not in body and 'data-testid="row-ALL"' not in body
    lines = client.get(f"/surveys/report.csv?fy={FY}").content.decode().splitlines()
    assert [line.split(",")[1] for line in lines[1:]] == ["N1"]
    client.force_login(org.auditor)
    lines = client.get(f"/surveys/report.csv?fy={FY}").content.decode().splitlines()
    assert [line.split(",")[1] for line in lines[1:]] == ["N1", "C1", "HQ", "ALL"]
