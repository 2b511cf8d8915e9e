"""Writes for retention plans of special-risk customers. Screens and tests call these.

    plan = plan_create(assessment=a, objective="Keep the load on PEA supply", by=kamr)
    action_add(plan=plan, description="Offer a TOU review", owner=kamr,
               due_date=date(2026, 12, 15), by=kamr)
    followup_add(plan=plan, date=date.today(), note="Met the plant manager", by=kamr)
    plan_submit(plan=plan, by=kamr)            # → the area's approver ("risk.plan")
    plan_close(plan=plan, by=senior, note="Contract renewed for 3 years")

Rules, in one place: only an assessment at a special-risk level (a setting per fiscal
year) gets a plan, one per assessment; KAMRs, Senior KAMRs and area admins whose scope
holds the assessment's owner write plans; an action needs a description, a due date and
a responsible person who can see the plan; a plan waiting for approval or closed does
not change; approval routes to the approver of the owner's area, and a rejection makes
the plan editable again. Any error leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crmplus.approvals.services import approval_submit
from crmplus.core.models import Role, User
from crmplus.core.permissions import require_write
from crmplus.core.scoping import unit_ids_for
from crmplus.risk.matrix_settings import special_levels
from crmplus.risk.models import RiskAssessment
from crmplus.risk.models_plans import (
    ActionStatus,
    PlanStatus,
    RetentionAction,
    RetentionFollowUp,
    RetentionPlan,
)

PLAN_KIND = "risk.plan"
PLAN_KIND_LABEL = gettext_lazy("Retention plan")
PLAN_ROLES = {Role.KAMR, Role.SENIOR_KAMR, Role.AREA_ADMIN}
TEXT_MAX = 5000
OBJECTIVE_MAX = RetentionPlan._meta.get_field("objective").max_length
# Plan header (objective, summary): while not yet approved.
HEADER_EDITABLE = {PlanStatus.DRAFT, PlanStatus.REJECTED}
# Actions: also once approved (that is when they are carried out).
ACTIONS_EDITABLE = {PlanStatus.DRAFT, PlanStatus.REJECTED, PlanStatus.APPROVED}


# -- helpers ---------------------------------------------------------------------------
def _text(value: Any, field: str, *, required: bool = False, max_length: int = TEXT_MAX) -> str:
    text = "" if value is None else str(value).strip()
    if "\x00" in text:
        raise ValidationError({field: _("Text cannot contain NUL characters.")})
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > max_length:
        raise ValidationError({field: _("At most %(n)s characters, please.") % {"n": max_length}})
    return text


def _date(value: Any, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and value.strip():
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError({field: _("Enter a valid date.")}) from None
    if not isinstance(value, dt.date):
        raise ValidationError({field: _("This field is required.")})
    if not 1900 < value.year < 2200:
        raise ValidationError({field: _("Give the date in the Christian era, e.g. 2026-12-31.")})
    return value


def _in_scope(user: User, unit_id: int) -> bool:
    ids = unit_ids_for(user)
    return ids is None or unit_id in ids


def is_special(assessment: RiskAssessment) -> bool:
    """Is the assessment's level one that needs a retention plan in its fiscal year?"""
    return assessment.level in special_levels(assessment.fy)


def _check_writer(by: User, owner_id: int) -> None:
    require_write(by)
    if by.role not in PLAN_ROLES:
        raise PermissionDenied(_("Only KAMRs, Senior KAMRs and area admins write retention plans."))
    if not _in_scope(by, owner_id):
        raise PermissionDenied(_("This account is outside your organisation scope."))


def _check_responsible(owner: Any, plan: RetentionPlan) -> User:
    if not isinstance(owner, User) or owner.pk is None:
        raise ValidationError({"owner": _("Choose who is responsible for the action.")})
    if not owner.is_active or not owner.can_write or not _in_scope(owner, plan.owner_id):
        raise ValidationError(
            {"owner": _("%(name)s cannot see this plan: choose someone in its scope.")
             % {"name": owner.get_full_name() or owner.get_username()}}
        )  # fmt: skip
    return owner


def _locked_plan(plan: RetentionPlan) -> RetentionPlan:
    return RetentionPlan.objects.select_for_update().get(pk=plan.pk)


def _save(obj, by: User, reason: str) -> None:
    obj._history_user = by
    obj._change_reason = reason
    obj.save()


# -- plans -----------------------------------------------------------------------------
def plan_create(
    *, assessment: RiskAssessment, objective: str, summary: str = "", by: User
) -> RetentionPlan:
    """Start the retention plan of a special-risk assessment (as a draft)."""
    _check_writer(by, assessment.owner_id)
    if not is_special(assessment):
        raise ValidationError(
            _("Only a special-risk assessment (level %(levels)s) needs a retention plan.")
            % {"levels": ", ".join(str(x) for x in sorted(special_levels(assessment.fy)))},
            code="not_special",
        )
    objective = _text(objective, "objective", required=True, max_length=OBJECTIVE_MAX)
    summary = _text(summary, "summary")
    plan = RetentionPlan(
        assessment=assessment,
        owner_id=assessment.owner_id,
        objective=objective,
        summary=summary,
        created_by=by,
    )
    try:
        with transaction.atomic():
            if RetentionPlan.objects.filter(assessment=assessment).exists():
                raise ValidationError(_("This assessment already has a retention plan."))
            _save(plan, by, "created")
    except IntegrityError:
        raise ValidationError(_("This assessment already has a retention plan.")) from None
    return plan


def plan_update(
    *, plan: RetentionPlan, objective: str, summary: str = "", by: User
) -> RetentionPlan:
    """Change a draft or rejected plan's objective and summary."""
    _check_writer(by, plan.owner_id)
    objective = _text(objective, "objective", required=True, max_length=OBJECTIVE_MAX)
    summary = _text(summary, "summary")
    with transaction.atomic():
        locked = _locked_plan(plan)
        if locked.status not in HEADER_EDITABLE:
            raise ValidationError(
                _("A plan that is %(status)s cannot change its objective.")
                % {"status": locked.get_status_display().lower()}
            )
        locked.objective, locked.summary = objective, summary
        _save(locked, by, "updated")
    plan.refresh_from_db()
    return plan


def plan_submit(*, plan: RetentionPlan, by: User, comment: str = "") -> RetentionPlan:
    """Ask the approver of the owner's area to approve the plan (again, after a rejection)."""
    _check_writer(by, plan.owner_id)
    with transaction.atomic():
        locked = _locked_plan(plan)
        if locked.status not in HEADER_EDITABLE:
            raise ValidationError(
                _("Only a draft or rejected plan can be submitted (it is %(status)s).")
                % {"status": locked.get_status_display().lower()}
            )
        if not locked.actions.exclude(status=ActionStatus.DROPPED).exists():
            raise ValidationError(_("Add at least one action before submitting the plan."))
        a = locked.assessment
        approval_submit(
            subject=locked,
            kind=PLAN_KIND,
            unit=locked.owner,
            title=_("Retention plan FY%(fy)s: %(customer)s")
            % {"fy": a.fy, "customer": a.bp.name_th or a.bp.bp_number},
            summary=locked.objective,
            by=by,
            comment=comment,
        )
        locked.status = PlanStatus.SUBMITTED
        _save(locked, by, "submitted")
    plan.refresh_from_db()
    return plan


def plan_close(*, plan: RetentionPlan, by: User, note: str) -> RetentionPlan:
    """Close an approved plan, saying how it ended; open actions stay as they are."""
    _check_writer(by, plan.owner_id)
    note = _text(note, "note", required=True)
    with transaction.atomic():
        locked = _locked_plan(plan)
        if locked.status != PlanStatus.APPROVED:
            raise ValidationError(
                _("Only an approved plan can be closed (it is %(status)s).")
                % {"status": locked.get_status_display().lower()}
            )
        locked.status = PlanStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.close_note = note
        _save(locked, by, "closed")
    plan.refresh_from_db()
    return plan


# -- approval callbacks (registered in RiskConfig.ready) -------------------------------
def _on_approved(plan: RetentionPlan, request, by: User) -> None:
    plan.status = PlanStatus.APPROVED
    _save(plan, by, "approved")


def _on_rejected(plan: RetentionPlan, request, by: User) -> None:
    plan.status = PlanStatus.REJECTED
    _save(plan, by, "rejected")


def _on_withdrawn(plan: RetentionPlan, request, by: User) -> None:
    plan.status = PlanStatus.DRAFT
    _save(plan, by, "withdrawn")


def register_plan_kind() -> None:
    from crmplus.approvals.registry import register_kind

    register_kind(
        PLAN_KIND,
        label=PLAN_KIND_LABEL,
        on_approved=_on_approved,
        on_rejected=_on_rejected,
        on_withdrawn=_on_withdrawn,
    )


# -- actions and follow-ups ------------------------------------------------------------
def _check_actions_editable(plan: RetentionPlan) -> None:
    if plan.status not in ACTIONS_EDITABLE:
        raise ValidationError(
            _("The actions of a plan that is %(status)s cannot change.")
            % {"status": plan.get_status_display().lower()}
        )


def _action_fields(
    plan: RetentionPlan, description: Any, owner: Any, due_date: Any, status: Any, outcome: Any
) -> dict[str, Any]:
    description = _text(description, "description", required=True)
    due = _date(due_date, "due_date")
    responsible = _check_responsible(owner, plan)
    status = str(status or ActionStatus.OPEN)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a status of the list.")})
    outcome = _text(outcome, "outcome")
    if status == ActionStatus.DROPPED and not outcome:
        raise ValidationError({"outcome": _("Say why the action is dropped.")})
    return {
        "description": description,
        "owner": responsible,
        "due_date": due,
        "status": status,
        "outcome": outcome,
    }


def action_add(
    *,
    plan: RetentionPlan,
    description: str,
    owner: User,
    due_date: dt.date,
    by: User,
    status: str = ActionStatus.OPEN,
    outcome: str = "",
) -> RetentionAction:
    """Add an action: what, who is responsible (someone who sees the plan), by when."""
    _check_writer(by, plan.owner_id)
    fields = _action_fields(plan, description, owner, due_date, status, outcome)
    with transaction.atomic():
        locked = _locked_plan(plan)
        _check_actions_editable(locked)
        action = RetentionAction(plan=locked, **fields)
        _save(action, by, "added")
    return action


def action_update(
    *,
    action: RetentionAction,
    description: str,
    owner: User,
    due_date: dt.date,
    status: str,
    outcome: str = "",
    by: User,
) -> RetentionAction:
    """Change an action: its text, who, when, and how it went (status, outcome)."""
    plan = action.plan
    _check_writer(by, plan.owner_id)
    fields = _action_fields(plan, description, owner, due_date, status, outcome)
    with transaction.atomic():
        locked = _locked_plan(plan)
        _check_actions_editable(locked)
        row = RetentionAction.objects.select_for_update().get(pk=action.pk, plan=locked)
        for name, value in fields.items():
            setattr(row, name, value)
        _save(row, by, "updated")
    action.refresh_from_db()
    return action


def followup_add(*, plan: RetentionPlan, date: dt.date, note: str, by: User) -> RetentionFollowUp:
    """Record how the plan is going (not on a closed plan, not in the future)."""
    _check_writer(by, plan.owner_id)
    day = _date(date, "date")
    if day > timezone.localdate():
        raise ValidationError({"date": _("A follow-up cannot be dated in the future.")})
    note = _text(note, "note", required=True)
    with transaction.atomic():
        locked = _locked_plan(plan)
        if locked.status == PlanStatus.CLOSED:
            raise ValidationError(_("This plan is closed."))
        return RetentionFollowUp.objects.create(plan=locked, date=day, note=note, by=by)
