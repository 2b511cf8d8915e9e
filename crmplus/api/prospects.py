"""Prospects API (new-customer pipeline): list, read, create, move, convert.

Same rules as the pages, from the same places: every read starts from
`Prospect.objects.for_user(user)` (another area's prospect is a 404), and every write
goes through crmplus.prospects.services, so a read-only role gets a 403 and a broken
rule (moving back without a reason, "connected" without a connection date, converting
twice) a 422 whose `loc` names the field, e.g. ["body", "payload", "connection_date"].
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
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
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.customers.models import BusinessType, IndustrialEstate, TariffClass
from crmplus.prospects import selectors, services
from crmplus.prospects.models import Prospect, ProspectSource
from crmplus.prospects.rules_settings import pipeline_for_fy

router = Router(tags=["Prospects"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = {**READ, 403: ErrorOut}
PAGE_SIZE = 50
BODY = ("body", "payload")
Source = Literal["estate", "boi", "walk_in", "referral", "other"]
Sector = Literal[tuple(BusinessType.values)]  # type: ignore[valid-type]
Tariff = Literal[tuple(TariffClass.values)]  # type: ignore[valid-type]


def _user(request) -> User:
    return request.auth


# --- schemas ---------------------------------------------------------------------


class AlternativeOut(Schema):
    id: int
    kind: str
    provider: str
    capacity_mw: Decimal | None
    offered_price: Decimal | None
    discount_pct: Decimal | None
    status: str
    notes: str


class ProspectSummaryOut(Schema):
    id: int
    company_name: str
    company_name_en: str
    sector: str
    source: str
    reference: str
    province: str
    industrial_estate_code: str | None
    office_code: str = Field(alias="office.code")
    area_code: str | None
    responsible: str | None
    stage: str
    stage_entered_at: datetime
    stalled: bool
    probability: int
    expected_load_kw: Decimal
    expected_load_mva: Decimal
    expected_gm: Decimal
    expected_connection_date: date | None
    connection_date: date | None
    tariff_expected: str
    next_action: str
    next_action_date: date | None
    bp_number: str | None = Field(description="The customer it became, once converted")
    ca_number: str | None
    proposed_ka_fy: int | None

    @staticmethod
    def resolve_industrial_estate_code(obj: Prospect) -> str | None:
        return obj.industrial_estate.code if obj.industrial_estate_id else None

    @staticmethod
    def resolve_area_code(obj: Prospect) -> str | None:
        return obj.area.code if obj.area_id else None

    @staticmethod
    def resolve_responsible(obj: Prospect) -> str | None:
        return obj.responsible.username if obj.responsible_id else None

    @staticmethod
    def resolve_stalled(obj: Prospect) -> bool:
        return bool(getattr(obj, "is_stalled", False))

    @staticmethod
    def resolve_bp_number(obj: Prospect) -> str | None:
        return obj.bp.bp_number if obj.bp_id else None

    @staticmethod
    def resolve_ca_number(obj: Prospect) -> str | None:
        return obj.ca.ca_number if obj.ca_id else None


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    at: datetime
    by: str | None
    note: str
    backward: bool

    @staticmethod
    def resolve_by(obj) -> str | None:
        return obj.by.username if obj.by_id else None


class ProspectOut(ProspectSummaryOut):
    address: str
    contact_person: str
    notes: str
    alternatives: list[AlternativeOut]
    stage_changes: list[StageChangeOut]

    @staticmethod
    def resolve_alternatives(obj: Prospect):
        return list(obj.alternatives.all())

    @staticmethod
    def resolve_stage_changes(obj: Prospect):
        return list(obj.changes.select_related("by").order_by("at", "id"))


class ProspectPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProspectSummaryOut]


class ProspectQuery(Schema):
    stage: Text | None = Field(None, max_length=30)
    area: Text | None = Field(None, max_length=32, description="Area code, e.g. C2")
    office: Text | None = Field(None, max_length=32, description="Office code")
    source: Annotated[Source | None, BlankIsNone] = None
    stalled: Annotated[bool | None, BlankIsNone] = None
    converted: Annotated[bool | None, BlankIsNone] = None
    q: Text | None = Field(None, max_length=100, description="Company, reference, province")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class ProspectIn(_In):
    company_name: Text = Field(max_length=250)
    company_name_en: Text = Field("", max_length=250)
    tax_id: Text = Field("", max_length=13)
    sector: Sector = "other"  # type: ignore[valid-type]
    source: Source = "other"
    reference: Text = Field("", max_length=40)
    office_code: Text = Field(max_length=32, description="The responsible office (or area)")
    responsible: Text | None = Field(None, max_length=150, description="Username")
    province: Text = Field("", max_length=100)
    industrial_estate_code: Text | None = Field(None, max_length=20)
    address: Text = Field("", max_length=5000)
    contact_person: Text = Field("", max_length=200)
    expected_load_kw: Decimal = Field(Decimal(0), ge=0, max_digits=12, decimal_places=2)
    expected_load_mva: Decimal = Field(Decimal(0), ge=0, max_digits=10, decimal_places=3)
    expected_connection_date: date | None = None
    tariff_expected: Annotated[Tariff | None, BlankIsNone] = None  # type: ignore[valid-type]
    expected_gm: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=2)
    probability: int | None = Field(None, ge=0, le=100, description="Empty: the stage default")
    next_action: Text = Field("", max_length=300)
    next_action_date: date | None = None
    notes: Text = Field("", max_length=5000)
    stage: Text | None = Field(None, max_length=30, description="Start stage (before connected)")


class MoveIn(_In):
    stage: Text = Field(max_length=30)
    note: Text = Field("", max_length=500, description="Required when moving back")
    connection_date: date | None = Field(None, description="Required to enter 'connected'")
    probability: int | None = Field(None, ge=0, le=100)


class ConvertIn(_In):
    bp_number: Text = Field(max_length=12)
    ca_number: Text = Field(max_length=12)
    office_code: Text | None = Field(None, max_length=32, description="Default: the prospect's")
    tariff: Annotated[Tariff | None, BlankIsNone] = None  # type: ignore[valid-type]
    contracted_demand_kw: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    is_tou: bool = False
    name_th: Text = Field("", max_length=250)
    name_en: Text = Field("", max_length=250)
    tax_id: Text | None = Field(None, max_length=13)
    site_name: Text = Field("", max_length=250)


# --- endpoints -------------------------------------------------------------------

RELATED = ("office", "area", "responsible", "industrial_estate", "bp", "ca")
ALIASES = {
    "office": "office_code",
    "industrial_estate": "industrial_estate_code",
    "home_office": "office_code",
    "tariff_expected": "tariff_expected",
}


def _get(user: User, prospect_id: int) -> Prospect:
    if not 0 < prospect_id < 2**63:
        raise Http404
    rules = pipeline_for_fy()
    qs = selectors.annotate_pipeline(selectors.scoped(user).select_related(*RELATED), rules)
    return get_object_or_404(qs, pk=prospect_id)


@router.get("/", response={200: ProspectPage, 401: ErrorOut, 422: ValidationErrorOut})
def prospect_list(request, filters: Query[ProspectQuery]):
    """Prospects in your scope, largest expected GM first."""
    user = _user(request)
    rules = pipeline_for_fy()
    area = office = None
    if filters.area:
        area = OrgUnit.objects.filter(code=filters.area.strip(), kind=OrgUnitKind.AREA).first()
        if area is None:
            raise invalid(("query", "area"), "Unknown area code.")
    if filters.office:
        office = OrgUnit.objects.filter(code=filters.office.strip()).first()
        if office is None:
            raise invalid(("query", "office"), "Unknown office code.")
    if filters.stage and rules.stage(filters.stage.strip()) is None:
        raise invalid(("query", "stage"), "Unknown stage.")
    status = "" if filters.converted is None else ("converted" if filters.converted else "open")
    qs = selectors.prospect_list(
        user=user,
        rules=rules,
        filters=selectors.ProspectFilters(
            q=filters.q or "",
            stage=(filters.stage or "").strip(),
            area=area,
            office=office,
            source=filters.source or "",
            stalled=filters.stalled,
            status=status,
            sort="-gm",
        ),
    )
    page = list(qs[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "limit": filters.limit, "offset": filters.offset, "items": page}


@router.get("/{prospect_id}", response={200: ProspectOut, **READ})
def prospect_detail(request, prospect_id: int):
    """One prospect with its stage log and competing alternatives."""
    return _get(_user(request), prospect_id)


def _resolve(payload: ProspectIn) -> dict:
    data = payload.dict(exclude={"office_code", "responsible", "industrial_estate_code"})
    office = OrgUnit.objects.filter(code=payload.office_code.strip()).first()
    if office is None:
        raise invalid((*BODY, "office_code"), "Unknown office code.")
    data["office"] = office
    data["responsible"] = None
    if payload.responsible:
        who = User.objects.filter(username=payload.responsible.strip()).first()
        if who is None:
            raise invalid((*BODY, "responsible"), "Unknown user.")
        data["responsible"] = who
    data["industrial_estate"] = None
    if payload.industrial_estate_code:
        estate = IndustrialEstate.objects.filter(
            code=payload.industrial_estate_code.strip()
        ).first()
        if estate is None:
            raise invalid((*BODY, "industrial_estate_code"), "Unknown industrial estate code.")
        data["industrial_estate"] = estate
    data["tariff_expected"] = data.get("tariff_expected") or ""
    if data.get("probability") is None:
        data.pop("probability")
    if not data.get("stage"):
        data.pop("stage", None)
    return data


@router.post("/", response={200: ProspectOut, **WRITE})
def prospect_create(request, payload: ProspectIn):
    """Create a prospect in the pipeline's first stage (or the `stage` given, before
    connected)."""
    user = _user(request)
    data = _resolve(payload)
    with service_errors(ALIASES):
        saved = services.prospect_save(by=user, **data)
    return _get(user, saved.pk)


@router.post("/{prospect_id}/move", response={200: ProspectOut, **WRITE})
def prospect_move(request, prospect_id: int, payload: MoveIn):
    """Move to another stage under the pipeline's rules (forward any; back with a
    reason; connected with the connection date; handed to KAM after conversion)."""
    user = _user(request)
    prospect = _get(user, prospect_id)
    with service_errors(ALIASES):
        services.prospect_move(
            prospect=prospect,
            to_stage=payload.stage.strip(),
            by=user,
            note=payload.note,
            connection_date=payload.connection_date,
            probability=payload.probability,
        )
    return _get(user, prospect_id)


@router.post("/{prospect_id}/convert", response={200: ProspectOut, **WRITE})
def prospect_convert(request, prospect_id: int, payload: ConvertIn):
    """Create the BP and its first CA for a connected prospect (once)."""
    user = _user(request)
    prospect = _get(user, prospect_id)
    office = None
    if payload.office_code:
        office = OrgUnit.objects.filter(code=payload.office_code.strip()).first()
        if office is None:
            raise invalid((*BODY, "office_code"), "Unknown office code.")
    with service_errors(ALIASES):
        services.prospect_convert(
            prospect=prospect,
            by=user,
            bp_number=payload.bp_number,
            ca_number=payload.ca_number,
            office=office,
            tariff=payload.tariff or "",
            contracted_demand_kw=payload.contracted_demand_kw,
            is_tou=payload.is_tou,
            name_th=payload.name_th,
            name_en=payload.name_en,
            tax_id=payload.tax_id,
            site_name=payload.site_name,
        )
    return _get(user, prospect_id)


__all__ = ["router", "ProspectSource"]
