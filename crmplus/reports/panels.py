"""The dashboard panels of the reports app itself: segment mix and risk heat map.

Registered like every other app's panels (crmplus.core.extensions), so they get the
same error isolation. Each reads only what the request's user sees (`for_user`), then
narrows to the dashboard's unit.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crmplus.core.extensions import DashboardScope
from crmplus.core.models import OrgUnit
from crmplus.reports.charts import Bar, Series, bar_chart, stacked_bar

SEGMENT_COLORS = {
    "strategic": "#5b2a86",
    "star": "#f2a900",
    "status": "#1565c0",
    "streamline": "#2e7d32",
}
# Units drawn in the per-unit chart; the rest are summed up in a note.
MAX_CHILDREN = 20


@dataclass
class MixRow:
    unit: OrgUnit | None
    counts: Counter = field(default_factory=Counter)
    supplements: int = 0
    runs: set = field(default_factory=set)
    links: dict = field(default_factory=dict)  # segment (or "total", "supplement") -> url
    cells: list = field(default_factory=list)  # (segment, n, url) in segment order

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _accounts_url(runs: set, fy: int, **params) -> str:
    """The run's account list with the filters when one run holds the accounts; else the
    key-account home of the year (its matrix has a number per area and segment)."""
    if len(runs) == 1:
        run_id = next(iter(runs))
        query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
        url = reverse("keyaccounts:accounts", args=[run_id])
        return f"{url}?{query}" if query else url
    return reverse("keyaccounts:home") + f"?fy={fy}"


def _link_row(row: MixRow, fy: int, segments: list[str], **where) -> None:
    for s in segments:
        if row.counts[s]:
            row.links[s] = _accounts_url(row.runs, fy, segment=s, **where)
    if row.supplements:
        row.links["supplement"] = _accounts_url(
            row.runs, fy, segment="status", supplement="yes", **where
        )
    if row.total:
        row.links["total"] = _accounts_url(row.runs, fy, **where)
    row.cells = [(s, row.counts[s], row.links.get(s, "")) for s in segments]


def segment_mix(request, scope: DashboardScope) -> dict:
    from crmplus.keyaccounts.models import SEGMENT_ORDER, KeyAccount, Segment

    qs = KeyAccount.objects.for_user(request.user).filter(fy=scope.fy)
    unit = scope.unit
    split = "owner_area_id"
    if scope.level == "office":
        qs, split = qs.filter(office=unit), None
    elif scope.level == "area":
        qs, split = qs.filter(owner_area=unit), "office_id"
    elif scope.level == "region":
        qs = qs.filter(owner_area__in=scope.unit_ids)
    fields = ["segment", "supplement"] + ([split] if split else [])
    rows = qs.values(*fields, run=F("source_list__run_id")).annotate(n=Count("id")).order_by()
    total = MixRow(unit)
    children: dict[int, MixRow] = defaultdict(lambda: MixRow(None))
    for r in rows:
        targets = [total] + ([children[r[split]]] if split else [])
        for t in targets:
            t.counts[r["segment"]] += r["n"]
            t.runs.add(r["run"])
            if r["supplement"] and r["segment"] == Segment.STATUS:
                t.supplements += r["n"]
    where: dict = {}
    if scope.level == "office":
        where = {"office": unit.pk}
    elif scope.level == "area":
        where = {"area": unit.pk}
    if scope.level == "region":
        # No list filter covers a region: its numbers open the year's matrix by area.
        total.runs = set()
    _link_row(total, scope.fy, SEGMENT_ORDER, **where)
    units = OrgUnit.objects.in_bulk(list(children))
    child_rows = []
    for unit_id, row in children.items():
        row.unit = units[unit_id]
        if scope.level == "area":
            _link_row(row, scope.fy, SEGMENT_ORDER, area=unit.pk, office=unit_id)
        else:
            _link_row(row, scope.fy, SEGMENT_ORDER, area=unit_id)
        child_rows.append(row)
    if scope.level == "area":
        child_rows.sort(key=lambda r: (-r.total, r.unit.path))
    else:
        child_rows.sort(key=lambda r: (r.unit.is_hq, r.unit.path))
    shown, rest = child_rows[:MAX_CHILDREN], child_rows[MAX_CHILDREN:]
    labels = {s.value: s.label for s in Segment}
    chart = ""
    if shown:
        chart = stacked_bar(
            [
                f"{r.unit.code} {r.unit.name}" if scope.level != "area" else r.unit.name
                for r in shown
            ],
            [
                Series(
                    labels[s],
                    [r.counts[s] for r in shown],
                    SEGMENT_COLORS[s],
                    [r.links.get(s, "") for r in shown],
                )
                for s in SEGMENT_ORDER
            ],
            label=str(_("Key accounts by segment")),
            width=560,
        )
    elif total.total:
        chart = bar_chart(
            [
                Bar(labels[s], total.counts[s], total.links.get(s, ""), SEGMENT_COLORS[s])
                for s in SEGMENT_ORDER
            ],
            label=str(_("Key accounts by segment")),
            width=560,
        )
    return {
        "total": total,
        "segments": [(s, labels[s], SEGMENT_COLORS[s]) for s in SEGMENT_ORDER],
        "children": shown,
        "more": len(rest),
        "more_total": sum(r.total for r in rest),
        "chart": chart,
        "scope": scope,
        "child_level": scope.level,
    }


def render_segment_mix(request, scope: DashboardScope) -> str:
    context = segment_mix(request, scope)
    return render_to_string("reports/panels/segment_mix.html", context, request=request)


def render_risk_heat(request, scope: DashboardScope) -> str:
    from crmplus.risk.selectors import heat_map, list_url

    unit = scope.unit  # None: the whole country (the user's scope)
    heat = heat_map(user=request.user, fy=scope.fy, unit=unit)
    context = {
        "heat": heat,
        "scope": scope,
        "list_url": list_url(fy=scope.fy, unit=unit.pk if unit else None),
        "risk_url": reverse("risk:home")
        + "?"
        + urlencode({"fy": scope.fy, **({"unit": unit.pk} if unit else {})}),
    }
    return render_to_string("reports/panels/risk_heat.html", context, request=request)


def register_panels() -> None:
    from crmplus.core.extensions import register_dashboard_panel

    register_dashboard_panel("segment_mix", _("Segment mix"), render_segment_mix, order=10)
    register_dashboard_panel("risk_heat", _("Risk heat map"), render_risk_heat, order=20)
