"""Reads of the key-account screens: matrices, filtered lists, comparisons, rule tables.

Every read that a request makes starts from `Model.objects.for_user(user)`: a run is
national, but what it shows inside (accounts, offices, lists) is the user's scope.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Case, CharField, Count, F, Q, QuerySet, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from crmplus.billing.models import BillingExtract
from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import OrgUnit, OrgUnitKind, SettingValue, User
from crmplus.core.scoping import unit_ids_for
from crmplus.keyaccounts import services
from crmplus.keyaccounts.models import (
    SEGMENT_ORDER,
    Candidate,
    KeyAccount,
    OfficeResult,
    ProposedList,
    RunStatus,
    Segment,
    SelectionRun,
)
from crmplus.keyaccounts.rules_settings import LABELS, PREFIX

# ---------------------------------------------------------------------------
# Who may do what: the services decide; these only choose which buttons to show.


def can_start_run(user: User) -> bool:
    """Any run (official or what-if draft)."""
    return user.can_write and user.role in services.DRAFT_ROLES


def can_start_official_run(user: User) -> bool:
    return user.can_write and user.role in services.RUN_ROLES


def list_for(candidate: Candidate) -> ProposedList | None:
    return ProposedList.objects.filter(
        run_id=candidate.run_id, unit_id=candidate.owner_area_id
    ).first()


def can_override(user: User, candidate: Candidate, plist: ProposedList | None) -> bool:
    if not user.can_write or user.role not in services.OVERRIDE_ROLES:
        return False
    ids = unit_ids_for(user)
    if ids is not None and candidate.owner_id not in ids:
        return False
    run = candidate.run
    if run.is_draft or run.status != RunStatus.DONE:
        return False
    return plist is None or plist.status in services.EDITABLE_LIST


def can_submit(user: User, plist: ProposedList) -> bool:
    run = plist.run
    return (
        user.can_write
        and user.role in services.SUBMIT_ROLES
        and not run.is_draft
        and run.status == RunStatus.DONE
        and plist.status in services.EDITABLE_LIST
    )


# ---------------------------------------------------------------------------
# Segment matrices (run page, home page)


def with_final_segment(qs: QuerySet) -> QuerySet:
    """Annotate `final`: the proposed override, else the computed segment."""
    return qs.annotate(
        final=Case(
            When(override_segment="", then=F("segment")),
            default=F("override_segment"),
            output_field=CharField(),
        )
    )


@dataclass
class Cell:
    n: int
    url: str | None


@dataclass
class MatrixRow:
    unit: OrgUnit | None  # None: the total row
    counts: dict[str, int] = field(default_factory=Counter)
    supplements: int = 0
    run_ids: set[int] = field(default_factory=set)
    cells: list[Cell] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def is_hq(self) -> bool:
        return self.unit is not None and self.unit.is_hq


def accounts_url(run_id: int | None, **params: Any) -> str | None:
    if run_id is None:
        return None
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    url = reverse("keyaccounts:accounts", args=[run_id])
    return f"{url}?{query}" if query else url


def _matrix(rows: list[dict], user: User, *, run_id: int | None = None) -> list[MatrixRow]:
    """Rows of (owner_area_id, segment, supplement, n[, run_id]) as area rows, HQ, total.

    Every area in the user's scope gets a row, even with no account: a zero is news too.
    """
    by_area: dict[int, MatrixRow] = {}
    areas = OrgUnit.objects.for_user(user).filter(kind=OrgUnitKind.AREA)
    wanted = set(areas.values_list("id", flat=True)) | {r["owner_area_id"] for r in rows}
    units = OrgUnit.objects.in_bulk(wanted)
    for unit_id, unit in units.items():
        by_area[unit_id] = MatrixRow(unit=unit)
    total = MatrixRow(unit=None)
    for r in rows:
        row = by_area[r["owner_area_id"]]
        for target in (row, total):
            target.counts[r["segment"]] += r["n"]
            if r["supplement"] and r["segment"] == Segment.STATUS:
                target.supplements += r["n"]
            target.run_ids.add(r.get("run_id", run_id))
    ordered = sorted(by_area.values(), key=lambda m: (m.is_hq, m.unit.path))
    for row in [*ordered, total]:
        single = next(iter(row.run_ids)) if len(row.run_ids) == 1 else None
        rid = run_id if run_id is not None else single
        area = row.unit.pk if row.unit else None
        row.cells = [
            Cell(row.counts[s], accounts_url(rid, area=area, segment=s) if row.counts[s] else None)
            for s in SEGMENT_ORDER
        ]
        # "of which supplement" sits right after Status.
        row.cells.insert(
            3,
            Cell(
                row.supplements,
                accounts_url(rid, area=area, segment=Segment.STATUS, supplement="yes")
                if row.supplements
                else None,
            ),
        )
        row.cells.append(Cell(row.total, accounts_url(rid, area=area) if row.total else None))
    return [*ordered, total]


def run_matrix(run: SelectionRun, user: User) -> list[MatrixRow]:
    rows = (
        with_final_segment(Candidate.objects.for_user(user).filter(run=run))
        .values("owner_area_id", "final", "supplement")
        .annotate(n=Count("id"))
        .order_by()
    )
    data = [{**r, "segment": r["final"]} for r in rows]
    return _matrix(data, user, run_id=run.pk)


def approved_matrix(fy: int, user: User) -> list[MatrixRow]:
    rows = (
        KeyAccount.objects.for_user(user)
        .filter(fy=fy)
        .values("owner_area_id", "segment", "supplement", run_id=F("source_list__run_id"))
        .annotate(n=Count("id"))
        .order_by()
    )
    return _matrix(list(rows), user)


def approved_fys(user: User) -> list[int]:
    return sorted(
        set(KeyAccount.objects.for_user(user).values_list("fy", flat=True).distinct()),
        reverse=True,
    )


def home_fy_choices(user: User) -> tuple[int, list[int]]:
    """The default fiscal year of the home page and the years to choose from."""
    approved = approved_fys(user)
    current = fiscal_year(timezone.localdate())
    runs = set(SelectionRun.objects.values_list("fy", flat=True).distinct())
    default = approved[0] if approved else current
    years = sorted(set(approved) | runs | {current, current + 1}, reverse=True)
    return default, years


# ---------------------------------------------------------------------------
# Account list of a run

CANDIDATE_SORTS = {
    "rank": (F("rank").asc(nulls_last=True), "-pooled_gm", "id"),
    "-rank": (F("rank").desc(nulls_last=True), "pooled_gm", "-id"),
    "pooled_gm": ("pooled_gm", "id"),
    "-pooled_gm": ("-pooled_gm", "-id"),
    "gm": ("gm", "id"),
    "-gm": ("-gm", "-id"),
    "points": ("points", "-pooled_gm", "id"),
    "-points": ("-points", "-pooled_gm", "id"),
    "attractiveness": (F("attractiveness").asc(nulls_last=True), "id"),
    "-attractiveness": (F("attractiveness").desc(nulls_last=True), "id"),
    "strength": (F("strength").asc(nulls_last=True), "id"),
    "-strength": (F("strength").desc(nulls_last=True), "id"),
}
DEFAULT_CANDIDATE_SORT = "rank"


@dataclass
class CandidateFilters:
    area: OrgUnit | None = None
    office: OrgUnit | None = None
    segment: str = ""
    supplement: str = ""  # "yes" / "no" / ""
    overridden: str = ""
    q: str = ""
    sort: str = DEFAULT_CANDIDATE_SORT


def candidate_list(*, run: SelectionRun, user: User, filters: CandidateFilters) -> QuerySet:
    qs = with_final_segment(Candidate.objects.for_user(user).filter(run=run)).select_related(
        "bp", "office"
    )
    if filters.area is not None:
        qs = qs.filter(owner_area=filters.area)
    if filters.office is not None:
        qs = qs.filter(office=filters.office)
    if filters.segment in Segment.values:
        qs = qs.filter(final=filters.segment)
    if filters.supplement in {"yes", "no"}:
        qs = qs.filter(supplement=filters.supplement == "yes")
    if filters.overridden == "yes":
        qs = qs.exclude(override_segment="")
    elif filters.overridden == "no":
        qs = qs.filter(override_segment="")
    q = (filters.q or "").strip()
    if q:
        qs = qs.filter(
            Q(bp_number__contains=q) | Q(bp__name_th__icontains=q) | Q(bp__name_en__icontains=q)
        )
    return qs.order_by(*CANDIDATE_SORTS.get(filters.sort, CANDIDATE_SORTS[DEFAULT_CANDIDATE_SORT]))


# ---------------------------------------------------------------------------
# Offices of a run

OFFICE_SORTS = {
    "office": ("office__path",),
    "-office": ("-office__path",),
    "points": ("points", "office__path"),
    "-points": ("-points", "office__path"),
}
DEFAULT_OFFICE_SORT = "office"


def office_results(
    *, run: SelectionRun, user: User, status: str = "", area: OrgUnit | None = None, sort: str = ""
) -> QuerySet:
    qs = OfficeResult.objects.for_user(user).filter(run=run).select_related("office", "area")
    if status in OfficeResult.Status.values:
        qs = qs.filter(status=status)
    if area is not None:
        qs = qs.filter(area=area)
    return qs.order_by(*OFFICE_SORTS.get(sort, OFFICE_SORTS[DEFAULT_OFFICE_SORT]))


def office_status_counts(run: SelectionRun, user: User) -> list[tuple[str, str, int]]:
    """(status, label, count) for the statuses present, in the model's order."""
    counts = dict(
        OfficeResult.objects.for_user(user)
        .filter(run=run)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(s.value, s.label, counts[s.value]) for s in OfficeResult.Status if counts.get(s.value)]


# ---------------------------------------------------------------------------
# Lists


def list_segment_counts(plist: ProposedList) -> dict[str, Any]:
    rows = with_final_segment(plist.candidates()).values_list("final", "supplement", "bp_id")
    counts: Counter = Counter()
    supplements = missing = 0
    for final, supplement, bp_id in rows:
        counts[final] += 1
        supplements += bool(supplement and final == Segment.STATUS)
        missing += bp_id is None
    return {
        "segments": [(s, Segment(s).label, counts[s]) for s in SEGMENT_ORDER],
        "supplements": supplements,
        "total": sum(counts.values()),
        "not_in_registry": missing,
    }


# ---------------------------------------------------------------------------
# Comparing two runs (the what-if screen)

COMPARE_LIMIT = 500


@dataclass
class AccountDiff:
    bp_number: str
    name: str
    office: OrgUnit
    segment_from: str  # "" when entering
    segment_to: str  # "" when leaving
    pooled_gm: Decimal | None
    url: str


@dataclass
class OfficeDiff:
    office: OrgUnit
    points_from: float | None
    points_to: float | None
    status_from: str
    status_to: str

    @property
    def delta(self) -> float:
        return (self.points_to or 0) - (self.points_from or 0)


@dataclass
class RunComparison:
    run: SelectionRun
    other: SelectionRun
    entering: list[AccountDiff]
    leaving: list[AccountDiff]
    changing: list[AccountDiff]
    offices: list[OfficeDiff]
    limit: int = COMPARE_LIMIT

    @property
    def counts(self) -> dict[str, int]:
        return {
            "entering": len(self.entering),
            "leaving": len(self.leaving),
            "changing": len(self.changing),
            "offices": len(self.offices),
        }


def _accounts_of(run: SelectionRun, user: User) -> dict[tuple[str, int], dict]:
    rows = (
        with_final_segment(Candidate.objects.for_user(user).filter(run=run))
        .values("id", "bp_number", "office_id", "final", "pooled_gm", "bp__name_th", "bp__name_en")
        .order_by()
    )
    return {(r["bp_number"], r["office_id"]): r for r in rows}


def _name(row: dict) -> str:
    if get_language() == "en" and row["bp__name_en"]:
        return row["bp__name_en"]
    return row["bp__name_th"] or ""


def compare_runs(run: SelectionRun, other: SelectionRun, user: User) -> RunComparison:
    """What changes from `other` to `run`, in the user's scope: accounts that enter,
    leave or change segment, and offices whose points change."""
    now, before = _accounts_of(run, user), _accounts_of(other, user)
    offices_ids = {k[1] for k in now} | {k[1] for k in before}
    now_offices = {
        o.office_id: o for o in OfficeResult.objects.for_user(user).filter(run=run).order_by()
    }
    before_offices = {
        o.office_id: o for o in OfficeResult.objects.for_user(user).filter(run=other).order_by()
    }
    offices_ids |= set(now_offices) | set(before_offices)
    units = OrgUnit.objects.in_bulk(offices_ids)

    def diff(row: dict, run_id: int, seg_from: str, seg_to: str) -> AccountDiff:
        return AccountDiff(
            bp_number=row["bp_number"],
            name=_name(row),
            office=units[row["office_id"]],
            segment_from=seg_from,
            segment_to=seg_to,
            pooled_gm=row["pooled_gm"],
            url=reverse("keyaccounts:candidate", args=[run_id, row["id"]]),
        )

    def by_gm(d: AccountDiff):
        return (-(d.pooled_gm or 0), d.bp_number)

    entering = sorted(
        (diff(r, run.pk, "", r["final"]) for k, r in now.items() if k not in before), key=by_gm
    )
    leaving = sorted(
        (diff(r, other.pk, r["final"], "") for k, r in before.items() if k not in now), key=by_gm
    )
    changing = sorted(
        (
            diff(r, run.pk, before[k]["final"], r["final"])
            for k, r in now.items()
            if k in before and before[k]["final"] != r["final"]
        ),
        key=by_gm,
    )
    offices = []
    for office_id in set(now_offices) | set(before_offices):
        a, b = before_offices.get(office_id), now_offices.get(office_id)
        if a is not None and b is not None and a.points == b.points:
            continue
        offices.append(
            OfficeDiff(
                office=units[office_id],
                points_from=a.points if a else None,
                points_to=b.points if b else None,
                status_from=a.get_status_display() if a else "",
                status_to=b.get_status_display() if b else "",
            )
        )
    offices.sort(key=lambda d: (-abs(d.delta), d.office.path))
    return RunComparison(run, other, entering, leaving, changing, offices)


# ---------------------------------------------------------------------------
# Customer page


def key_account_status(bp, user: User | None = None) -> list[KeyAccount]:
    """The BP's approved key-account status per year and office, latest year first
    (only the offices in `user`'s scope when a user is given)."""
    qs = KeyAccount.objects.for_user(user) if user is not None else KeyAccount.objects.all()
    return list(
        qs.filter(bp=bp)
        .select_related("office", "source_list")
        .order_by("-fy", "office__path", "pk")
    )


# ---------------------------------------------------------------------------
# Rules and extracts


def extracts_for_runs(user: User) -> QuerySet:
    """Extracts a user may start a run on. HQ sees every extract; an area admin (what-if
    drafts) those the official runs used, whose names every runs list shows anyway:
    billing data itself stays HQ's (BillingExtract.objects.for_user)."""
    if unit_ids_for(user) is None:
        return BillingExtract.objects.for_user(user).order_by("-fy", "-pk")
    used = SelectionRun.objects.filter(is_draft=False).values("extract_id")
    return BillingExtract.objects.filter(pk__in=used).order_by("-fy", "-pk")


def rules_sources(fy: int) -> dict[str, int | None]:
    """For each rule, the fiscal year of the setting in force (None: the code default)."""
    found: dict[str, int | None] = {}
    rows = (
        SettingValue.objects.filter(key__startswith=PREFIX, effective_fy__lte=fy)
        .order_by("key", "-effective_fy")
        .values_list("key", "effective_fy")
    )
    for key, effective in rows:
        found.setdefault(key[len(PREFIX) :], effective)
    return {name: found.get(name) for name in LABELS}
