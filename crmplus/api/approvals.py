"""Approvals API: the requests in your scope, and deciding them.

Same rules as the UI, from the same places: every query starts from
`ApprovalRequest.objects.for_user(user)` (another area's request is a 404),
and decisions go through crmplus.approvals.services, so someone who may not
decide gets a 403 and a broken rule (no reason, already decided) a 422.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from pydantic import BeforeValidator, ConfigDict

from crmplus.api.customer_schemas import MAX_LIMIT, MAX_OFFSET, ErrorOut, Text, ValidationErrorOut
from crmplus.api.errors import service_errors
from crmplus.approvals import selectors, services
from crmplus.approvals.models import ApprovalRequest, ApprovalStatus
from crmplus.approvals.routing import can_decide
from crmplus.core.models import User

router = Router(tags=["approvals"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = {**READ, 403: ErrorOut}
PAGE_SIZE = 50
TEXT_MAX = 5000
BlankIsNone = BeforeValidator(lambda value: None if value == "" else value)


def _user(request) -> User:
    return request.auth


# --- schemas ---------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    code: str
    name: str


class UserRef(Schema):
    id: int
    username: str
    name: str

    @staticmethod
    def resolve_name(obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class EventOut(Schema):
    action: str
    round: int
    actor: UserRef
    at: datetime
    comment: str


class ApprovalSummaryOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    status: ApprovalStatus
    round: int
    subject_type: str = Field(description='"app_label.model" of the record asked about.')
    subject_id: int
    unit: UnitRef = Field(description="The unit that owns the request (scoping).")
    approver_unit: UnitRef = Field(description="The unit whose approver decides.")
    submitted_by: UserRef
    submitted_at: datetime
    decided_by: UserRef | None
    decided_at: datetime | None
    decision_reason: str

    @staticmethod
    def resolve_subject_type(obj: ApprovalRequest) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"

    @staticmethod
    def resolve_subject_id(obj: ApprovalRequest) -> int:
        return obj.object_id


class ApprovalOut(ApprovalSummaryOut):
    summary: str
    subject_url: str = Field(description="The record's page in the UI, when it has one.")
    can_decide: bool = Field(description="Whether you may approve or reject it now.")
    events: list[EventOut] = Field(description="The full history, oldest first.")

    @staticmethod
    def resolve_can_decide(obj: ApprovalRequest, context) -> bool:
        return can_decide(context["request"].auth, obj)

    @staticmethod
    def resolve_events(obj: ApprovalRequest):
        return obj.events.select_related("actor").order_by("at", "pk")


class ApprovalPage(Schema):
    count: int = Field(description="Requests matching the filters, over all pages.")
    limit: int
    offset: int
    items: list[ApprovalSummaryOut]


class ApprovalListQuery(Schema):
    status: Annotated[ApprovalStatus | None, BlankIsNone] = None
    view: Literal["all", "mine", "decide"] = Field(
        "all",
        description="`all` in your scope, `mine` submitted by you, `decide` waiting for you.",
    )
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    page: int | None = Field(
        None, ge=1, le=MAX_OFFSET // MAX_LIMIT, description="1-based page number; overrides offset."
    )


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class ApproveIn(_In):
    comment: Text = Field("", max_length=TEXT_MAX)


class RejectIn(_In):
    reason: Text = Field(max_length=TEXT_MAX, description="Required: why it is rejected.")


# --- endpoints -------------------------------------------------------------------

RELATED = ("unit", "approver_unit", "submitted_by", "decided_by", "content_type")


def _get(user: User, approval_id: int) -> ApprovalRequest:
    return get_object_or_404(
        ApprovalRequest.objects.for_user(user).select_related(*RELATED), pk=approval_id
    )


@router.get("/", response={200: ApprovalPage, 401: ErrorOut, 422: ValidationErrorOut})
def approval_list(request, filters: Query[ApprovalListQuery]):
    """Approval requests in your scope, newest first (`view=decide`: oldest first)."""
    user = _user(request)
    if filters.view == "decide":
        qs = selectors.inbox_for(user)
        if filters.status:
            qs = qs.filter(status=filters.status)
    else:
        qs = selectors.requests_for(user, status=filters.status, mine=filters.view == "mine")
    qs = qs.select_related("content_type")
    limit, offset = filters.limit, filters.offset
    if filters.page is not None:
        offset = (filters.page - 1) * limit
    return {
        "count": qs.count(),
        "limit": limit,
        "offset": offset,
        "items": list(qs[offset : offset + limit]),
    }


@router.get("/{approval_id}", response={200: ApprovalOut, **READ})
def approval_detail(request, approval_id: int):
    """One request with its full history and whether you may decide it."""
    return _get(_user(request), approval_id)


@router.post("/{approval_id}/approve", response={200: ApprovalOut, **WRITE})
def approval_approve(request, approval_id: int, payload: ApproveIn):
    """Approve a pending request (the approver of its approving unit; never its submitter)."""
    user = _user(request)
    req = _get(user, approval_id)
    with service_errors():
        services.approval_approve(request=req, by=user, comment=payload.comment)
    return _get(user, approval_id)


@router.post("/{approval_id}/reject", response={200: ApprovalOut, **WRITE})
def approval_reject(request, approval_id: int, payload: RejectIn):
    """Reject a pending request with a reason; the submitter may change and resubmit it."""
    user = _user(request)
    req = _get(user, approval_id)
    with service_errors():
        services.approval_reject(request=req, by=user, reason=payload.reason)
    return _get(user, approval_id)


@router.post("/{approval_id}/withdraw", response={200: ApprovalOut, **WRITE})
def approval_withdraw(request, approval_id: int):
    """The submitter takes a pending request back."""
    user = _user(request)
    req = _get(user, approval_id)
    with service_errors():
        services.approval_withdraw(request=req, by=user)
    return _get(user, approval_id)
