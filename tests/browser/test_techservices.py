"""Technical services as users do them (issue 7's acceptance): a KAMR books a thermal
scan (FMS4) for a key account, and is refused a fourth distinct service for a Status
(supplement) customer with a Thai message naming the rule and the way to an exception."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from crmplus.techservices.models import ServiceRequest
from crmplus.techservices.selectors import current_fy
from crmplus.techservices.services import service_request_create
from tests.browser.conftest import log_in
from tests.factories import BusinessPartnerFactory
from tests.techservices.conftest import key_account

pytestmark = pytest.mark.django_db(transaction=True)


def _book_page(page: Page, bp, code: str) -> None:
    page.goto(f"/technical-services/new/?bp={bp.pk}")
    expect(page.get_by_test_id("request-customer")).to_contain_text(bp.bp_number)
    page.locator("#id_code").select_option(code)
    page.get_by_test_id("request-submit").click()


def test_a_kamr_books_a_thermal_scan_and_is_refused_a_fourth_service(page: Page, org_tx):
    org = org_tx
    fy = current_fy()
    key_account(org, org.bp_n1, segment="strategic", fy=fy)
    supplement = BusinessPartnerFactory(
        name_th="บริษัท สันทรายการเกษตร จำกัด", home_office=org.n1_office
    )
    key_account(org, supplement, segment="status", supplement=True, fy=fy)
    today = timezone.localdate()
    for code in ("FMS1", "FMS2", "FMS3"):
        service_request_create(bp=supplement, code=code, requested_on=today, by=org.kamr_n1)

    log_in(page, "kamr_n1", org.password)

    # The thermal scan is booked and its page opens.
    _book_page(page, org.bp_n1, "FMS4")
    expect(page.get_by_test_id("request-title")).to_contain_text("FMS4")
    expect(page.get_by_test_id("status-badge")).to_be_visible()
    req = ServiceRequest.objects.get(bp=org.bp_n1)
    assert (req.code, req.fy, req.status, req.segment) == ("FMS4", fy, "requested", "strategic")

    # It is scheduled on its page.
    page.locator("#id_s-scheduled_for").fill((today + dt.timedelta(days=3)).isoformat())
    page.get_by_test_id("schedule-submit").click()
    expect(page.get_by_test_id("report-form")).to_be_visible()
    req.refresh_from_db()
    assert req.status == "scheduled"

    # A fourth distinct service for the supplement customer is refused, in Thai.
    _book_page(page, supplement, "FMS4")
    refusal = page.get_by_test_id("refusal")
    expect(refusal).to_be_visible()
    assert refusal.get_attribute("data-rule") == "supplement_distinct"
    message = page.get_by_test_id("refusal-message")
    expect(message).to_contain_text("Status (เพิ่มเติม) ไม่เกิน 3 บริการต่อปี")
    expect(message).to_contain_text("ขออนุมัติยกเว้น")
    expect(message).to_contain_text("FMS1, FMS2, FMS3")
    assert ServiceRequest.objects.filter(bp=supplement).count() == 3

    # The way to an exception is one click away, prefilled.
    page.get_by_test_id("request-exception").click()
    expect(page.get_by_test_id("exception-form")).to_be_visible()
    expect(page.locator("#id_code")).to_have_value("FMS4")
    expect(page.get_by_test_id("exception-reason")).to_contain_text("ไม่เกิน 3 บริการต่อปี")
