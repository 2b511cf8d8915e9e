"""Key-accounts API (read): approved key-account status, selection runs and their accounts.

Same scoping as the pages: approved status and proposed accounts are scoped through
their owning unit (an office, or HQ for national customers); another area's account
is a 404. Writes (runs, overrides, submission) stay on the pages for now.
"""

from __future__ import annotations

from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from crmplus.api.customer_schemas import ErrorOut, Text
from crmplus.keyaccounts.models import Candidate, KeyAccount, SelectionRun

router = Router(tags=["key accounts"])
READ = {401: ErrorOut, 404: ErrorOut}
MAX_LIMIT = 500
Segment = Literal["strategic", "star", "status", "streamline"]


class KeyAccountOut(Schema):
    fy: int
    bp_number: str = Field(alias="bp.bp_number")
    customer: str = Field(alias="bp.name_th")
    office_code: str = Field(alias="office.code")
    owner_code: str = Field(alias="owner_area.code", description="HQ or the area code")
    segment: Segment
    supplement: bool
    overridden: bool
    approved_at: str

    @staticmethod
    def resolve_approved_at(obj) -> str:
        return obj.approved_at.isoformat()


class KeyAccountQuery(Schema):
    fy: int | None = Field(None, description="Key-account fiscal year (B.E.), e.g. 2564.")
    area: Text | None = Field(
        None, max_length=32, description="Owning area code (`HQ` for national customers)."
    )
    segment: Segment | None = None
    bp_number: Text | None = Field(None, max_length=20)
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10_000_000)


class KeyAccountPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[KeyAccountOut]


class RunOut(Schema):
    id: int
    fy: int
    extract_id: int
    rules_source: str
    is_draft: bool
    status: str
    progress: int
    summary: dict
    rules: dict
    created_at: str

    @staticmethod
    def resolve_created_at(obj) -> str:
        return obj.created_at.isoformat()


class CandidateOut(Schema):
    id: int
    rank: int | None
    bp_number: str
    office_code: str = Field(alias="office.code")
    owner_code: str = Field(alias="owner_area.code")
    gm: float
    pooled_gm: float
    pooled_cas: list[str] = Field(alias="ca_numbers")
    segment: Segment
    proposed_segment: str = Field(alias="override_segment")
    supplement: bool
    points: float
    attractiveness: float | None
    strength: float | None
    explain_th: str
    explain_en: str


class CandidatePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CandidateOut]


class CandidateQuery(Schema):
    area: Text | None = Field(None, max_length=32)
    segment: Segment | None = None
    supplement: bool | None = None
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10_000_000)


@router.get("/status", response={200: KeyAccountPage, **READ})
def key_account_list(request, filters: Query[KeyAccountQuery]):
    """Approved key-account status in your scope, newest fiscal year first."""
    qs = KeyAccount.objects.for_user(request.auth).select_related("bp", "office", "owner_area")
    if filters.fy is not None:
        qs = qs.filter(fy=filters.fy)
    if filters.area:
        qs = qs.filter(owner_area__code=filters.area.strip())
    if filters.segment:
        qs = qs.filter(segment=filters.segment)
    if filters.bp_number:
        qs = qs.filter(bp__bp_number=filters.bp_number.strip())
    qs = qs.order_by("-fy", "owner_area__path", "bp__bp_number", "office__code")
    page = list(qs[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "limit": filters.limit, "offset": filters.offset, "items": page}


@router.get("/runs", response={200: list[RunOut], **READ})
def run_list(request, fy: int | None = None):
    """Selection runs (national), newest first; at most 100."""
    qs = SelectionRun.objects.for_user(request.auth)
    if fy is not None:
        qs = qs.filter(fy=fy)
    return list(qs[:100])


@router.get("/runs/{run_id}", response={200: RunOut, **READ})
def run_detail(request, run_id: int):
    return get_object_or_404(SelectionRun.objects.for_user(request.auth), pk=run_id)


@router.get("/runs/{run_id}/accounts", response={200: CandidatePage, **READ})
def run_accounts(request, run_id: int, filters: Query[CandidateQuery]):
    """The run's proposed key accounts in your scope, HVC rank order, supplements last."""
    run = get_object_or_404(SelectionRun.objects.for_user(request.auth), pk=run_id)
    qs = Candidate.objects.for_user(request.auth).filter(run=run)
    qs = qs.select_related("office", "owner_area")
    if filters.area:
        qs = qs.filter(owner_area__code=filters.area.strip())
    if filters.segment:
        qs = qs.filter(segment=filters.segment)
    if filters.supplement is not None:
        qs = qs.filter(supplement=filters.supplement)
    page = list(qs[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "limit": filters.limit, "offset": filters.offset, "items": page}


@router.get("/runs/{run_id}/accounts/{candidate_id}", response={200: CandidateOut, **READ})
def run_account(request, run_id: int, candidate_id: int):
    qs = Candidate.objects.for_user(request.auth).select_related("office", "owner_area")
    return get_object_or_404(qs, run_id=run_id, pk=candidate_id)
