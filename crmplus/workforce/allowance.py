"""The monthly KAMR allowance ledger (BRIEF §6; manual M-1.2 item 4.3).

One ledger per paying unit (HQ or an area) and month. A person is paid by the unit
their roster entry belongs to, once, for all their paid appointments anywhere: two
appointments on the same day never pay twice, not even across units.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crmplus.approvals.registry import register_kind
from crmplus.approvals.services import approval_submit
from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import OrgUnit, OrgUnitKind, Role, User
from crmplus.core.permissions import require_write
from crmplus.core.scoping import unit_ids_for
from crmplus.workforce import rules
from crmplus.workforce.models import (
    AllowanceLedger,
    AllowanceLine,
    Appointment,
    Employee,
    LedgerStatus,
)
from crmplus.workforce.rules_settings import allowance_settings
from crmplus.workforce.templatetags.workforce import thmonth

LEDGER_KIND = "workforce.allowance"
LEDGER_ROLES = {Role.HQ_ADMIN, Role.AREA_ADMIN}


def _employees_paid_by(unit: OrgUnit):
    """The roster entries an HQ or area ledger pays."""
    if unit.kind == OrgUnitKind.AREA:
        return Employee.objects.filter(unit__path__startswith=unit.path)
    # HQ pays everyone outside the areas (HQ itself, regions).
    areas = OrgUnit.objects.filter(kind=OrgUnitKind.AREA).values_list("path", flat=True)
    qs = Employee.objects.all()
    for path in areas:
        qs = qs.exclude(unit__path__startswith=path)
    return qs


def _check_by(by: User | None, unit: OrgUnit) -> None:
    if by is None:  # the monthly task
        return
    require_write(by)
    if by.role not in LEDGER_ROLES:
        raise PermissionDenied(_("Only an area or HQ administrator prepares allowance ledgers."))
    ids = unit_ids_for(by)
    if ids is not None and unit.pk not in ids:
        raise PermissionDenied(_("This unit is outside your organisation scope."))


def allowance_ledger_build(
    *, unit: OrgUnit, month: dt.date | str, by: User | None
) -> AllowanceLedger:
    """Build (or rebuild, while it is a draft) the allowance ledger of `unit` for `month`.

    Rate, part-month rule and paid roles are the settings of the month's fiscal year.
    Building twice gives the same lines; a submitted or approved ledger is never rebuilt.
    """
    if unit.kind not in {OrgUnitKind.HQ, OrgUnitKind.AREA}:
        raise ValidationError({"unit": _("Allowance ledgers are kept by HQ and by each area.")})
    _check_by(by, unit)
    first, last = rules.month_bounds(month)
    fy = fiscal_year(first)
    conf = allowance_settings(fy)
    with transaction.atomic():
        ledger = AllowanceLedger.objects.select_for_update().filter(unit=unit, month=first).first()
        if ledger is not None and ledger.status != LedgerStatus.DRAFT:
            raise ValidationError(
                _("The allowance ledger of %(month)s is %(status)s: it is not rebuilt.")
                % {"month": thmonth(first), "status": ledger.get_status_display().lower()}
            )
        if ledger is None:
            ledger = AllowanceLedger(unit=unit, month=first)
        ledger.fy = fy
        ledger.rate = conf.rate
        ledger.proration = conf.proration
        ledger.built_at = timezone.now()
        ledger.built_by = by
        ledger.save()
        ledger.lines.all().delete()
        spans: dict[int, list[Appointment]] = defaultdict(list)
        appointments = (
            Appointment.objects.overlapping(first, last)
            .filter(role__in=conf.roles, employee__in=_employees_paid_by(unit))
            .order_by("employee_id", "start", "pk")
        )
        for appointment in appointments:
            spans[appointment.employee_id].append(appointment)
        lines = []
        for employee_id, held in spans.items():
            pay = rules.allowance_for_month(held, first, conf.rate, conf.proration)
            if not pay.days:
                continue
            lines.append(
                AllowanceLine(
                    ledger=ledger,
                    employee_id=employee_id,
                    appointments=[a.pk for a in held],
                    days=pay.days,
                    amount=pay.amount,
                    rule_th=pay.rule_th[:300],
                    rule_en=pay.rule_en[:300],
                )
            )
        AllowanceLine.objects.bulk_create(lines)
        ledger.total = sum((line.amount for line in lines), start=Decimal("0")).quantize(rules.CENT)
        ledger._change_reason = "built"
        ledger.save()
    return ledger


def allowance_ledgers_build_all(*, month: dt.date | str) -> dict[str, str]:
    """The monthly task: build the draft ledger of HQ and of every area for `month`.

    A ledger already submitted or approved is left alone; returns unit code → outcome.
    """
    outcome: dict[str, str] = {}
    units = OrgUnit.objects.filter(
        kind__in=[OrgUnitKind.HQ, OrgUnitKind.AREA], is_active=True
    ).order_by("path")
    for unit in units:
        try:
            ledger = allowance_ledger_build(unit=unit, month=month, by=None)
        except ValidationError:
            outcome[unit.code] = "kept"
            continue
        outcome[unit.code] = f"{ledger.lines.count()} people, {ledger.total} baht"
    return outcome


def allowance_ledger_submit(*, ledger: AllowanceLedger, by: User) -> AllowanceLedger:
    """Send a draft ledger to the unit's approver (approved with the KAMRs, BRIEF §6)."""
    _check_by(by, ledger.unit)
    if ledger.status != LedgerStatus.DRAFT:
        raise ValidationError(_("This ledger has already been submitted."))
    count = ledger.lines.count()
    total = ledger.lines.aggregate(t=Sum("amount"))["t"] or 0
    with transaction.atomic():
        approval_submit(
            subject=ledger,
            kind=LEDGER_KIND,
            unit=ledger.unit,
            title=_("KAMR allowance %(month)s, %(unit)s: %(n)s people, %(total)s baht")
            % {
                "month": thmonth(ledger.month),
                "unit": ledger.unit.name,
                "n": count,
                "total": f"{total:,.2f}",
            },
            by=by,
        )
        ledger.status = LedgerStatus.SUBMITTED
        ledger.save()
    return ledger


def _on_approved(ledger: AllowanceLedger, request, by: User) -> None:
    ledger.status = LedgerStatus.APPROVED
    ledger.approved_at = timezone.now()
    ledger._change_reason = "approved"
    ledger.save()


def _back_to_draft(ledger: AllowanceLedger, request, by: User) -> None:
    ledger.status = LedgerStatus.DRAFT
    ledger.save()


register_kind(
    LEDGER_KIND,
    label=gettext_lazy("KAMR allowance ledger"),
    on_approved=_on_approved,
    on_rejected=_back_to_draft,
    on_withdrawn=_back_to_draft,
)
