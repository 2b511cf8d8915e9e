"""Writes for KAM plans (one per key account per fiscal year) and calendar-feed tokens.

    plan = plan_save(key_account=ka, objectives="Grow TOU use", budget=Decimal("20000"),
                     lines={("VISIT", 1): 1, ("FMS4", 3): 1, ("RBA2", 4): 1}, by=kamr)
    plan_submit(plan=plan, by=kamr)        # → the owner's area approver ("engagement.plan")

Rules: KAMRs, Senior KAMRs and CRM admins whose scope holds the key account's owner
write its plan; a plan has objectives and at least one planned item; items are "VISIT"
or a benefit code of the catalogue (RBA, COM, FMS), one count per month; a plan
waiting for approval or approved does not change (a rejected one does, then goes again).
"""

from __future__ import annotations

import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crmplus.approvals.services import approval_submit
from crmplus.core.models import User
from crmplus.engagement.models import IcsFeedToken, KamPlan, KamPlanLine, PlanStatus
from crmplus.engagement.services import check_writer, text

PLAN_KIND = "engagement.plan"
PLAN_KIND_LABEL = gettext_lazy("KAM plan")
VISIT_CODE = "VISIT"
MAX_PER_MONTH = 99
BUDGET_MAX = Decimal("100000000")


def plan_codes() -> list[str]:
    from crmplus.techservices.catalogue import default_benefits

    return [VISIT_CODE] + [b.code for b in default_benefits()]


def _budget(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else "0"))
    except InvalidOperation:
        raise ValidationError({"budget": _("Enter an amount in baht.")}) from None
    if not amount.is_finite() or amount < 0 or amount >= BUDGET_MAX:
        raise ValidationError({"budget": _("Enter an amount from 0 to 99,999,999.99 baht.")})
    return amount.quantize(Decimal("0.01"))


def _lines(lines: dict) -> dict[tuple[str, int], int]:
    codes = set(plan_codes())
    out = {}
    for key, value in (lines or {}).items():
        code, month = key
        if code not in codes:
            raise ValidationError({"lines": _("Unknown plan item %(code)s.") % {"code": code}})
        try:
            month, count = int(month), int(value or 0)
        except (TypeError, ValueError):
            raise ValidationError(
                {"lines": _("Planned counts are whole numbers (%(code)s).") % {"code": code}}
            ) from None
        if not 1 <= month <= 12:
            raise ValidationError({"lines": _("A month of the fiscal year is 1 to 12.")})
        if not 0 <= count <= MAX_PER_MONTH:
            raise ValidationError(
                {"lines": _("Plan 0 to %(n)s of an item a month.") % {"n": MAX_PER_MONTH}}
            )
        if count:
            out[(code, month)] = count
    return out


def _save(obj, by: User, reason: str) -> None:
    obj._history_user = by
    obj._change_reason = reason
    obj.save()


def plan_save(
    *,
    key_account=None,
    plan: KamPlan | None = None,
    objectives: str,
    budget: Any = 0,
    lines: dict,
    by: User,
) -> KamPlan:
    """Create the plan of a key account, or change a draft or rejected one."""
    owner_id = plan.owner_id if plan is not None else key_account.owner_id
    check_writer(by, owner_id)
    objectives = text(objectives, "objectives", required=True)
    amount = _budget(budget)
    wanted = _lines(lines)
    if not wanted:
        raise ValidationError({"lines": _("Plan at least one visit or activity.")})
    try:
        with transaction.atomic():
            if plan is None:
                if KamPlan.objects.filter(
                    fy=key_account.fy, bp_id=key_account.bp_id, office_id=key_account.office_id
                ).exists():
                    raise ValidationError(_("This key account already has a plan for the year."))
                row = KamPlan(
                    fy=key_account.fy,
                    bp_id=key_account.bp_id,
                    office_id=key_account.office_id,
                    owner_id=key_account.owner_id,
                    segment=key_account.segment,
                    created_by=by,
                )
            else:
                row = KamPlan.objects.select_for_update().get(pk=plan.pk)
                if not row.is_editable:
                    raise ValidationError(
                        _("A plan that is %(status)s cannot change.")
                        % {"status": row.get_status_display().lower()}
                    )
            row.objectives, row.budget = objectives, amount
            _save(row, by, "saved")
            row.lines.all().delete()
            KamPlanLine.objects.bulk_create(
                KamPlanLine(plan=row, code=c, month=m, planned=n) for (c, m), n in wanted.items()
            )
    except IntegrityError:
        raise ValidationError(_("This key account already has a plan for the year.")) from None
    return row


def plan_submit(*, plan: KamPlan, by: User, comment: str = "") -> KamPlan:
    """Ask the approver of the owner's area (HQ for national customers) to approve it."""
    check_writer(by, plan.owner_id)
    with transaction.atomic():
        row = KamPlan.objects.select_for_update().select_related("bp", "owner").get(pk=plan.pk)
        if not row.is_editable:
            raise ValidationError(
                _("Only a draft or rejected plan can be submitted (it is %(status)s).")
                % {"status": row.get_status_display().lower()}
            )
        if not row.lines.exists():
            raise ValidationError(_("Plan at least one visit or activity."))
        approval_submit(
            subject=row,
            kind=PLAN_KIND,
            unit=row.owner,
            title=_("KAM plan FY%(fy)s: %(customer)s")
            % {"fy": row.fy, "customer": row.bp.name_th or row.bp.bp_number},
            summary=row.objectives[:1000],
            by=by,
            comment=comment,
        )
        row.status = PlanStatus.SUBMITTED
        _save(row, by, "submitted")
    plan.refresh_from_db()
    return plan


def _on_approved(plan: KamPlan, request, by: User) -> None:
    plan.status = PlanStatus.APPROVED
    _save(plan, by, "approved")


def _on_rejected(plan: KamPlan, request, by: User) -> None:
    plan.status = PlanStatus.REJECTED
    _save(plan, by, "rejected")


def _on_withdrawn(plan: KamPlan, request, by: User) -> None:
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


# -- personal calendar feed ------------------------------------------------------------
def ics_token_issue(*, user: User) -> IcsFeedToken:
    """Create the user's feed secret, or a new one (the old URL stops working)."""
    if not user.is_authenticated:
        raise ValidationError(_("Sign in first."))
    with transaction.atomic():
        row, _created = IcsFeedToken.objects.select_for_update().get_or_create(
            user=user, defaults={"token": secrets.token_urlsafe(32)}
        )
        if not _created:
            row.token = secrets.token_urlsafe(32)
            row.created_at = timezone.now()
            row.revoked_at = None
            row.last_used_at = None
            row.save()
    return row


def ics_token_revoke(*, user: User) -> None:
    """Stop the feed: its URL answers 404 until a new one is issued."""
    IcsFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# -- RBA and COM activities done (the "actual" of those plan rows) ---------------------
def activity_codes() -> list[str]:
    from crmplus.techservices.catalogue import Family, default_benefits

    return [b.code for b in default_benefits() if b.family in (Family.RBA, Family.COM)]


def activity_record(*, plan: KamPlan, code: str, date: Any, note: str = "", by: User):
    """Record a relationship (RBA) or communication (COM) activity done for the account."""
    from crmplus.core.fiscal import fiscal_year_bounds
    from crmplus.engagement.models import KamPlanActivity
    from crmplus.engagement.services import as_date

    check_writer(by, plan.owner_id)
    code = str(code or "").strip()
    if code not in activity_codes():
        raise ValidationError({"code": _("Choose an RBA or COM activity of the catalogue.")})
    day = as_date(date, "date")
    first, last = fiscal_year_bounds(plan.fy)
    if not first <= day <= last:
        raise ValidationError(
            {"date": _("The date falls outside fiscal year %(fy)s.") % {"fy": plan.fy}}
        )
    if day > timezone.localdate():
        raise ValidationError({"date": _("Record an activity once it is done.")})
    row = KamPlanActivity(
        plan=plan, code=code, date=day, note=text(note, "note", max_length=500), by=by
    )
    with transaction.atomic():
        _save(row, by, "recorded")
    return row
