"""Reads of the survey app: the yearly report (memo table 2.3), response lists, trend.

The yearly report rules, in one place:
- key accounts: the approved KeyAccount rows of the fiscal year, per owning area (HQ
  for national customers) and segment (a Status supplement counts as Status);
- KAMRs: approved appointments running on the last day of the fiscal year (30 Sep),
  so a mid-year replacement counts once. Area-level = "KAMR (area)", office-level =
  "KAMR (office)" plus HQ's own KAMRs (as in the memo table), Senior = "Senior KAMR";
  each counted in the area its unit lies in (HQ for head-office units);
- averages: see crmplus.surveys.rules (respondent means, national = all respondents).

The table is national aggregate data: it is computed over every unit, then the rows a
user may see are kept (HQ: all rows and the national total; a region: its areas; an
area or office: its area).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Q, QuerySet

from crmplus.core.fiscal import fiscal_year_bounds
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.core.scoping import unit_ids_for
from crmplus.surveys import rules
from crmplus.surveys.models import FollowUpStatus, LowSatisfactionFollowUp, SurveyResponse


@dataclass
class YearlyReport:
    fy: int
    rows: list[rules.ReportRow]
    names: dict[str, str]  # area code → display name
    counted_on: dt.date  # the day KAMRs are counted on
    respondents: int = 0
    scope_label: str = ""
    regions: list[tuple[str, list[rules.ReportRow]]] = field(default_factory=list)

    @property
    def unit_rows(self) -> list[rules.ReportRow]:
        return [r for r in self.rows if not r.is_total]

    @property
    def total(self) -> rules.ReportRow | None:
        return next((r for r in self.rows if r.is_total), None)

    def csv_lines(self) -> list[list[str]]:
        return [rules.CSV_COLUMNS, *(r.csv_values() for r in self.rows)]


def _region_label(code: str) -> str:
    digits = "".join(ch for ch in code if ch.isdigit())
    return digits or code


def report_units() -> tuple[list[OrgUnit], OrgUnit | None, dict[int, str]]:
    """Areas in table order (by region, then area), HQ, and region label per area id."""
    hq = OrgUnit.objects.filter(kind=OrgUnitKind.HQ).first()
    areas = list(
        OrgUnit.objects.filter(kind=OrgUnitKind.AREA, is_active=True)
        .select_related("parent")
        .order_by("path")
    )
    regions = {
        a.pk: _region_label(a.parent.code) if a.parent and a.parent.kind == "region" else ""
        for a in areas
    }
    return areas, hq, regions


def _area_of_path(areas: list[OrgUnit], hq: OrgUnit | None):
    prefixes = [(a.path, a.pk) for a in areas]

    def find(path: str) -> int | None:
        for prefix, pk in prefixes:
            if path.startswith(prefix):
                return pk
        return hq.pk if hq is not None else None

    return find


def visible_area_ids(user: User | None, areas: list[OrgUnit]) -> tuple[set[int], bool]:
    """The report rows a user may see (area ids; HQ's id too for HQ) and whether the
    national total is shown."""
    ids = unit_ids_for(user) if user is not None else None
    if ids is None:
        return {a.pk for a in areas}, True
    unit = user.home_unit
    if unit is None:
        return set(), False
    if unit.kind == OrgUnitKind.REGION:
        return {a.pk for a in areas if a.path.startswith(unit.path)}, False
    area = unit.area()
    return ({area.pk} if area else set()), False


def yearly_report(*, fy: int, user: User | None = None) -> YearlyReport:
    from crmplus.keyaccounts.models import KeyAccount
    from crmplus.workforce.models import Appointment, AppointmentRole

    areas, hq, regions = report_units()
    area_of = _area_of_path(areas, hq)
    figures: dict[int, rules.UnitFigures] = {
        a.pk: rules.UnitFigures(code=a.code, region=regions[a.pk]) for a in areas
    }
    if hq is not None:
        figures[hq.pk] = rules.UnitFigures(code="HQ", region="HQ")
    for area_id, segment, n in (
        KeyAccount.objects.filter(fy=fy)
        .values_list("owner_area_id", "segment")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if area_id in figures:
            figures[area_id].segments[segment] = figures[area_id].segments.get(segment, 0) + n
    _first, last = fiscal_year_bounds(fy)
    column = {
        AppointmentRole.KAMR_AREA: "kamr_area",
        AppointmentRole.KAMR_OFFICE: "kamr_office",
        AppointmentRole.KAMR_HQ: "kamr_office",
        AppointmentRole.SENIOR: "senior_kamr",
    }
    for role, path in Appointment.objects.active_on(last).values_list("role", "unit__path"):
        unit_id = area_of(path)
        if unit_id in figures and role in column:
            f = figures[unit_id]
            setattr(f, column[role], getattr(f, column[role]) + 1)
    for area_id, exp, sat in SurveyResponse.objects.filter(fy=fy).values_list(
        "area_id", "expectation_items", "satisfaction_items"
    ):
        f = figures.get(area_id)
        e, s = rules.item_mean(exp or []), rules.item_mean(sat or [])
        if f is None or e is None or s is None:
            continue
        f.expectation.append(e)
        f.satisfaction.append(s)
    ordered = [figures[a.pk] for a in areas]
    if hq is not None:
        ordered.append(figures[hq.pk])
    all_rows = rules.report_rows(ordered)
    visible, with_total = visible_area_ids(user, areas)
    if hq is not None and with_total:
        visible.add(hq.pk)
    codes = {figures[pk].code for pk in visible if pk in figures}
    rows = [r for r in all_rows if r.area in codes or (r.is_total and with_total)]
    names = {a.code: a.name for a in areas}
    if hq is not None:
        names["HQ"] = hq.name
    for r in rows:
        r.name = names.get(r.area, "")
    report = YearlyReport(
        fy=fy,
        rows=rows,
        names=names,
        counted_on=last,
        respondents=sum(r.respondents for r in rows if not r.is_total),
    )
    grouped: dict[str, list[rules.ReportRow]] = defaultdict(list)
    for r in report.unit_rows:
        grouped[r.region].append(r)
    report.regions = list(grouped.items())
    return report


def report_fys() -> list[int]:
    """Fiscal years that have key accounts or survey responses, newest first."""
    from crmplus.keyaccounts.models import KeyAccount

    years = set(KeyAccount.objects.values_list("fy", flat=True).distinct())
    years |= set(SurveyResponse.objects.values_list("fy", flat=True).distinct())
    return sorted(years, reverse=True)


# --- lists ---------------------------------------------------------------------------

SORTS = {
    "bp": ("bp__bp_number",),
    "-bp": ("-bp__bp_number",),
    "date": ("survey_date", "bp__bp_number"),
    "-date": ("-survey_date", "bp__bp_number"),
    "sat": ("satisfaction_avg", "bp__bp_number"),
    "-sat": ("-satisfaction_avg", "bp__bp_number"),
    "exp": ("expectation_avg", "bp__bp_number"),
    "-exp": ("-expectation_avg", "bp__bp_number"),
    "area": ("area__path", "office__path", "bp__bp_number"),
}


@dataclass
class ResponseFilters:
    fy: int | None = None
    area: OrgUnit | None = None
    q: str = ""
    low: bool = False  # below the year's threshold only
    sort: str = "area"


def response_list(*, user: User, filters: ResponseFilters) -> QuerySet:
    from crmplus.surveys.rules_settings import threshold_for

    qs = SurveyResponse.objects.for_user(user).select_related("bp", "office", "area", "ca")
    if filters.fy:
        qs = qs.filter(fy=filters.fy)
        if filters.low:
            qs = qs.filter(satisfaction_avg__lt=threshold_for(filters.fy))
    if filters.area is not None:
        qs = qs.filter(area=filters.area)
    q = (filters.q or "").strip()
    if q:
        qs = qs.filter(
            Q(bp__bp_number__startswith=q)
            | Q(bp__name_th__icontains=q)
            | Q(bp__name_en__icontains=q)
            | Q(comments__icontains=q)
        )
    return qs.order_by(*SORTS.get(filters.sort, SORTS["area"]))


FOLLOW_UP_SORTS = {
    "due": ("due_date", "bp__bp_number", "pk"),
    "-due": ("-due_date", "bp__bp_number", "pk"),
    "bp": ("bp__bp_number", "pk"),
    "sat": ("response__satisfaction_avg", "bp__bp_number", "pk"),
}


def follow_up_list(
    *,
    user: User,
    fy: int | None = None,
    status: str = "",
    mine: bool = False,
    q: str = "",
    sort: str = "",
) -> QuerySet:
    qs = LowSatisfactionFollowUp.objects.for_user(user).select_related(
        "bp", "kamr", "response", "unit"
    )
    if fy:
        qs = qs.filter(fy=fy)
    if status in FollowUpStatus.values:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(kamr__user=user)
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(bp__bp_number__startswith=q)
            | Q(bp__name_th__icontains=q)
            | Q(bp__name_en__icontains=q)
            | Q(kamr__name_th__icontains=q)
        )
    if sort in FOLLOW_UP_SORTS:
        return qs.order_by(*FOLLOW_UP_SORTS[sort])
    return qs.order_by("status", "due_date", "bp__bp_number", "pk")


def satisfaction_trend(unit_ids) -> list[tuple[int, float, int]]:
    """(FY, average satisfaction, respondents) per fiscal year for responses owned by
    the given units, oldest first (respondent means, as in the report)."""
    per_fy: dict[int, list[Fraction]] = defaultdict(list)
    qs = SurveyResponse.objects.all()
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    for fy, items in qs.values_list("fy", "satisfaction_items"):
        m = rules.item_mean(items or [])
        if m is not None:
            per_fy[fy].append(m)
    return [
        (fy, float(rules.round_half_up(rules.mean(values))), len(values))
        for fy, values in sorted(per_fy.items())
    ]
