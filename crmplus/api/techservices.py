"""Technical services API: service requests (FMS1–7) in your scope; book, schedule and
complete them.

Same rules as the pages, from the same places: reads start from
`ServiceRequest.objects.for_user(user)` (another area's request or customer is a 404);
writes go through crmplus.techservices.services. A booking the entitlements refuse
answers 422 with `loc` ["body", "payload", "code"], `type` the rule code
(`supplement_distinct`, `supplement_range`, `pq_required`, `not_entitled`, `quota`,
`no_key_account`) and `msg` the rule and how to ask for an exception.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
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
from crmplus.api.errors import BODY, _error, service_errors
from crmplus.core.models import OrgUnit, User
from crmplus.customers.models import BusinessPartner
from crmplus.techservices import services
from crmplus.techservices.models import ServiceRequest

router = Router(tags=["Technical services"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = {**READ, 403: ErrorOut}
PAGE_SIZE = 50
Code = Literal["FMS1", "FMS2", "FMS3", "FMS4", "FMS5", "FMS6", "FMS7"]
Status = Literal["requested", "scheduled", "done", "cancelled"]


def _user(request) -> User:
    return request.auth


class RequestOut(Schema):
    id: int
    number: str
    fy: int
    bp_number: str = Field(alias="bp.bp_number")
    customer: str = Field(alias="bp.name_th")
    office_code: str = Field(alias="office.code")
    code: Code
    segment: str
    supplement: bool
    status: Status
    requested_on: dt.date
    purpose: str
    contact_name: str
    scheduled_for: dt.date | None
    staff: str | None
    completed_on: dt.date | None
    report: dict[str, Any]
    ack_name: str
    ack_date: dt.date | None
    cancel_reason: str
    exception_id: int | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_staff(obj: ServiceRequest) -> str | None:
        return obj.staff.username if obj.staff_id else None


class RequestPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[RequestOut]


class RequestQuery(Schema):
    fy: Annotated[int | None, BlankIsNone] = Field(None, ge=2401, le=2699)
    code: Annotated[Code | None, BlankIsNone] = None
    status: Annotated[Status | None, BlankIsNone] = None
    office: Text | None = Field(None, max_length=32, description="Office or area code")
    q: Text | None = Field(None, max_length=100, description="BP number or name")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class RequestIn(_In):
    bp_number: Text = Field(max_length=20)
    code: Code
    requested_on: dt.date | None = Field(None, description="Default today; sets the fiscal year")
    ca_number: Text | None = Field(None, max_length=20)
    purpose: Text = Field("", max_length=5000)
    contact_name: Text = Field("", max_length=200)


class ScheduleIn(_In):
    scheduled_for: dt.date
    staff: Text | None = Field(None, max_length=150, description="Username; default you")


class CompleteIn(_In):
    completed_on: dt.date
    report: dict[str, Any] | None = Field(
        None,
        description='The report, e.g. {"summary": "…", "hot_spots": [{"location": "TR-1", '
        '"temperature_c": 92.5, "severity": "high"}]} for FMS4',
    )


RELATED = ("bp", "office", "staff")


def _get(user: User, request_id: int) -> ServiceRequest:
    if not 0 < request_id < 2**63:
        raise Http404
    return get_object_or_404(
        ServiceRequest.objects.for_user(user).select_related(*RELATED), pk=request_id
    )


@router.get("/requests", response={200: RequestPage, 401: ErrorOut, 422: ValidationErrorOut})
def request_list(request, filters: Query[RequestQuery]):
    """Service requests in your scope, newest first."""
    qs = ServiceRequest.objects.for_user(_user(request)).select_related(*RELATED)
    if filters.fy is not None:
        qs = qs.filter(fy=filters.fy)
    if filters.code:
        qs = qs.filter(code=filters.code)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.office:
        unit = OrgUnit.objects.filter(code=filters.office.strip()).first()
        qs = qs.filter(office__path__startswith=unit.path) if unit else qs.none()
    q = (filters.q or "").strip()
    if q:
        qs = qs.filter(
            Q(bp__bp_number__contains=q) | Q(bp__name_th__icontains=q) | Q(bp__name_en__icontains=q)
        )
    qs = qs.order_by("-requested_on", "-id")
    page = list(qs[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "limit": filters.limit, "offset": filters.offset, "items": page}


@router.get("/requests/{request_id}", response={200: RequestOut, **READ})
def request_detail(request, request_id: int):
    return _get(_user(request), request_id)


@router.post("/requests", response={200: RequestOut, **WRITE})
def request_create(request, payload: RequestIn):
    """Book a service for a customer; the fiscal year's entitlements decide (422 with the
    rule as `type` when they refuse)."""
    user = _user(request)
    bp = get_object_or_404(
        BusinessPartner.objects.for_user(user), bp_number=payload.bp_number.strip()
    )
    ca = None
    if payload.ca_number:
        ca = bp.accounts.filter(ca_number=payload.ca_number.strip()).first()
        if ca is None:
            raise NinjaValidationError(
                [
                    {
                        "loc": ["body", "payload", "ca_number"],
                        "msg": "No such contract account for this customer.",
                        "type": "value_error",
                    }
                ]
            )
    with service_errors({"ca": "ca_number", "bp": "bp_number"}):
        created = services.service_request_create(
            bp=bp, code=payload.code, requested_on=payload.requested_on, ca=ca,
            purpose=payload.purpose, contact_name=payload.contact_name, by=user,
        )  # fmt: skip
    return _get(user, created.pk)


@router.post("/requests/{request_id}/schedule", response={200: RequestOut, **WRITE})
def request_schedule(request, request_id: int, payload: ScheduleIn):
    user = _user(request)
    req = _get(user, request_id)
    staff = None
    if payload.staff:
        staff = User.objects.for_user(user).filter(username=payload.staff.strip()).first()
        if staff is None:
            raise NinjaValidationError(
                [
                    {
                        "loc": ["body", "payload", "staff"],
                        "msg": "No such user in your scope.",
                        "type": "value_error",
                    }
                ]
            )
    with service_errors():
        services.service_schedule(
            request=req, scheduled_for=payload.scheduled_for, staff=staff, by=user
        )
    return _get(user, request_id)


@router.post("/requests/{request_id}/complete", response={200: RequestOut, **WRITE})
def request_complete(request, request_id: int, payload: CompleteIn):
    """Mark a scheduled service done, with its report (validated per service type)."""
    user = _user(request)
    req = _get(user, request_id)
    try:
        services.service_complete(
            request=req, completed_on=payload.completed_on, report=payload.report, by=user
        )
    except DjangoValidationError as e:
        raise _report_errors(e) from e
    return _get(user, request_id)


def _report_errors(exc: DjangoValidationError) -> NinjaValidationError:
    """Paths of a report error: ["body", "payload", "report", "hot_spots", "0", …]."""
    if not hasattr(exc, "error_dict"):
        return NinjaValidationError([_error(list(BODY), e) for e in exc.error_list])
    errors = []
    for name, errs in exc.error_dict.items():
        if name == NON_FIELD_ERRORS:
            path = list(BODY)
        elif name == "completed_on":
            path = [*BODY, name]
        else:
            path = [*BODY, "report", *name.split(".")]
        errors.extend(_error(path, e) for e in errs)
    return NinjaValidationError(errors)
