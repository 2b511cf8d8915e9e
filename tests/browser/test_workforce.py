"""KAMR workforce as users do it (issue 6's acceptance): the area admin adds a person to
the roster and appoints them KAMR of a class 1–3 office that has none; the area's
approver approves; the office's coverage warning clears; the admin assigns the area's
key accounts that had no KAMR and that warning clears too; the new appointee is on the
training-due list."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from crmplus.approvals.services import approval_for
from crmplus.core.demo_plan import DEMO_PASSWORD
from crmplus.core.models import User
from crmplus.workforce import coverage as cov
from crmplus.workforce.models import Appointment, Employee
from crmplus.workforce.selectors import key_accounts_without_kamr
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

FY = 2564  # the demo's key-account year


def _count(page: Page, testid: str) -> int:
    return int(page.get_by_test_id(testid).inner_text().replace(",", "").strip())


def test_appoint_approve_assign_and_the_warnings_clear(page: Page):
    call_command("demo_data", "--seed", "1", "--customers", "300", stdout=io.StringIO())
    # An area with a class 1–3 office without a KAMR and key accounts without one.
    for admin in User.objects.filter(username__startswith="admin_").order_by("username"):
        missing = cov.office_coverage(user=admin, fy=FY).missing
        unassigned = key_accounts_without_kamr(user=admin, fy=FY)
        if missing and unassigned:
            break
    else:
        pytest.fail("the demo has no area with both coverage gaps")
    area, office = admin.home_unit, missing[0].office

    # The office's dashboard warns: a class 1–3 office without a KAMR.
    log_in(page, admin.username, DEMO_PASSWORD)
    page.goto(f"/workforce/?fy={FY}&unit={office.pk}")
    expect(page.get_by_test_id("coverage-missing")).to_have_text("1")
    expect(page.get_by_test_id("missing-row")).to_contain_text(office.code)

    # Add the person to the roster (a duplicate number is refused first).
    taken = Employee.objects.filter(unit__path__startswith=area.path).first().employee_number
    page.goto("/workforce/roster/new/")
    form = page.get_by_test_id("employee-form")
    form.locator("#id_employee_number").fill(taken)
    form.locator("#id_name_th").fill("ทดสอบ แต่งตั้งใหม่")
    form.locator("#id_position_level").fill("7")
    form.locator("#id_unit").select_option(str(office.pk))
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("error-employee_number")).to_contain_text(taken)
    page.locator("#id_employee_number").fill("77770001")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("employee-name")).to_contain_text("ทดสอบ แต่งตั้งใหม่")
    person = Employee.objects.get(employee_number="77770001")

    # Appoint them KAMR of the office and send it for approval.
    page.get_by_test_id("appoint").click()
    form = page.get_by_test_id("appointment-form")
    form.locator("#id_role").select_option("kamr_office")
    expect(form.locator("#id_unit")).to_have_value(str(office.pk))
    page.get_by_test_id("save-submit").click()
    expect(page.get_by_test_id("approval-panel")).to_be_visible()
    appointment = Appointment.objects.get(employee=person)
    assert appointment.status == "submitted"
    page.context.clear_cookies()

    # The area's approver approves it in the approvals inbox.
    log_in(page, f"approver_{area.code.lower()}", DEMO_PASSWORD)
    page.goto(f"/approvals/{approval_for(appointment).pk}/")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("decision-forms")).to_have_count(0)
    appointment.refresh_from_db()
    assert appointment.status == "approved"
    page.context.clear_cookies()

    # The office's coverage warning has cleared.
    log_in(page, admin.username, DEMO_PASSWORD)
    page.goto(f"/workforce/appointments/{appointment.pk}/")
    expect(page.get_by_test_id("appointment-status")).to_have_text(re.compile(r"\S"))
    page.goto(f"/workforce/?fy={FY}&unit={office.pk}")
    expect(page.get_by_test_id("coverage-missing")).to_have_text("0")
    expect(page.get_by_test_id("missing-empty")).to_be_visible()

    # Assign the area's key accounts that had no KAMR to the new appointee.
    page.goto(f"/workforce/?fy={FY}")
    assert _count(page, "coverage-unassigned") == len(unassigned)
    for _ka in unassigned:
        page.goto(f"/workforce/unassigned/?fy={FY}")
        page.get_by_test_id("assign-link").first.click()
        page.get_by_test_id("assign-form").locator("#id_employee").select_option(str(person.pk))
        page.get_by_test_id("assign-save").click()
        expect(page.get_by_test_id("unassigned-count")).to_be_visible()
    expect(page.get_by_test_id("unassigned-empty")).to_be_visible()
    page.goto(f"/workforce/?fy={FY}")
    expect(page.get_by_test_id("coverage-unassigned")).to_have_text("0")
    page.goto(f"/workforce/roster/{person.pk}/portfolio/")
    expect(page.get_by_test_id("portfolio-row")).to_have_count(len(unassigned))

    # The new appointee must complete the Key Account course: on the due list.
    page.goto("/workforce/training/due/?which=due")
    expect(page.get_by_test_id("due-table")).to_contain_text("ทดสอบ แต่งตั้งใหม่")
