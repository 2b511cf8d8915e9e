"""Reads of the social-media CRM: the filtered inbox and the dashboard figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.social.models import Case, CaseStatus, Category, Channel
from crmplus.social.sla import Timer, minutes_between, timer

NOT_SET = _("Not categorised")
# "key" sorts ascending and "-key" descending, as the ▲/▼ of the column headers say.
SORTS = {
    "-last": ("-last_message_at", "-id"),
    "last": ("last_message_at", "id"),
    "opened": ("opened_at", "id"),
    "-opened": ("-opened_at", "-id"),
    "due": ("resolution_due", "id"),
    "-due": ("-resolution_due", "-id"),
    "ref": ("id",),
    "-ref": ("-id",),
}


@dataclass
class CaseFilters:
    channel: str = ""
    status: str = "active"  # "active" = not closed; "" = all
    category: str = ""  # "none" = not categorised yet
    unit: OrgUnit | None = None  # an office, an area, or a triage unit
    triage: bool = False  # only unassigned cases
    breached: bool = False
    q: str = ""
    sort: str = "-last"  # newest message first
    extra: dict = field(default_factory=dict)


def case_list(*, user: User, filters: CaseFilters) -> QuerySet[Case]:
    qs = Case.objects.for_user(user).select_related("identity", "unit", "ca")
    if filters.channel in Channel.values:
        qs = qs.filter(channel=filters.channel)
    if filters.status == "active":
        qs = qs.open()
    elif filters.status in CaseStatus.values:
        qs = qs.filter(status=filters.status)
    if filters.category == "none":
        qs = qs.filter(category="")
    elif filters.category in Category.values:
        qs = qs.filter(category=filters.category)
    if filters.unit is not None:
        qs = qs.filter(unit__path__startswith=filters.unit.path)
    if filters.triage:
        qs = qs.exclude(unit__kind=OrgUnitKind.OFFICE)
    if filters.breached:
        qs = qs.breached()
    q = filters.q.strip()
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        cond = Q(identity__display_name__icontains=q) | Q(messages__text__icontains=q)
        if q.upper().startswith("SC") and digits:
            cond |= Q(pk=int(digits[:12]))
        elif digits and len(digits) >= 4:
            cond |= Q(ca__ca_number__startswith=digits)
        qs = qs.filter(pk__in=Case.objects.filter(cond).values("pk"))
    return qs.order_by(*SORTS.get(filters.sort, SORTS["-last"]))


def case_timers(case: Case, now: dt.datetime | None = None) -> tuple[Timer, Timer]:
    now = now or timezone.now()
    return (
        timer(case.first_response_due, case.first_response_at, now),
        timer(case.resolution_due, case.closed_at, now),
    )


def scope_units(user: User) -> QuerySet[OrgUnit]:
    """Units offered in filters: areas and triage units (HQ), then offices with cases."""
    return (
        OrgUnit.objects.for_user(user)
        .filter(
            Q(kind__in=[OrgUnitKind.HQ, OrgUnitKind.AREA])
            | Q(pk__in=Case.objects.for_user(user).values("unit_id"))
        )
        .order_by("path")
    )


# -- dashboard ---------------------------------------------------------------------------


@dataclass
class SlaFigure:
    done: int = 0
    within: int = 0
    avg_minutes: float | None = None

    @property
    def avg_hours(self) -> float | None:
        return None if self.avg_minutes is None else round(self.avg_minutes / 60, 1)

    @property
    def pct(self) -> float | None:
        return round(100 * self.within / self.done, 1) if self.done else None


@dataclass
class Dashboard:
    since: dt.datetime
    until: dt.datetime
    total: int
    by_channel: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_unit: list[tuple[OrgUnit, int]]
    first_response: SlaFigure
    resolution: SlaFigure
    first_response_by_category: list[tuple[str, SlaFigure, SlaFigure]]
    backlog: int
    backlog_new: int
    backlog_breached: int
    backlog_triage: int


def _figure(rows: list[tuple[dt.datetime, dt.datetime | None, dt.datetime]]) -> SlaFigure:
    done = [(start, end, due) for start, end, due in rows if end is not None]
    if not done:
        return SlaFigure()
    within = sum(1 for _s, end, due in done if end <= due)
    avg = sum(minutes_between(s, e) for s, e, _d in done) / len(done)
    return SlaFigure(done=len(done), within=within, avg_minutes=round(avg, 1))


def dashboard(
    *, cases: QuerySet[Case], since: dt.datetime, until: dt.datetime, top_units: int = 15
) -> Dashboard:
    """Figures for cases opened in [since, until) among `cases` (already scoped)."""
    period = cases.filter(opened_at__gte=since, opened_at__lt=until)
    labels_ch = dict(Channel.choices)
    labels_cat = dict(Category.choices)
    by_channel = [
        (str(labels_ch.get(r["channel"], r["channel"])), r["n"])
        for r in period.values("channel").annotate(n=Count("id")).order_by("-n", "channel")
    ]
    by_category = [
        (str(labels_cat.get(r["category"], r["category"]) if r["category"] else NOT_SET), r["n"])
        for r in period.values("category").annotate(n=Count("id")).order_by("-n", "category")
    ]
    unit_rows = list(
        period.values("unit").annotate(n=Count("id")).order_by("-n", "unit")[:top_units]
    )
    units = OrgUnit.objects.in_bulk([r["unit"] for r in unit_rows])
    by_unit = [(units[r["unit"]], r["n"]) for r in unit_rows if r["unit"] in units]
    rows = list(
        period.values_list(
            "category", "opened_at", "first_response_at", "first_response_due",
            "closed_at", "resolution_due",
        )
    )  # fmt: skip
    first = _figure([(o, fr, frd) for _c, o, fr, frd, _cl, _rd in rows])
    resolution = _figure([(o, cl, rd) for _c, o, _fr, _frd, cl, rd in rows])
    per_category = []
    for value, label in Category.choices:
        sub = [r for r in rows if r[0] == value]
        if sub:
            per_category.append(
                (
                    str(label),
                    _figure([(o, fr, frd) for _c, o, fr, frd, _cl, _rd in sub]),
                    _figure([(o, cl, rd) for _c, o, _fr, _frd, cl, rd in sub]),
                )
            )
    now = timezone.now()
    backlog = cases.open()
    return Dashboard(
        since=since,
        until=until,
        total=len(rows),
        by_channel=by_channel,
        by_category=by_category,
        by_unit=by_unit,
        first_response=first,
        resolution=resolution,
        first_response_by_category=per_category,
        backlog=backlog.count(),
        backlog_new=backlog.filter(status=CaseStatus.NEW).count(),
        backlog_breached=backlog.filter(
            Q(first_response_at__isnull=True, first_response_due__lt=now)
            | Q(resolution_due__lt=now)
            | Q(first_response_at__gt=F("first_response_due"))
        ).count(),
        backlog_triage=backlog.exclude(unit__kind=OrgUnitKind.OFFICE).count(),
    )
