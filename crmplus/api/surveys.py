"""Surveys and reports API (owned by crmplus.surveys): the yearly key-account report of
a fiscal year as JSON, and the survey responses in your scope.

The report rows are the ones the page shows the caller (HQ: every area, HQ and the
national total; an area or office user: their area's row). Averages are strings
with three decimals ("4.380"), as in the report, or null when nobody answered.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.db.models import Q
from ninja import Field, Query, Router, Schema

from crmplus.api.customer_schemas import (
    MAX_LIMIT,
    MAX_OFFSET,
    BlankIsNone,
    ErrorOut,
    Text,
    ValidationErrorOut,
)
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.surveys.models import SurveyResponse
from crmplus.surveys.rules import CSV_COLUMNS, format_avg
from crmplus.surveys.selectors import yearly_report

router = Router(tags=["Surveys and reports"])

READ = {401: ErrorOut, 422: ValidationErrorOut}


def _user(request) -> User:
    return request.auth


class ReportRowOut(Schema):
    region: str = Field(description='"1"…"4", "HQ", or "ALL" for the national total')
    area: str = Field(description='Area code, "HQ", or "ALL"')
    name: str
    strategic: int
    star: int
    status: int
    streamline: int
    total: int
    kamr_area: int
    kamr_office: int
    senior_kamr: int
    expectation_avg: str | None
    satisfaction_avg: str | None
    respondents: int


class ReportOut(Schema):
    fy: int
    kamrs_counted_on: date
    columns: list[str] = Field(description="The columns of the CSV download, in order")
    rows: list[ReportRowOut]


class ReportQuery(Schema):
    fy: int = Field(..., ge=2401, le=2699, description="Buddhist-era fiscal year, e.g. 2564")


@router.get("/report", response={200: ReportOut, **READ})
def report(request, query: Query[ReportQuery]):
    """The yearly key-account report (memo table 2.3) of a fiscal year."""
    data = yearly_report(fy=query.fy, user=_user(request))
    rows = [
        ReportRowOut(
            region=r.region,
            area=r.area,
            name=r.name,
            strategic=r.strategic,
            star=r.star,
            status=r.status,
            streamline=r.streamline,
            total=r.total,
            kamr_area=r.kamr_area,
            kamr_office=r.kamr_office,
            senior_kamr=r.senior_kamr,
            expectation_avg=format_avg(r.expectation_avg) or None,
            satisfaction_avg=format_avg(r.satisfaction_avg) or None,
            respondents=r.respondents,
        )
        for r in data.rows
    ]
    return ReportOut(fy=data.fy, kamrs_counted_on=data.counted_on, columns=CSV_COLUMNS, rows=rows)


class ResponseOut(Schema):
    id: int
    fy: int
    bp_number: str = Field(alias="bp.bp_number")
    customer: str = Field(alias="bp.name_th")
    ca_number: str | None
    area_code: str = Field(alias="area.code")
    office_code: str = Field(alias="office.code")
    segment: str
    survey_date: date
    expectation_items: list[int | None]
    satisfaction_items: list[int | None]
    expectation_avg: float
    satisfaction_avg: float
    comments: str
    follow_up_status: str | None = Field(description="open / done, or null when none")

    @staticmethod
    def resolve_ca_number(obj: SurveyResponse) -> str | None:
        return obj.ca.ca_number if obj.ca_id else None

    @staticmethod
    def resolve_follow_up_status(obj: SurveyResponse) -> str | None:
        follow_up = getattr(obj, "follow_up", None)
        return follow_up.status if follow_up is not None else None


class ResponsePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ResponseOut]


class ResponseQuery(Schema):
    fy: Annotated[int | None, BlankIsNone] = Field(None, ge=2401, le=2699)
    area: Annotated[Text | None, BlankIsNone] = Field(None, max_length=32, description="Area code")
    q: Annotated[Text | None, BlankIsNone] = Field(None, max_length=100)
    below: Annotated[float | None, BlankIsNone] = Field(
        None, ge=1, le=5, description="Only responses whose satisfaction is below this"
    )
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get("/responses", response={200: ResponsePage, **READ})
def responses(request, filters: Query[ResponseQuery]):
    """Survey responses in your scope, by fiscal year (newest first), area and BP."""
    qs = SurveyResponse.objects.for_user(_user(request)).select_related(
        "bp", "ca", "area", "office", "follow_up"
    )
    if filters.fy is not None:
        qs = qs.filter(fy=filters.fy)
    if filters.area:
        code = filters.area.strip()
        unit = OrgUnit.objects.filter(
            code=code, kind__in=[OrgUnitKind.AREA, OrgUnitKind.HQ]
        ).first()
        qs = qs.filter(area=unit) if unit else qs.none()
    if filters.below is not None:
        qs = qs.filter(satisfaction_avg__lt=filters.below)
    q = (filters.q or "").strip()
    if q:
        qs = qs.filter(
            Q(bp__bp_number__startswith=q)
            | Q(bp__name_th__icontains=q)
            | Q(bp__name_en__icontains=q)
        )
    qs = qs.order_by("-fy", "area__path", "bp__bp_number", "id")
    items = list(qs[filters.offset : filters.offset + filters.limit])
    return ResponsePage(count=qs.count(), limit=filters.limit, offset=filters.offset, items=items)
