"""Dashboard panel "seminar budget use": the scope's events of the fiscal year and
their money against the caps (a small HTML card)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.template.loader import render_to_string

from crmplus.core.extensions import DashboardScope
from crmplus.seminars.models import COMMITTED_STATUSES, BudgetLine, Event, EventStatus
from crmplus.seminars.rules import ZERO, CapLine, cap_check
from crmplus.seminars.rules_settings import rules_for_fy
from crmplus.seminars.selectors import _approved_prefetch, _cap_line, hq_year_used


def panel_data(scope: DashboardScope) -> dict:
    rules = rules_for_fy(scope.fy)
    events = list(
        Event.objects.filter(fy=scope.fy, unit_id__in=scope.unit_ids)
        .select_related("unit")
        .prefetch_related(
            Prefetch("lines", queryset=BudgetLine.objects.prefetch_related(_approved_prefetch()))
        )
    )
    committed = [e for e in events if e.status in COMMITTED_STATUSES]
    used = ZERO
    over = near = 0
    for event in committed:
        cap_lines: list[CapLine] = [_cap_line(ln) for ln in event.lines.all()]
        used += sum((c.amount for c in cap_lines), ZERO)
        check = cap_check(lines=cap_lines, event_cap=rules.event_cap).event
        if not check.ok:
            over += 1
        elif check.used >= rules.event_cap * 9 / 10:
            near += 1
    hq = None
    if scope.level == "nation" or (scope.unit is not None and scope.unit.is_hq):
        hq_used = hq_year_used(fy=scope.fy)
        hq = {"cap": rules.hq_year_cap, "used": hq_used, "room": rules.hq_year_cap - hq_used}
    return {
        "fy": scope.fy,
        "events": len(events),
        "committed": len(committed),
        "drafts": sum(1 for e in events if e.status == EventStatus.DRAFT),
        "used": used,
        "over": over,
        "near": near,
        "event_cap": rules.event_cap,
        "hq": hq,
    }


def budget_panel(request, scope: DashboardScope) -> str:
    return render_to_string("seminars/_dashboard_panel.html", panel_data(scope), request=request)
