"""The visit calendar (month and week views for me, a KAMR, an office or an area; htmx
navigation; drag a visit to another day to reschedule it; click a day to plan a visit
there) and the "My calendar feed" page (secret ICS URL, regenerate, revoke)."""

from __future__ import annotations

import calendar as pycal
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crmplus.core.fiscal import TH_MONTHS_LONG, be_year
from crmplus.engagement import selectors, services
from crmplus.engagement.models import IcsFeedToken, Visit, VisitStatus
from crmplus.engagement.services_plans import ics_token_issue, ics_token_revoke
from crmplus.engagement.views import scoped_unit
from crmplus.workforce.models import Employee

MAX_VISITS = 5000
# Visits drawn per day cell; the rest are a "+N more" link to the visit list of the day.
PER_DAY = {"month": 5, "week": 20}
EN_MONTHS_LONG = [
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
]  # fmt: skip


def _day(raw: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError:
        return timezone.localdate()


def _calendar_state(request: HttpRequest) -> dict:
    user = request.user
    g = request.GET if request.method == "GET" else request.POST
    view = "week" if g.get("view") == "week" else "month"
    day = _day(g.get("date"))
    unit = scoped_unit(user, g.get("unit"))
    kamr = None
    if g.get("kamr"):
        try:
            kamr = Employee.objects.for_user(user).filter(pk=int(g["kamr"])).first()
        except ValueError:
            kamr = None
    me = selectors.user_employee(user)
    who = g.get("who") or ("me" if me is not None and unit is None and kamr is None else "all")
    if who not in {"me", "all"}:
        who = "all"
    return {"view": view, "day": day, "unit": unit, "kamr": kamr, "who": who, "me": me}


def _params(state: dict, **override) -> str:
    values = {
        "view": state["view"],
        "date": state["day"].isoformat(),
        "who": state["who"],
        "unit": state["unit"].pk if state["unit"] else "",
        "kamr": state["kamr"].pk if state["kamr"] else "",
    }
    values.update(override)
    return urlencode({k: v for k, v in values.items() if v not in ("", None)})


def _list_params(state: dict) -> str:
    """The visit list's filters matching the calendar's (status: not cancelled)."""
    values = {
        "unit": state["unit"].pk if state["unit"] else "",
        "kamr": state["kamr"].pk if state["kamr"] else "",
        "mine": "on"
        if state["who"] == "me" and state["kamr"] is None and state["unit"] is None
        else "",
        "sort": "date",
    }
    return urlencode({k: v for k, v in values.items() if v not in ("", None)})


def _range(state: dict) -> tuple[dt.date, dt.date]:
    day = state["day"]
    if state["view"] == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    first = day.replace(day=1)
    last = day.replace(day=pycal.monthrange(day.year, day.month)[1])
    return first - dt.timedelta(days=first.weekday()), last + dt.timedelta(days=6 - last.weekday())


def _context(request: HttpRequest) -> dict:
    state = _calendar_state(request)
    start, end = _range(state)
    qs = selectors.visits_for(
        user=request.user,
        unit=state["unit"],
        kamr=state["kamr"],
        mine=state["who"] == "me" and state["kamr"] is None and state["unit"] is None,
        date_from=start,
        date_to=end,
        sort="date",
    ).exclude(status=VisitStatus.CANCELLED)
    # A day shows its first few visits and "+N more" (to the list of that day): an HQ
    # month holds ~1,500 visits, which drawn in full made a page 8,000 px high. The ids
    # and times of the whole range are read first (two columns), then only the shown
    # visits in full.
    per_day = PER_DAY[state["view"]]
    ids_by_day: dict[dt.date, list[int]] = {}
    for pk, starts_at in qs.values_list("id", "starts_at")[:MAX_VISITS]:
        ids_by_day.setdefault(timezone.localtime(starts_at).date(), []).append(pk)
    shown_ids = [pk for ids in ids_by_day.values() for pk in ids[:per_day]]
    shown = qs.model.objects.select_related("bp", "office", "kamr").in_bulk(shown_ids)
    more_base = reverse("engagement:visits") + "?" + _list_params(state)
    days = []
    d = start
    while d <= end:
        ids = ids_by_day.get(d, [])
        days.append(
            {
                "date": d,
                "visits": [shown[pk] for pk in ids[:per_day]],
                "more": max(len(ids) - per_day, 0),
                "more_url": f"{more_base}&date_from={d.isoformat()}&date_to={d.isoformat()}",
                "in_month": d.month == state["day"].month,
            }
        )
        d += dt.timedelta(days=1)
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    day = state["day"]
    if state["view"] == "week":
        prev_day, next_day = day - dt.timedelta(days=7), day + dt.timedelta(days=7)
    else:
        prev_day = (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        next_day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    base = reverse("engagement:calendar")
    if get_language() == "en":
        month_title = f"{EN_MONTHS_LONG[day.month - 1]} {day.year}"
    else:
        month_title = f"{TH_MONTHS_LONG[day.month - 1]} {be_year(day.year)}"
    return {
        "month_title": month_title,
        **state,
        "weeks": weeks,
        "start": start,
        "end": end,
        "today": timezone.localdate(),
        "count": sum(len(v) for v in ids_by_day.values()),
        "truncated": sum(len(v) for v in ids_by_day.values()) >= MAX_VISITS,
        "prev_url": base + "?" + _params(state, date=prev_day.isoformat()),
        "next_url": base + "?" + _params(state, date=next_day.isoformat()),
        "today_url": base + "?" + _params(state, date=timezone.localdate().isoformat()),
        "month_url": base + "?" + _params(state, view="month"),
        "week_url": base + "?" + _params(state, view="week"),
        "params": _params(state),
        "units": selectors.units_for_filter(request.user),
        "kamrs": list(
            Employee.objects.for_user(request.user)
            .filter(is_active=True, pk__in=Visit.objects.for_user(request.user).values("kamr_id"))
            .order_by("name_th")[:500]
        ),
        "can_write": services.can_write(request.user),
        "weekday_names": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
    }


@require_GET
def calendar_view(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    if request.htmx:
        return render(request, "engagement/_calendar.html", context)
    return render(request, "engagement/calendar.html", context)


@require_POST
def calendar_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Drag and drop: move a visit to another day (same time), then redraw the calendar."""
    visit = get_object_or_404(Visit.objects.for_user(request.user), pk=pk)
    target = request.POST.get("to", "")
    error = ""
    try:
        day = dt.date.fromisoformat(target)
    except ValueError:
        error = _("Enter a valid date.")
    else:
        local = timezone.localtime(visit.starts_at)
        starts_at = timezone.make_aware(dt.datetime.combine(day, local.time()))
        try:
            services.visit_reschedule(
                visit=visit,
                starts_at=starts_at,
                reason=request.POST.get("reason") or _("Moved in the calendar"),
                by=request.user,
            )
        except ValidationError as e:
            error = " ".join(e.messages)
        except PermissionDenied as e:
            error = str(e) or _("Your role does not allow this.")
    context = _context(request)
    context["move_error"] = error
    return render(request, "engagement/_calendar.html", context, status=200)


# -- personal ICS feed -----------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def my_feed(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            ics_token_revoke(user=user)
            messages.success(
                request, _("The calendar feed is turned off: its address no longer works.")
            )
        else:
            ics_token_issue(user=user)
            messages.success(
                request, _("A new secret address is ready; the old one no longer works.")
            )
        return redirect("engagement:my_feed")
    token = IcsFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()
    url = ""
    if token is not None:
        url = request.build_absolute_uri(reverse("ics:feed", args=[token.token]))
    return render(
        request,
        "engagement/my_feed.html",
        {
            "token": token,
            "url": url,
            "webcal": url.replace("https://", "webcal://").replace("http://", "webcal://"),
            "n_visits": Visit.objects.of_user(user).count(),
        },
    )


# -- HQ: visit rules (objective catalogue, expense) ------------------------------------
@require_http_methods(["GET", "POST"])
def rules_edit(request: HttpRequest) -> HttpResponse:
    """HQ admins set the visit-objective catalogue and the expense rules from a year on."""
    from crmplus.core.fiscal import fiscal_year
    from crmplus.core.permissions import require_hq_admin
    from crmplus.engagement.rules import ExpenseRules
    from crmplus.engagement.rules_settings import (
        expense_rules_for_fy,
        objectives_for_fy,
        rules_save,
    )

    require_hq_admin(request.user)
    try:
        fy = int(request.GET.get("fy") or request.POST.get("fy") or 0)
    except ValueError:
        fy = 0
    fy = fy if 2401 <= fy <= 2699 else fiscal_year(timezone.localdate())
    errors = ""
    objectives_text = "\n".join(" | ".join(row) for row in objectives_for_fy(fy))
    expense = expense_rules_for_fy(fy).to_dict()
    if request.method == "POST":
        objectives_text = request.POST.get("objectives", "")
        rows = [
            [part.strip() for part in line.split("|")]
            for line in objectives_text.splitlines()
            if line.strip()
        ]
        expense = {name: request.POST.get(name, "") for name in ExpenseRules.__dataclass_fields__}
        try:
            rules_save(fy=fy, objectives=rows, expense=expense, by=request.user,
                       note=request.POST.get("note", ""))  # fmt: skip
        except ValidationError as e:
            errors = " ".join(e.messages)
        else:
            messages.success(request, _("The visit rules are saved from FY%(fy)s on.") % {"fy": fy})
            return redirect(reverse("engagement:rules") + f"?fy={fy}")
    return render(
        request,
        "engagement/rules.html",
        {"fy": fy, "objectives": objectives_text, "expense": expense, "errors": errors},
        status=422 if errors else 200,
    )
