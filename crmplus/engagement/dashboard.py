"""The dashboard panel "Visits: plan vs actual" (register_dashboard_panel)."""

from __future__ import annotations

from django.template.loader import render_to_string

from crmplus.core.extensions import DashboardScope
from crmplus.engagement.selectors import visits_plan_vs_actual


def visits_panel(request, scope: DashboardScope) -> str:
    unit_ids = None if scope.level == "nation" else list(scope.unit_ids)
    data = visits_plan_vs_actual(unit_ids=unit_ids, fy=scope.fy)
    peak = max([*data["planned"], *data["done"], 1])
    rows = [
        (month, planned, done, round(planned * 100 / peak), round(done * 100 / peak))
        for month, planned, done in data["rows"]
    ]
    return render_to_string(
        "engagement/_dashboard_panel.html", {"data": data, "rows": rows, "scope": scope}, request
    )
