"""What the survey app adds to pages it does not own: the customer timeline and the
dashboards' "satisfaction trend" panel (inline SVG, no JavaScript)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crmplus.core.extensions import TimelineEntry
from crmplus.surveys.models import SurveyResponse
from crmplus.surveys.selectors import satisfaction_trend


def survey_timeline(bp, user):
    """Survey responses of the customer that `user` may see."""
    qs = SurveyResponse.objects.for_user(user).filter(bp=bp).order_by("-survey_date")
    for r in qs[:20]:
        at = timezone.make_aware(dt.datetime.combine(r.survey_date, dt.time(12, 0)))
        yield TimelineEntry(
            at=at,
            kind="survey",
            title=_("Satisfaction survey FY%(fy)s: satisfaction %(sat)s, expectation %(exp)s")
            % {
                "fy": r.fy,
                "sat": f"{r.satisfaction_avg:.2f}",
                "exp": f"{r.expectation_avg:.2f}",
            },
            detail=r.comments,
            url=reverse("customers:detail", args=[bp.pk]) + "?tab=satisfaction",
            icon="1129",
        )


@dataclass
class TrendChart:
    width: int
    height: int
    path: str
    dots: list[tuple[float, float, str, int]]  # x, y, label, respondents
    y_ticks: list[tuple[float, str]]
    points: list[tuple[int, float, int]]


def trend_chart(points: list[tuple[int, float, int]], width: int = 320, height: int = 140):
    if not points:
        return None
    left, right, top, bottom = 34, 12, 10, 24
    lo = min(3.0, min(p[1] for p in points))
    hi = 5.0
    span_x = max(len(points) - 1, 1)

    def x(i: int) -> float:
        return left + (width - left - right) * (i / span_x if len(points) > 1 else 0.5)

    def y(v: float) -> float:
        return top + (height - top - bottom) * (hi - v) / (hi - lo)

    dots = [(round(x(i), 1), round(y(v), 1), str(fy), n) for i, (fy, v, n) in enumerate(points)]
    path = " ".join(f"{'M' if i == 0 else 'L'}{dx},{dy}" for i, (dx, dy, *_r) in enumerate(dots))
    ticks = [(round(y(v), 1), f"{v:.1f}") for v in (lo, (lo + hi) / 2, hi)]
    return TrendChart(width, height, path, dots, ticks, points)


def satisfaction_trend_panel(request, scope) -> str:
    """Average satisfaction per fiscal year of the key accounts owned in the scope."""
    unit_ids = None if scope.level == "nation" else list(scope.unit_ids)
    points = satisfaction_trend(unit_ids)
    return render_to_string(
        "surveys/_trend_panel.html",
        {"chart": trend_chart(points), "scope": scope},
        request=request,
    )
