"""The dashboard panel "Visits: plan vs actual" (register_dashboard_panel)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.template.loader import render_to_string

from crmplus.core.extensions import DashboardScope
from crmplus.engagement.rules import fy_month_start
from crmplus.engagement.selectors import visits_plan_vs_actual


def _month_end(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def visits_panel(request, scope: DashboardScope) -> str:
    unit_ids = None if scope.level == "nation" else list(scope.unit_ids)
    data = visits_plan_vs_actual(unit_ids=unit_ids, fy=scope.fy)
    peak = max([*data["planned"], *data["done"], 1])
    rows = []
    for i, (month, planned, done) in enumerate(data["rows"], start=1):
        first = fy_month_start(scope.fy, i)
        rows.append(
            {
                "month": month,
                "planned": planned,
                "done": done,
                "planned_width": round(planned * 100 / peak),
                "done_width": round(done * 100 / peak),
                "start": first,
                "end": _month_end(first),
            }
        )
    return render_to_string(
        "engagement/_dashboard_panel.html", {"data": data, "rows": rows, "scope": scope}, request
    )
