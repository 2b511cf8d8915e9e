"""Retention-plan services: only special risk, scope, action rules, approval routing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from crmplus.approvals.services import approval_approve, approval_for, approval_reject
from crmplus.core.models import Role, SettingValue
from crmplus.risk.matrix_settings import SPECIAL_LEVELS_KEY, special_levels
from crmplus.risk.models_plans import (
    ActionStatus,
    PlanStatus,
    RetentionAction,
    RetentionFollowUp,
    RetentionPlan,
)
from crmplus.risk.selectors_plans import overdue_actions
from crmplus.risk.services_plans import (
    action_add,
    action_update,
    followup_add,
    plan_close,
    plan_create,
    plan_submit,
    plan_update,
)
from tests.factories import UserFactory
from tests.risk.conftest import FY, LOW, assess_n1

TODAY = timezone.localdate()


def make_plan(org, by=None):
    a = assess_n1(org)
    return plan_create(assessment=a, objective="รักษาฐานลูกค้าไว้กับ กฟภ.", by=by or org.kamr_n1)


def add(plan, org, **kw):
    values = {
        "description": "เสนอทบทวนอัตรา TOU",
        "owner": org.kamr_n1,
        "due_date": TODAY + dt.timedelta(days=30),
        "by": org.kamr_n1,
    }
    values.update(kw)
    return action_add(plan=plan, **values)


# -- only special risk -----------------------------------------------------------------
def test_the_default_special_levels_are_very_high_and_high(org):
    assert special_levels(FY) == {4, 3}


def test_a_very_high_assessment_gets_a_plan_as_a_draft(org):
    plan = make_plan(org)
    assert plan.status == PlanStatus.DRAFT
    assert plan.owner == org.n1_office
    assert plan.history.count() == 1


def test_a_low_assessment_gets_no_plan_and_nothing_is_saved(org):
    a = assess_n1(org, values=LOW, notes={})
    assert a.level == 1
    with pytest.raises(ValidationError) as e:
        plan_create(assessment=a, objective="x", by=org.kamr_n1)
    assert e.value.code == "not_special"
    assert not RetentionPlan.objects.exists()


def test_the_special_levels_are_a_setting_per_fiscal_year(org):
    a = assess_n1(org, values=LOW, notes={})
    SettingValue.objects.create(key=SPECIAL_LEVELS_KEY, effective_fy=FY, value=[4, 3, 2, 1])
    assert plan_create(assessment=a, objective="x", by=org.kamr_n1).pk
    SettingValue.objects.filter(key=SPECIAL_LEVELS_KEY).update(value=[3])
    b = assess_n1(org)  # the same assessment reassessed: very high, not special now
    assert b.level == 4 and special_levels(FY) == {3}


def test_one_plan_per_assessment(org):
    plan = make_plan(org)
    with pytest.raises(ValidationError):
        plan_create(assessment=plan.assessment, objective="again", by=org.senior_n1)
    assert RetentionPlan.objects.count() == 1


def test_the_objective_is_required(org):
    a = assess_n1(org)
    with pytest.raises(ValidationError) as e:
        plan_create(assessment=a, objective="  ", by=org.kamr_n1)
    assert "objective" in e.value.error_dict
    assert not RetentionPlan.objects.exists()


# -- scope and roles -------------------------------------------------------------------
def test_a_kamr_of_another_area_cannot_write_the_plan(org):
    a = assess_n1(org)
    with pytest.raises(PermissionDenied):
        plan_create(assessment=a, objective="x", by=org.kamr_c1)
    plan = make_plan(org)
    with pytest.raises(PermissionDenied):
        add(plan, org, by=org.kamr_c1)
    with pytest.raises(PermissionDenied):
        followup_add(plan=plan, date=TODAY, note="x", by=org.area_admin_c1)
    assert not RetentionAction.objects.exists() and not RetentionFollowUp.objects.exists()


def test_the_auditor_and_hq_admin_do_not_write_plans(org):
    a = assess_n1(org)
    for user in (org.auditor, org.hq_admin):
        with pytest.raises(PermissionDenied):
            plan_create(assessment=a, objective="x", by=user)


def test_the_senior_and_area_admin_of_the_area_write_plans(org):
    plan = make_plan(org, by=org.senior_n1)
    add(plan, org, by=org.area_admin_n1, owner=org.senior_n1)
    assert plan.actions.count() == 1


# -- actions ---------------------------------------------------------------------------
def test_an_action_needs_a_due_date(org):
    plan = make_plan(org)
    with pytest.raises(ValidationError) as e:
        add(plan, org, due_date=None)
    assert "due_date" in e.value.error_dict
    assert not RetentionAction.objects.exists()


def test_an_action_needs_a_description(org):
    plan = make_plan(org)
    with pytest.raises(ValidationError) as e:
        add(plan, org, description="")
    assert "description" in e.value.error_dict


@pytest.mark.parametrize("who", ["kamr_c1", "auditor", "nobody"])
def test_the_responsible_person_must_see_the_plan(org, who):
    plan = make_plan(org)
    owner = None if who == "nobody" else getattr(org, who)
    with pytest.raises(ValidationError) as e:
        add(plan, org, owner=owner)
    assert "owner" in e.value.error_dict
    assert not RetentionAction.objects.exists()


def test_an_hq_or_area_user_can_be_responsible(org):
    plan = make_plan(org)
    add(plan, org, owner=org.area_admin_n1)
    add(plan, org, owner=org.hq_admin)
    assert plan.actions.count() == 2


def test_dropping_an_action_needs_a_reason_and_nothing_changes(org):
    plan = make_plan(org)
    action = add(plan, org)
    kw = {"description": action.description, "owner": org.kamr_n1, "due_date": action.due_date}
    with pytest.raises(ValidationError) as e:
        action_update(action=action, status=ActionStatus.DROPPED, by=org.kamr_n1, **kw)
    assert "outcome" in e.value.error_dict
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    action_update(
        action=action, status=ActionStatus.DONE, outcome="ลูกค้าตกลงต่อสัญญา", by=org.kamr_n1, **kw
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.history.count() == 2


def test_a_follow_up_cannot_be_in_the_future(org):
    plan = make_plan(org)
    with pytest.raises(ValidationError):
        followup_add(plan=plan, date=TODAY + dt.timedelta(days=1), note="x", by=org.kamr_n1)
    followup_add(plan=plan, date=TODAY, note="เข้าพบผู้จัดการโรงงาน", by=org.kamr_n1)
    assert plan.follow_ups.count() == 1


# -- overdue ---------------------------------------------------------------------------
def test_an_open_action_past_its_due_date_is_overdue(org):
    plan = make_plan(org)
    late = add(plan, org, due_date=TODAY - dt.timedelta(days=3))
    done = add(plan, org, due_date=TODAY - dt.timedelta(days=3), status=ActionStatus.DONE)
    future = add(plan, org)
    assert late.is_overdue and not done.is_overdue and not future.is_overdue
    assert list(overdue_actions(user=org.kamr_n1)) == [late]
    assert list(overdue_actions(user=org.hq_admin)) == [late]
    assert list(overdue_actions(user=org.kamr_c1)) == []
    assert list(overdue_actions(user=org.area_admin_n1, unit=org.c1)) == []


# -- approval --------------------------------------------------------------------------
@pytest.fixture
def approvers(org):
    return {
        "n1": UserFactory(username="approver_n1", role=Role.APPROVER, home_unit=org.n1),
        "c1": UserFactory(username="approver_c1", role=Role.APPROVER, home_unit=org.c1),
    }


def test_a_plan_without_actions_cannot_be_submitted(org):
    plan = make_plan(org)
    with pytest.raises(ValidationError):
        plan_submit(plan=plan, by=org.kamr_n1)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and approval_for(plan) is None


def test_approval_goes_to_the_areas_approver(org, approvers):
    plan = make_plan(org)
    add(plan, org)
    plan_submit(plan=plan, by=org.kamr_n1)
    assert plan.status == PlanStatus.SUBMITTED
    request = approval_for(plan)
    assert request.kind == "risk.plan" and request.approver_unit == org.n1
    assert request.subject_url == f"/risk/plans/{plan.pk}/"
    with pytest.raises(ValidationError):
        add(plan, org)  # waiting for approval: the actions do not change
    with pytest.raises(PermissionDenied):
        approval_approve(request=request, by=approvers["c1"])
    approval_approve(request=request, by=approvers["n1"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    add(plan, org)  # an approved plan's actions are carried out and added to
    with pytest.raises(ValidationError):
        plan_update(plan=plan, objective="new", by=org.kamr_n1)
    plan_close(plan=plan, by=org.senior_n1, note="ลูกค้าต่อสัญญา 3 ปี")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED and plan.closed_at


def test_a_rejected_plan_is_editable_and_resubmitted(org, approvers):
    plan = make_plan(org)
    add(plan, org)
    plan_submit(plan=plan, by=org.kamr_n1)
    approval_reject(request=approval_for(plan), by=approvers["n1"], reason="ขอรายละเอียดเพิ่ม")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REJECTED
    plan_update(plan=plan, objective="รักษาลูกค้าและลดค่าไฟ", by=org.kamr_n1)
    add(plan, org, description="นัดประชุมผู้บริหาร")
    plan_submit(plan=plan, by=org.kamr_n1)
    request = approval_for(plan)
    assert request.round == 2 and request.is_pending


def test_only_an_approved_plan_is_closed(org):
    plan = make_plan(org)
    with pytest.raises(ValidationError):
        plan_close(plan=plan, by=org.kamr_n1, note="x")
