"""Seminars API: events in your scope, their budget lines (same cap and rate rules as
the budget screen, from crmplus.seminars.services), submission and attendance.

Every read starts from `Event.objects.for_user(user)` (another area's event is a 404);
a role that may not write gets a 403; a broken rule a 422 whose `loc` names the field,
e.g. ["body", "payload", "planned_amount"]. Money is a string with two decimals.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict

from crmplus.api.customer_schemas import (
    MAX_LIMIT,
    MAX_OFFSET,
    BlankIsNone,
    ErrorOut,
    Text,
    ValidationErrorOut,
)
from crmplus.api.errors import field_errors, invalid
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.seminars import selectors, services
from crmplus.seminars.models import BudgetLine, Event, Invitation
from crmplus.seminars.rules import CapCheck

router = Router(tags=["Seminars"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = {**READ, 403: ErrorOut}
PAGE_SIZE = 50
Kind = Literal["seminar", "study_trip", "recreation", "reception"]
Status = Literal["draft", "submitted", "approved", "rejected", "held", "closed"]
Category = Literal[
    "venue", "food", "transport", "accommodation", "materials", "souvenirs", "speaker_fee", "other"
]


def _user(request) -> User:
    return request.auth


def _errors(exc: DjangoValidationError) -> NinjaValidationError:
    return NinjaValidationError(field_errors(exc, aliases={"unit": "unit_code"}))


# --- schemas ---------------------------------------------------------------------


class CapOut(Schema):
    cap: Decimal
    used: Decimal
    room: Decimal
    over: Decimal
    ok: bool


class CapCheckOut(Schema):
    ok: bool = Field(description="False: the plan cannot be submitted.")
    event: CapOut = Field(description="Cap per event, approved speaker fees excluded.")
    hq_year: CapOut | None = Field(description="HQ's events only: the yearly cap, all in.")


def _cap(check: CapCheck) -> dict:
    def one(c):
        return {"cap": c.cap, "used": c.used, "room": c.room, "over": c.over, "ok": c.ok}

    return {
        "ok": check.ok,
        "event": one(check.event),
        "hq_year": one(check.hq_year) if check.hq_year else None,
    }


class LineOut(Schema):
    id: int
    version: int = Field(description="Send it back when changing the line.")
    category: Category
    description: str
    attendees_executive: int
    attendees_operational: int
    days: int
    regulation_amount: Decimal | None
    planned_amount: Decimal
    actual_amount: Decimal | None
    is_speaker_fee: bool
    is_exception: bool = Field(description="Above the regulation rate.")
    approved: bool = Field(description="Needs no approval, or has its approved exception.")

    @staticmethod
    def resolve_approved(obj: BudgetLine) -> bool:
        return selectors.line_is_covered(obj)


class EventSummaryOut(Schema):
    id: int
    fy: int
    title: str
    kind: Kind
    unit_code: str = Field(alias="unit.code")
    starts_on: dt.date
    ends_on: dt.date
    venue: str
    status: Status
    total: Decimal | None = None

    @staticmethod
    def resolve_total(obj: Event) -> Decimal | None:
        total = getattr(obj, "total", None)
        if total is None:
            total = sum((ln.amount for ln in obj.lines.all()), Decimal("0"))
        return Decimal(total).quantize(Decimal("0.01"))


class EventOut(EventSummaryOut):
    agenda: str
    lines: list[LineOut]
    caps: CapCheckOut
    invited: int

    @staticmethod
    def resolve_lines(obj: Event):
        return selectors.event_lines(obj)

    @staticmethod
    def resolve_caps(obj: Event):
        return _cap(selectors.event_cap_check(obj))

    @staticmethod
    def resolve_invited(obj: Event) -> int:
        return obj.invitations.count()


class EventPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[EventSummaryOut]


class EventQuery(Schema):
    fy: Annotated[int | None, BlankIsNone] = Field(None, ge=2401, le=2699)
    area: Text | None = Field(None, max_length=32, description="Area code, e.g. N1")
    kind: Annotated[Kind | None, BlankIsNone] = None
    status: Annotated[Status | None, BlankIsNone] = None
    q: Text | None = Field(None, max_length=100, description="Title or venue")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class EventIn(_In):
    kind: Kind
    unit_code: Text = Field(max_length=32, description="Organising unit: HQ, an area, an office")
    title: Text = Field(max_length=200)
    starts_on: dt.date
    ends_on: dt.date
    venue: Text = Field("", max_length=300)
    agenda: Text = Field("", max_length=5000)


class LineIn(_In):
    category: Category
    description: Text = Field("", max_length=300)
    planned_amount: Text | None = Field(
        None, max_length=20, description="Baht; empty for an attendee cost: the regulation amount"
    )
    actual_amount: Text | None = Field(None, max_length=20)
    attendees_executive: int = Field(0, ge=0, le=100_000)
    attendees_operational: int = Field(0, ge=0, le=100_000)
    days: int | None = Field(None, ge=0, le=366)
    justification: Text = Field("", max_length=5000)


class LineChangeIn(LineIn):
    version: int = Field(description="The version you read: a stale copy is refused (409).")


class LineResultOut(Schema):
    line: LineOut
    caps: CapCheckOut


class SubmitIn(_In):
    comment: Text = Field("", max_length=2000)


class InvitationOut(Schema):
    id: int
    bp_number: str = Field(alias="bp.bp_number")
    customer: str = Field(alias="bp.name_th")
    contact: str | None
    segment: str | None = None
    rsvp: Literal["pending", "accepted", "declined"]
    attended: bool
    satisfaction: int | None

    @staticmethod
    def resolve_contact(obj: Invitation) -> str | None:
        return obj.contact.name if obj.contact_id else None


class SegmentOut(Schema):
    segment: str
    invited: int
    accepted: int
    attended: int
    rate: float | None


class AttendanceOut(Schema):
    invitations: list[InvitationOut]
    by_segment: list[SegmentOut]


class AttendanceIn(_In):
    attended: bool
    satisfaction: int | None = Field(None, description="1–5, for a guest who attended")


# --- endpoints -------------------------------------------------------------------


def _get(user: User, event_id: int) -> Event:
    if not 0 < event_id < 2**63:
        raise Http404
    return get_object_or_404(Event.objects.for_user(user).select_related("unit"), pk=event_id)


@router.get("/events", response={200: EventPage, 401: ErrorOut, 422: ValidationErrorOut})
def event_list(request, filters: Query[EventQuery]):
    """Events in your scope, newest first, each with its budget total."""
    user = _user(request)
    area = None
    if filters.area:
        area = OrgUnit.objects.filter(code=filters.area.strip(), kind=OrgUnitKind.AREA).first()
        if area is None:
            raise invalid(("query", "area"), "Unknown area code.")
    qs = selectors.event_list(
        user=user,
        filters=selectors.EventFilters(
            fy=filters.fy,
            area=area,
            kind=filters.kind or "",
            status=filters.status or "",
            q=(filters.q or "").strip(),
        ),
    )
    page = list(qs[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "limit": filters.limit, "offset": filters.offset, "items": page}


@router.get("/events/{event_id}", response={200: EventOut, **READ})
def event_detail(request, event_id: int):
    """One event with its budget lines and the room left under the caps."""
    return _get(_user(request), event_id)


@router.post("/events", response={200: EventOut, **WRITE})
def event_create(request, payload: EventIn):
    """Plan an event (a draft) for a unit in your scope."""
    user = _user(request)
    unit = OrgUnit.objects.for_user(user).filter(code=payload.unit_code.strip()).first()
    if unit is None:
        raise invalid(("body", "payload", "unit_code"), "Unknown unit code, or outside your scope.")
    try:
        event = services.event_save(
            by=user,
            kind=payload.kind,
            unit=unit,
            title=payload.title,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            venue=payload.venue,
            agenda=payload.agenda,
        )
    except DjangoValidationError as e:
        raise _errors(e) from e
    return _get(user, event.pk)


def _line_result(event: Event, line: BudgetLine) -> dict:
    event.refresh_from_db()
    line = next(ln for ln in selectors.event_lines(event) if ln.pk == line.pk)
    return {"line": line, "caps": _cap(selectors.event_cap_check(event))}


def _save_line(request, event_id: int, payload: LineIn, line_id: int | None = None):
    user = _user(request)
    event = _get(user, event_id)
    line = None
    if line_id is not None:
        line = get_object_or_404(BudgetLine.objects.filter(event=event), pk=line_id)
    values = payload.dict(exclude={"version"})
    try:
        saved = services.budget_line_save(
            event=event,
            by=user,
            line=line,
            version=getattr(payload, "version", None),
            **values,
        )
    except DjangoValidationError as e:
        if getattr(e, "code", None) == "stale":
            from ninja.errors import HttpError

            raise HttpError(409, " ".join(e.messages)) from e
        raise _errors(e) from e
    return _line_result(event, saved)


@router.post("/events/{event_id}/lines", response={200: LineResultOut, **WRITE})
def line_add(request, event_id: int, payload: LineIn):
    """Add a budget line to a draft or sent-back plan; answers the line and the caps.
    An attendee cost is priced from the fiscal year's rate table."""
    return _save_line(request, event_id, payload)


@router.put(
    "/events/{event_id}/lines/{line_id}", response={200: LineResultOut, 409: ErrorOut, **WRITE}
)
def line_change(request, event_id: int, line_id: int, payload: LineChangeIn):
    """Change a line; give the `version` you read (someone else's change meanwhile: 409)."""
    return _save_line(request, event_id, payload, line_id)


@router.delete("/events/{event_id}/lines/{line_id}", response={200: CapCheckOut, **WRITE})
def line_delete(request, event_id: int, line_id: int):
    user = _user(request)
    event = _get(user, event_id)
    line = get_object_or_404(BudgetLine.objects.filter(event=event), pk=line_id)
    try:
        services.budget_line_delete(line=line, by=user)
    except DjangoValidationError as e:
        raise _errors(e) from e
    return _cap(selectors.event_cap_check(event))


@router.post("/events/{event_id}/submit", response={200: EventOut, **WRITE})
def event_submit(request, event_id: int, payload: SubmitIn):
    """Send the plan to its approver; refused (422) while over a cap, saying by how much,
    or while a line lacks its approved exception."""
    user = _user(request)
    event = _get(user, event_id)
    try:
        services.event_submit(event=event, by=user, comment=payload.comment)
    except DjangoValidationError as e:
        raise _errors(e) from e
    return _get(user, event_id)


def _attendance(event: Event) -> dict:
    invitations = list(event.invitations.select_related("bp", "contact").order_by("pk"))
    segments = selectors.segments_of({i.bp_id for i in invitations}, event.fy)
    for inv in invitations:
        inv.segment = segments.get(inv.bp_id)
    return {
        "invitations": invitations,
        "by_segment": [
            {
                "segment": s.segment,
                "invited": s.invited,
                "accepted": s.accepted,
                "attended": s.attended,
                "rate": s.rate,
            }
            for s in selectors.event_attendance_by_segment(event)
        ],
    }


@router.get("/events/{event_id}/attendance", response={200: AttendanceOut, **READ})
def attendance(request, event_id: int):
    """Invitations with RSVP, attendance and satisfaction, and the rate per segment."""
    return _attendance(_get(_user(request), event_id))


@router.post(
    "/events/{event_id}/attendance/{invitation_id}", response={200: AttendanceOut, **WRITE}
)
def attendance_record(request, event_id: int, invitation_id: int, payload: AttendanceIn):
    """Check a guest in (or out) with their satisfaction 1–5 (approved events, from day 1)."""
    user = _user(request)
    event = _get(user, event_id)
    invitation = get_object_or_404(Invitation.objects.filter(event=event), pk=invitation_id)
    try:
        services.attendance_record(
            invitation=invitation,
            attended=payload.attended,
            satisfaction=payload.satisfaction,
            by=user,
        )
    except DjangoValidationError as e:
        raise _errors(e) from e
    event.refresh_from_db()
    return _attendance(event)
