"""Workforce API: the KAMR roster, appointments and key-account assignments in your
scope, and their main writes through the same services as the pages.

Every read starts from `for_user(user)` (another area's record is a 404); writes go
through crmplus.workforce.services, so a role that may not do it gets a 403 and a
broken rule (an employee number already used, an end before the start, an approver
who is not the unit's) a 422 whose `loc` names the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from crmplus.api.customer_schemas import (
    MAX_LIMIT,
    MAX_OFFSET,
    BlankIsNone,
    ErrorOut,
    Text,
    ValidationErrorOut,
)
from crmplus.api.errors import invalid, service_errors
from crmplus.core.models import OrgUnit, User
from crmplus.workforce import coverage as cov
from crmplus.workforce import services
from crmplus.workforce.models import AccountAssignment, Appointment, Employee

router = Router(tags=["workforce"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = {**READ, 403: ErrorOut}
PAGE_SIZE = 50
Role = Literal["kamr_hq", "kamr_area", "kamr_office", "senior"]
Status = Literal["draft", "submitted", "approved", "rejected", "ended"]


def _user(request) -> User:
    return request.auth


def _id(value: int) -> int:
    if not 0 < value < 2**63:
        raise Http404
    return value


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


# --- schemas ---------------------------------------------------------------------


class EmployeeOut(Schema):
    id: int
    employee_number: str
    name_th: str
    name_en: str
    position_level: int
    unit_code: str = Field(alias="unit.code")
    phone: str
    email: str
    username: str | None = Field(None, description="The linked user account, if any")
    is_active: bool

    @staticmethod
    def resolve_username(obj: Employee) -> str | None:
        return obj.user.username if obj.user_id else None


class EmployeePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[EmployeeOut]


class EmployeeQuery(Schema):
    q: Text | None = Field(None, max_length=100, description="Number, name or e-mail")
    unit: Text | None = Field(None, max_length=32, description="Unit code: its subtree")
    active: Annotated[bool | None, BlankIsNone] = None
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class EmployeeIn(_In):
    employee_number: Text = Field(max_length=20)
    name_th: Text = Field(max_length=200)
    name_en: Text = Field("", max_length=200)
    position_level: int = Field(ge=1, le=13)
    unit_code: Text = Field(max_length=32)
    phone: Text = Field("", max_length=32)
    email: Text = Field("", max_length=254)
    username: Text | None = Field(None, max_length=150, description="Link a user account")
    is_active: bool = True


class AppointmentOut(Schema):
    id: int
    employee_id: int
    employee_number: str = Field(alias="employee.employee_number")
    employee_name: str = Field(alias="employee.name_th")
    role: Role
    unit_code: str = Field(alias="unit.code")
    start: dt.date
    end: dt.date | None
    status: Status
    replaces_id: int | None
    note: str


class AppointmentPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AppointmentOut]


class AppointmentQuery(Schema):
    status: Annotated[Status | None, BlankIsNone] = None
    role: Annotated[Role | None, BlankIsNone] = None
    employee: Text | None = Field(None, max_length=20, description="Employee number")
    active_on: Annotated[dt.date | None, BlankIsNone] = Field(
        None, description="Approved and running on this day"
    )
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class AppointmentIn(_In):
    employee_number: Text = Field(max_length=20)
    role: Role
    unit_code: Text = Field(max_length=32)
    start: dt.date
    end: dt.date | None = None
    replaces_id: int | None = Field(None, description="A mid-year replacement of this one")
    note: Text = Field("", max_length=5000)
    submit: bool = Field(False, description="Send for approval at once")


class EndIn(_In):
    end: dt.date = Field(description="The last day of the appointment")


class AssignmentOut(Schema):
    id: int
    fy: int
    bp_number: str = Field(alias="bp.bp_number")
    office_code: str = Field(alias="office.code")
    employee_number: str = Field(alias="employee.employee_number")
    backup_employee_number: str | None = None
    start: dt.date
    end: dt.date | None
    note: str

    @staticmethod
    def resolve_backup_employee_number(obj: AccountAssignment) -> str | None:
        return obj.backup.employee_number if obj.backup_id else None


class AssignmentPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AssignmentOut]


class AssignmentQuery(Schema):
    fy: Annotated[int | None, BlankIsNone] = Field(None, ge=2401, le=2699)
    employee: Text | None = Field(None, max_length=20, description="Employee number")
    bp_number: Text | None = Field(None, max_length=20)
    open_on: Annotated[dt.date | None, BlankIsNone] = Field(
        None, description="Running on this day (default: today)"
    )
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class AssignmentIn(_In):
    fy: int = Field(ge=2401, le=2699)
    bp_number: Text = Field(max_length=20)
    office_code: Text = Field(max_length=32)
    employee_number: Text = Field(max_length=20)
    backup_employee_number: Text | None = Field(None, max_length=20)
    start: dt.date | None = None
    note: Text = Field("", max_length=300)


class ReassignIn(_In):
    from_employee_number: Text = Field(max_length=20)
    to_employee_number: Text = Field(max_length=20)
    on: dt.date
    assignment_ids: list[int] | None = Field(
        None, description="Only these assignments (default: all the person holds)"
    )


class ReassignOut(Schema):
    moved: int


class CoverageOut(Schema):
    fy: int
    on: dt.date
    minimum_points: float
    supplement_floor_points: float
    branch_offices: int
    offices_without_kamr: list[str]
    supplement_offices: list[str]
    no_kamr_required_offices: list[str]
    key_accounts: int
    key_accounts_without_kamr: int


# --- helpers ---------------------------------------------------------------------


def _employee(user: User, number: str, field: str) -> Employee:
    e = Employee.objects.for_user(user).filter(employee_number=number.strip()).first()
    if e is None:
        raise invalid(("body", "payload", field), "No one with this number in your scope.")
    return e


def _unit(user: User, code: str, field: str) -> OrgUnit:
    unit = OrgUnit.objects.for_user(user).filter(code=code.strip()).first()
    if unit is None:
        raise invalid(("body", "payload", field), "Unknown unit code in your scope.")
    return unit


def _appointments(user: User):
    return Appointment.objects.for_user(user).select_related("employee", "unit")


# --- roster ----------------------------------------------------------------------


@router.get("/employees", response={200: EmployeePage, 401: ErrorOut, 422: ValidationErrorOut})
def employee_list(request, filters: Query[EmployeeQuery]):
    """The roster in your scope."""
    qs = Employee.objects.for_user(_user(request)).select_related("unit", "user")
    if filters.unit:
        unit = OrgUnit.objects.filter(code=filters.unit.strip()).first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    q = (filters.q or "").strip()
    if q:
        qs = qs.filter(
            Q(employee_number__icontains=q) | Q(name_th__icontains=q) | Q(name_en__icontains=q)
            | Q(email__icontains=q)
        )  # fmt: skip
    qs = qs.order_by("unit__path", "employee_number")
    items = list(qs[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get("/employees/{employee_id}", response={200: EmployeeOut, **READ})
def employee_detail(request, employee_id: int):
    return get_object_or_404(
        Employee.objects.for_user(_user(request)).select_related("unit", "user"),
        pk=_id(employee_id),
    )


def _employee_fields(user: User, payload: EmployeeIn) -> dict:
    fields = payload.dict()
    fields["unit"] = _unit(user, fields.pop("unit_code"), "unit_code")
    username = fields.pop("username")
    fields["user"] = None
    if username:
        linked = User.objects.for_user(user).filter(username=username.strip()).first()
        if linked is None:
            raise invalid(("body", "payload", "username"), "Unknown user in your scope.")
        fields["user"] = linked
    return fields


ALIASES = {"unit": "unit_code", "user": "username"}


@router.post("/employees", response={200: EmployeeOut, **WRITE})
def employee_create(request, payload: EmployeeIn):
    """Add an employee to the roster (area or HQ admins); the number is unique."""
    user = _user(request)
    with service_errors(ALIASES):
        e = services.employee_save(by=user, **_employee_fields(user, payload))
    return employee_detail(request, e.pk)


@router.put("/employees/{employee_id}", response={200: EmployeeOut, **WRITE})
def employee_update(request, employee_id: int, payload: EmployeeIn):
    user = _user(request)
    e = get_object_or_404(Employee.objects.for_user(user), pk=_id(employee_id))
    with service_errors(ALIASES):
        services.employee_save(by=user, employee=e, **_employee_fields(user, payload))
    return employee_detail(request, e.pk)


# --- appointments ----------------------------------------------------------------


@router.get(
    "/appointments", response={200: AppointmentPage, 401: ErrorOut, 422: ValidationErrorOut}
)
def appointment_list(request, filters: Query[AppointmentQuery]):
    """Appointments in your scope, newest first."""
    qs = _appointments(_user(request))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.role:
        qs = qs.filter(role=filters.role)
    if filters.employee:
        qs = qs.filter(employee__employee_number=filters.employee.strip())
    if filters.active_on:
        qs = qs.active_on(filters.active_on)
    qs = qs.order_by("-start", "pk")
    items = list(qs[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get("/appointments/{appointment_id}", response={200: AppointmentOut, **READ})
def appointment_detail(request, appointment_id: int):
    return get_object_or_404(_appointments(_user(request)), pk=_id(appointment_id))


@router.post("/appointments", response={200: AppointmentOut, **WRITE})
def appointment_create(request, payload: AppointmentIn):
    """A draft appointment (or a mid-year replacement with `replaces_id`); `submit`
    sends it to the unit's approver at once. Nothing is saved on any error."""
    from django.db import transaction

    user = _user(request)
    employee = _employee(user, payload.employee_number, "employee_number")
    unit = _unit(user, payload.unit_code, "unit_code")
    replaces = None
    if payload.replaces_id is not None:
        replaces = _appointments(user).filter(pk=payload.replaces_id).first()
        if replaces is None:
            raise invalid(("body", "payload", "replaces_id"), "No such appointment in your scope.")
    with service_errors({"employee": "employee_number", "unit": "unit_code",
                         "replaces": "replaces_id"}), transaction.atomic():  # fmt: skip
        a = services.appointment_create(
            employee=employee, role=payload.role, unit=unit, start=payload.start,
            end=payload.end, replaces=replaces, note=payload.note, by=user,
        )  # fmt: skip
        if payload.submit:
            services.appointment_submit(appointment=a, by=user)
    return appointment_detail(request, a.pk)


@router.post("/appointments/{appointment_id}/submit", response={200: AppointmentOut, **WRITE})
def appointment_submit(request, appointment_id: int):
    """Send a draft (or sent-back) appointment to its unit's approver."""
    user = _user(request)
    a = get_object_or_404(_appointments(user), pk=_id(appointment_id))
    with service_errors():
        services.appointment_submit(appointment=a, by=user)
    return appointment_detail(request, a.pk)


@router.post("/appointments/{appointment_id}/end", response={200: AppointmentOut, **WRITE})
def appointment_end(request, appointment_id: int, payload: EndIn):
    """End an approved appointment on `end` (its last day)."""
    user = _user(request)
    a = get_object_or_404(_appointments(user), pk=_id(appointment_id))
    with service_errors():
        services.appointment_end(appointment=a, end=payload.end, by=user)
    return appointment_detail(request, a.pk)


# --- assignments -----------------------------------------------------------------


def _assignments(user: User):
    return AccountAssignment.objects.for_user(user).select_related(
        "bp", "office", "employee", "backup"
    )


@router.get("/assignments", response={200: AssignmentPage, 401: ErrorOut, 422: ValidationErrorOut})
def assignment_list(request, filters: Query[AssignmentQuery]):
    """Key-account assignments in your scope running on `open_on` (default today)."""
    qs = _assignments(_user(request)).open_on(filters.open_on or timezone.localdate())
    if filters.fy is not None:
        qs = qs.filter(fy=filters.fy)
    if filters.employee:
        number = filters.employee.strip()
        qs = qs.filter(Q(employee__employee_number=number) | Q(backup__employee_number=number))
    if filters.bp_number:
        qs = qs.filter(bp__bp_number=filters.bp_number.strip())
    qs = qs.order_by("fy", "office__path", "bp__bp_number", "pk")
    items = list(qs[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "limit": filters.limit, "offset": filters.offset, "items": items}


@router.post("/assignments", response={200: AssignmentOut, **WRITE})
def assignment_set(request, payload: AssignmentIn):
    """Make someone responsible for an approved key account (with an optional backup)
    from `start` (default today); the previous assignment ends the day before."""
    from crmplus.keyaccounts.models import KeyAccount

    user = _user(request)
    ka = (
        KeyAccount.objects.for_user(user)
        .filter(fy=payload.fy, bp__bp_number=payload.bp_number.strip(),
                office__code=payload.office_code.strip())
        .select_related("owner", "owner_area", "bp")
        .first()
    )  # fmt: skip
    if ka is None:
        raise invalid(
            ("body", "payload", "bp_number"), "No such approved key account in your scope."
        )
    employee = _employee(user, payload.employee_number, "employee_number")
    backup = None
    if payload.backup_employee_number:
        backup = _employee(user, payload.backup_employee_number, "backup_employee_number")
    with service_errors({"employee": "employee_number", "backup": "backup_employee_number",
                         "key_account": "bp_number"}):  # fmt: skip
        a = services.assignment_set(
            key_account=ka, employee=employee, backup=backup, start=payload.start,
            note=payload.note, by=user,
        )  # fmt: skip
    return get_object_or_404(_assignments(user), pk=a.pk)


@router.post("/assignments/reassign", response={200: ReassignOut, **WRITE})
def assignments_reassign(request, payload: ReassignIn):
    """Bulk hand-over of what one person holds (all, or `assignment_ids`) to another."""
    user = _user(request)
    old = _employee(user, payload.from_employee_number, "from_employee_number")
    new = _employee(user, payload.to_employee_number, "to_employee_number")
    with service_errors({"to_employee": "to_employee_number", "only": "assignment_ids"}):
        moved = services.assignments_reassign(
            from_employee=old, to_employee=new, on=payload.on, by=user,
            only=payload.assignment_ids,
        )  # fmt: skip
    return {"moved": moved}


# --- coverage --------------------------------------------------------------------


class CoverageQuery(Schema):
    fy: Annotated[int | None, BlankIsNone] = Field(None, ge=2401, le=2699)
    unit: Text | None = Field(None, max_length=32, description="Unit code")


@router.get("/coverage", response={200: CoverageOut, 401: ErrorOut, 422: ValidationErrorOut})
def coverage(request, filters: Query[CoverageQuery]):
    """The coverage rules of M-3.2 for your scope (or a unit of it)."""
    user = _user(request)
    fy, unit = filters.fy, filters.unit
    chosen = None
    if unit:
        chosen = OrgUnit.objects.for_user(user).filter(code=unit.strip()).first()
        if chosen is None:
            raise invalid(("query", "unit"), "Unknown unit code in your scope.")
    year = fy or cov.fy_choices(user)[0]
    c = cov.office_coverage(user=user, fy=year, unit=chosen)
    return {
        "fy": year,
        "on": c.on,
        "minimum_points": c.minimum,
        "supplement_floor_points": c.floor,
        "branch_offices": c.branch_offices,
        "offices_without_kamr": [r.office.code for r in c.missing],
        "supplement_offices": [r.office.code for r in c.rows if r.flag == cov.SUPPLEMENT],
        "no_kamr_required_offices": [r.office.code for r in c.rows if r.flag == cov.NONE_REQUIRED],
        "key_accounts": c.key_accounts,
        "key_accounts_without_kamr": c.unassigned,
    }
