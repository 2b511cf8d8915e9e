"""Visit and Tele CRM screens: lists (filters, sort, pages, XLSX), planning a visit, the
visit page (outcome, follow-ups, reschedule, cancel) and the customer timeline tab.

Reads start from `for_user(request.user)` (another area's visit is a 404); writes go
through crmplus.engagement.services: PermissionDenied is the 403 page, a
ValidationError a form error with nothing saved.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import OrgUnit
from crmplus.customers.models import BusinessPartner
from crmplus.engagement import exports, selectors, services
from crmplus.engagement.forms import (
    CancelForm,
    FollowUpForm,
    OutcomeForm,
    RescheduleForm,
    TeleCrmForm,
    TeleFilterForm,
    VisitFilterForm,
    VisitPlanForm,
    form_errors_from,
    resolve_bp,
)
from crmplus.engagement.models import (
    FollowUp,
    TeleChannel,
    TeleKind,
    Visit,
    VisitMode,
    VisitStatus,
)
from crmplus.engagement.timeline import entries_for

FOLLOWUP_ROWS = 3
TIMELINE_KINDS = ["visit", "call", "service", "risk", "approval"]


def page_size() -> int:
    return getattr(settings, "CRMPLUS_PAGE_SIZE", 25)


def scoped_unit(user, raw) -> OrgUnit | None:
    if not raw:
        return None
    try:
        return OrgUnit.objects.for_user(user).filter(pk=int(raw)).first()
    except (TypeError, ValueError):
        return None


def scoped_employee(user, raw):
    from crmplus.workforce.models import Employee

    if not raw:
        return None
    return Employee.objects.for_user(user).filter(pk=raw).first()


def bp_suggestions(user, limit: int = 300) -> list[BusinessPartner]:
    """Customers to suggest when typing a BP number: the user's portfolio, else key
    accounts in scope of the latest year."""
    from crmplus.keyaccounts.models import KeyAccount
    from crmplus.workforce.selectors import portfolio

    emp = selectors.user_employee(user)
    if emp is not None:
        rows = [a.bp for a in portfolio(employee=emp)[:limit]]
        if rows:
            return rows
    ka = KeyAccount.objects.for_user(user)
    latest = ka.order_by("-fy").values_list("fy", flat=True).first()
    if latest is None:
        return []
    return [k.bp for k in ka.filter(fy=latest).select_related("bp").order_by("bp__name_th")[:limit]]


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


# -- visits list -----------------------------------------------------------------------
def _visit_filters(request: HttpRequest) -> dict:
    form = VisitFilterForm(request.GET or None)
    d = form.cleaned_data if form.is_valid() else {}
    return {
        "q": (d.get("q") or "").strip(),
        "status": d.get("status") or "",
        "mode": d.get("mode") or "",
        "unit": scoped_unit(request.user, d.get("unit")),
        "mine": bool(d.get("mine")),
        "kamr": scoped_employee(request.user, d.get("kamr")),
        "date_from": d.get("date_from"),
        "date_to": d.get("date_to"),
        "sort": d.get("sort") or "-date",
    }


@require_GET
def visit_list(request: HttpRequest) -> HttpResponse:
    values = _visit_filters(request)
    qs = selectors.visits_for(user=request.user, **values)
    page = Paginator(qs, page_size()).get_page(request.GET.get("page"))
    query = _query_without(request, "page")
    context = {
        "values": values,
        "page": page,
        "units": selectors.units_for_filter(request.user),
        "statuses": VisitStatus.choices,
        "modes": VisitMode.choices,
        "export_url": reverse("engagement:visits_export") + ("?" + query if query else ""),
        "can_write": services.can_write(request.user),
    }
    if request.htmx:
        return render(request, "engagement/_visit_results.html", context)
    return render(request, "engagement/visits.html", context)


@require_GET
def visit_export(request: HttpRequest) -> HttpResponse:
    values = _visit_filters(request)
    qs = selectors.visits_for(user=request.user, **values)
    return exports.xlsx_response(exports.visits_xlsx(qs), "crmplus-visits")


# -- planning --------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not services.can_write(user):
        raise PermissionDenied(_("Your role does not allow this."))
    initial: dict = {"time": dt.time(9, 0), "duration_minutes": 60, "mode": VisitMode.ONSITE}
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate() + dt.timedelta(days=1)
    initial["date"] = day
    if request.GET.get("bp", "").isdigit():
        bp = BusinessPartner.objects.for_user(user).filter(pk=int(request.GET["bp"])).first()
        if bp is not None:
            initial["bp_number"] = bp.bp_number
    emp = selectors.user_employee(user)
    if emp is not None:
        initial["kamr"] = emp.pk
    form = VisitPlanForm(request.POST or None, user=user, fy=fiscal_year(day), initial=initial)
    if request.method == "POST" and form.is_valid():
        bp = resolve_bp(form, user)
        if bp is not None:
            d = form.cleaned_data
            try:
                visit = services.visit_plan(
                    bp=bp,
                    starts_at=timezone.make_aware(dt.datetime.combine(d["date"], d["time"])),
                    mode=d["mode"],
                    objective_code=d["objective_code"],
                    objective=d["objective"],
                    kamr=d["kamr"],
                    staff=d["staff"],
                    duration_minutes=d["duration_minutes"],
                    location=d["location"],
                    by=user,
                )
            except ValidationError as e:
                form_errors_from(form, e, {"bp": "bp_number", "starts_at": "date"})
            else:
                messages.success(request, _("The visit is planned."))
                return redirect(visit)
    return render(
        request,
        "engagement/visit_form.html",
        {"form": form, "suggestions": bp_suggestions(user), "day": day},
    )


# -- the visit page --------------------------------------------------------------------
def _visit(request: HttpRequest, pk: int) -> Visit:
    return get_object_or_404(
        Visit.objects.for_user(request.user).select_related("bp", "office", "kamr", "created_by"),
        pk=pk,
    )


def _followup_forms(visit: Visit, data=None) -> list[FollowUpForm]:
    return [FollowUpForm(data, unit=visit.office, prefix=f"fu{i}") for i in range(FOLLOWUP_ROWS)]


@require_GET
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    local = timezone.localtime(visit.starts_at)
    return render(
        request,
        "engagement/visit.html",
        _visit_context(
            request,
            visit,
            outcome_form=OutcomeForm(
                initial={
                    "attendees_pea": visit.attendees_pea or visit.kamr.name,
                    "attendees_customer": visit.attendees_customer,
                    "topics": visit.topics,
                    "customer_needs": visit.customer_needs,
                    "outcome_note": visit.outcome_note,
                    "distance_km": visit.distance_km,
                }
            ),
            reschedule_form=RescheduleForm(initial={"date": local.date(), "time": local.time()}),
        ),
    )


def _visit_context(request, visit: Visit, **forms) -> dict:
    followup_forms = forms.pop("followup_forms", None) or _followup_forms(visit)
    user = request.user
    can_write = services.can_write(user) and services.in_scope(user, visit.office_id)
    return {
        "visit": visit,
        "staff": list(visit.staff.select_related("unit")),
        "followups": list(visit.followups.select_related("owner")),
        "changes": list(visit.changes.select_related("by")),
        "followup_forms": followup_forms,
        "cancel_form": forms.pop("cancel_form", None) or CancelForm(),
        "can_write": can_write,
        "outcome_due": visit.starts_at <= timezone.now() + dt.timedelta(hours=12),
        "tab": forms.pop("tab", ""),
        # Booking has the same writer roles: approvers and auditors would get a 403 there.
        "book_url": book_service_url(visit.bp_id) if can_write else "",
        **forms,
    }


def book_service_url(bp_id: int) -> str:
    """The techservices booking page for the customer (none until that app has it)."""
    try:
        return reverse("techservices:request_new") + f"?bp={bp_id}"
    except NoReverseMatch:
        return ""


@require_POST
def visit_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    form = OutcomeForm(request.POST)
    fu_forms = _followup_forms(visit, request.POST)
    valid = form.is_valid()
    valid = all([f.is_valid() for f in fu_forms]) and valid
    if valid:
        rows = [v for f in fu_forms if (v := f.values()) is not None]
        try:
            services.visit_record_outcome(visit=visit, by=request.user, followups=rows,
                                          **form.cleaned_data)  # fmt: skip
        except ValidationError as e:
            _spread_followup_errors(e, form, fu_forms, rows_forms=[
                f for f in fu_forms if f.values() is not None])  # fmt: skip
        else:
            messages.success(request, _("The outcome of the visit is recorded."))
            return redirect(visit)
    local = timezone.localtime(visit.starts_at)
    return render(
        request,
        "engagement/visit.html",
        _visit_context(
            request,
            visit,
            outcome_form=form,
            followup_forms=fu_forms,
            reschedule_form=RescheduleForm(initial={"date": local.date(), "time": local.time()}),
            tab="outcome",
        ),
        status=422,
    )


def _spread_followup_errors(e: ValidationError, form, fu_forms, rows_forms) -> None:
    if not hasattr(e, "error_dict"):
        form.add_error(None, e)
        return
    for name, errs in e.error_dict.items():
        if name.startswith("followups."):
            _prefix, index, field = name.split(".", 2)
            target = rows_forms[int(index)]
            target.add_error(field if field in target.fields else None, errs)
        else:
            form.add_error(name if name in form.fields else None, errs)


@require_POST
def visit_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            services.visit_reschedule(
                visit=visit,
                starts_at=form.starts_at(),
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as e:
            form_errors_from(form, e, {"starts_at": "date"})
        else:
            messages.success(request, _("The visit is rescheduled."))
            return redirect(visit)
    return render(
        request,
        "engagement/visit.html",
        _visit_context(
            request, visit, reschedule_form=form, outcome_form=OutcomeForm(), tab="reschedule"
        ),  # fmt: skip
        status=422,
    )


@require_POST
def visit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.visit_cancel(visit=visit, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as e:
            form_errors_from(form, e)
        else:
            messages.success(request, _("The visit is cancelled."))
            return redirect(visit)
    local = timezone.localtime(visit.starts_at)
    return render(
        request,
        "engagement/visit.html",
        _visit_context(
            request,
            visit,
            cancel_form=form,
            outcome_form=OutcomeForm(),
            reschedule_form=RescheduleForm(initial={"date": local.date(), "time": local.time()}),
            tab="cancel",
        ),
        status=422,
    )


@require_POST
def followup_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    followup = get_object_or_404(
        FollowUp.objects.for_user(request.user).select_related("visit"), pk=pk
    )
    services.followup_set_done(followup=followup, done=not followup.done, by=request.user)
    return redirect(followup.visit)


# -- Tele CRM --------------------------------------------------------------------------
def _tele_filters(request: HttpRequest) -> dict:
    form = TeleFilterForm(request.GET or None)
    d = form.cleaned_data if form.is_valid() else {}
    return {
        "q": (d.get("q") or "").strip(),
        "kind": d.get("kind") or "",
        "unit": scoped_unit(request.user, d.get("unit")),
        "date_from": d.get("date_from"),
        "date_to": d.get("date_to"),
        "sort": d.get("sort") or "-date",
    }


@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    values = _tele_filters(request)
    qs = selectors.telecrm_for(user=request.user, **values)
    page = Paginator(qs, page_size()).get_page(request.GET.get("page"))
    query = _query_without(request, "page")
    context = {
        "values": values,
        "page": page,
        "units": selectors.units_for_filter(request.user),
        "kinds": TeleKind.choices,
        "export_url": reverse("engagement:calls_export") + ("?" + query if query else ""),
        "can_write": services.can_write(request.user),
    }
    if request.htmx:
        return render(request, "engagement/_call_results.html", context)
    return render(request, "engagement/calls.html", context)


@require_GET
def call_export(request: HttpRequest) -> HttpResponse:
    values = _tele_filters(request)
    qs = selectors.telecrm_for(user=request.user, **values)
    return exports.xlsx_response(exports.calls_xlsx(qs), "crmplus-telecrm")


@require_http_methods(["GET", "POST"])
def call_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not services.can_write(user):
        raise PermissionDenied(_("Your role does not allow this."))
    initial = {
        "at": timezone.localtime().replace(second=0, microsecond=0),
        "channel": TeleChannel.PHONE,
    }
    if request.GET.get("bp", "").isdigit():
        bp = BusinessPartner.objects.for_user(user).filter(pk=int(request.GET["bp"])).first()
        if bp is not None:
            initial["bp_number"] = bp.bp_number
    form = TeleCrmForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        bp = resolve_bp(form, user)
        if bp is not None:
            d = form.cleaned_data
            try:
                services.telecrm_log(
                    bp=bp,
                    kind=d["kind"],
                    channel=d["channel"],
                    at=d["at"],
                    contact_name=d["contact_name"],
                    summary=d["summary"],
                    by=user,
                )
            except ValidationError as e:
                form_errors_from(form, e, {"bp": "bp_number"})
            else:
                messages.success(request, _("The Tele CRM contact is logged."))
                return redirect("engagement:calls")
    return render(
        request,
        "engagement/call_form.html",
        {"form": form, "suggestions": bp_suggestions(user)},
    )


# -- customer timeline tab -------------------------------------------------------------
@require_GET
def customer_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    bp = get_object_or_404(BusinessPartner.objects.for_user(request.user), pk=pk)
    kind = request.GET.get("kind", "")
    entries = entries_for(bp, request.user, {kind} if kind in TIMELINE_KINDS else None)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/_timeline.html",
        {
            "bp": bp,
            "page": page,
            "kind": kind,
            "kinds": TIMELINE_KINDS,
            "can_write": services.can_write(request.user),
        },
    )
