"""Writes of the KAMR workforce: roster, appointments (approvals workflow), account
assignment and training records. The allowance ledger is in `allowance.py`.

Every function is keyword-only, validates first and writes inside one transaction:
on any error nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from crmplus.approvals.registry import register_kind
from crmplus.approvals.services import approval_submit
from crmplus.core.fiscal import format_date
from crmplus.core.models import OrgUnit, OrgUnitKind, Role, User
from crmplus.core.permissions import require_write
from crmplus.core.scoping import unit_ids_for
from crmplus.workforce import rules
from crmplus.workforce.models import (
    EFFECTIVE_STATUSES,
    AccountAssignment,
    Appointment,
    AppointmentRole,
    AppointmentStatus,
    Employee,
    TrainingRecord,
    TrainingSession,
)

APPOINTMENT_KIND = "workforce.appointment"
MANAGE_ROLES = {Role.HQ_ADMIN, Role.AREA_ADMIN}
ASSIGN_ROLES = {Role.HQ_ADMIN, Role.AREA_ADMIN, Role.SENIOR_KAMR}
EDITABLE_APPOINTMENT = {AppointmentStatus.DRAFT, AppointmentStatus.REJECTED}
EMPLOYEE_FIELDS = {
    "employee_number",
    "name_th",
    "name_en",
    "position_level",
    "unit",
    "phone",
    "email",
    "user",
    "is_active",
}


def _require_role(user: User, roles: set[str], message: str) -> None:
    require_write(user)
    if user.role not in roles:
        raise PermissionDenied(message)


def _require_unit_in_scope(user: User, unit: OrgUnit | None, field: str) -> None:
    ids = unit_ids_for(user)
    if unit is not None and ids is not None and unit.pk not in ids:
        raise ValidationError({field: _("This unit is outside your organisation scope.")})


def _day(day: dt.date) -> str:
    """A date in an error message as on screen: Buddhist era in Thai."""
    return format_date(day, get_language() or "th")


def date_range_check(start: dt.date | None, end: dt.date | None) -> None:
    """The pure range rule as a field error on `start` or `end`."""
    try:
        rules.validate_range(start, end)
    except rules.DateRangeError as e:
        if e.field == "start":
            raise ValidationError({"start": _("A start date is required.")}) from None
        raise ValidationError(
            {
                "end": _("The end date (%(end)s) is before the start date (%(start)s).")
                % {"end": _day(end), "start": _day(start)}
            }
        ) from None


# Roster ---------------------------------------------------------------------------


def employee_save(*, by: User, employee: Employee | None = None, **fields: Any) -> Employee:
    """Create an employee (employee=None) or change one; the number is unique."""
    _require_role(by, MANAGE_ROLES, _("Only an area or HQ administrator edits the roster."))
    unknown = set(fields) - EMPLOYEE_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if employee is not None:
        _require_unit_in_scope(by, employee.unit, "unit")
    else:
        employee = Employee()
    for name, value in fields.items():
        setattr(employee, name, value.strip() if isinstance(value, str) else value)
    _require_unit_in_scope(by, getattr(employee, "unit", None), "unit")
    number = (employee.employee_number or "").strip()
    if number and Employee.objects.filter(employee_number=number).exclude(pk=employee.pk).exists():
        raise ValidationError(
            {
                "employee_number": _("Employee number %(n)s is already on the roster.")
                % {"n": number}
            }
        )
    employee.full_clean()
    try:
        with transaction.atomic():
            employee.save()
    except IntegrityError:
        # Saved by someone else a moment ago.
        raise ValidationError(
            {
                "employee_number": _("Employee number %(n)s is already on the roster.")
                % {"n": number}
            }
        ) from None
    return employee


# Appointments ---------------------------------------------------------------------


def _check_role_unit(role: str, unit: OrgUnit) -> None:
    expected = {
        AppointmentRole.KAMR_HQ: {OrgUnitKind.HQ},
        AppointmentRole.KAMR_AREA: {OrgUnitKind.AREA},
        AppointmentRole.KAMR_OFFICE: {OrgUnitKind.OFFICE},
        AppointmentRole.SENIOR: {OrgUnitKind.HQ, OrgUnitKind.AREA, OrgUnitKind.OFFICE},
    }
    if role not in AppointmentRole.values:
        raise ValidationError({"role": _("Choose one of the KAMR roles.")})
    if unit.kind not in expected[role]:
        raise ValidationError(
            {
                "unit": _("A %(role)s is appointed to a unit of another kind.")
                % {"role": AppointmentRole(role).label}
            }
        )


def _check_replacement(replaces: Appointment, role: str, unit: OrgUnit, start: dt.date) -> None:
    if replaces.status not in EFFECTIVE_STATUSES:
        raise ValidationError({"replaces": _("Only an approved, running appointment is replaced.")})
    if replaces.role != role or replaces.unit_id != unit.pk:
        raise ValidationError(
            {"replaces": _("A replacement takes the same role in the same unit.")}
        )
    if start <= replaces.start:
        raise ValidationError(
            {"start": _("A replacement starts after the appointment it replaces.")}
        )
    if replaces.end is not None and replaces.end < start - dt.timedelta(days=1):
        raise ValidationError({"replaces": _("That appointment ended before this one starts.")})
    open_successor = replaces.replaced_by.exclude(status=AppointmentStatus.REJECTED).exists()
    if open_successor:
        raise ValidationError({"replaces": _("That appointment already has a replacement.")})


def appointment_create(
    *,
    employee: Employee,
    role: str,
    unit: OrgUnit,
    start: dt.date,
    end: dt.date | None = None,
    replaces: Appointment | None = None,
    note: str = "",
    by: User,
) -> Appointment:
    """A draft appointment; it counts only once approved (appointment_submit)."""
    _require_role(by, MANAGE_ROLES, _("Only an area or HQ administrator appoints KAMRs."))
    _require_unit_in_scope(by, unit, "unit")
    date_range_check(start, end)
    _check_role_unit(role, unit)
    _require_unit_in_scope(by, employee.unit, "employee")
    if not employee.is_active:
        raise ValidationError({"employee": _("This employee is no longer active.")})
    clash = (
        Appointment.objects.filter(employee=employee, role=role, unit=unit)
        .exclude(status=AppointmentStatus.REJECTED)
        .filter(start__lte=end or dt.date.max)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "start": _("%(name)s already holds this appointment from %(start)s.")
                % {"name": employee.name_th, "start": _day(clash.start)}
            }
        )
    if replaces is not None:
        _check_replacement(replaces, role, unit, start)
        if replaces.employee_id == employee.pk:
            raise ValidationError({"employee": _("A person does not replace themselves.")})
    with transaction.atomic():
        appointment = Appointment(
            employee=employee,
            role=role,
            unit=unit,
            start=start,
            end=end,
            replaces=replaces,
            note=(note or "").strip(),
            created_by=by,
        )
        appointment.full_clean()
        appointment.save()
    return appointment


def appointment_submit(*, appointment: Appointment, by: User, comment: str = "") -> Appointment:
    """Send an appointment to the approver of its unit (HQ → HQ approver; an area's
    units → that area's approver)."""
    _require_role(by, MANAGE_ROLES, _("Only an area or HQ administrator appoints KAMRs."))
    if appointment.status not in EDITABLE_APPOINTMENT:
        raise ValidationError(_("This appointment has already been submitted."))
    employee = appointment.employee
    title = _("KAMR appointment: %(name)s, %(role)s, %(unit)s from %(start)s") % {
        "name": employee.name_th,
        "role": appointment.get_role_display(),
        "unit": appointment.unit.name,
        "start": _day(appointment.start),
    }
    summary = ""
    if appointment.replaces_id:
        summary = _("Replaces %(name)s (mid-year replacement).") % {
            "name": appointment.replaces.employee.name_th
        }
    with transaction.atomic():
        approval_submit(
            subject=appointment,
            kind=APPOINTMENT_KIND,
            unit=appointment.unit,
            title=title[:200],
            summary=summary,
            by=by,
            comment=comment,
        )
        appointment.status = AppointmentStatus.SUBMITTED
        appointment._change_reason = "submitted"
        appointment.save()
    return appointment


def appointment_end(*, appointment: Appointment, end: dt.date, by: User) -> Appointment:
    """End an approved appointment on `end` (its last day)."""
    _require_role(by, MANAGE_ROLES, _("Only an area or HQ administrator ends appointments."))
    _require_unit_in_scope(by, appointment.unit, "unit")
    if appointment.status not in EFFECTIVE_STATUSES:
        raise ValidationError(_("Only an approved appointment can be ended."))
    date_range_check(appointment.start, end)
    with transaction.atomic():
        appointment.end = end
        appointment.status = AppointmentStatus.ENDED
        appointment._change_reason = "ended"
        appointment.save()
    return appointment


def _on_approved(appointment: Appointment, request, by: User) -> None:
    """Approved: it counts from its start. A replacement ends its predecessor the day
    before and takes over the predecessor's open key accounts."""
    predecessor = appointment.replaces
    if predecessor is not None:
        predecessor = Appointment.objects.select_for_update().get(pk=predecessor.pk)
        _check_replacement_still_fits(predecessor, appointment)
        last_day = appointment.start - dt.timedelta(days=1)
        predecessor.end = last_day
        predecessor.status = AppointmentStatus.ENDED
        predecessor._change_reason = f"replaced by appointment #{appointment.pk}"
        predecessor.save()
        _hand_over(
            old=predecessor.employee,
            new=appointment.employee,
            on=appointment.start,
            by=by,
            reason=f"hand-over: appointment #{appointment.pk} replaces #{predecessor.pk}",
        )
    appointment.status = AppointmentStatus.APPROVED
    appointment.approved_at = timezone.now()
    appointment._change_reason = "approved"
    appointment.save()


def _check_replacement_still_fits(predecessor: Appointment, successor: Appointment) -> None:
    if predecessor.status not in EFFECTIVE_STATUSES or (
        predecessor.end is not None and predecessor.end < successor.start - dt.timedelta(days=1)
    ):
        raise ValidationError(
            _("The appointment this one replaces has ended or changed since it was submitted.")
        )


def _on_rejected(appointment: Appointment, request, by: User) -> None:
    appointment.status = AppointmentStatus.REJECTED
    appointment._change_reason = "rejected"
    appointment.save()


def _on_withdrawn(appointment: Appointment, request, by: User) -> None:
    appointment.status = AppointmentStatus.DRAFT
    appointment._change_reason = "withdrawn"
    appointment.save()


register_kind(
    APPOINTMENT_KIND,
    label=gettext_lazy("KAMR appointment"),
    on_approved=_on_approved,
    on_rejected=_on_rejected,
    on_withdrawn=_on_withdrawn,
)


# Account assignment ---------------------------------------------------------------


def _eligible_appointment(employee: Employee, key_account, day: dt.date) -> bool:
    """An approved appointment running on `day` in the key account's area (HQ accounts:
    an HQ appointment)."""
    running = Appointment.objects.active_on(day).filter(employee=employee)
    owner_area = key_account.owner_area
    if owner_area.is_hq:
        return running.filter(unit=owner_area).exists()
    return running.filter(unit__path__startswith=owner_area.path).exists()


def _close_or_drop(assignment: AccountAssignment, on: dt.date, reason: str) -> None:
    """Stop an assignment before `on`; one that would not have run a day is deleted."""
    if assignment.start >= on:
        assignment._change_reason = reason
        assignment.delete()
        return
    assignment.end = on - dt.timedelta(days=1)
    assignment._change_reason = reason
    assignment.save()


def assignment_set(
    *,
    key_account,
    employee: Employee,
    backup: Employee | None = None,
    start: dt.date | None = None,
    note: str = "",
    by: User,
) -> AccountAssignment:
    """Make `employee` responsible for `key_account` (a keyaccounts.KeyAccount) from
    `start` (today by default), with an optional backup; the previous assignment
    ends the day before."""
    _require_role(by, ASSIGN_ROLES, _("You may not assign key accounts."))
    _require_unit_in_scope(by, key_account.owner, "key_account")
    start = start or timezone.localdate()
    if backup is not None and backup.pk == employee.pk:
        raise ValidationError({"backup": _("The backup must be someone else.")})
    for field, person in (("employee", employee), ("backup", backup)):
        if person is not None and not _eligible_appointment(person, key_account, start):
            raise ValidationError(
                {
                    field: _(
                        "%(name)s holds no approved KAMR appointment for this account's "
                        "area on %(day)s."
                    )
                    % {"name": person.name_th, "day": start.isoformat()}
                }
            )
    natural = {"fy": key_account.fy, "bp_id": key_account.bp_id, "office_id": key_account.office_id}
    with transaction.atomic():
        current = list(
            AccountAssignment.objects.select_for_update().filter(**natural).open_from(start)
        )
        same = [
            a
            for a in current
            if a.employee_id == employee.pk
            and a.backup_id == (backup.pk if backup else None)
            and a.start <= start
        ]
        if same and len(current) == 1:
            return same[0]  # nothing changes
        for old in current:
            _close_or_drop(old, start, "reassigned")
        assignment = AccountAssignment(
            **natural,
            unit_id=key_account.owner_id,
            employee=employee,
            backup=backup,
            start=start,
            note=(note or "").strip()[:300],
            created_by=by,
        )
        assignment.full_clean()
        assignment.save()
    return assignment


def _hand_over(
    *,
    old: Employee,
    new: Employee,
    on: dt.date,
    by: User,
    reason: str,
    only: set[int] | None = None,
) -> int:
    """Move every assignment of `old` (responsible or backup) still open on `on` to `new`
    (`only`: just these assignment ids)."""
    moved = 0
    rows = AccountAssignment.objects.select_for_update().open_from(on)
    if only is not None:
        rows = rows.filter(pk__in=only)
    for a in list(rows.filter(employee=old)) + list(rows.filter(backup=old)):
        employee = new if a.employee_id == old.pk else a.employee
        backup = new if a.backup_id == old.pk else a.backup
        if backup is not None and backup.pk == employee.pk:
            backup = None  # the successor was the backup: now responsible alone
        successor = AccountAssignment(
            fy=a.fy,
            bp_id=a.bp_id,
            office_id=a.office_id,
            unit_id=a.unit_id,
            employee=employee,
            backup=backup,
            start=max(a.start, on),
            end=a.end,
            note=reason[:300],
            created_by=by,
        )
        _close_or_drop(a, on, reason[:100])
        successor._change_reason = reason[:100]
        successor.save()
        moved += 1
    return moved


def assignments_reassign(
    *,
    from_employee: Employee,
    to_employee: Employee,
    on: dt.date,
    by: User,
    only: list[int] | set[int] | None = None,
) -> int:
    """Bulk reassignment: everything `from_employee` holds (responsible or backup) from
    `on` goes to `to_employee` (`only`: a selection of those assignment ids). Returns how
    many assignments moved."""
    _require_role(by, ASSIGN_ROLES, _("You may not assign key accounts."))
    if from_employee.pk == to_employee.pk:
        raise ValidationError({"to_employee": _("Choose someone else to take the accounts over.")})
    ids = unit_ids_for(by)
    held = AccountAssignment.objects.open_from(on).filter(
        Q(employee=from_employee) | Q(backup=from_employee)
    )
    if only is not None:
        only = {int(i) for i in only}
        if not only:
            raise ValidationError({"only": _("Select at least one key account to move.")})
        if held.filter(pk__in=only).count() != len(only):
            raise ValidationError(
                {"only": _("Some selected accounts are no longer held by this person.")}
            )
        held = held.filter(pk__in=only)
    if ids is not None and held.exclude(unit_id__in=ids).exists():
        raise PermissionDenied(_("Some of these accounts are outside your organisation scope."))
    running = Appointment.objects.active_on(on).filter(employee=to_employee)
    if not running.exists():
        raise ValidationError(
            {
                "to_employee": _("%(name)s holds no approved KAMR appointment on %(day)s.")
                % {"name": to_employee.name_th, "day": on.isoformat()}
            }
        )
    with transaction.atomic():
        return _hand_over(
            old=from_employee,
            new=to_employee,
            on=on,
            by=by,
            reason="bulk reassignment",
            only=only,
        )


# Training -------------------------------------------------------------------------


def training_record_save(
    *,
    session: TrainingSession,
    employee: Employee,
    attended_on: dt.date,
    passed: bool | None,
    score: Decimal | None = None,
    by: User,
) -> TrainingRecord:
    """Record (or correct) one person's attendance and result in a session."""
    _require_role(by, MANAGE_ROLES, _("Only an area or HQ administrator records training."))
    _require_unit_in_scope(by, employee.unit, "employee")
    if attended_on < session.starts_on or attended_on > session.ends_on:
        raise ValidationError(
            {"attended_on": _("The attendance date falls outside the session's dates.")}
        )
    if score is not None and not (Decimal(0) <= Decimal(str(score)) <= Decimal(100)):
        raise ValidationError({"score": _("A score is between 0 and 100.")})
    with transaction.atomic():
        record = TrainingRecord.objects.filter(session=session, employee=employee).first()
        record = record or TrainingRecord(session=session, employee=employee)
        record.attended_on = attended_on
        record.passed = passed
        record.score = score
        record.full_clean(validate_unique=False)
        record.save()
    return record
