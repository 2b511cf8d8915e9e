"""Visits as a KAMR does them (issue 7's acceptance): plan an onsite visit from the
calendar, record the outcome with a follow-up action, find the link to book a technical
service; drag a planned visit to another day to reschedule it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from crmplus.engagement.models import FollowUp, Visit, VisitChange, VisitStatus
from tests.browser.conftest import log_in
from tests.engagement.conftest import employee_of
from tests.workforce.conftest import key_account

pytestmark = pytest.mark.django_db(transaction=True)


def _setup(org):
    from crmplus.core.fiscal import fiscal_year
    from crmplus.workforce.models import AccountAssignment

    fy = fiscal_year(timezone.localdate())
    emp = employee_of(org.kamr_n1, name="กมลา ศรีสันทราย")
    key_account(org, org.bp_n1, org.n1_office, org.n1, fy=fy)
    AccountAssignment.objects.create(
        fy=fy,
        bp=org.bp_n1,
        office=org.n1_office,
        unit=org.n1_office,
        employee=emp,
        start=timezone.localdate() - dt.timedelta(days=30),
        created_by=org.hq_admin,
    )
    return emp


def test_it_plans_a_visit_from_the_calendar_and_records_the_outcome(page: Page, org_tx):
    org = org_tx
    _setup(org)
    today = timezone.localdate().isoformat()
    log_in(page, "kamr_n1", org.password)
    page.goto(f"/engagement/calendar/?date={today}")
    expect(page.get_by_test_id("calendar-grid")).to_be_visible()
    page.get_by_test_id(f"day-{today}").click()  # an empty day: plan a visit there

    # The plan form: no Tele CRM mode to choose; an objective from the catalogue.
    expect(page.get_by_test_id("visit-form")).to_be_visible()
    assert page.locator("#id_mode option[value=tele]").count() == 0
    page.locator("#id_bp_number").fill(org.bp_n1.bp_number)
    page.locator("#id_time").fill("09:00")
    page.locator("#id_mode").select_option("onsite")
    page.get_by_test_id("visit-save").click()
    expect(page.get_by_test_id("error-objective_code")).to_be_visible()  # no objective yet
    page.locator("#id_objective_code").select_option("needs")
    page.locator("#id_objective").fill("ทบทวนแผนขยายโหลดปีหน้า")
    page.get_by_test_id("visit-save").click()

    expect(page.get_by_test_id("visit-objective")).to_contain_text("ทบทวนแผนขยายโหลดปีหน้า")
    visit = Visit.objects.get()
    assert (visit.mode, visit.status, visit.bp_id) == ("onsite", VisitStatus.PLANNED, org.bp_n1.pk)

    # The outcome, with one follow-up action (owner and due date).
    form = page.get_by_test_id("outcome-form")
    form.locator("#id_attendees_pea").fill("กมลา ศรีสันทราย")
    form.locator("#id_attendees_customer").fill("ผู้จัดการโรงงาน, วิศวกรไฟฟ้า")
    form.locator("#id_topics").fill("แผนขยายกำลังการผลิต และอัตรา TOU")
    form.locator("#id_customer_needs").fill("ตรวจหาจุดร้อนก่อนหยุดเครื่อง")
    form.locator("#id_distance_km").fill("12")
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    row = page.get_by_test_id("followup-form-0")
    row.locator("input[name=fu0-description]").fill("ส่งข้อเสนอการตรวจหาจุดร้อน")
    row.locator("select[name=fu0-owner]").select_option(str(org.kamr_n1.pk))
    row.locator("input[name=fu0-due_date]").fill(due)
    page.get_by_test_id("outcome-save").click()

    expect(page.get_by_test_id("outcome-topics")).to_contain_text("แผนขยายกำลังการผลิต")
    expect(page.get_by_test_id("followup-row")).to_contain_text("ส่งข้อเสนอการตรวจหาจุดร้อน")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE and visit.expense is not None
    followup = FollowUp.objects.get(visit=visit)
    assert (followup.owner_id, followup.due_date.isoformat()) == (org.kamr_n1.pk, due)
    book = page.get_by_test_id("book-service")
    expect(book).to_have_attribute(
        "href", f"{reverse('techservices:request_new')}?bp={org.bp_n1.pk}"
    )


def test_it_reschedules_a_visit_by_dragging_it_to_another_day(page: Page, org_tx):
    from crmplus.engagement.services import visit_plan

    org = org_tx
    _setup(org)
    today = timezone.localdate()
    start = today + dt.timedelta(days=(7 - today.weekday()))  # next Monday
    when = timezone.make_aware(dt.datetime.combine(start, dt.time(10, 0)))
    visit = visit_plan(
        bp=org.bp_n1, starts_at=when, mode="online", objective_code="news", by=org.kamr_n1
    )
    target = start + dt.timedelta(days=2)
    log_in(page, "kamr_n1", org.password)
    page.goto(f"/engagement/calendar/?view=week&date={start.isoformat()}")
    chip = page.get_by_test_id(f"cal-visit-{visit.pk}")
    expect(chip).to_be_visible()
    chip.drag_to(page.get_by_test_id(f"day-{target.isoformat()}"))
    expect(
        page.get_by_test_id(f"day-{target.isoformat()}").get_by_test_id(f"cal-visit-{visit.pk}")
    ).to_be_visible()
    visit.refresh_from_db()
    assert timezone.localtime(visit.starts_at).date() == target
    assert VisitChange.objects.filter(visit=visit, kind="rescheduled").count() == 1
