"""Survey import as an area admin does it: a file with one bad row imports nothing and
shows that row; the corrected file imports; the report page shows the area's average."""

import csv

import pytest
from playwright.sync_api import Page, expect

from crmplus.surveys.importer import template_header
from crmplus.surveys.models import SurveyResponse
from tests.browser.conftest import log_in
from tests.surveys.conftest import FY, key_account, row

pytestmark = pytest.mark.django_db(transaction=True)


def _file(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(template_header())
        writer.writerows(rows)
    return path


def test_it_rejects_a_bad_file_then_imports_the_fixed_one(page: Page, org_tx, tmp_path):
    org = org_tx
    key_account(org, org.bp_n1, org.n1_office, org.n1)
    key_account(org, org.bp_c1, org.c1_office, org.c1)
    log_in(page, "admin_n1", org.password)
    page.goto("/surveys/")
    bad = _file(tmp_path / "bad.csv", [row(org.bp_n1.bp_number, sat=(4, 4, 7, 4, 4))])
    page.locator("#id_fy").select_option(str(FY))
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_test_id("upload-submit").click()
    expect(page.get_by_test_id("error-row-2")).to_contain_text("satisfaction_3")
    assert not SurveyResponse.objects.exists()

    page.goto("/surveys/")
    good = _file(tmp_path / "good.csv", [row(org.bp_n1.bp_number, sat=(4, 4, 5, 4, 4))])
    page.locator("#id_fy").select_option(str(FY))
    page.locator("#id_file").set_input_files(str(good))
    page.get_by_test_id("upload-submit").click()
    expect(page.get_by_test_id("import-status")).to_have_attribute("data-status", "done")
    assert SurveyResponse.objects.count() == 1

    page.goto(f"/surveys/report/?fy={FY}")
    expect(page.get_by_test_id("sat-N1")).to_have_text("4.200")
    expect(page.get_by_test_id("row-C1")).to_have_count(0)
