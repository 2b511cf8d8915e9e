"""Engagement API: visits (list, plan, reschedule, cancel, outcome) and Tele CRM entries.

Same rules as the pages, from the same services (crmplus.engagement.services): reads
start from `for_user` (another area's visit or customer is a 404); planning mode
"tele" (or any mode but onsite/online) and a visit without objective are refused with
a 422 whose `loc` names the field, e.g. ["body", "payload", "mode"]; a role that may
not write gets a 403.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from crmplus.api.customer_schemas import (
    MAX_LIMIT,
    MAX_OFFSET,
    BlankIsNone,
    ErrorOut,
    Text,
    ValidationErrorOut,
)
from crmplus.api.errors import BODY, invalid, service_errors
from crmplus.core.models import OrgUnit, User
from crmplus.customers.models import BusinessPartner
from crmplus.engagement import selectors, services
from crmplus.engagement.models import TeleCrmEntry, Visit
from crmplus.workforce.models import Employee

router = Router(tags=["Engagement"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = {**READ, 403: ErrorOut}
PAGE_SIZE = 50
TEXT_MAX = 5000
VisitStatusName = Literal["planned", "done", "cancelled"]
TeleKindName = Literal["inquiry", "job_status", "problem", "news"]
ALIASES = {"bp": "bp_number", "office": "office_code", "kamr": "kamr_employee_number"}


def _user(request) -> User:
    return request.auth


# --- schemas ---------------------------------------------------------------------


class FollowUpOut(Schema):
    id: int
    description: str
    owner: str = Field(alias="owner.username")
    due_date: dt.date
    done: bool


class VisitOut(Schema):
    id: int
    fy: int
    bp_number: str = Field(alias="bp.bp_number")
    customer: str = Field(alias="bp.name_th")
    office_code: str = Field(alias="office.code")
    segment: str
    kamr_employee_number: str = Field(alias="kamr.employee_number")
    kamr_name: str = Field(alias="kamr.name_th")
    staff: list[str] = Field(description="Employee numbers of the other staff")
    mode: Literal["onsite", "online"]
    starts_at: dt.datetime
    duration_minutes: int
    location: str
    objective_code: str
    objective: str
    status: VisitStatusName
    attendees_pea: str
    attendees_customer: str
    topics: str
    customer_needs: str
    outcome_note: str
    distance_km: Decimal | None
    expense: Decimal | None
    cancel_reason: str
    followups: list[FollowUpOut]

    @staticmethod
    def resolve_staff(obj: Visit) -> list[str]:
        return [e.employee_number for e in obj.staff.all()]

    @staticmethod
    def resolve_followups(obj: Visit):
        return list(obj.followups.select_related("owner"))


class VisitPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[VisitOut]


class VisitQuery(Schema):
    q: Text | None = Field(None, max_length=100, description="BP number, name or objective")
    status: Annotated[VisitStatusName | None, BlankIsNone] = None
    mode: Annotated[Literal["onsite", "online"] | None, BlankIsNone] = None
    fy: Annotated[int | None, BlankIsNone] = Field(None, ge=2401, le=2699)
    date_from: Annotated[dt.date | None, BlankIsNone] = None
    date_to: Annotated[dt.date | None, BlankIsNone] = None
    mine: bool = Field(False, description="Only visits you take part in")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class VisitIn(_In):
    bp_number: Text = Field(max_length=20)
    starts_at: dt.datetime = Field(description="ISO 8601; a time without offset is Bangkok time")
    mode: Text = Field(max_length=20, description="onsite or online (Tele CRM is refused)")
    objective_code: Text = Field("", max_length=32, description="A code of the catalogue")
    objective: Text = Field("", max_length=500, description="Free text (required for 'other')")
    kamr_employee_number: Text | None = Field(None, max_length=20)
    staff: list[Text] = Field(default_factory=list, max_length=20)
    office_code: Text | None = Field(None, max_length=32)
    duration_minutes: int = Field(60, ge=1, le=10000)
    location: Text = Field("", max_length=300)


class RescheduleIn(_In):
    starts_at: dt.datetime
    reason: Text = Field(max_length=TEXT_MAX)


class CancelIn(_In):
    reason: Text = Field(max_length=TEXT_MAX)


class FollowUpIn(_In):
    description: Text = Field(max_length=TEXT_MAX)
    owner: Text = Field(max_length=150, description="Username of the owner")
    due_date: dt.date


class OutcomeIn(_In):
    attendees_pea: Text = Field(max_length=TEXT_MAX)
    attendees_customer: Text = Field(max_length=TEXT_MAX)
    topics: Text = Field(max_length=TEXT_MAX)
    customer_needs: Text = Field("", max_length=TEXT_MAX)
    outcome_note: Text = Field("", max_length=TEXT_MAX)
    distance_km: Decimal | None = Field(None, ge=0, le=5000)
    followups: list[FollowUpIn] = Field(default_factory=list, max_length=30)


class TeleOut(Schema):
    id: int
    fy: int
    bp_number: str = Field(alias="bp.bp_number")
    customer: str = Field(alias="bp.name_th")
    office_code: str = Field(alias="office.code")
    kind: TeleKindName
    channel: str
    at: dt.datetime
    contact_name: str
    summary: str
    by: str = Field(alias="by.username")


class TelePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[TeleOut]


class TeleQuery(Schema):
    q: Text | None = Field(None, max_length=100)
    kind: Annotated[TeleKindName | None, BlankIsNone] = None
    date_from: Annotated[dt.date | None, BlankIsNone] = None
    date_to: Annotated[dt.date | None, BlankIsNone] = None
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class TeleIn(_In):
    bp_number: Text = Field(max_length=20)
    kind: Text = Field(max_length=20, description="inquiry, job_status, problem or news")
    summary: Text = Field(max_length=TEXT_MAX)
    at: dt.datetime | None = Field(None, description="When it happened (default: now)")
    channel: Text = Field("phone", max_length=10, description="phone, line, email or other")
    contact_name: Text = Field("", max_length=200)


# --- helpers ---------------------------------------------------------------------


def _bp(user: User, number: str) -> BusinessPartner:
    bp = BusinessPartner.objects.for_user(user).filter(bp_number=number.strip()).first()
    if bp is None:
        raise invalid((*BODY, "bp_number"), "No customer with this BP number in your scope.")
    return bp


def _employee(user: User, number: str, field: str) -> Employee:
    emp = Employee.objects.for_user(user).filter(employee_number=number.strip()).first()
    if emp is None:
        raise invalid((*BODY, field), f"No employee {number} in your scope.")
    return emp


def _visit(user: User, visit_id: int) -> Visit:
    if not 0 < visit_id < 2**63:
        raise Http404
    return get_object_or_404(
        Visit.objects.for_user(user).select_related("bp", "office", "kamr"), pk=visit_id
    )


# --- visits ----------------------------------------------------------------------


@router.get("/visits", response={200: VisitPage, 401: ErrorOut, 422: ValidationErrorOut})
def visit_list(request, filters: Query[VisitQuery]):
    """Visits in your scope, newest first."""
    qs = selectors.visits_for(
        user=_user(request),
        q=(filters.q or "").strip(),
        status=filters.status or "",
        mode=filters.mode or "",
        fy=filters.fy,
        date_from=filters.date_from,
        date_to=filters.date_to,
        mine=filters.mine,
    ).prefetch_related("staff")
    page = list(qs[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "limit": filters.limit, "offset": filters.offset, "items": page}


@router.get("/visits/{visit_id}", response={200: VisitOut, **READ})
def visit_detail(request, visit_id: int):
    return _visit(_user(request), visit_id)


@router.post("/visits", response={201: VisitOut, **WRITE})
def visit_create(request, payload: VisitIn):
    """Plan an Onsite or Online-meeting visit. Mode "tele" is refused: Tele CRM contacts
    are logged (POST /telecrm), never planned."""
    user = _user(request)
    bp = _bp(user, payload.bp_number)
    kamr = (
        _employee(user, payload.kamr_employee_number, "kamr_employee_number")
        if payload.kamr_employee_number
        else None
    )
    staff = [_employee(user, n, "staff") for n in payload.staff]
    office = None
    if payload.office_code:
        office = OrgUnit.objects.for_user(user).filter(code=payload.office_code.strip()).first()
        if office is None:
            raise invalid((*BODY, "office_code"), "Unknown office code in your scope.")
    with service_errors(ALIASES):
        visit = services.visit_plan(
            bp=bp,
            starts_at=payload.starts_at,
            mode=payload.mode,
            objective_code=payload.objective_code,
            objective=payload.objective,
            kamr=kamr,
            staff=staff,
            office=office,
            duration_minutes=payload.duration_minutes,
            location=payload.location,
            by=user,
        )
    return Status(201, _visit(user, visit.pk))


@router.post("/visits/{visit_id}/reschedule", response={200: VisitOut, **WRITE})
def visit_reschedule(request, visit_id: int, payload: RescheduleIn):
    user = _user(request)
    visit = _visit(user, visit_id)
    with service_errors(ALIASES):
        services.visit_reschedule(
            visit=visit, starts_at=payload.starts_at, reason=payload.reason, by=user
        )
    return _visit(user, visit_id)


@router.post("/visits/{visit_id}/cancel", response={200: VisitOut, **WRITE})
def visit_cancel(request, visit_id: int, payload: CancelIn):
    user = _user(request)
    visit = _visit(user, visit_id)
    with service_errors(ALIASES):
        services.visit_cancel(visit=visit, reason=payload.reason, by=user)
    return _visit(user, visit_id)


@router.post("/visits/{visit_id}/outcome", response={200: VisitOut, **WRITE})
def visit_outcome(request, visit_id: int, payload: OutcomeIn):
    """Record the outcome (attendees on both sides, topics, needs, follow-ups)."""
    user = _user(request)
    visit = _visit(user, visit_id)
    followups = []
    for i, f in enumerate(payload.followups):
        owner = User.objects.filter(username=f.owner.strip(), is_active=True).first()
        if owner is None:
            raise invalid((*BODY, "followups", str(i), "owner"), "Unknown user.")
        followups.append({"description": f.description, "owner": owner, "due_date": f.due_date})
    with service_errors(ALIASES):
        services.visit_record_outcome(
            visit=visit,
            by=user,
            attendees_pea=payload.attendees_pea,
            attendees_customer=payload.attendees_customer,
            topics=payload.topics,
            customer_needs=payload.customer_needs,
            outcome_note=payload.outcome_note,
            distance_km=payload.distance_km,
            followups=followups,
        )
    return _visit(user, visit_id)


# --- Tele CRM --------------------------------------------------------------------


@router.get("/telecrm", response={200: TelePage, 401: ErrorOut, 422: ValidationErrorOut})
def telecrm_list(request, filters: Query[TeleQuery]):
    """Tele CRM contacts in your scope, newest first."""
    qs = selectors.telecrm_for(
        user=_user(request),
        q=(filters.q or "").strip(),
        kind=filters.kind or "",
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    page = list(qs[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "limit": filters.limit, "offset": filters.offset, "items": page}


@router.post("/telecrm", response={201: TeleOut, **WRITE})
def telecrm_create(request, payload: TeleIn):
    """Log a phone or chat contact that happened (never a planned visit)."""
    user = _user(request)
    bp = _bp(user, payload.bp_number)
    with service_errors(ALIASES):
        entry = services.telecrm_log(
            bp=bp,
            kind=payload.kind,
            summary=payload.summary,
            at=payload.at,
            channel=payload.channel,
            contact_name=payload.contact_name,
            by=user,
        )
    return Status(201, TeleCrmEntry.objects.select_related("bp", "office", "by").get(pk=entry.pk))
