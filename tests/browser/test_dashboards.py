"""Dashboards as users see them (issue 9's acceptance): an area admin sees only their area's
dashboard (its offices in the picker, another area's URL a 404); HQ sees the nation and
opens any area from the picker; a number opens its list."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in
from tests.reports.helpers import approve

pytestmark = pytest.mark.browser

FY = 2564


@pytest.fixture
def accounts(org_tx):
    approve(
        org_tx,
        FY,
        [
            (org_tx.n1_office, org_tx.n1, "star"),
            (org_tx.n1_office, org_tx.n1, "star"),
            (org_tx.n1_office2, org_tx.n1, "status"),
            (org_tx.c1_office, org_tx.c1, "strategic"),
        ],
    )
    return org_tx


def _options(page: Page) -> list[str]:
    return page.get_by_test_id("unit-select").locator("option").all_inner_texts()


def test_an_area_admin_sees_only_their_area(page: Page, accounts):
    org = accounts
    log_in(page, "admin_n1", org.password)
    page.goto(f"/reports/?fy={FY}")
    title = page.get_by_test_id("dashboard-title")
    expect(title).to_have_attribute("data-level", "area")
    expect(title).to_have_attribute("data-unit", "N1")
    options = _options(page)
    assert len(options) == 3 and "N1" in options[0]
    assert not any("C1" in o or "ทั้งประเทศ" in o for o in options)
    expect(page.get_by_test_id("mix-total")).to_have_text("3")
    expect(page.get_by_test_id("mix-strategic")).to_have_text("0")  # C1's account is not here

    # An office of the area, from the picker.
    page.get_by_test_id("unit-select").select_option(str(org.n1_office.pk))
    expect(page.get_by_test_id("dashboard-title")).to_have_attribute("data-level", "office")
    expect(page.get_by_test_id("mix-total")).to_have_text("2")

    # Another area's dashboard does not exist for them.
    response = page.goto(f"/reports/?unit={org.c1.pk}&fy={FY}")
    assert response.status == 404
    response = page.goto(f"/reports/?unit={org.hq.pk}&fy={FY}")
    assert response.status == 404


def test_hq_sees_the_nation_and_any_area(page: Page, accounts):
    org = accounts
    log_in(page, "hq_admin", org.password)
    page.goto(f"/reports/?fy={FY}")
    expect(page.get_by_test_id("dashboard-title")).to_have_attribute("data-level", "nation")
    expect(page.get_by_test_id("mix-total")).to_have_text("4")
    options = " ".join(_options(page))
    assert "N1" in options and "C1" in options

    page.get_by_test_id("unit-select").select_option(str(org.c1.pk))
    title = page.get_by_test_id("dashboard-title")
    expect(title).to_have_attribute("data-unit", "C1")
    expect(page.get_by_test_id("mix-total")).to_have_text("1")
    expect(page.get_by_test_id("panel-risk_heat")).to_be_visible()

    # A number opens its list: C1's strategic account in the run's account list.
    page.get_by_test_id("mix-strategic").locator("a").click()
    expect(page).to_have_url(re.compile(r"/key-accounts/runs/\d+/accounts/\?segment=strategic"))
    expect(page.locator("body")).to_contain_text(org.c1_office.name_th)


def test_the_current_year_without_data_points_to_the_demo_year(page: Page, accounts):
    log_in(page, "admin_n1", accounts.password)
    page.goto("/reports/?fy=2569")
    page.get_by_test_id("fy-hint-link").click()
    expect(page).to_have_url(re.compile(rf"fy={FY}"))
    expect(page.get_by_test_id("mix-total")).to_have_text("3")


def test_a_list_exports_in_the_background_with_a_download_link(
    page: Page, accounts, settings, tmp_path
):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path / "media"
    log_in(page, "admin_n1", accounts.password)
    page.goto(f"/reports/process/?fy={FY}&status=done")
    page.get_by_test_id("export-start-reports.process").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/reports/exports/\d+/$"))
    expect(page.get_by_test_id("export-progress")).to_have_attribute("data-status", "queued")

    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    # The page polls, then reloads once with the link.
    link = page.get_by_test_id("export-download")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("crmplus-process-calendar-")
    page.goto("/reports/exports/")
    expect(page.get_by_test_id("export-list").locator("tbody tr")).to_have_count(1)
