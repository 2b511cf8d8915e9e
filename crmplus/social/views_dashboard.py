"""The social-media dashboard: volume by channel, category and office, first-response
and resolution times against the SLA, and the open backlog, for the user's scope (or
a dashboard scope, as a panel of the office/area/region/nation dashboards)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from crmplus.core.fiscal import fiscal_year_bounds
from crmplus.social import selectors
from crmplus.social.models import Case

PERIODS = {"7": 7, "30": 30, "90": 90, "365": 365}


def _bounds(request: HttpRequest) -> tuple[str, dt.datetime, dt.datetime]:
    period = request.GET.get("period", "30")
    if period not in PERIODS:
        period = "30"
    until = timezone.now()
    return period, until - dt.timedelta(days=PERIODS[period]), until


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    period, since, until = _bounds(request)
    data = selectors.dashboard(cases=Case.objects.for_user(request.user), since=since, until=until)
    return render(
        request,
        "social/dashboard.html",
        {"d": data, "period": period, "periods": list(PERIODS)},
    )


def dashboard_panel(request: HttpRequest, scope) -> str:
    """The panel for a dashboard scope: cases of its units opened in its fiscal year."""
    start, end = fiscal_year_bounds(scope.fy)
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time(), tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    cases = Case.objects.for_user(request.user).filter(unit__in=scope.unit_ids)
    data = selectors.dashboard(cases=cases, since=since, until=until, top_units=5)
    return render_to_string("social/_panel.html", {"d": data, "scope": scope}, request=request)
