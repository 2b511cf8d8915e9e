"""Issue 7's acceptance as one user story, in Thai, in a real browser.

A KAMR plans an onsite visit from the calendar (clicks a day), records the outcome with
a follow-up action, follows the visit page's "Book a technical service" link and books a
thermal scan (FMS4) for that customer; then, for a Status (supplement) key account that
already had 3 distinct services this fiscal year, a fourth is refused with the Thai
message naming the rule and the way to an exception.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from crmplus.engagement.models import FollowUp, Visit, VisitStatus
from crmplus.techservices.models import ServiceRequest
from crmplus.techservices.selectors import current_fy
from crmplus.techservices.services import service_request_create
from crmplus.workforce.models import AccountAssignment
from tests.browser.conftest import log_in
from tests.browser.test_techservices import _book_page
from tests.engagement.conftest import employee_of
from tests.factories import BusinessPartnerFactory
from tests.techservices.conftest import key_account

pytestmark = pytest.mark.django_db(transaction=True)


def _setup(org):
    """kamr_n1 is an employee holding bp_n1 (Strategic) in the portfolio; a Status
    (supplement) key account of the same office already had FMS1-3 this year."""
    fy = current_fy()
    today = timezone.localdate()
    emp = employee_of(org.kamr_n1, name="กมลา ศรีสันทราย")
    key_account(org, org.bp_n1, segment="strategic", fy=fy)
    AccountAssignment.objects.create(
        fy=fy,
        bp=org.bp_n1,
        office=org.n1_office,
        unit=org.n1_office,
        employee=emp,
        start=today - dt.timedelta(days=30),
        created_by=org.hq_admin,
    )
    supplement = BusinessPartnerFactory(
        name_th="บริษัท สันทรายการเกษตร จำกัด", home_office=org.n1_office
    )
    key_account(org, supplement, segment="status", supplement=True, fy=fy)
    for code in ("FMS1", "FMS2", "FMS3"):
        service_request_create(bp=supplement, code=code, requested_on=today, by=org.kamr_n1)
    return fy, supplement


def test_a_kamr_visits_records_the_outcome_books_a_scan_and_is_refused_a_fourth(page: Page, org_tx):
    org = org_tx
    fy, supplement = _setup(org)
    today = timezone.localdate()
    log_in(page, "kamr_n1", org.password)

    # 1. Plan an onsite visit by clicking today in the calendar.
    page.goto(f"/engagement/calendar/?date={today.isoformat()}")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_test_id("calendar-grid")).to_be_visible()
    page.get_by_test_id(f"day-{today.isoformat()}").click()
    expect(page.get_by_test_id("visit-form")).to_be_visible()
    assert page.locator("#id_mode option[value=tele]").count() == 0  # never plannable
    page.locator("#id_bp_number").fill(org.bp_n1.bp_number)
    page.locator("#id_time").fill("09:00")
    page.locator("#id_mode").select_option("onsite")
    page.locator("#id_objective_code").select_option("needs")
    page.locator("#id_objective").fill("สำรวจความต้องการตรวจหาจุดร้อนก่อนหยุดเครื่อง")
    page.get_by_test_id("visit-save").click()
    expect(page.get_by_test_id("visit-objective")).to_contain_text("สำรวจความต้องการ")
    visit = Visit.objects.get()
    assert (visit.bp_id, visit.mode, visit.status) == (org.bp_n1.pk, "onsite", "planned")
    assert timezone.localtime(visit.starts_at).date() == today

    # 2. Record the outcome with one follow-up action (owner and due date).
    form = page.get_by_test_id("outcome-form")
    form.locator("#id_attendees_pea").fill("กมลา ศรีสันทราย")
    form.locator("#id_attendees_customer").fill("ผู้จัดการโรงงาน")
    form.locator("#id_topics").fill("แผนหยุดเครื่องประจำปี")
    form.locator("#id_customer_needs").fill("ตรวจหาจุดร้อนของตู้ MDB")
    form.locator("#id_distance_km").fill("8")
    due = today + dt.timedelta(days=5)
    row = page.get_by_test_id("followup-form-0")
    row.locator("input[name=fu0-description]").fill("จองบริการตรวจหาจุดร้อน")
    row.locator("select[name=fu0-owner]").select_option(str(org.kamr_n1.pk))
    row.locator("input[name=fu0-due_date]").fill(due.isoformat())
    page.get_by_test_id("outcome-save").click()
    expect(page.get_by_test_id("followup-row")).to_contain_text("จองบริการตรวจหาจุดร้อน")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE
    followup = FollowUp.objects.get(visit=visit)
    assert (followup.owner_id, followup.due_date) == (org.kamr_n1.pk, due)

    # 3. The visit page's link opens the booking page for this customer: a thermal scan.
    book = page.get_by_test_id("book-service")
    expect(book).to_have_attribute(
        "href", f"{reverse('techservices:request_new')}?bp={org.bp_n1.pk}"
    )
    book.click()
    expect(page.get_by_test_id("request-customer")).to_contain_text(org.bp_n1.bp_number)
    page.locator("#id_code").select_option("FMS4")
    page.get_by_test_id("request-submit").click()
    expect(page.get_by_test_id("request-title")).to_contain_text("FMS4")
    scan = ServiceRequest.objects.get(bp=org.bp_n1)
    assert (scan.code, scan.fy, scan.status, scan.segment) == ("FMS4", fy, "requested", "strategic")

    # 4. A fourth distinct service for the supplement customer: refused, in Thai, with
    #    the rule, the services already used and the way to an exception.
    _book_page(page, supplement, "FMS4")
    refusal = page.get_by_test_id("refusal")
    expect(refusal).to_be_visible()
    assert refusal.get_attribute("data-rule") == "supplement_distinct"
    message = page.get_by_test_id("refusal-message")
    expect(message).to_contain_text("Status (เพิ่มเติม) ไม่เกิน 3 บริการต่อปี")
    expect(message).to_contain_text("FMS1, FMS2, FMS3")
    expect(message).to_contain_text("ขออนุมัติยกเว้น")
    assert sorted(ServiceRequest.objects.filter(bp=supplement).values_list("code", flat=True)) == [
        "FMS1",
        "FMS2",
        "FMS3",
    ]
