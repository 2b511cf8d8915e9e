"""Reads of the KAMR workforce: coverage (M-3.2 KAMR rule 2), portfolios, training due.

Every function starts from the user's scope; `unit` narrows to a subtree of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import OfficeClass, OrgUnit, OrgUnitKind, User
from crmplus.workforce import rules
from crmplus.workforce.models import (
    AccountAssignment,
    Appointment,
    AppointmentRole,
    CourseKind,
    Employee,
    TrainingRecord,
)
from crmplus.workforce.rules_settings import (
    training_months,
    training_reminder_days,
    training_roles,
)

BRANCH_1_TO_3 = (OfficeClass.BRANCH_1, OfficeClass.BRANCH_2, OfficeClass.BRANCH_3)


def _in_unit(qs, unit: OrgUnit | None, field: str):
    if unit is None or unit.is_hq:
        return qs
    return qs.filter(**{f"{field}__path__startswith": unit.path})


@dataclass
class OfficeGap:
    office: OrgUnit
    points: float | None  # key-account points of the year's selection run, if any
    office_status: str  # that run's verdict on the office ("ok", "review", …), or ""


def offices_without_kamr(
    *, user: User, on: dt.date | None = None, unit: OrgUnit | None = None
) -> list[OfficeGap]:
    """Branch offices class 1–3 with no approved office KAMR running on `on`."""
    from crmplus.keyaccounts.models import OfficeResult, RunStatus, SelectionRun

    on = on or timezone.localdate()
    offices = OrgUnit.objects.for_user(user).filter(
        kind=OrgUnitKind.OFFICE, office_class__in=BRANCH_1_TO_3, is_active=True
    )
    if unit is not None and not unit.is_hq:
        offices = offices.filter(path__startswith=unit.path)
    covered = set(
        Appointment.objects.active_on(on)
        .filter(role=AppointmentRole.KAMR_OFFICE)
        .values_list("unit_id", flat=True)
    )
    gaps = [o for o in offices.order_by("path") if o.pk not in covered]
    run = (
        SelectionRun.objects.filter(fy=fiscal_year(on), is_draft=False, status=RunStatus.DONE)
        .order_by("-created_at", "-id")
        .first()
    )
    results = {}
    if run is not None:
        results = {
            r.office_id: r
            for r in OfficeResult.objects.filter(run=run, office__in=[g.pk for g in gaps])
        }
    return [
        OfficeGap(
            office=o,
            points=results[o.pk].points if o.pk in results else None,
            office_status=results[o.pk].status if o.pk in results else "",
        )
        for o in gaps
    ]


def key_accounts_without_kamr(
    *, user: User, fy: int, on: dt.date | None = None, unit: OrgUnit | None = None
) -> list:
    """Approved key accounts of `fy` in scope with nobody responsible on `on`."""
    from crmplus.keyaccounts.models import KeyAccount

    on = on or timezone.localdate()
    accounts = _in_unit(KeyAccount.objects.for_user(user).filter(fy=fy), unit, "owner")
    # The exclusion runs in the database: materialising every key account of the
    # scope (HQ: ~7,000) to drop the assigned ones took most of a second.
    held = AccountAssignment.objects.filter(
        fy=fy, bp_id=OuterRef("bp_id"), office_id=OuterRef("office_id")
    ).open_on(on)
    return list(
        accounts.filter(~Exists(held))
        .select_related("bp", "office", "owner")
        .order_by("office__path", "bp_id")
    )


def portfolio(*, employee: Employee, on: dt.date | None = None):
    """The key accounts an employee is responsible for, or backs up, on `on`."""
    on = on or timezone.localdate()
    return (
        AccountAssignment.objects.open_on(on)
        .filter(Q(employee=employee) | Q(backup=employee))
        .select_related("bp", "office", "employee", "backup")
        .order_by("office__path", "bp_id")
    )


def employees_visible(*, user: User, unit: OrgUnit | None = None):
    return _in_unit(Employee.objects.for_user(user), unit, "unit")


@dataclass
class TrainingDue:
    employee: Employee
    appointment: Appointment  # the appointment running on the day asked about
    appointed_on: dt.date  # the employee's first appointment that needs the course
    due_on: dt.date
    days_left: int  # negative once overdue
    remind: bool  # within the reminder window before the deadline

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)


def training_compliance(
    *, user: User | None, on: dt.date | None = None, unit: OrgUnit | None = None
) -> list[TrainingDue]:
    """Appointed KAMRs in scope who have not passed the Key Account course: due and
    overdue alike, the earliest deadline first.

    A passed Key Account course record at any date counts: someone trained before a
    re-appointment is not sent again. The deadline counts from the employee's first
    approved appointment that needs the course (M-3.2: 3 months, a setting).
    """
    on = on or timezone.localdate()
    fy = fiscal_year(on)
    roles = training_roles(fy)
    reminder = training_reminder_days(fy)
    appointments = Appointment.objects.all() if user is None else Appointment.objects.for_user(user)
    running = _in_unit(
        appointments.active_on(on).filter(role__in=roles), unit, "unit"
    ).select_related("employee", "unit", "employee__unit", "employee__user")
    current: dict[int, Appointment] = {}
    for appointment in running.order_by("start", "pk"):
        current.setdefault(appointment.employee_id, appointment)
    if not current:
        return []
    # A subquery, not a list of hundreds of ids: compiling a long IN list cost more
    # than the queries themselves on the HQ scope.
    in_scope = running.order_by().values("employee_id")
    trained = set(
        TrainingRecord.objects.filter(
            employee_id__in=in_scope,
            passed=True,
            session__course__kind=CourseKind.KEY_ACCOUNT,
        ).values_list("employee_id", flat=True)
    )
    first_start: dict[int, dt.date] = {}
    for employee_id, start in (
        Appointment.objects.effective()
        .filter(employee_id__in=in_scope, role__in=roles)
        .values_list("employee_id", "start")
    ):
        if employee_id not in first_start or start < first_start[employee_id]:
            first_start[employee_id] = start
    rows = []
    months: dict[int, int] = {}  # one settings lookup per fiscal year, not per person
    for employee_id, appointment in current.items():
        if employee_id in trained:
            continue
        appointed_on = first_start.get(employee_id, appointment.start)
        appointed_fy = fiscal_year(appointed_on)
        if appointed_fy not in months:
            months[appointed_fy] = training_months(appointed_fy)
        due_on = rules.training_due(appointed_on, months[appointed_fy])
        days_left = (due_on - on).days
        rows.append(
            TrainingDue(
                employee=appointment.employee,
                appointment=appointment,
                appointed_on=appointed_on,
                due_on=due_on,
                days_left=days_left,
                remind=0 <= days_left <= reminder,
            )
        )
    rows.sort(key=lambda r: (r.due_on, r.employee.employee_number))
    return rows


def training_due_list(
    *, user: User, on: dt.date | None = None, unit: OrgUnit | None = None
) -> list[TrainingDue]:
    """Not yet trained, deadline today or later."""
    return [r for r in training_compliance(user=user, on=on, unit=unit) if not r.overdue]


def training_overdue_list(
    *, user: User, on: dt.date | None = None, unit: OrgUnit | None = None
) -> list[TrainingDue]:
    """Not trained, deadline passed."""
    return [r for r in training_compliance(user=user, on=on, unit=unit) if r.overdue]
