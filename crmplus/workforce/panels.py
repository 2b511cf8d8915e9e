"""The "training compliance" panel of the office/area/region/nation dashboards."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from crmplus.core.extensions import DashboardScope
from crmplus.workforce.selectors import training_compliance


def training_panel(request, scope: DashboardScope) -> str:
    unit = scope.unit
    rows = training_compliance(user=request.user, on=timezone.localdate(), unit=unit)
    overdue = [r for r in rows if r.overdue]
    return render_to_string(
        "workforce/_panel_training.html",
        {
            "n_due": len(rows) - len(overdue),
            "n_overdue": len(overdue),
            "n_remind": sum(1 for r in rows if r.remind),
            "overdue": overdue[:5],
            "unit": unit,
        },
        request=request,
    )
