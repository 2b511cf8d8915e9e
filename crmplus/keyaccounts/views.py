"""Key-account selection: home (approved status, runs), new run, rules.

Run pages are in views_runs.py, proposed lists in views_lists.py. Every write goes
through crmplus.keyaccounts.services (or rules_settings.rules_save), which decide who
may do what: a PermissionDenied becomes the 403 page, a ValidationError a form error.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from crmplus.core.fiscal import fiscal_year
from crmplus.keyaccounts import selectors, services
from crmplus.keyaccounts.forms import RulesForm, RulesSaveForm, RunForm, rules_tables
from crmplus.keyaccounts.models import SelectionRun
from crmplus.keyaccounts.rules_settings import rules_for_fy, rules_save

RUNS_PAGE_SIZE = 20


def form_errors_from(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: per field when it names one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def fy_value(raw, default: int) -> int:
    """A Buddhist-era fiscal year from user input, or `default` when it is not one."""
    raw = str(raw or "").strip()
    if raw.isdigit() and 2400 < int(raw) < 2700:
        return int(raw)
    return default


def current_fy() -> int:
    return fiscal_year(timezone.localdate())


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    default_fy, years = selectors.home_fy_choices(user)
    fy = fy_value(request.GET.get("fy"), default_fy)
    if fy not in years:
        years = sorted({*years, fy}, reverse=True)
    runs = SelectionRun.objects.for_user(user).select_related("extract", "created_by")
    page = Paginator(runs, RUNS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "fy": fy}
    if request.htmx and request.htmx.target == "run-results":
        return render(request, "keyaccounts/_runs_results.html", context)
    context.update(
        years=years,
        matrix=selectors.approved_matrix(fy, user),
        can_start_run=selectors.can_start_run(user),
        new_connections=_new_connections(fy, user),
    )
    return render(request, "keyaccounts/home.html", context)


def _new_connections(fy: int, user) -> list:
    """Customers connected through the new-customer pipeline and proposed for this year's
    selection: they have no billing year yet, so the HVC list cannot rank them."""
    from crmplus.core.scoping import unit_ids_for
    from crmplus.prospects.selectors import new_connections

    return list(new_connections(fy=fy, unit_ids=unit_ids_for(user))[:50])


@require_http_methods(["GET", "POST"])
def run_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not selectors.can_start_run(user):
        raise PermissionDenied(_("You may not start a key-account selection."))
    official = selectors.can_start_official_run(user)
    data = request.POST if request.method == "POST" else None
    fy = fy_value(request.GET.get("fy"), current_fy())
    if data is not None:
        fy = fy_value(data.get("fy"), fy)
    initial = {"fy": fy, "mode": "rules" if official else "draft"}
    if request.GET.get("compare_to", "").isdigit():
        initial["compare_to"] = request.GET["compare_to"]
    form = RunForm(data, user=user, initial=initial)
    if data is None:
        latest = form.fields["extract"].queryset.values_list("pk", flat=True).first()
        form.initial.setdefault("extract", latest)
    draft = data is not None and data.get("mode") == "draft"
    rules_form = RulesForm(data if draft else None, prefix="r", rules=rules_for_fy(fy))
    if request.htmx and request.htmx.target == "draft-rules":
        # The fiscal year changed: the draft starts from that year's rules.
        return render(request, "keyaccounts/_draft_rules.html", {"rules_form": rules_form})
    if data is not None and form.is_valid() and (not draft or rules_form.is_valid()):
        d = form.cleaned_data
        try:
            run = services.selection_run_create(
                fy=d["fy"],
                extract=d["extract"],
                by=user,
                rules=rules_form.rules if draft else None,
                is_draft=draft,
                compare_to=d["compare_to"],
                note=d["note"],
            )
        except ValidationError as e:
            form_errors_from(form, e)
        else:
            messages.success(request, _("The selection run is queued."))
            return redirect(run)
    return render(
        request,
        "keyaccounts/run_new.html",
        {"form": form, "rules_form": rules_form, "official": official, "draft": draft},
    )


@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    user = request.user
    fy = fy_value(request.GET.get("fy"), current_fy())
    in_force = rules_for_fy(fy)
    form = None
    if user.is_hq_admin:
        form = RulesSaveForm(request.POST or None, prefix="r", rules=in_force)
        if request.method == "POST" and form.is_valid():
            try:
                changed = rules_save(
                    fy=fy, rules=form.rules, by=user, note=form.cleaned_data["note"]
                )
            except ValidationError as e:
                form_errors_from(form, e)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s rule value changed from FY%(fy)s.",
                        "%(n)s rule values changed from FY%(fy)s.",
                        changed,
                    )
                    % {"n": changed, "fy": fy}
                    if changed
                    else _("Nothing changed: these are already the rules of FY%(fy)s.")
                    % {"fy": fy},
                )
                return redirect(f"{request.path}?fy={fy}")
    elif request.method == "POST":
        raise PermissionDenied(_("Only HQ admins can do this."))
    current = current_fy()
    years = sorted({current - 1, current, current + 1, fy}, reverse=True)
    return render(
        request,
        "keyaccounts/rules.html",
        {
            "fy": fy,
            "years": years,
            "tables": rules_tables(in_force, selectors.rules_sources(fy)),
            "form": form,
        },
    )
