"""Issue 8's acceptance in the browser: an area admin plans a seminar, goes over the cap
with an external speaker's fee (blocked, with the amount over), requests the exception;
another area's approver cannot decide it, the area's approver approves it; the plan goes
through, is approved, and attendance is recorded at check-in."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from crmplus.approvals.services import approval_for
from crmplus.core.models import Role
from crmplus.seminars.models import BudgetLine, Event, ExceptionRequest, Invitation
from tests.browser.conftest import log_in
from tests.factories import UserFactory
from tests.seminars.conftest import key_account

pytestmark = pytest.mark.browser


def _log_out(page: Page) -> None:
    page.context.clear_cookies()


def _approve(page: Page, subject, username: str, password: str) -> None:
    log_in(page, username, password)
    page.goto(approval_for(subject).get_absolute_url())
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("decision-forms")).to_have_count(0)
    _log_out(page)


def test_plan_exceed_the_cap_request_an_exception_approve_and_record_attendance(page: Page, org_tx):
    org = org_tx
    UserFactory(username="approver_n1", role=Role.APPROVER, home_unit=org.n1)
    UserFactory(username="approver_c1", role=Role.APPROVER, home_unit=org.c1)
    today = dt.date.today()
    key_account(org, org.bp_n1, 2569, "star")

    # 1. The area admin plans the event.
    log_in(page, "admin_n1", org.password)
    page.goto("/seminars/")
    page.get_by_test_id("event-new").click()
    form = page.get_by_test_id("event-form")
    form.locator("input[name=title]").fill("สัมมนาลูกค้ารายใหญ่ กฟน.1")
    form.locator("select[name=kind]").select_option("seminar")
    form.locator("select[name=unit]").select_option(str(org.n1.pk))
    form.locator("input[name=starts_on]").fill(today.isoformat())
    form.locator("input[name=ends_on]").fill(today.isoformat())
    form.locator("input[name=venue]").fill("โรงแรมเชียงใหม่")
    page.get_by_test_id("event-save").click()
    expect(page.get_by_test_id("no-lines")).to_be_visible()
    event = Event.objects.get(title="สัมมนาลูกค้ารายใหญ่ กฟน.1")

    # 2. A venue line: the room left follows the typing, before anything is saved.
    line_form = page.get_by_test_id("line-form")
    line_form.locator("select[name=line-category]").select_option("venue")
    line_form.locator("input[name=line-planned_amount]").fill("60000")
    expect(page.get_by_test_id("event-room")).to_have_text("40,000.00")
    assert not BudgetLine.objects.filter(event=event).exists()
    page.get_by_test_id("line-save").click()
    expect(page.get_by_test_id("line-row")).to_have_count(1)

    # 3. An external speaker's fee takes the plan over the cap: blocked, amount over shown.
    line_form = page.get_by_test_id("line-form")
    line_form.locator("select[name=line-category]").select_option("speaker_fee")
    line_form.locator("input[name=line-planned_amount]").fill("45000.01")
    expect(page.get_by_test_id("event-over")).to_contain_text("5,000.01")
    page.get_by_test_id("line-save").click()
    expect(page.get_by_test_id("line-row")).to_have_count(2)
    expect(page.get_by_test_id("event-over")).to_contain_text("5,000.01")
    expect(page.get_by_test_id("submit-over")).to_contain_text("5,000.01")
    expect(page.get_by_test_id("event-submit")).to_be_disabled()
    expect(page.get_by_test_id("exception-needed")).to_be_visible()

    # 4. The exception is requested with its justification.
    exc_form = page.get_by_test_id("exception-form")
    exc_form.locator("textarea").fill("วิทยากรผู้เชี่ยวชาญด้านพลังงาน ตามที่ลูกค้าร้องขอ")
    page.get_by_test_id("exception-request").click()
    expect(page.get_by_test_id("exception-pending")).to_be_visible()
    exception = ExceptionRequest.objects.get(line__event=event)
    _log_out(page)

    # 5. Another area's approver cannot even see it; the area's approver approves it.
    log_in(page, "approver_c1", org.password)
    assert page.goto(approval_for(exception).get_absolute_url()).status == 404
    _log_out(page)
    _approve(page, exception, "approver_n1", org.password)
    exception.refresh_from_db()
    assert exception.status == "approved"

    # 6. The approved speaker fee sits on top of the cap: the plan goes to approval.
    log_in(page, "admin_n1", org.password)
    page.goto(f"/seminars/{event.pk}/budget/")
    expect(page.get_by_test_id("exception-approved")).to_be_visible()
    expect(page.get_by_test_id("event-room")).to_have_text("40,000.00")
    page.get_by_test_id("event-submit").click()
    expect(page.get_by_test_id("event-status")).to_have_text(re.compile("รออนุมัติ|Waiting"))
    event.refresh_from_db()
    assert event.status == "submitted"
    _log_out(page)
    _approve(page, event, "approver_n1", org.password)
    event.refresh_from_db()
    assert event.status == "approved"

    # 7. Invite a key account's contact, then record attendance and satisfaction.
    log_in(page, "admin_n1", org.password)
    page.goto(f"/seminars/{event.pk}/invitations/")
    page.get_by_test_id("pick-contact").first.check()
    page.get_by_test_id("invite").click()
    expect(page.get_by_test_id("invited-row")).to_have_count(1)
    page.get_by_test_id("tab-checkin").click()
    page.get_by_test_id("attended").check()
    row = page.get_by_test_id("checkin-row")
    expect(row).to_have_class(re.compile("table-success"))
    page.get_by_test_id("satisfaction").select_option("5")
    expect(page.get_by_test_id("satisfaction")).to_have_value("5")
    invitation = Invitation.objects.get(event=event)
    for _ in range(50):  # the htmx post lands after the select's change
        invitation.refresh_from_db()
        if invitation.satisfaction == 5:
            break
        page.wait_for_timeout(100)
    assert invitation.attended and invitation.satisfaction == 5
    page.reload()
    expect(page.get_by_test_id("segment-star").get_by_test_id("segment-rate")).to_have_text("100%")
    event.refresh_from_db()
    assert event.status == "held"
