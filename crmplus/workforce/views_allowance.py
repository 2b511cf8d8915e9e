"""Allowance ledger screens: ledgers per unit and month (build one by hand; the monthly
task builds them on the first days of a month), the ledger page printing the rule used,
its approval, and the XLSX for payroll."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from crmplus.core.history import history_entries
from crmplus.workforce import allowance, rules
from crmplus.workforce.exports import xlsx_response
from crmplus.workforce.forms import LedgerBuildForm, LedgerFilterForm, form_errors_from
from crmplus.workforce.models import AllowanceLedger, Appointment, LedgerStatus
from crmplus.workforce.templatetags.workforce import thmonth
from crmplus.workforce.views import page_of, query_without_page

PRORATION_LABELS = {
    rules.FULL_MONTH_IF_ACTIVE_ANY_DAY: gettext_lazy(
        "the full monthly rate when active on at least one day of the month"
    ),
    rules.DAILY_PRORATA: gettext_lazy("the monthly rate × days active / days in the month"),
    rules.ACTIVE_ON_FIRST_DAY: gettext_lazy("the full monthly rate when active on the 1st"),
}


def can_prepare(user) -> bool:
    return user.can_write and user.role in allowance.LEDGER_ROLES


def _ledgers(request: HttpRequest):
    form = LedgerFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    qs = AllowanceLedger.objects.for_user(request.user).select_related("unit")
    if data.get("unit"):
        qs = qs.filter(unit=data["unit"])
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("year"):
        qs = qs.filter(month__year=data["year"])
    return form, data, qs.order_by("-month", "unit__path")


@require_http_methods(["GET", "POST"])
def ledger_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form, data, qs = _ledgers(request)
    build_form = LedgerBuildForm(prefix="build", user=user)
    if request.method == "POST":
        if not can_prepare(user):
            raise PermissionDenied(
                _("Only an area or HQ administrator prepares allowance ledgers.")
            )
        build_form = LedgerBuildForm(request.POST, prefix="build", user=user)
        if build_form.is_valid():
            d = build_form.cleaned_data
            try:
                ledger = allowance.allowance_ledger_build(unit=d["unit"], month=d["month"], by=user)
            except ValidationError as err:
                form_errors_from(build_form, err)
            else:
                messages.success(request, _("The allowance ledger is built."))
                return redirect(ledger)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "allowance-ledgers",
            _("Ledgers"),
            [_("Unit code"), _("Unit"), _("Month"), _("Status"), _("Rate"), _("Total (baht)")],
            (
                [x.unit.code, x.unit.name, thmonth(x.month), x.get_status_display(), x.rate,
                 x.total]
                for x in qs
            ),
        )  # fmt: skip
    return render(
        request,
        "workforce/ledgers.html",
        {
            "form": form,
            "data": data,
            "page": page_of(request, qs),
            "build_form": build_form,
            "can_prepare": can_prepare(user),
            "query": query_without_page(request),
        },
    )


def _ledger(request: HttpRequest, pk: int) -> AllowanceLedger:
    return get_object_or_404(
        AllowanceLedger.objects.for_user(request.user).select_related("unit", "built_by"), pk=pk
    )


def _lines(ledger: AllowanceLedger):
    lines = list(
        ledger.lines.select_related("employee__unit").order_by("employee__employee_number")
    )
    ids = {i for line in lines for i in line.appointments}
    held = {a.pk: a for a in Appointment.objects.filter(pk__in=ids).select_related("unit")}
    for line in lines:
        line.held = [held[i] for i in line.appointments if i in held]
    return lines


@require_http_methods(["GET", "POST"])
def ledger_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    ledger = _ledger(request, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                allowance.allowance_ledger_submit(ledger=ledger, by=user)
                messages.success(request, _("The ledger is sent for approval."))
            elif action == "rebuild":
                allowance.allowance_ledger_build(unit=ledger.unit, month=ledger.month, by=user)
                messages.success(request, _("The ledger is rebuilt from the appointments."))
            else:
                raise ValidationError(_("Choose what to do."))
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
        return redirect(ledger)
    lines = _lines(ledger)
    return render(
        request,
        "workforce/ledger.html",
        {
            "ledger": ledger,
            "page": page_of(request, lines),
            "n": len(lines),
            "rule": PRORATION_LABELS.get(ledger.proration, ledger.proration),
            "can_prepare": can_prepare(user),
            "entries": history_entries(AllowanceLedger.history.filter(id=ledger.pk)),
            "is_draft": ledger.status == LedgerStatus.DRAFT,
        },
    )


@require_GET
def ledger_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The ledger for payroll: one row per person, the rule used on top."""
    ledger = _ledger(request, pk)
    lines = _lines(ledger)
    return xlsx_response(
        f"allowance-{ledger.unit.code}-{ledger.month:%Y-%m}",
        _("Payroll"),
        [_("Employee number"), _("Name"), _("Unit code"), _("Appointments"), _("Days active"),
         _("Amount (baht)"), _("Rule")],
        (
            [line.employee.employee_number, line.employee.name_th, line.employee.unit.code,
             "; ".join(f"{a.get_role_display()} {a.unit.code}" for a in line.held), line.days,
             line.amount, line.rule_text]
            for line in lines
        ),
        notes=[
            _("KAMR allowance %(month)s, %(unit)s") % {"month": thmonth(ledger.month),
                                                        "unit": ledger.unit.name},
            _("Rate: %(rate)s baht a month; part-month rule: %(rule)s") % {
                "rate": f"{ledger.rate:,.2f}",
                "rule": PRORATION_LABELS.get(ledger.proration, ledger.proration)},
            _("Status: %(status)s; total %(total)s baht; %(n)s people") % {
                "status": ledger.get_status_display(), "total": f"{ledger.total:,.2f}",
                "n": len(lines)},
        ],
    )  # fmt: skip
