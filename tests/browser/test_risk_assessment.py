"""Risk assessment as users do it (issue 5's acceptance): a KAMR assesses a demo customer
as very high, is asked for a retention plan, creates it and adds actions; the Senior KAMR
confirms the assessment and the heat-map count of that cell changes; a KAMR of another
area cannot open the assessment or its plan."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from crmplus.core.demo_plan import DEMO_PASSWORD
from crmplus.core.models import Role, User
from crmplus.customers.models import BusinessPartner
from crmplus.keyaccounts.models import KeyAccount
from crmplus.risk.models import RiskAssessment
from crmplus.risk.models_plans import RetentionPlan
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

FY = 2564  # the demo's key-account year with assessments


def _log_out(page: Page) -> None:
    page.context.clear_cookies()


def _customer(kamr: User) -> tuple[BusinessPartner, int]:
    """A customer of the KAMR's own office not yet assessed for FY: a key account whose
    owner is that office (the KAMR's scope), else a customer served there."""
    office = kamr.home_unit
    assessed = RiskAssessment.objects.filter(fy=FY, office=office).values("bp")
    ka = (
        KeyAccount.objects.filter(fy=FY, office=office, owner=office)
        .exclude(bp__in=assessed)
        .select_related("bp")
        .order_by("bp__bp_number")
        .first()
    )
    if ka is not None:
        return ka.bp, office.pk
    bp = (
        BusinessPartner.objects.filter(home_office=office)
        .exclude(pk__in=assessed)
        .exclude(pk__in=KeyAccount.objects.filter(owner__kind="hq").values("bp"))
        .order_by("bp_number")
        .first()
    )
    assert bp is not None, f"no customer at {office.code}"
    return bp, office.pk


def _cell(page: Page, fy: int, p: int, i: int) -> int:
    page.goto(f"/risk/?fy={fy}&status=confirmed")
    expect(page.get_by_test_id("level-total")).to_be_visible()
    cell = page.get_by_test_id(f"cell-{p}-{i}")
    return int(cell.inner_text().replace(",", "")) if cell.count() else 0


def test_a_kamr_assesses_very_high_plans_and_the_senior_confirms(page: Page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo_data", "--seed", "1", "--customers", "300", stdout=io.StringIO())
    kamrs = list(
        User.objects.filter(role=Role.KAMR, username__startswith="kamr_")
        .select_related("home_unit")
        .order_by("username")
    )
    kamr = kamrs[0]
    area = kamr.home_unit.area()
    other = next(u for u in kamrs if u.home_unit.area() != area)
    senior = f"senior_{area.code.lower()}"
    bp, office_pk = _customer(kamr)

    # The Senior KAMR's confirmed heat map before: the P5 × I4 cell.
    log_in(page, senior, DEMO_PASSWORD)
    before = _cell(page, FY, 5, 4)
    _log_out(page)

    # The KAMR assesses the customer as very high (P5 × I4) and sends it for review.
    log_in(page, kamr.username, DEMO_PASSWORD)
    page.goto(f"/risk/assess/{bp.pk}/?office={office_pk}&fy={FY}")
    form = page.get_by_test_id("assess-form")
    form.locator("input[name=spp_offer][value=yes]").check()
    form.locator("textarea[name=note_spp_offer]").fill("ลูกค้าได้รับหนังสือเสนอราคาจาก SPP")
    form.locator("select[name=self_generation]").select_option("1")
    form.locator("input[name=yearly_gm]").fill("12000000")
    page.get_by_test_id("save-submit").click()
    expect(page.get_by_test_id("result")).to_contain_text("20")
    a = RiskAssessment.objects.get(fy=FY, bp=bp, office_id=office_pk)
    assert (a.p, a.i, a.level, a.status) == (5, 4, 4, "submitted")

    # It asks for a retention plan; the KAMR creates it and adds two actions.
    expect(page.get_by_test_id("plan-needed")).to_be_visible()
    page.get_by_test_id("plan-create").click()
    page.locator("input[name=objective]").fill("รักษาลูกค้าไว้ในระบบ กฟภ. ก่อนต่อสัญญา SPP")
    page.get_by_test_id("plan-save").click()
    expect(page.get_by_test_id("no-actions")).to_be_visible()
    plan = RetentionPlan.objects.get(assessment=a)
    due = dt.date.today() + dt.timedelta(days=30)
    for text in ("เข้าพบผู้บริหารเพื่อเสนอทบทวนอัตรา TOU", "ศึกษาข้อเสนอโซลาร์ร่วมกับ PEA ENCOM"):
        action_form = page.get_by_test_id("action-form")
        action_form.locator("textarea[name=action-description]").fill(text)
        action_form.locator("input[name=action-due_date]").fill(due.isoformat())
        page.get_by_test_id("action-add").click()
        expect(page.get_by_test_id("actions")).to_contain_text(text)
    expect(page.get_by_test_id("action-row")).to_have_count(2)
    assert plan.actions.count() == 2
    page.get_by_test_id("plan-submit").click()
    expect(page.get_by_test_id("approval-panel")).to_contain_text(re.compile(r"\S"))
    plan.refresh_from_db()
    assert plan.status == "submitted"
    _log_out(page)

    # The Senior KAMR confirms the assessment; the confirmed P5 × I4 count goes up by one.
    log_in(page, senior, DEMO_PASSWORD)
    page.goto(f"/risk/assessments/{a.pk}/")
    expect(page.get_by_test_id("plan-link")).to_be_visible()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("status")).to_have_text(re.compile("ยืนยัน|Confirmed"))
    a.refresh_from_db()
    assert a.status == "confirmed"
    assert _cell(page, FY, 5, 4) == before + 1
    _log_out(page)

    # A KAMR of another area sees neither the assessment nor its plan.
    log_in(page, other.username, DEMO_PASSWORD)
    assert page.goto(f"/risk/assessments/{a.pk}/").status == 404
    assert page.goto(f"/risk/plans/{plan.pk}/").status == 404
