"""Surveys API: the yearly report as JSON and the responses in scope."""

import pytest

from crmplus.surveys.importer import survey_import
from tests.surveys.conftest import FY, csv_file, row


@pytest.fixture
def imported(org, accounts):
    rows = [row(org.bp_n1.bp_number, sat=(3, 3, 3, 3, 3)), row(org.bp_c1.bp_number)]
    return survey_import(fy=FY, upload=csv_file(rows), by=org.hq_admin)


def test_the_report_as_json_follows_the_callers_scope(client, org, imported):
    client.force_login(org.hq_admin)
    data = client.get(f"/api/v1/surveys/report?fy={FY}").json()
    assert [r["area"] for r in data["rows"]] == ["N1", "C1", "HQ", "ALL"]
    total = data["rows"][-1]
    assert total["satisfaction_avg"] == "3.600" and total["respondents"] == 2
    assert data["rows"][2]["expectation_avg"] is None
    assert data["columns"][-1] == "satisfaction_avg"
    client.force_login(org.kamr_c1)
    data = client.get(f"/api/v1/surveys/report?fy={FY}").json()
    assert [r["area"] for r in data["rows"]] == ["C1"]


def test_the_report_needs_a_fiscal_year(client, org):
    client.force_login(org.hq_admin)
    r = client.get("/api/v1/surveys/report?fy=20")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "fy"


def test_responses_are_scoped_and_filtered(client, org, imported):
    client.force_login(org.kamr_n1)
    data = client.get(f"/api/v1/surveys/responses?fy={FY}").json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["bp_number"] == org.bp_n1.bp_number and item["satisfaction_items"] == [3] * 5
    assert item["follow_up_status"] == "open" and item["area_code"] == "N1"
    client.force_login(org.hq_admin)
    assert client.get("/api/v1/surveys/responses?below=3.5").json()["count"] == 1
    assert client.get("/api/v1/surveys/responses?area=C1").json()["count"] == 1
    assert client.get("/api/v1/surveys/responses?area=ZZ").json()["count"] == 0
    assert client.get("/api/v1/surveys/responses?q=%00").status_code == 422


def test_the_api_needs_a_signed_in_caller(client):
    assert client.get(f"/api/v1/surveys/report?fy={FY}").status_code == 401
