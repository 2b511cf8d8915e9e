"""Reads of retention plans: the special-risk list (assessments at a special-risk level
with their plan, if any), overdue actions for the risk home page, and the plan page's
permissions. Every read starts from `for_user(user)`."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from crmplus.core.models import OrgUnit, User
from crmplus.risk.matrix_settings import special_levels
from crmplus.risk.models import RiskAssessment
from crmplus.risk.models_plans import ActionStatus, PlanStatus, RetentionAction, RetentionPlan
from crmplus.risk.selectors import in_scope
from crmplus.risk.services_plans import ACTIONS_EDITABLE, HEADER_EDITABLE, PLAN_ROLES, is_special

NO_PLAN = "none"


def can_write_plans(user: User) -> bool:
    return user.can_write and user.role in PLAN_ROLES


def can_create_plan(user: User, a: RiskAssessment) -> bool:
    return can_write_plans(user) and in_scope(user, a.owner_id) and is_special(a)


def plan_rights(user: User, plan: RetentionPlan) -> dict[str, bool]:
    writer = can_write_plans(user) and in_scope(user, plan.owner_id)
    return {
        "can_edit": writer and plan.status in HEADER_EDITABLE,
        "can_act": writer and plan.status in ACTIONS_EDITABLE,
        "can_submit": writer and plan.status in HEADER_EDITABLE,
        "can_follow": writer and plan.status != PlanStatus.CLOSED,
        "can_close": writer and plan.status == PlanStatus.APPROVED,
    }


def _overdue_q(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}status": ActionStatus.OPEN, f"{prefix}due_date__lt": today}) & ~Q(
        **{f"{prefix}plan__status": PlanStatus.CLOSED}
    )


def special_list(
    *,
    user: User,
    fy: int,
    area: OrgUnit | None = None,
    status: str = "",
    overdue: bool = False,
    q: str = "",
) -> QuerySet:
    """The fiscal year's special-risk assessments in scope, each with its plan (or none),
    its number of actions and of overdue actions; highest level first."""
    qs = (
        RiskAssessment.objects.for_user(user)
        .filter(fy=fy, level__in=sorted(special_levels(fy)))
        .select_related("bp", "office", "owner", "retention_plan")
        .annotate(
            n_actions=Count("retention_plan__actions", distinct=True),
            n_overdue=Count(
                "retention_plan__actions",
                filter=_overdue_q("retention_plan__actions__"),
                distinct=True,
            ),
        )
    )
    if area is not None:
        qs = qs.filter(office__path__startswith=area.path)
    if status == NO_PLAN:
        qs = qs.filter(retention_plan__isnull=True)
    elif status in PlanStatus.values:
        qs = qs.filter(retention_plan__status=status)
    if overdue:
        qs = qs.filter(n_overdue__gt=0)
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(bp__bp_number__contains=q) | Q(bp__name_th__icontains=q) | Q(bp__name_en__icontains=q)
        )
    return qs.order_by("-level", "-score", "office__path", "bp__bp_number", "id")


def overdue_actions(*, user: User, unit: OrgUnit | None = None) -> QuerySet:
    """Open actions past their due date, in scope (and under `unit`), oldest first."""
    qs = (
        RetentionAction.objects.for_user(user)
        .filter(_overdue_q())
        .select_related("plan__assessment__bp", "plan__assessment__office", "owner")
    )
    if unit is not None and not unit.is_hq:
        qs = qs.filter(plan__assessment__office__path__startswith=unit.path)
    return qs.order_by("due_date", "id")


def overdue_summary(*, user: User, unit: OrgUnit | None = None, limit: int = 10) -> dict[str, Any]:
    qs = overdue_actions(user=user, unit=unit)
    mine = qs.filter(owner=user).count() if user.is_authenticated else 0
    return {"count": qs.count(), "mine": mine, "rows": list(qs[:limit])}
