"""Senior KAMR duties: mark a duty of a period done (or not done after all)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crmplus.core.models import Role, User
from crmplus.core.permissions import require_write
from crmplus.core.scoping import unit_ids_for
from crmplus.workforce import rules
from crmplus.workforce.models import Appointment, AppointmentRole, DutyCompletion, Employee
from crmplus.workforce.rules_settings import senior_duties


def can_track_duties(user: User, employee: Employee) -> bool:
    """The Senior KAMR themself, or an area/HQ admin over them."""
    if not user.can_write:
        return False
    if employee.user_id == user.pk:
        return True
    if user.role not in {Role.HQ_ADMIN, Role.AREA_ADMIN}:
        return False
    ids = unit_ids_for(user)
    return ids is None or employee.unit_id in ids


def _check(by: User, employee: Employee, duty: str, period: str):
    require_write(by)
    if not can_track_duties(by, employee):
        raise PermissionDenied(
            _("Only the Senior KAMR or an area or HQ administrator tracks these duties.")
        )
    try:
        first, last = rules.fiscal_period_bounds(period)
    except ValueError:
        raise ValidationError({"period": _("Unknown period %(p)s.") % {"p": period}}) from None
    fy = int(period.split("-")[0])
    found = next((d for d in senior_duties(fy) if d.key == duty), None)
    if found is None:
        raise ValidationError({"duty": _("Unknown duty %(d)s.") % {"d": duty}})
    if rules.fiscal_period(first, found.period) != period:
        raise ValidationError(
            {"period": _("This duty is done once a %(p)s.") % {"p": found.period}}
        )
    held = Appointment.objects.overlapping(first, last).filter(
        employee=employee, role=AppointmentRole.SENIOR
    )
    if not held.exists():
        raise ValidationError(
            {
                "employee": _("%(name)s is not a Senior KAMR in this period.")
                % {"name": employee.name}
            }
        )
    return first, last


def duty_mark(
    *,
    employee: Employee,
    duty: str,
    period: str,
    done_on: dt.date,
    note: str = "",
    by: User,
) -> DutyCompletion:
    first, _last = _check(by, employee, duty, period)
    if done_on < first:
        raise ValidationError(
            {
                "done_on": _("A duty of this period is done on %(d)s or later.")
                % {"d": first.isoformat()}
            }
        )
    with transaction.atomic():
        row = DutyCompletion.objects.filter(employee=employee, duty=duty, period=period).first()
        row = row or DutyCompletion(employee=employee, duty=duty, period=period)
        row.done_on = done_on
        row.note = (note or "").strip()[:300]
        row.by = by
        row.full_clean(validate_unique=False)
        row.save()
    return row


def duty_unmark(*, employee: Employee, duty: str, period: str, by: User) -> None:
    _check(by, employee, duty, period)
    with transaction.atomic():
        for row in DutyCompletion.objects.filter(employee=employee, duty=duty, period=period):
            row._change_reason = "not done"
            row.delete()
