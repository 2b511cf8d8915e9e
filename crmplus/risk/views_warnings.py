"""Early-warning screens: the list (scoped, filtered), one warning with its 12-month chart
(inline SVG, no JS), queue/dismiss, and the HQ admin's "run the check" button.

Reads start from `EarlyWarning.objects.for_user(user)`: another area's warning is a 404.
Writes go through crmplus.risk.services_warnings.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crmplus.core.history import history_entries
from crmplus.core.models import OrgUnit, OrgUnitKind
from crmplus.core.permissions import require_hq_admin
from crmplus.keyaccounts.views import fy_value
from crmplus.risk import selectors, services_warnings
from crmplus.risk.models_warnings import (
    TO_REASSESS,
    EarlyWarning,
    WarningKind,
    WarningStatus,
)
from crmplus.risk.warnings import slot_labels

PAGE_SIZE = 50
TO_REASSESS_FILTER = "to_reassess"


def _fy_default(user) -> tuple[int, list[int]]:
    years = set(EarlyWarning.objects.for_user(user).values_list("fy", flat=True).distinct())
    default, choices = selectors.fy_choices(user)
    if years:
        default = max(years)
    return default, sorted(years | set(choices), reverse=True)


def _area(user, raw) -> OrgUnit | None:
    unit = selectors.scope_unit(user, raw)
    return unit if unit is not None and unit.kind == OrgUnitKind.AREA else None


def to_reassess(user, fy: int, limit: int = 10) -> tuple[list[EarlyWarning], int]:
    """The home page's "to reassess" block: open and queued warnings of the year in scope."""
    qs = (
        EarlyWarning.objects.for_user(user)
        .filter(fy=fy, status__in=TO_REASSESS)
        .select_related("bp", "office")
        .order_by("-status", "owner__path", "bp__bp_number", "kind")
    )
    return list(qs[:limit]), qs.count()


@require_GET
def warning_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    default_fy, years = _fy_default(user)
    fy = fy_value(request.GET.get("fy"), default_fy)
    kind = request.GET.get("kind") or ""
    kind = kind if kind in WarningKind.values else ""
    status = request.GET.get("status") or ""
    if status not in {*WarningStatus.values, TO_REASSESS_FILTER}:
        status = ""
    area = _area(user, request.GET.get("area"))
    qs = (
        EarlyWarning.objects.for_user(user)
        .filter(fy=fy)
        .select_related("bp", "office", "owner")
        .order_by("owner__path", "bp__bp_number", "office__path", "kind")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if status == TO_REASSESS_FILTER:
        qs = qs.filter(status__in=TO_REASSESS)
    elif status:
        qs = qs.filter(status=status)
    if area is not None:
        qs = qs.filter(office__path__startswith=area.path)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "risk/warning_list.html",
        {
            "fy": fy,
            "years": years,
            "kind": kind,
            "kinds": WarningKind.choices,
            "status": status,
            "statuses": [(TO_REASSESS_FILTER, _("To reassess")), *WarningStatus.choices],
            "area": area,
            "areas": OrgUnit.objects.for_user(user).filter(kind=OrgUnitKind.AREA).order_by("path"),
            "page": page,
            "query": query.urlencode(),
            "can_run": user.is_hq_admin,
        },
    )


@require_POST
def warning_run(request: HttpRequest) -> HttpResponse:
    """HQ admins queue the check for a list year; the worker runs it."""
    require_hq_admin(request.user)
    fy = fy_value(request.POST.get("fy"), selectors.current_fy())
    from crmplus.risk.tasks import early_warnings_task

    user_id = request.user.pk
    transaction.on_commit(lambda: early_warnings_task.enqueue(fy, user_id))
    messages.success(
        request,
        _("The early-warning check of fiscal year %(fy)s is queued; reload in a minute.")
        % {"fy": fy},
    )
    return redirect(reverse("risk:warnings") + f"?fy={fy}")


# -- the chart -------------------------------------------------------------------------


@dataclass
class Chart:
    width: int
    height: int
    this_paths: list[str]
    last_paths: list[str]
    this_dots: list[tuple[float, float, str]]
    last_dots: list[tuple[float, float, str]]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    left: int
    right: int
    top: int
    bottom: int


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** (len(f"{int(value)}") - 1)
    return float(((int(value) // step) + 1) * step)


def chart_for(figures: dict, lang: str) -> Chart | None:
    """Two lines, this year and last year, over the 12 fiscal months (October first)."""
    this = list(figures.get("kwh_this") or [])[:12]
    last = list(figures.get("kwh_last") or [])[:12]
    values = [v for v in this + last if isinstance(v, int | float)]
    if not values:
        return None
    width, height, left, right, top, bottom = 640, 240, 70, 10, 10, 30
    top_value = _nice_max(max(values))
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return round(left + plot_w * (i + 0.5) / 12, 1)

    def y(v: float) -> float:
        return round(top + plot_h * (1 - v / top_value), 1)

    def series(data: list) -> tuple[list[str], list[tuple[float, float, str]]]:
        paths, current, dots = [], [], []
        for i, v in enumerate(data):
            if isinstance(v, int | float):
                current.append(f"{x(i)},{y(v)}")
                dots.append((x(i), y(v), f"{v:,.0f} kWh"))
            elif current:
                paths.append(" ".join(current))
                current = []
        if current:
            paths.append(" ".join(current))
        return paths, dots

    this_paths, this_dots = series(this)
    last_paths, last_dots = series(last)
    labels = [(x(i), name) for i, name in enumerate(slot_labels(lang))]
    ticks = [(y(top_value * k / 4), f"{top_value * k / 4:,.0f}") for k in range(5)]
    return Chart(width, height, this_paths, last_paths, this_dots, last_dots, labels, ticks,
                 left, right, top, bottom)  # fmt: skip


def _month_rows(figures: dict) -> list[dict]:
    this = list(figures.get("kwh_this") or [None] * 12)
    last = list(figures.get("kwh_last") or [None] * 12)
    peak_this = list(figures.get("peak_this") or [None] * 12)
    peak_last = list(figures.get("peak_last") or [None] * 12)
    months = list(figures.get("months") or [None] * 12)
    rows = []
    for i, label in enumerate(slot_labels(get_language() or "th")):
        t, la = this[i] if i < len(this) else None, last[i] if i < len(last) else None
        change = (t - la) / la * 100 if t is not None and la else None
        rows.append({"label": label, "month": months[i] if i < len(months) else None,
                     "this": t, "last": la, "change": change,
                     "peak_this": peak_this[i] if i < len(peak_this) else None,
                     "peak_last": peak_last[i] if i < len(peak_last) else None})  # fmt: skip
    return rows


@require_http_methods(["GET", "POST"])
def warning_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    w = get_object_or_404(
        EarlyWarning.objects.for_user(user).select_related("bp", "office", "owner", "handled_by"),
        pk=pk,
    )
    note_error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "queue":
                services_warnings.warning_queue(warning=w, by=user)
                messages.success(request, _("The account is queued for reassessment."))
            elif action == "dismiss":
                services_warnings.warning_dismiss(
                    warning=w, note=request.POST.get("note", ""), by=user
                )
                messages.success(request, _("The warning is dismissed."))
            else:
                raise ValidationError(_("Choose what to do."))
        except PermissionDenied:
            raise
        except ValidationError as e:
            w.refresh_from_db()
            note_error = " ".join(e.messages)
        else:
            return redirect("risk:warning", pk=w.pk)
    lang = get_language() or "th"
    can_handle = (
        user.can_write
        and user.role in services_warnings.HANDLE_ROLES
        and selectors.in_scope(user, w.owner_id)
    )
    other = w.reason_th if lang == "en" else w.reason_en
    return render(
        request,
        "risk/warning_detail.html",
        {
            "w": w,
            "f": w.figures,
            "chart": chart_for(w.figures, lang),
            "months": _month_rows(w.figures),
            "other_reason": other,
            "can_handle": can_handle and w.status != WarningStatus.DISMISSED,
            "can_queue": can_handle and w.status == WarningStatus.OPEN,
            "can_assess": selectors.can_assess(user) and selectors.in_scope(user, w.owner_id),
            "note_error": note_error,
            "note": request.POST.get("note", "") if request.method == "POST" else "",
            "entries": history_entries(EarlyWarning.history.filter(id=w.pk)),
        },
    )
