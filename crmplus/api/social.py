"""Social-media CRM API (staff): cases in your scope, one case with its conversation,
reply (free text or a canned reply), categorise and close.

Same rules as the pages: reads start from `Case.objects.for_user` (another area's case
is a 404) and writes go through crmplus.social.services (a read-only role gets a 403,
a broken rule a 422 whose `loc` names the field).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
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
from crmplus.social import selectors, services
from crmplus.social.models import Case, Message
from crmplus.social.rules_settings import canned_replies, fy_of

router = Router(tags=["Social-media CRM"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = {**READ, 403: ErrorOut}
PAGE_SIZE = 50
ChannelName = Literal["line", "facebook"]
StatusName = Literal["new", "open", "closed"]
CategoryName = Literal["outage", "bill", "meter", "new_connection", "complaint", "other"]


def _user(request) -> User:
    return request.auth


class SlaOut(Schema):
    state: str = Field(description="running, breached, met or missed")
    due: datetime
    seconds_left: int


class CaseSummaryOut(Schema):
    id: int
    reference: str
    channel: ChannelName
    display_name: str
    category: str = Field(description="Empty until someone categorises the case")
    status: StatusName
    unit_code: str = Field(alias="unit.code", description="Office, or HQ/area while in triage")
    assigned: bool = Field(alias="is_assigned")
    ca_number: str | None
    opened_at: datetime
    first_response_at: datetime | None
    closed_at: datetime | None
    last_message_at: datetime
    first_response_sla: SlaOut
    resolution_sla: SlaOut

    @staticmethod
    def resolve_display_name(obj: Case) -> str:
        return obj.identity.shown_name

    @staticmethod
    def resolve_ca_number(obj: Case) -> str | None:
        return obj.ca.ca_number if obj.ca_id else None

    @staticmethod
    def resolve_first_response_sla(obj: Case) -> dict:
        return selectors.case_timers(obj)[0].__dict__

    @staticmethod
    def resolve_resolution_sla(obj: Case) -> dict:
        return selectors.case_timers(obj)[1].__dict__


class MessageOut(Schema):
    id: int
    direction: Literal["in", "out"]
    at: datetime
    text: str
    canned: bool
    send_status: str = Field(description="Replies: queued, sending, sent, retrying, failed")
    attempts: int
    sent_at: datetime | None


class CaseOut(CaseSummaryOut):
    messages: list[MessageOut]
    canned_replies: list[str] = Field(description="Canned replies of the case's category")

    @staticmethod
    def resolve_messages(obj: Case) -> list[Message]:
        return list(obj.messages.order_by("at", "id"))

    @staticmethod
    def resolve_canned_replies(obj: Case) -> list[str]:
        return canned_replies(fy_of(obj.opened_at)).get(obj.category or "other", [])


class CasePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CaseSummaryOut]


class CaseQuery(Schema):
    channel: Annotated[ChannelName | None, BlankIsNone] = None
    status: Annotated[StatusName | Literal["active", "all"] | None, BlankIsNone] = Field(
        None, description="Default `active`: new or in progress; `all` for every case"
    )
    category: Annotated[CategoryName | Literal["none"] | None, BlankIsNone] = None
    unit: Text | None = Field(None, max_length=32, description="Unit code: office, area or HQ")
    triage: bool = Field(False, description="Only unassigned cases")
    breached: bool = Field(False, description="Only cases past an SLA due time")
    q: Text | None = Field(None, max_length=100, description="Name, text, SC number or CA")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class ReplyIn(_In):
    text: Text = Field("", max_length=services.REPLY_MAX)
    canned_index: int | None = Field(
        None, ge=0, description="Index into the case's `canned_replies` (instead of text)"
    )


class CategoriseIn(_In):
    category: CategoryName


def _get(user: User, case_id: int) -> Case:
    if not 0 < case_id < 2**63:
        raise Http404
    return get_object_or_404(
        Case.objects.for_user(user).select_related("identity", "unit", "ca"), pk=case_id
    )


@router.get("/cases", response={200: CasePage, 401: ErrorOut, 422: ValidationErrorOut})
def case_list(request, filters: Query[CaseQuery]):
    """Cases in your scope, latest message first."""
    user = _user(request)
    unit = None
    if filters.unit:
        unit = OrgUnit.objects.for_user(user).filter(code=filters.unit.strip()).first()
        if unit is None:
            raise invalid(("query", "unit"), "Unknown unit code (or not in your scope).")
    status = filters.status or "active"
    qs = selectors.case_list(
        user=user,
        filters=selectors.CaseFilters(
            channel=filters.channel or "",
            status="" if status == "all" else status,
            category=filters.category or "",
            unit=unit,
            triage=filters.triage,
            breached=filters.breached,
            q=filters.q or "",
        ),
    )
    items = list(qs[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get("/cases/{case_id}", response={200: CaseOut, **READ})
def case_detail(request, case_id: int):
    """One case with its conversation and the canned replies of its category."""
    return _get(_user(request), case_id)


@router.post("/cases/{case_id}/reply", response={200: CaseOut, **WRITE})
def case_reply(request, case_id: int, payload: ReplyIn):
    """Queue a reply (sent by the outbound adapter when it is switched on)."""
    user = _user(request)
    case = _get(user, case_id)
    text, canned = payload.text, False
    if payload.canned_index is not None:
        texts = canned_replies(fy_of(case.opened_at)).get(case.category or "other", [])
        if payload.canned_index >= len(texts):
            raise invalid(("body", "payload", "canned_index"), "No canned reply at this index.")
        text, canned = texts[payload.canned_index], True
    with service_errors():
        services.case_reply(case=case, text=text, by=user, canned=canned)
    return _get(user, case_id)


@router.post("/cases/{case_id}/categorise", response={200: CaseOut, **WRITE})
def case_categorise(request, case_id: int, payload: CategoriseIn):
    """Set the category; the SLA due times follow it."""
    user = _user(request)
    case = _get(user, case_id)
    with service_errors():
        services.case_categorise(case=case, category=payload.category, by=user)
    return _get(user, case_id)


@router.post("/cases/{case_id}/close", response={200: CaseOut, **WRITE})
def case_close(request, case_id: int):
    """Close the case (it needs a category)."""
    user = _user(request)
    case = _get(user, case_id)
    with service_errors():
        services.case_close(case=case, by=user)
    return _get(user, case_id)
