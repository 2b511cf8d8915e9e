"""Signed-out users land on the login page (full pages and htmx swaps); logout ends the session."""

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_it_sends_a_signed_out_user_to_login_and_back(page: Page, org_tx):
    page.goto("/customers/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/customers/$"))
    expect(page.locator("#id_username")).to_be_visible()
    expect(page.get_by_test_id("logout")).to_have_count(0)

    page.locator("#id_username").fill("kamr_n1")
    page.locator("#id_password").fill(org_tx.password)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/customers/$"))
    expect(page.get_by_test_id("customer-table")).to_contain_text("ลำพูนอิเล็กทรอนิกส์")


def test_it_rejects_a_wrong_password(page: Page, org_tx):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("kamr_n1")
    page.locator("#id_password").fill("wrong-password")
    page.locator("button[type=submit]").click()
    expect(page.locator(".alert-danger")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.locator("#id_username")).to_have_value("kamr_n1")


def test_it_logs_out(page: Page, org_tx):
    log_in(page, "kamr_n1", org_tx.password)
    page.get_by_test_id("account-menu").click()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.locator("#id_username")).to_be_visible()

    page.goto("/customers/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/customers/$"))


def test_it_sends_an_expired_htmx_search_to_login(page: Page, context: BrowserContext, org_tx):
    log_in(page, "kamr_n1", org_tx.password)
    page.goto("/customers/")
    expect(page.get_by_test_id("customer-table")).to_be_visible()

    context.clear_cookies()  # the session expired while the page stayed open
    page.get_by_test_id("customer-search").press_sequentially("ลำพูน")
    # HX-Redirect: the whole page goes to login, not a login form inside the results box.
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("#customer-results")).to_have_count(0)
