"""Risk API: assessments in your scope; create, change, submit and review them.

Same rules as the pages, from the same places: every read starts from
`RiskAssessment.objects.for_user(user)` (another area's assessment or customer is a
404), and every write goes through crmplus.risk.services, so a role that may not do
it gets a 403 and a broken rule (a value out of range, missing evidence, no note when
sending back) a 422 whose `loc` names the field, e.g. ["body", "payload", "values",
"spp_offer"].
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
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
from crmplus.api.errors import BODY, _error
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.customers.models import BusinessPartner
from crmplus.risk import services
from crmplus.risk.matrix_settings import matrix_for_fy
from crmplus.risk.models import RiskAssessment, RiskEvidence
from crmplus.risk.scoring import AXES, MatrixRules

router = Router(tags=["risk"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = {**READ, 403: ErrorOut}
PAGE_SIZE = 50
TEXT_MAX = 5000
LEVEL_NAMES = {1: "low", 2: "medium", 3: "high", 4: "very_high"}
PAYLOAD_FIELDS = {"bp_number", "office_code", "fy", "values", "notes", "note"}
Status = Literal["draft", "submitted", "confirmed", "returned"]


def _user(request) -> User:
    return request.auth


# --- schemas ---------------------------------------------------------------------


class EvidenceOut(Schema):
    id: int
    factor: str
    note: str
    file_name: str
    size: int
    url: str | None = Field(description="Download link (same scope as the assessment).")
    added_at: datetime

    @staticmethod
    def resolve_url(obj: RiskEvidence) -> str | None:
        return reverse("risk:evidence", args=[obj.pk]) if obj.file else None


class AssessmentSummaryOut(Schema):
    id: int
    fy: int
    bp_number: str = Field(alias="bp.bp_number")
    customer: str = Field(alias="bp.name_th")
    office_code: str = Field(alias="office.code")
    owner_code: str = Field(alias="owner.code", description="The office, or HQ")
    p: int
    i: int
    score: int
    level: int = Field(description="1 low, 2 medium, 3 high, 4 very high")
    level_name: str
    status: Status
    assessed_by: str = Field(alias="assessed_by.username")
    updated_at: datetime

    @staticmethod
    def resolve_level_name(obj: RiskAssessment) -> str:
        return LEVEL_NAMES.get(obj.level, str(obj.level))


class AssessmentOut(AssessmentSummaryOut):
    values: dict[str, Any]
    notes: dict[str, str]
    explain_th: str
    explain_en: str
    submitted_at: datetime | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_reviewed_by(obj: RiskAssessment) -> str | None:
        return obj.reviewed_by.username if obj.reviewed_by_id else None

    @staticmethod
    def resolve_evidence(obj: RiskAssessment):
        return list(obj.evidence.all())


class AssessmentPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AssessmentSummaryOut]


class AssessmentQuery(Schema):
    fy: Annotated[int | None, BlankIsNone] = Field(None, ge=2401, le=2699)
    level: Annotated[int | None, BlankIsNone] = Field(None, ge=1, le=4)
    status: Annotated[Status | None, BlankIsNone] = None
    area: Text | None = Field(None, max_length=32, description="Area code, e.g. N1")
    office: Text | None = Field(None, max_length=32, description="Office code")
    p: Annotated[int | None, BlankIsNone] = Field(None, ge=1, le=10)
    i: Annotated[int | None, BlankIsNone] = Field(None, ge=1, le=10)
    q: Text | None = Field(None, max_length=100, description="BP number or name")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class AssessmentIn(_In):
    bp_number: Text = Field(max_length=20)
    office_code: Text = Field(max_length=32)
    fy: int = Field(description="Fiscal year (B.E.), e.g. 2569")
    values: dict[str, Any] = Field(description="Factor key → value, e.g. {'spp_offer': true}")
    notes: dict[str, Text] = Field(default_factory=dict, description="Factor key → note")


class ConfirmIn(_In):
    note: Text = Field("", max_length=TEXT_MAX)


class ReturnIn(_In):
    note: Text = Field(max_length=TEXT_MAX, description="Required: what to change.")


# --- errors ----------------------------------------------------------------------


def _rule_errors(exc: DjangoValidationError, factors: set[str]) -> NinjaValidationError:
    """A service's ValidationError as a 422 whose paths name the payload's fields."""
    if not hasattr(exc, "error_dict"):
        return NinjaValidationError([_error(list(BODY), e) for e in exc.error_list])
    errors = []
    for name, errs in exc.error_dict.items():
        if name == NON_FIELD_ERRORS:
            path = list(BODY)
        elif "." in name:
            path = [*BODY, *name.split(".", 1)]
        elif name == "office":
            path = [*BODY, "office_code"]
        elif name in PAYLOAD_FIELDS and name not in factors:
            path = [*BODY, name]
        else:  # a factor, known to the matrix or not
            path = [*BODY, "values", name]
        errors.extend(_error(path, e) for e in errs)
    return NinjaValidationError(errors)


def _factor_keys(a: RiskAssessment | None, fy: int | None = None) -> set[str]:
    try:
        rules = MatrixRules.from_dict(a.matrix) if a is not None else matrix_for_fy(fy)
    except (ValueError, TypeError):
        return set()
    return {f.key for axis in AXES for f in rules.factors(axis)}


# --- endpoints -------------------------------------------------------------------

RELATED = ("bp", "office", "owner", "assessed_by", "reviewed_by")


def _get(user: User, assessment_id: int) -> RiskAssessment:
    if not 0 < assessment_id < 2**63:
        raise Http404  # beyond any id: a database integer would overflow
    return get_object_or_404(
        RiskAssessment.objects.for_user(user).select_related(*RELATED), pk=assessment_id
    )


@router.get("/assessments", response={200: AssessmentPage, 401: ErrorOut, 422: ValidationErrorOut})
def assessment_list(request, filters: Query[AssessmentQuery]):
    """Assessments in your scope, newest fiscal year first, highest level first."""
    qs = RiskAssessment.objects.for_user(_user(request)).select_related(*RELATED)
    if filters.fy is not None:
        qs = qs.filter(fy=filters.fy)
    if filters.level is not None:
        qs = qs.filter(level=filters.level)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.area:
        area = OrgUnit.objects.filter(code=filters.area.strip(), kind=OrgUnitKind.AREA).first()
        qs = qs.filter(office__path__startswith=area.path) if area else qs.none()
    if filters.office:
        qs = qs.filter(office__code=filters.office.strip())
    if filters.p is not None:
        qs = qs.filter(p=filters.p)
    if filters.i is not None:
        qs = qs.filter(i=filters.i)
    q = (filters.q or "").strip()
    if q:
        qs = qs.filter(
            Q(bp__bp_number__contains=q) | Q(bp__name_th__icontains=q) | Q(bp__name_en__icontains=q)
        )
    qs = qs.order_by("-fy", "-level", "-score", "bp__bp_number", "office__code", "id")
    page = list(qs[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "limit": filters.limit, "offset": filters.offset, "items": page}


@router.get("/assessments/{assessment_id}", response={200: AssessmentOut, **READ})
def assessment_detail(request, assessment_id: int):
    """One assessment with its values, explanation (Thai and English) and evidence."""
    return _get(_user(request), assessment_id)


@router.post("/assessments", response={200: AssessmentOut, **WRITE})
def assessment_save(request, payload: AssessmentIn):
    """Create or change the (fy, BP, office) assessment as a draft; P, I, score and level
    come from the fiscal year's matrix. A confirmed one is reopened (a reassessment)."""
    user = _user(request)
    bp = get_object_or_404(
        BusinessPartner.objects.for_user(user), bp_number=payload.bp_number.strip()
    )
    office = OrgUnit.objects.filter(code=payload.office_code.strip()).first()
    if office is None:
        raise NinjaValidationError(
            [{"loc": [*BODY, "office_code"], "msg": "Unknown office code.", "type": "value_error"}]
        )
    try:
        saved = services.assessment_save(
            bp=bp,
            office=office,
            fy=payload.fy,
            values=payload.values,
            notes=payload.notes,
            by=user,
        )
    except DjangoValidationError as e:
        raise _rule_errors(e, _factor_keys(None, payload.fy)) from e
    return _get(user, saved.pk)


def _act(request, assessment_id: int, action) -> RiskAssessment:
    user = _user(request)
    a = _get(user, assessment_id)
    try:
        action(a, user)
    except DjangoValidationError as e:
        raise _rule_errors(e, _factor_keys(a)) from e
    return _get(user, assessment_id)


@router.post("/assessments/{assessment_id}/submit", response={200: AssessmentOut, **WRITE})
def assessment_submit(request, assessment_id: int):
    """Send a draft or sent-back assessment for review (the evidence must be there)."""
    return _act(request, assessment_id, lambda a, u: services.assessment_submit(assessment=a, by=u))


@router.post("/assessments/{assessment_id}/confirm", response={200: AssessmentOut, **WRITE})
def assessment_confirm(request, assessment_id: int, payload: ConfirmIn):
    """Confirm a submitted assessment (a Senior KAMR or area admin; never its assessor)."""
    return _act(
        request,
        assessment_id,
        lambda a, u: services.assessment_confirm(assessment=a, by=u, note=payload.note),
    )


@router.post("/assessments/{assessment_id}/return", response={200: AssessmentOut, **WRITE})
def assessment_return(request, assessment_id: int, payload: ReturnIn):
    """Send a submitted assessment back to the assessor with a note saying what to change."""
    return _act(
        request,
        assessment_id,
        lambda a, u: services.assessment_return(assessment=a, by=u, note=payload.note),
    )
