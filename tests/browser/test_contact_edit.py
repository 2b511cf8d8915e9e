"""A KAMR finds a customer, fixes a contact's details, sees the audit trail, switches language.

One story through the real UI (login form, htmx search, tabs, form errors, history,
language switch), checked against the database at each step that writes or must not.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in
from tests.factories import BusinessPartnerFactory

pytestmark = pytest.mark.browser

# Thai field errors: Django's own catalogue for the e-mail, ours (crmplus/locale/th, built
# by `make messages`) for the phone rule in crmplus/customers/validators.py.
THAI_EMAIL_ERROR = "ป้อนที่อยู่อีเมลที่ถูกต้อง"
THAI_PHONE_ERROR = "กรุณากรอกหมายเลขโทรศัพท์ เช่น 02-590-5555 หรือ 081-234-5678"


def test_it_edits_a_contact_with_field_errors_then_saves_and_shows_history(page: Page, org_tx):
    # A second customer in the same office, so the search has something to filter out.
    BusinessPartnerFactory(name_th="บริษัท เชียงใหม่ซีเมนต์ จำกัด", home_office=org_tx.n1_office)
    contact = org_tx.contact_n1
    old_phone, old_email = contact.phone, contact.email

    log_in(page, "kamr_n1", org_tx.password)
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator(".navbar-nav a[href='/customers/']")).to_have_text("ลูกค้า")

    # Search: typing part of the Thai name swaps only the results via htmx.
    page.locator(".navbar-nav a[href='/customers/']").click()
    rows = page.get_by_test_id("customer-table").locator("tbody tr")
    expect(rows).to_have_count(2)
    page.evaluate("window.notReloaded = true")  # a full page load would drop this
    search = page.get_by_test_id("customer-search")
    search.press_sequentially("ลำพูน")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("บริษัท ลำพูนอิเล็กทรอนิกส์ จำกัด")
    expect(page).to_have_url(re.compile(r"[?&]q="))  # hx-push-url kept the search
    assert page.evaluate("window.notReloaded") is True

    rows.first.get_by_role("link", name="บริษัท ลำพูนอิเล็กทรอนิกส์ จำกัด").click()
    expect(page.get_by_test_id("customer-name")).to_have_text("บริษัท ลำพูนอิเล็กทรอนิกส์ จำกัด")

    page.get_by_test_id("tab-contacts").click()
    contacts = page.get_by_test_id("contacts-table")
    expect(contacts).to_be_visible()
    expect(contacts).to_contain_text("คุณวิภา ศรีสุข")
    page.get_by_test_id("edit-contact-1").click()

    # Bad input: field errors, the typed values kept, nothing saved.
    page.locator("#id_phone").fill("12345")
    page.locator("#id_email").fill("not-an-email")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    expect(page.get_by_test_id("error-email")).to_have_text(THAI_EMAIL_ERROR)
    expect(page.get_by_test_id("error-phone")).to_have_text(THAI_PHONE_ERROR)
    expect(page.locator("#id_phone")).to_have_value("12345")
    expect(page.locator("#id_email")).to_have_value("not-an-email")
    contact.refresh_from_db()
    assert (contact.phone, contact.email) == (old_phone, old_email)
    assert contact.history.count() == 1

    # Good input: saved, back on the contacts tab.
    page.locator("#id_phone").fill("0891234567")
    page.locator("#id_email").fill("wipa.s@lamphun-elec.co.th")
    page.get_by_test_id("save").click()
    expect(contacts).to_be_visible()
    expect(contacts).to_contain_text("089-123-4567")  # shown grouped, stored as digits
    expect(contacts).to_contain_text("wipa.s@lamphun-elec.co.th")
    contact.refresh_from_db()
    assert (contact.phone, contact.email) == ("0891234567", "wipa.s@lamphun-elec.co.th")

    # History (loaded by htmx on first click) shows old → new.
    expect(page.get_by_test_id("tab-history")).to_have_text("ประวัติการแก้ไข")
    page.get_by_test_id("tab-history").click()
    history = page.get_by_test_id("history")
    expect(history).to_be_visible()
    expect(history).to_contain_text(f"โทรศัพท์: {old_phone} → 0891234567")
    expect(history).to_contain_text(f"{old_email} → wipa.s@lamphun-elec.co.th")
    expect(history).to_contain_text("คุณวิภา ศรีสุข")

    # English from the navbar button: the page reloads in English and it sticks.
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".navbar-nav a[href='/customers/']")).to_have_text("Customers")
    expect(page.get_by_test_id("tab-history")).to_have_text("History")
    expect(page.get_by_test_id("lang-th")).to_be_visible()
    org_tx.kamr_n1.refresh_from_db()
    assert org_tx.kamr_n1.language == "en"
    page.goto("/customers/")
    expect(page.get_by_role("heading", name="Customers")).to_be_visible()
