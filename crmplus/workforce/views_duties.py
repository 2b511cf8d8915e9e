"""Senior KAMR duties: the checklist of a period (duties are settings per fiscal year),
one row per Senior KAMR in scope, ticked when done."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crmplus.core.fiscal import fiscal_year
from crmplus.risk.selectors import scope_unit, scope_units
from crmplus.workforce import rules, selectors
from crmplus.workforce.exports import xlsx_response
from crmplus.workforce.models import Appointment, AppointmentRole, DutyCompletion
from crmplus.workforce.rules_settings import senior_duties
from crmplus.workforce.services_duties import can_track_duties, duty_mark, duty_unmark
from crmplus.workforce.views import employee_for, page_of, query_without_page


def period_choices(fy: int) -> list[tuple[str, str]]:
    out = [(f"{fy}", _("Fiscal year %(fy)s") % {"fy": fy})]
    out += [(f"{fy}-Q{q}", _("Quarter %(q)s/%(fy)s") % {"q": q, "fy": fy}) for q in range(1, 5)]
    for m in range(1, 13):
        key = f"{fy}-M{m:02d}"
        first, _last = rules.fiscal_period_bounds(key)
        out.append((key, first.strftime("%m/") + str(first.year + 543)))
    return out


def _period(request: HttpRequest) -> tuple[str, int]:
    today = timezone.localdate()
    raw = str(request.GET.get("period") or request.POST.get("period") or "")
    try:
        rules.fiscal_period_bounds(raw)
        return raw, int(raw.split("-")[0])
    except (ValueError, IndexError):
        key = rules.fiscal_period(today, "quarter")
        return key, fiscal_year(today)


def _kind(period: str) -> str:
    _fy, _sep, part = period.partition("-")
    return "year" if not part else "quarter" if part[0] == "Q" else "month"


def _rows(request: HttpRequest, period: str, fy: int):
    user = request.user
    unit = scope_unit(user, request.GET.get("unit"))
    first, last = rules.fiscal_period_bounds(period)
    duties = [d for d in senior_duties(fy) if d.period == _kind(period)]
    seniors = selectors._in_unit(
        Appointment.objects.for_user(user)
        .overlapping(first, last)
        .filter(role=AppointmentRole.SENIOR),
        unit,
        "unit",
    ).select_related("employee__unit", "employee__user", "unit")
    people = {}
    for a in seniors.order_by("unit__path", "employee__employee_number"):
        people.setdefault(a.employee_id, (a.employee, a.unit))
    done = {
        (d.employee_id, d.duty): d
        for d in DutyCompletion.objects.filter(
            employee_id__in=list(people), period=period
        ).select_related("by")
    }
    rows = []
    for pid, (e, unit_of) in people.items():
        cells = [(d, done.get((pid, d.key))) for d in duties]
        n_done = sum(1 for _d, c in cells if c is not None)
        rows.append(
            {
                "e": e,
                "unit": unit_of,
                "cells": cells,
                "done": n_done,
                "can": can_track_duties(user, e),
            }
        )
    show = request.GET.get("show") or ""
    if show == "open":
        rows = [r for r in rows if r["done"] < len(duties)]
    return rows, duties, unit, show


@require_http_methods(["GET", "POST"])
def duties(request: HttpRequest) -> HttpResponse:
    user = request.user
    period, fy = _period(request)
    if request.method == "POST":
        raw = str(request.POST.get("employee") or "")
        e = employee_for(request, int(raw) if raw.isdigit() and len(raw) < 18 else 0)
        duty = request.POST.get("duty") or ""
        try:
            if request.POST.get("action") == "undo":
                duty_unmark(employee=e, duty=duty, period=period, by=user)
                messages.success(request, _("The duty is marked as not done."))
            else:
                duty_mark(
                    employee=e, duty=duty, period=period, done_on=timezone.localdate(),
                    note=request.POST.get("note") or "", by=user,
                )  # fmt: skip
                messages.success(request, _("The duty is marked as done."))
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
        except PermissionDenied:
            raise
        back = request.POST.get("back") or ""
        return redirect(reverse("workforce:duties") + ("?" + back if back else ""))
    rows, duty_list, unit, show = _rows(request, period, fy)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"senior-duties-{period}",
            _("Duties"),
            [_("Employee number"), _("Senior KAMR"), _("Unit")] + [d.label for d in duty_list]
            + [_("Done")],
            (
                [r["e"].employee_number, r["e"].name_th, r["unit"].code]
                + [c.done_on if c else None for _d, c in r["cells"]]
                + [f"{r['done']}/{len(duty_list)}"]
                for r in rows
            ),
            notes=[_("Senior KAMR duties, period %(p)s") % {"p": period}],
        )  # fmt: skip
    return render(
        request,
        "workforce/duties.html",
        {
            "period": period,
            "fy": fy,
            "periods": period_choices(fy),
            "years": list(range(fiscal_year(timezone.localdate()) + 1, fy - 6, -1)),
            "duties": duty_list,
            "page": page_of(request, rows),
            "unit": unit,
            "units": scope_units(user),
            "show": show,
            "query": query_without_page(request),
            "back": request.GET.urlencode(),
        },
    )
