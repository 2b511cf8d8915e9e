"""Reads of risk assessments: the 4S provider, and the risk screens (heat map, completion
per area, filtered list, customer block). Every read a request makes starts from
`for_user(user)`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import polars as pl
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.core.scoping import unit_ids_for
from crmplus.keyaccounts.models import KeyAccount
from crmplus.risk.matrix_settings import matrix_for_fy
from crmplus.risk.models import AssessmentStatus, RiskAssessment, RiskLevel
from crmplus.risk.services import ASSESS_ROLES, EDITABLE, REVIEW_ROLES

SCHEMA = {"bp": pl.Int64, "office": pl.String, "risk_level": pl.Int64}


def risk_levels_frame(fy: int) -> pl.DataFrame:
    """Confirmed risk levels per (BP, office code) for the 4S strength axis.

    The selection engine calls its providers with the *billing* fiscal year of the
    extract (the list it builds is for the year after). The risk that applies is the
    one assessed for that same billing year: by the October run of FY n+1's list, FY n's
    assessments are the newest that can be confirmed, and they describe the customer
    in the year whose billing is being judged. Assessments of the list year itself are
    made after the list exists, so they never feed the run that created it (a re-run
    of the same extract gives the same list). Only confirmed assessments count: a
    draft or one waiting for review is not yet PEA's view. No row, no change: the
    engine then skips the risk component for that account.
    """
    rows = (
        RiskAssessment.objects.confirmed()
        .filter(fy=fy)
        .values_list("bp__bp_number", "office__code", "level")
    )
    data = [(int(bp), office, int(level)) for bp, office, level in rows]
    return pl.DataFrame(data, schema=SCHEMA, orient="row")


# ---------------------------------------------------------------------------
# Screens: who may do what (the services decide; these only choose what to show),
# heat map, completion per area, filtered list, customer page block.

LEVEL_CSS = {1: "risk-low", 2: "risk-medium", 3: "risk-high", 4: "risk-very-high"}


def in_scope(user: User, unit_id: int) -> bool:
    ids = unit_ids_for(user)
    return ids is None or unit_id in ids


def can_assess(user: User) -> bool:
    return user.can_write and user.role in ASSESS_ROLES


def can_edit(user: User, a: RiskAssessment) -> bool:
    return can_assess(user) and in_scope(user, a.owner_id) and a.status in EDITABLE


def can_submit(user: User, a: RiskAssessment) -> bool:
    return (
        can_assess(user)
        and in_scope(user, a.owner_id)
        and a.status in {AssessmentStatus.DRAFT, AssessmentStatus.RETURNED}
    )


def can_review(user: User, a: RiskAssessment) -> bool:
    return (
        user.can_write
        and user.role in REVIEW_ROLES
        and in_scope(user, a.owner_id)
        and a.assessed_by_id != user.pk
        and a.status == AssessmentStatus.SUBMITTED
    )


def current_fy() -> int:
    return fiscal_year(timezone.localdate())


def fy_choices(user: User) -> tuple[int, list[int]]:
    """The default fiscal year of the risk pages and the years to choose from: the
    newest with assessments in scope, else the newest key-account list, else this year."""
    assessed = set(RiskAssessment.objects.for_user(user).values_list("fy", flat=True).distinct())
    listed = set(KeyAccount.objects.for_user(user).values_list("fy", flat=True).distinct())
    now = current_fy()
    default = max(assessed) if assessed else max(listed) if listed else now
    return default, sorted(assessed | listed | {now}, reverse=True)


def scope_units(user: User) -> list[OrgUnit]:
    """Units the heat map can be narrowed to: the user's own unit and what lies under it;
    offices only within one area (HQ would otherwise get ~900 of them)."""
    units = OrgUnit.objects.for_user(user).filter(is_active=True)
    kinds = [OrgUnitKind.HQ, OrgUnitKind.REGION, OrgUnitKind.AREA]
    if units.filter(kind=OrgUnitKind.AREA).count() <= 1:
        kinds.append(OrgUnitKind.OFFICE)
    return list(units.filter(kind__in=kinds).order_by("path"))


def scope_unit(user: User, raw: Any) -> OrgUnit | None:
    """The unit chosen in `?unit=`, if it is one the user sees."""
    raw = str(raw or "").strip()
    if not raw.isdigit() or len(raw) > 18:
        return None
    return OrgUnit.objects.for_user(user).filter(pk=int(raw)).first()


def in_unit(qs: QuerySet, unit: OrgUnit | None) -> QuerySet:
    """Assessments of the offices under `unit` (the whole scope when None or HQ)."""
    if unit is None or unit.is_hq:
        return qs
    return qs.filter(office__path__startswith=unit.path)


# -- list --------------------------------------------------------------------------------

SORTS = {
    "level": ("level", "score", "bp__bp_number", "id"),
    "-level": ("-level", "-score", "bp__bp_number", "id"),
    "score": ("score", "bp__bp_number", "id"),
    "-score": ("-score", "bp__bp_number", "id"),
    "customer": ("bp__name_th", "id"),
    "-customer": ("-bp__name_th", "-id"),
    "office": ("office__path", "bp__bp_number", "id"),
    "-office": ("-office__path", "bp__bp_number", "id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
}
DEFAULT_SORT = "-level"


@dataclass
class AssessmentFilters:
    fy: int | None = None
    level: int | None = None
    status: str = ""
    unit: OrgUnit | None = None
    area: OrgUnit | None = None
    office: OrgUnit | None = None
    p: int | None = None
    i: int | None = None
    q: str = ""
    sort: str = DEFAULT_SORT


def assessment_list(*, user: User, filters: AssessmentFilters) -> QuerySet:
    qs = RiskAssessment.objects.for_user(user).select_related(
        "bp", "office", "owner", "assessed_by", "reviewed_by"
    )
    if filters.fy is not None:
        qs = qs.filter(fy=filters.fy)
    if filters.level is not None:
        qs = qs.filter(level=filters.level)
    if filters.status in AssessmentStatus.values:
        qs = qs.filter(status=filters.status)
    qs = in_unit(qs, filters.unit)
    if filters.area is not None:
        qs = in_unit(qs, filters.area)
    if filters.office is not None:
        qs = qs.filter(office=filters.office)
    if filters.p is not None:
        qs = qs.filter(p=filters.p)
    if filters.i is not None:
        qs = qs.filter(i=filters.i)
    q = (filters.q or "").strip()
    if q:
        qs = qs.filter(
            Q(bp__bp_number__contains=q) | Q(bp__name_th__icontains=q) | Q(bp__name_en__icontains=q)
        )
    return qs.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


def list_url(**params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    url = reverse("risk:list")
    return f"{url}?{query}" if query else url


# -- heat map ----------------------------------------------------------------------------


@dataclass
class HeatCell:
    p: int
    i: int
    level: int
    n: int
    url: str

    @property
    def css(self) -> str:
        return LEVEL_CSS[self.level]


@dataclass
class HeatRow:
    p: int
    label: str
    cells: list[HeatCell]


@dataclass
class HeatMap:
    rows: list[HeatRow]  # highest P first, as the matrix is drawn
    impact_labels: list[tuple[int, str]]
    levels: list[tuple[int, str, str, int, str]]  # level, label, css, count, list url
    total: int
    outside: int = 0  # assessments whose stored (P, I) lies outside this year's grid
    extra: dict[str, Any] = field(default_factory=dict)


def heat_map(*, user: User, fy: int, unit: OrgUnit | None = None, status: str = "") -> HeatMap:
    """Counts of the fiscal year's assessments in scope per (P, I) cell, coloured by the
    level the year's matrix gives the cell; every cell links to the list of its accounts."""
    rules = matrix_for_fy(fy)
    grid = rules.grid()
    qs = in_unit(RiskAssessment.objects.for_user(user).filter(fy=fy), unit)
    if status in AssessmentStatus.values:
        qs = qs.filter(status=status)
    counts = {
        (r["p"], r["i"]): r["n"] for r in qs.values("p", "i").annotate(n=Count("id")).order_by()
    }
    by_level = dict(qs.values_list("level").annotate(n=Count("id")).order_by())
    en = get_language() == "en"
    base = {"fy": fy, "unit": unit.pk if unit and not unit.is_hq else None, "status": status}
    rows = []
    for p in range(len(grid), 0, -1):
        point = rules.probability_scale[p - 1]
        cells = [
            HeatCell(p, i, grid[p - 1][i - 1], counts.get((p, i), 0), list_url(**base, p=p, i=i))
            for i in range(1, len(grid[0]) + 1)
        ]
        rows.append(HeatRow(p, point.label_en if en else point.label_th, cells))
    impact = [(s.value, s.label_en if en else s.label_th) for s in rules.impact_scale]
    levels = [
        (lvl.value, str(lvl.label), LEVEL_CSS[lvl.value], by_level.get(lvl.value, 0),
         list_url(**base, level=lvl.value))
        for lvl in reversed(RiskLevel)
    ]  # fmt: skip
    shown = sum(c.n for r in rows for c in r.cells)
    total = sum(counts.values())
    return HeatMap(rows, impact, levels, total, outside=total - shown)


# -- completion per area -----------------------------------------------------------------


@dataclass
class Completion:
    unit: OrgUnit
    total: int
    confirmed: int
    assessed: int

    @property
    def share(self) -> float:
        return 100.0 * self.confirmed / self.total if self.total else 0.0


def completion_by_area(*, user: User, fy: int) -> list[Completion]:
    """Per owning area (and HQ for national customers): the fiscal year's key accounts
    and how many have a confirmed assessment (any assessment: `assessed`). Every area in
    scope gets a row, even without key accounts: a zero is news too."""
    same = RiskAssessment.objects.filter(fy=fy, bp=OuterRef("bp"), office=OuterRef("office"))
    rows = (
        KeyAccount.objects.for_user(user)
        .filter(fy=fy)
        .annotate(
            is_confirmed=Exists(same.filter(status=AssessmentStatus.CONFIRMED)),
            is_assessed=Exists(same),
        )
        .values("owner_area_id")
        .annotate(
            total=Count("id"),
            confirmed=Count("id", filter=Q(is_confirmed=True)),
            assessed=Count("id", filter=Q(is_assessed=True)),
        )
        .order_by()
    )
    data = {r["owner_area_id"]: r for r in rows}
    areas = OrgUnit.objects.for_user(user).filter(kind=OrgUnitKind.AREA)
    wanted = set(areas.values_list("id", flat=True)) | set(data)
    units = OrgUnit.objects.in_bulk(wanted)
    out = [
        Completion(
            unit,
            data.get(pk, {}).get("total", 0),
            data.get(pk, {}).get("confirmed", 0),
            data.get(pk, {}).get("assessed", 0),
        )
        for pk, unit in units.items()
    ]
    return sorted(out, key=lambda c: (c.unit.is_hq, c.unit.path))


# -- customer page -----------------------------------------------------------------------


@dataclass
class AssessLink:
    office: OrgUnit
    fy: int
    url: str


def customer_risk(bp, user: User) -> dict[str, Any]:
    """The customer page's risk block: the BP's assessments in scope, newest year first,
    and one "assess" link per key-account office (its newest key-account year)."""
    assessments = list(
        RiskAssessment.objects.for_user(user)
        .filter(bp=bp)
        .select_related("office")
        .order_by("-fy", "office__path")
    )
    links: list[AssessLink] = []
    if can_assess(user):
        seen: set[int] = set()
        kas = KeyAccount.objects.for_user(user).filter(bp=bp).select_related("office")
        for ka in kas.order_by("-fy", "office__path"):
            if ka.office_id in seen:
                continue
            seen.add(ka.office_id)
            url = reverse("risk:assess", args=[bp.pk]) + f"?office={ka.office_id}&fy={ka.fy}"
            links.append(AssessLink(ka.office, ka.fy, url))
    return {"assessments": assessments, "assess_links": links}
