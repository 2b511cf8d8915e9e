"""Reads of the new-customer pipeline: the board, the list, the funnel, and what other
capabilities read from it (new connections for the key-account selection, competing
alternatives for the risk assessment of a converted customer)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.core.scoping import unit_ids_for
from crmplus.prospects.models import (
    AlternativeKind,
    AlternativeStatus,
    CompetitionAlternative,
    Prospect,
    ProspectSource,
    StageChange,
)
from crmplus.prospects.rules import (
    Funnel,
    PipelineRules,
    average_days_in_stage,
    funnel,
    stage_visits,
)
from crmplus.prospects.rules_settings import pipeline_for_fy

BOARD_COLUMN_LIMIT = 30
SORTS = {
    "company": ("company_name", "id"),
    "-company": ("-company_name", "-id"),
    "stage": ("stage_order", "company_name", "id"),
    "-stage": ("-stage_order", "company_name", "id"),
    "load": ("expected_load_kw", "id"),
    "-load": ("-expected_load_kw", "id"),
    "gm": ("expected_gm", "id"),
    "-gm": ("-expected_gm", "id"),
    "probability": ("probability", "id"),
    "-probability": ("-probability", "id"),
    "since": ("stage_entered_at", "id"),
    "-since": ("-stage_entered_at", "id"),
    "next": ("next_action_date", "id"),
    "-next": ("-next_action_date", "id"),
    "office": ("office__code", "company_name", "id"),
    "-office": ("-office__code", "company_name", "id"),
}
DEFAULT_SORT = "-gm"


@dataclass
class ProspectFilters:
    q: str = ""
    stage: str = ""
    area: OrgUnit | None = None
    office: OrgUnit | None = None
    source: str = ""
    stalled: bool | None = None
    status: str = ""  # "", "open", "converted"
    mine: bool = False
    sort: str = DEFAULT_SORT


def stall_cutoffs(rules: PipelineRules, today: dt.date) -> dict[str, dt.datetime]:
    """Per stage with a threshold: a prospect that entered it before this moment is
    stalled (the same day arithmetic as rules.is_stalled, in local time)."""
    tz = timezone.get_current_timezone()
    return {
        s.key: dt.datetime.combine(today - dt.timedelta(days=s.stall_days), dt.time.min, tz)
        for s in rules.stages
        if s.stall_days > 0
    }


def stalled_q(rules: PipelineRules, today: dt.date | None = None) -> Q:
    today = today or timezone.localdate()
    q = Q(pk__in=[])
    for key, cutoff in stall_cutoffs(rules, today).items():
        q |= Q(stage=key, stage_entered_at__lt=cutoff)
    return q


def annotate_pipeline(qs: QuerySet, rules: PipelineRules, today: dt.date | None = None):
    """Add `is_stalled` and `stage_order` (the stage's place in the pipeline)."""
    order = Case(
        *[When(stage=key, then=Value(n)) for n, key in enumerate(rules.keys)],
        default=Value(-1),
        output_field=IntegerField(),
    )
    stalled = Case(
        When(stalled_q(rules, today), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return qs.annotate(stage_order=order, is_stalled=stalled)


def scoped(user: User) -> QuerySet:
    return Prospect.objects.for_user(user)


def filtered(user: User, filters: ProspectFilters, rules: PipelineRules) -> QuerySet:
    qs = scoped(user).select_related("office", "area", "responsible", "industrial_estate", "bp")
    q = (filters.q or "").strip()
    if q:
        qs = qs.filter(
            Q(company_name__icontains=q)
            | Q(company_name_en__icontains=q)
            | Q(reference__icontains=q)
            | Q(tax_id__startswith=q)
            | Q(province__icontains=q)
            | Q(industrial_estate__name_th__icontains=q)
        )
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    unit = filters.office or filters.area
    if unit is not None:
        qs = qs.filter(office__path__startswith=unit.path)
    if filters.source in ProspectSource.values:
        qs = qs.filter(source=filters.source)
    if filters.stalled is True:
        qs = qs.filter(stalled_q(rules))
    elif filters.stalled is False:
        qs = qs.exclude(stalled_q(rules))
    if filters.status == "open":
        qs = qs.filter(bp__isnull=True)
    elif filters.status == "converted":
        qs = qs.filter(bp__isnull=False)
    if filters.mine:
        qs = qs.filter(responsible=user)
    return annotate_pipeline(qs, rules)


def prospect_list(*, user: User, filters: ProspectFilters, rules: PipelineRules | None = None):
    rules = rules or pipeline_for_fy()
    qs = filtered(user, filters, rules)
    return qs.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


@dataclass
class Column:
    key: str
    label: str
    probability: int
    stall_days: int
    count: int = 0
    stalled: int = 0
    load_kw: Decimal = Decimal(0)
    gm: Decimal = Decimal(0)
    cards: list[Prospect] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


def board(
    *, user: User, filters: ProspectFilters, lang: str, rules: PipelineRules | None = None
) -> list[Column]:
    """One column per stage: totals over every matching prospect, and the first cards
    (stalled first, then the largest expected GM)."""
    rules = rules or pipeline_for_fy()
    qs = filtered(user, ProspectFilters(**{**filters.__dict__, "stage": ""}), rules)
    columns = {
        s.key: Column(s.key, s.label(lang), s.probability, s.stall_days) for s in rules.stages
    }
    totals = qs.order_by().values("stage", "is_stalled").annotate(n=Count("id"))
    for row in totals:
        col = columns.get(row["stage"])
        if col is None:
            continue
        col.count += row["n"]
        if row["is_stalled"]:
            col.stalled += row["n"]
    for row in (
        qs.order_by().values("stage").annotate(kw=Sum("expected_load_kw"), gm=Sum("expected_gm"))
    ):
        col = columns.get(row["stage"])
        if col is not None:
            col.load_kw = row["kw"] or Decimal(0)
            col.gm = row["gm"] or Decimal(0)
    for col in columns.values():
        if col.count:
            col.cards = list(
                qs.filter(stage=col.key).order_by("-is_stalled", "-expected_gm", "id")[
                    :BOARD_COLUMN_LIMIT
                ]
            )
    return list(columns.values())


# -- funnel ------------------------------------------------------------------------------


@dataclass
class AreaFunnel:
    area: OrgUnit | None
    funnel: Funnel

    @property
    def load_mw(self) -> Decimal:
        return sum((r.load_mw for r in self.funnel.rows), Decimal(0))

    @property
    def gm(self) -> Decimal:
        return sum((r.gm for r in self.funnel.rows), Decimal(0))

    @property
    def stalled(self) -> int:
        return sum(r.stalled for r in self.funnel.rows)


def _funnel_of(qs: QuerySet, rules: PipelineRules, now: dt.datetime) -> Funnel:
    today = timezone.localdate(now)
    rows = [
        {
            "stage": stage,
            "entered": timezone.localdate(entered),
            "load_kw": kw,
            "gm": gm,
            "probability": prob,
            "converted": bp is not None,
        }
        for stage, entered, kw, gm, prob, bp in qs.values_list(
            "stage", "stage_entered_at", "expected_load_kw", "expected_gm", "probability", "bp_id"
        )
    ]
    changes = StageChange.objects.filter(prospect__in=qs.values("pk")).values_list(
        "prospect_id", "from_stage", "to_stage", "at"
    )
    avg = average_days_in_stage(stage_visits(changes), now)
    return funnel(rules, rows, avg_days=avg, today=today)


def funnel_report(
    *,
    user: User,
    filters: ProspectFilters,
    rules: PipelineRules | None = None,
    now: dt.datetime | None = None,
) -> tuple[AreaFunnel, list[AreaFunnel]]:
    """The funnel over every prospect matching `filters`, and one per area in scope."""
    rules = rules or pipeline_for_fy()
    now = now or timezone.now()
    base = filtered(
        user, ProspectFilters(**{**filters.__dict__, "stage": "", "stalled": None}), rules
    )
    total = AreaFunnel(None, _funnel_of(base, rules, now))
    area_ids = base.order_by().values_list("area_id", flat=True).distinct()
    areas = OrgUnit.objects.filter(pk__in=list(area_ids)).order_by("code")
    per_area = [AreaFunnel(a, _funnel_of(base.filter(area=a), rules, now)) for a in areas]
    if base.filter(area__isnull=True).exists():
        per_area.append(AreaFunnel(None, _funnel_of(base.filter(area__isnull=True), rules, now)))
    return total, per_area


# -- dashboard ---------------------------------------------------------------------------


def dashboard_summary(unit_ids, *, rules: PipelineRules | None = None) -> dict[str, Any]:
    """Counts and totals per stage over the prospects of these units (the dashboard)."""
    rules = rules or pipeline_for_fy()
    qs = Prospect.objects.all()
    if unit_ids is not None:
        qs = qs.filter(office__in=unit_ids)
    qs = annotate_pipeline(qs, rules)
    by_stage = {
        r["stage"]: r
        for r in qs.order_by()
        .values("stage")
        .annotate(n=Count("id"), kw=Sum("expected_load_kw"), gm=Sum("expected_gm"))
    }
    stalled = qs.filter(is_stalled=True).count()
    return {"rules": rules, "by_stage": by_stage, "stalled": stalled, "total": qs.count()}


# -- what other capabilities read --------------------------------------------------------


def new_connections(*, fy: int, unit_ids: list[int] | None = None) -> QuerySet:
    """Prospects converted to customers and proposed for the key-account selection of
    fiscal year `fy` (the first selection after their connection: they have no billing
    year yet, so the HVC list cannot rank them). For the selection screen to list."""
    qs = Prospect.objects.filter(bp__isnull=False, proposed_ka_fy=fy).select_related(
        "bp", "ca", "office", "area"
    )
    if unit_ids is not None:
        qs = qs.filter(Q(office__in=unit_ids) | Q(ca__office__in=unit_ids))
    return qs.order_by("-expected_gm", "id")


# Self-generation alternatives as the Risk Assessment Matrix's default `self_generation`
# options (1 none, 3 under study, 4 planned or contracted, 5 installed).
SELF_GENERATION_SCORE = {
    AlternativeStatus.CONSIDERING: 3,
    AlternativeStatus.OFFER_RECEIVED: 3,
    AlternativeStatus.CONTRACTED: 4,
    AlternativeStatus.INSTALLED: 5,
}


@dataclass(frozen=True)
class RiskInputs:
    """Pre-filled factor values and evidence notes for a converted customer's risk
    assessment, keyed by the default matrix's factor keys (a matrix without one of these
    keys simply ignores it)."""

    values: dict[str, Any]
    notes: dict[str, str]
    prospect_id: int


def _alt_line(a: CompetitionAlternative, lang: str) -> str:
    parts = [str(a.get_kind_display())]
    if a.provider:
        parts.append(a.provider)
    if a.capacity_mw is not None:
        parts.append(f"{a.capacity_mw.normalize():f} MW")
    if a.offered_price is not None:
        parts.append(f"{a.offered_price.normalize():f} {'บาท/kWh' if lang == 'th' else 'baht/kWh'}")
    if a.discount_pct is not None:
        parts.append(f"-{a.discount_pct.normalize():f}%")
    parts.append(str(a.get_status_display()))
    return ", ".join(parts)


def risk_inputs_for_bp(bp, *, lang: str = "th") -> RiskInputs | None:
    """What the new-customer pipeline knows about the risk of losing this customer: the
    SPP and self-generation alternatives it considered as a prospect, its expected load
    and GM. None when the BP did not come through the pipeline."""
    prospect = (
        Prospect.objects.filter(bp=bp).order_by("-converted_at").first() if bp is not None else None
    )
    if prospect is None:
        return None
    alts = [
        a
        for a in prospect.alternatives.all().order_by("id")
        if a.status != AlternativeStatus.DECLINED
    ]
    values: dict[str, Any] = {}
    notes: dict[str, str] = {}
    spp = [a for a in alts if a.kind == AlternativeKind.SPP]
    own = [a for a in alts if a.kind in (AlternativeKind.SOLAR, AlternativeKind.COGENERATION)]
    values["spp_offer"] = bool(spp)
    if spp:
        notes["spp_offer"] = "; ".join(_alt_line(a, lang) for a in spp)
    if own:
        values["self_generation"] = max(SELF_GENERATION_SCORE[a.status] for a in own)
        notes["self_generation"] = "; ".join(_alt_line(a, lang) for a in own)
    if prospect.expected_gm:
        values["yearly_gm"] = float(prospect.expected_gm)
    if prospect.expected_load_kw:
        values["load_mw"] = float((prospect.expected_load_kw / 1000).quantize(Decimal("0.001")))
    return RiskInputs(values=values, notes=notes, prospect_id=prospect.pk)


def scope_areas(user: User) -> QuerySet:
    return OrgUnit.objects.for_user(user).filter(kind=OrgUnitKind.AREA, is_active=True)


def unit_ids(user: User):
    return unit_ids_for(user)
