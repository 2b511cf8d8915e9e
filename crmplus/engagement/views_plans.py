"""KAM plan screens: the list (filters, sort, pages, XLSX, key accounts still without a
plan), the plan page (plan vs actual by month, approval panel, submit) and the edit
grid (objectives, budget, planned visits and benefits per month)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crmplus.core.fiscal import fiscal_year, fiscal_year_bounds
from crmplus.engagement import exports, selectors, services
from crmplus.engagement import services_plans as plans
from crmplus.engagement.forms import PlanFilterForm, PlanForm, form_errors_from
from crmplus.engagement.models import KamPlan, PlanStatus
from crmplus.engagement.views import _query_without, page_size, scoped_unit


def _years(user) -> tuple[int, list[int]]:
    from crmplus.keyaccounts.models import KeyAccount

    current = fiscal_year(timezone.localdate())
    # order_by(): the default orderings would add their join columns to the DISTINCT
    # (one row per plan instead of per year: ~7,000 rows read for HQ, twice).
    years = set(
        KeyAccount.objects.for_user(user).order_by().values_list("fy", flat=True).distinct()
    )
    years |= set(KamPlan.objects.for_user(user).order_by().values_list("fy", flat=True).distinct())
    years.add(current)
    ordered = sorted(years, reverse=True)
    with_plans = KamPlan.objects.for_user(user).filter(fy=current).exists()
    default = (
        current
        if with_plans
        else (
            KamPlan.objects.for_user(user).order_by("-fy").values_list("fy", flat=True).first()
            or current
        )
    )
    return default, ordered


def _filters(request: HttpRequest) -> dict:
    form = PlanFilterForm(request.GET or None)
    d = form.cleaned_data if form.is_valid() else {}
    default, _years_list = _years(request.user)
    return {
        "q": (d.get("q") or "").strip(),
        "fy": d.get("fy") or default,
        "status": d.get("status") or "",
        "unit": scoped_unit(request.user, d.get("unit")),
        "sort": d.get("sort") or "customer",
    }


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    values = _filters(request)
    qs = selectors.plans_for(user=request.user, **values)
    page = Paginator(qs, page_size()).get_page(request.GET.get("page"))
    query = _query_without(request, "page")
    missing = selectors.key_accounts_without_plan(user=request.user, fy=values["fy"])
    _default, years = _years(request.user)
    return render(
        request,
        "engagement/plans.html",
        {
            "values": values,
            "page": page,
            "years": years,
            "statuses": PlanStatus.choices,
            "units": selectors.units_for_filter(request.user),
            "export_url": reverse("engagement:plans_export") + ("?" + query if query else ""),
            "missing": missing[:20],
            "missing_count": missing.count(),
            "can_write": services.can_write(request.user),
        },
    )


@require_GET
def plan_export(request: HttpRequest) -> HttpResponse:
    values = _filters(request)
    qs = selectors.plans_for(user=request.user, **values)
    return exports.xlsx_response(exports.plans_xlsx(qs), "crmplus-kam-plans")


def _plan(request: HttpRequest, pk: int) -> KamPlan:
    return get_object_or_404(
        KamPlan.objects.for_user(request.user).select_related("bp", "office", "owner"), pk=pk
    )


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _plan(request, pk))


def _detail(request: HttpRequest, plan: KamPlan, activity_error: str = "", status: int = 200):
    rows, services_available = selectors.plan_vs_actual(plan)
    labels = {code: label for code, _family, label in _labels()}
    return render(
        request,
        "engagement/plan.html",
        {
            "plan": plan,
            "activity_choices": [(c, f"{c} {labels.get(c, '')}") for c in plans.activity_codes()],
            "activities": list(plan.activities.select_related("by")[:50]),
            "activity_error": activity_error,
            "today": min(timezone.localdate(), fiscal_year_bounds(plan.fy)[1]),
            "rows": rows,
            "months": selectors.fy_month_labels(plan.fy),
            "services_available": services_available,
            "can_write": services.can_write(request.user)
            and services.in_scope(request.user, plan.owner_id),
        },
        status=status,
    )


@require_POST
def plan_activity(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an RBA or COM activity done: the actual of that row of the plan."""
    plan = _plan(request, pk)
    try:
        plans.activity_record(
            plan=plan,
            code=request.POST.get("code", ""),
            date=request.POST.get("date", ""),
            note=request.POST.get("note", ""),
            by=request.user,
        )
    except ValidationError as e:
        return _detail(request, plan, " ".join(e.messages), status=422)
    messages.success(request, _("The activity is recorded."))
    return redirect(plan)


def _grid(plan: KamPlan | None) -> dict[str, list[int]]:
    grid: dict[str, list[int]] = {code: [0] * 12 for code in plans.plan_codes()}
    if plan is not None:
        for line in plan.lines.all():
            if line.code in grid:
                grid[line.code][line.month - 1] = line.planned
    return grid


def _grid_from_post(post) -> tuple[dict, dict[str, list]]:
    lines, raw = {}, {}
    for code in plans.plan_codes():
        raw[code] = []
        for month in range(1, 13):
            value = (post.get(f"l-{code}-{month}") or "").strip()
            raw[code].append(value)
            if value:
                lines[(code, month)] = value
    return lines, raw


def _labels() -> list[tuple[str, str, str]]:
    from crmplus.techservices.catalogue import default_benefits

    lang = "en" if get_language() == "en" else "th"
    rows = [(plans.VISIT_CODE, "VISIT", _("Visits"))]
    rows += [(b.code, str(b.family), b.label(lang)) for b in default_benefits()]
    return rows


def _edit(request: HttpRequest, plan: KamPlan | None, key_account) -> HttpResponse:
    user = request.user
    if not services.can_write(user):
        raise PermissionDenied(_("Your role does not allow this."))
    if plan is not None and not plan.is_editable:
        messages.error(request, _("A plan waiting for approval or approved does not change."))
        return redirect(plan)
    grid = _grid(plan)
    initial = {"objectives": plan.objectives, "budget": plan.budget} if plan else {"budget": 0}
    form = PlanForm(request.POST or None, initial=initial)
    error = ""
    if request.method == "POST":
        lines, raw = _grid_from_post(request.POST)
        grid = raw
        if form.is_valid():
            try:
                saved = plans.plan_save(
                    key_account=key_account,
                    plan=plan,
                    objectives=form.cleaned_data["objectives"],
                    budget=form.cleaned_data["budget"],
                    lines=lines,
                    by=user,
                )
            except ValidationError as e:
                if hasattr(e, "error_dict") and "lines" in e.error_dict:
                    error = " ".join(str(m) for err in e.error_dict["lines"] for m in err)
                form_errors_from(form, e)
            else:
                if request.POST.get("submit") == "1":
                    try:
                        plans.plan_submit(plan=saved, by=user)
                    except ValidationError as e:
                        messages.error(request, " ".join(e.messages))
                    else:
                        messages.success(request, _("The plan is saved and sent for approval."))
                        return redirect(saved)
                messages.success(request, _("The plan is saved."))
                return redirect(saved)
    rows = [(code, family, label, grid[code]) for code, family, label in _labels()]
    ka = key_account
    return render(
        request,
        "engagement/plan_form.html",
        {
            "plan": plan,
            "ka": ka,
            "bp": plan.bp if plan else ka.bp,
            "fy": plan.fy if plan else ka.fy,
            "form": form,
            "rows": rows,
            "months": selectors.fy_month_labels(plan.fy if plan else ka.fy),
            "grid_error": error,
        },
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, ka_pk: int) -> HttpResponse:
    from crmplus.keyaccounts.models import KeyAccount

    ka = get_object_or_404(KeyAccount.objects.for_user(request.user).select_related("bp"), pk=ka_pk)
    existing = KamPlan.objects.filter(fy=ka.fy, bp_id=ka.bp_id, office_id=ka.office_id).first()
    if existing is not None and KamPlan.objects.for_user(request.user).filter(pk=existing.pk):
        return redirect(existing)
    return _edit(request, None, ka)


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, _plan(request, pk), None)


@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    try:
        plans.plan_submit(plan=plan, by=request.user, comment=request.POST.get("comment", ""))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The plan is sent for approval."))
    return redirect(plan)
