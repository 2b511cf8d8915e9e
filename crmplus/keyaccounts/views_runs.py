"""A selection run's pages: progress and result, accounts, one account, offices, compare.

A run is national; everything shown inside it is scoped: Candidate, OfficeResult and
ProposedList rows all start from `for_user(request.user)`, so another area's account
is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from crmplus.core.history import history_entries
from crmplus.keyaccounts import selectors, services
from crmplus.keyaccounts.forms import (
    CandidateFilterForm,
    OfficeFilterForm,
    OverrideForm,
    rules_tables,
)
from crmplus.keyaccounts.models import Candidate, ProposedList, RunStatus, SelectionRun
from crmplus.keyaccounts.rules import SelectionRules
from crmplus.keyaccounts.views import form_errors_from

ACCOUNTS_PAGE_SIZE = 50
OFFICES_PAGE_SIZE = 50


def _run(request: HttpRequest, pk: int) -> SelectionRun:
    return get_object_or_404(
        SelectionRun.objects.for_user(request.user).select_related(
            "extract", "previous_extract", "created_by", "compare_to"
        ),
        pk=pk,
    )


def _rules_tables(run: SelectionRun):
    try:
        return rules_tables(SelectionRules.from_dict(run.rules))
    except (ValueError, TypeError, KeyError):
        return None  # rules stored by an older version: the raw JSON is still in the admin


@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    user = request.user
    if request.htmx and request.htmx.target == "run-progress":
        response = render(request, "keyaccounts/_run_progress.html", {"run": run})
        if not run.is_running:
            # Finished while the page watched: load the result once, polling stops.
            response["HX-Refresh"] = "true"
        return response
    context = {"run": run, "tab": "run", "rules_tables": _rules_tables(run)}
    if run.status == RunStatus.DONE:
        context.update(
            matrix=selectors.run_matrix(run, user),
            lists=ProposedList.objects.for_user(user)
            .filter(run=run)
            .select_related("unit")
            .order_by("unit__path"),
            office_counts=selectors.office_status_counts(run, user),
        )
    return render(request, "keyaccounts/run.html", context)


def _candidate_filters(form: CandidateFilterForm) -> selectors.CandidateFilters:
    # A stale field (an office of another area) is dropped; the other filters still apply.
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    return selectors.CandidateFilters(
        area=data.get("area"),
        office=data.get("office"),
        segment=data.get("segment") or "",
        supplement=data.get("supplement") or "",
        overridden=data.get("overridden") or "",
        q=data.get("q") or "",
        sort=form.sort_value,
    )


@require_GET
def accounts(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    form = CandidateFilterForm(request.GET or None, user=request.user)
    filters = _candidate_filters(form)
    qs = selectors.candidate_list(run=run, user=request.user, filters=filters)
    page = Paginator(qs, ACCOUNTS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"run": run, "form": form, "page": page, "sort": filters.sort, "tab": "accounts"}
    if request.htmx and request.htmx.target == "ka-results":
        return render(request, "keyaccounts/_account_results.html", context)
    return render(request, "keyaccounts/accounts.html", context)


@require_http_methods(["GET", "POST"])
def candidate_detail(request: HttpRequest, pk: int, cid: int) -> HttpResponse:
    run = _run(request, pk)
    user = request.user
    candidate = get_object_or_404(
        Candidate.objects.for_user(user).select_related(
            "bp", "office", "owner", "owner_area", "override_by"
        ),
        pk=cid,
        run=run,
    )
    candidate.run = run
    plist = selectors.list_for(candidate)
    allowed = selectors.can_override(user, candidate, plist)
    form = None
    if allowed or request.method == "POST":
        form = OverrideForm(
            request.POST or None,
            initial={"segment": candidate.final_segment, "reason": candidate.override_reason},
        )
    if request.method == "POST" and form.is_valid():
        try:
            # The service decides: a PermissionDenied here is the 403 page.
            services.candidate_override(
                candidate=candidate,
                segment=form.cleaned_data["segment"],
                reason=form.cleaned_data["reason"],
                by=user,
            )
        except ValidationError as e:
            form_errors_from(form, e)
        else:
            messages.success(request, _("The segment proposal is saved."))
            return redirect(candidate)
    if form is not None and not allowed and not form.errors:
        form = None
    context = {
        "run": run,
        "c": candidate,
        "plist": plist,
        "form": form,
        "tab": "accounts",
        "other_explanation": candidate.explain_th
        if get_language() == "en"
        else candidate.explain_en,
        "entries": history_entries(Candidate.history.filter(id=candidate.pk)),
    }
    return render(request, "keyaccounts/candidate.html", context)


@require_GET
def offices(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    form = OfficeFilterForm(request.GET or None, user=request.user)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    sort = request.GET.get("sort") or selectors.DEFAULT_OFFICE_SORT
    qs = selectors.office_results(
        run=run,
        user=request.user,
        status=data.get("status") or "",
        area=data.get("area"),
        sort=sort,
    )
    page = Paginator(qs, OFFICES_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"run": run, "form": form, "page": page, "sort": sort, "tab": "offices"}
    if request.htmx and request.htmx.target == "office-results":
        return render(request, "keyaccounts/_office_results.html", context)
    return render(request, "keyaccounts/offices.html", context)


@require_GET
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    raw = request.GET.get("other", "")
    other = None
    if raw.isdigit():
        other = SelectionRun.objects.for_user(request.user).filter(pk=raw).first()
    elif run.compare_to_id:
        other = run.compare_to
    choices = (
        SelectionRun.objects.for_user(request.user)
        .filter(status=RunStatus.DONE)
        .exclude(pk=run.pk)
        .order_by("-created_at", "-id")[:50]
    )
    comparison, not_ready = None, False
    if other is not None:
        if run.status == RunStatus.DONE and other.status == RunStatus.DONE:
            comparison = selectors.compare_runs(run, other, request.user)
        else:
            not_ready = True
    return render(
        request,
        "keyaccounts/compare.html",
        {
            "run": run,
            "other": other,
            "choices": choices,
            "comparison": comparison,
            "not_ready": not_ready,
            "missing": bool(raw) and other is None,
            "tab": "compare",
        },
    )
