"""Seminar reports: budget used against the caps per unit, events per area and the
attendance of key accounts by segment, for one fiscal year, each with its XLSX."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from crmplus.core.fiscal import fiscal_year
from crmplus.seminars import exports, selectors
from crmplus.seminars.models import EventType
from crmplus.seminars.rules_settings import rules_for_fy
from crmplus.seminars.views import _xlsx_response


def _fy(request: HttpRequest) -> tuple[int, list[int]]:
    years = selectors.fy_choices(request.user)
    raw = request.GET.get("fy") or ""
    fy = int(raw) if raw.isdigit() and 2401 <= int(raw) <= 2699 else None
    if fy is None:
        current = fiscal_year(timezone.localdate())
        with_events = [y for y in years if y <= current]
        fy = with_events[0] if with_events else current
    if fy not in years:
        years = sorted({*years, fy}, reverse=True)
    return fy, years


@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    fy, years = _fy(request)
    rules = rules_for_fy(fy)
    budget = selectors.budget_use(user=request.user, fy=fy)
    areas = selectors.events_per_area(user=request.user, fy=fy)
    return render(
        request,
        "seminars/reports.html",
        {
            "fy": fy,
            "years": years,
            "rules": rules,
            "budget": budget,
            "areas": areas,
            "kinds": EventType.choices,
            "area_rows": [
                {"row": a, "counts": [a.by_kind.get(k, 0) for k, _label in EventType.choices]}
                for a in areas
            ],
            "attendance": selectors.attendance_by_segment(user=request.user, fy=fy),
        },
    )


@require_GET
def report_export(request: HttpRequest, table: str) -> FileResponse:
    writer = exports.REPORTS.get(table)
    if writer is None:
        raise Http404
    fy, _years = _fy(request)
    return _xlsx_response(writer, f"seminars-{table}-{fy}", user=request.user, fy=fy)
