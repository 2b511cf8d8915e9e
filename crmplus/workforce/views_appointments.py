"""Appointment screens: the list (and XLSX), create, the appointment page (submit for
approval, end, replace, approval panel, history, resulting coverage warnings) and the
mid-year replacement form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from crmplus.core.fiscal import fiscal_year
from crmplus.core.history import history_entries
from crmplus.core.models import OrgUnit
from crmplus.workforce import coverage as cov
from crmplus.workforce import services
from crmplus.workforce.exports import xlsx_response
from crmplus.workforce.forms import (
    AppointmentFilterForm,
    AppointmentForm,
    EndForm,
    ReplaceForm,
    form_errors_from,
)
from crmplus.workforce.models import (
    EFFECTIVE_STATUSES,
    Appointment,
    AppointmentRole,
    AppointmentStatus,
)
from crmplus.workforce.rules_settings import training_months
from crmplus.workforce.views import can_manage, employee_for, page_of, query_without_page

SORTS = {
    "start": ("start", "pk"),
    "unit": ("unit__path", "-start", "pk"),
    "employee": ("employee__employee_number", "-start", "pk"),
    "status": ("status", "-start", "pk"),
}


def _list(request: HttpRequest):
    form = AppointmentFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = Appointment.objects.for_user(request.user).select_related(
        "employee", "unit", "replaces__employee"
    )
    q = (data.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(employee__employee_number__icontains=q)
            | Q(employee__name_th__icontains=q)
            | Q(employee__name_en__icontains=q)
            | Q(unit__code__icontains=q)
        )
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("role"):
        qs = qs.filter(role=data["role"])
    sort = request.GET.get("sort") or "-start"
    order = SORTS.get(sort.lstrip("-"), SORTS["start"])
    if sort.startswith("-"):
        order = tuple(o[1:] if o.startswith("-") else "-" + o for o in order)
    return form, data, qs.order_by(*order), sort


@require_GET
def appointment_list(request: HttpRequest) -> HttpResponse:
    form, data, qs, sort = _list(request)
    return render(
        request,
        "workforce/appointments.html",
        {
            "form": form,
            "data": data,
            "page": page_of(request, qs),
            "sort": sort,
            "query": query_without_page(request),
            "can_manage": can_manage(request.user),
        },
    )


@require_GET
def appointment_export(request: HttpRequest) -> HttpResponse:
    _form, _data, qs, _sort = _list(request)
    return xlsx_response(
        "kamr-appointments",
        _("Appointments"),
        [_("Employee number"), _("Name"), _("Role"), _("Unit code"), _("Unit"), _("Start"),
         _("End"), _("Status"), _("Replaces")],
        (
            [a.employee.employee_number, a.employee.name_th, a.get_role_display(), a.unit.code,
             a.unit.name, a.start, a.end, a.get_status_display(),
             str(a.replaces.employee) if a.replaces_id else ""]
            for a in qs
        ),
    )  # fmt: skip


def _appointment(request: HttpRequest, pk: int) -> Appointment:
    return get_object_or_404(
        Appointment.objects.for_user(request.user).select_related(
            "employee__unit", "unit", "replaces__employee", "created_by"
        ),
        pk=pk,
    )


def _warnings(request: HttpRequest, a: Appointment) -> list[str]:
    """The coverage of the appointment's area (or HQ) after the change."""
    unit = a.unit if a.unit.is_hq else (a.unit.area() or a.unit)
    fy, _years = cov.fy_choices(request.user)
    return cov.warnings_for_unit(user=request.user, unit=unit, fy=fy)


@require_http_methods(["GET", "POST"])
def appointment_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_manage(user):
        raise PermissionDenied(_("Only an area or HQ administrator appoints KAMRs."))
    initial = {"start": timezone.localdate()}
    raw = str(request.GET.get("employee") or "")
    if raw.isdigit() and len(raw) < 18:
        e = employee_for(request, int(raw))
        initial.update(employee=e, unit=e.unit)
    raw_unit = str(request.GET.get("unit") or "")
    if raw_unit.isdigit() and len(raw_unit) < 18:
        initial["unit"] = OrgUnit.objects.for_user(user).filter(pk=int(raw_unit)).first()
    if request.GET.get("role") in AppointmentRole.values:
        initial["role"] = request.GET["role"]
    form = AppointmentForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                a = services.appointment_create(by=user, **form.cleaned_data)
                if request.POST.get("submit_now"):
                    services.appointment_submit(appointment=a, by=user)
        except ValidationError as err:
            form_errors_from(form, err)
        else:
            if a.status == AppointmentStatus.SUBMITTED:
                messages.success(request, _("The appointment is sent for approval."))
            else:
                messages.success(request, _("The appointment is saved as a draft."))
            return redirect(a)
    today = timezone.localdate()
    return render(
        request,
        "workforce/appointment_form.html",
        # The deadline is a setting (M-3.2 default 3 months): say the one in force.
        {"form": form, "training_months": training_months(fiscal_year(today))},
    )


@require_http_methods(["GET", "POST"])
def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    a = _appointment(request, pk)
    end_form = EndForm(prefix="end", initial={"end": timezone.localdate()})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                services.appointment_submit(appointment=a, by=user)
                messages.success(request, _("The appointment is sent for approval."))
            elif action == "end":
                end_form = EndForm(request.POST, prefix="end")
                if end_form.is_valid():
                    services.appointment_end(
                        appointment=a, end=end_form.cleaned_data["end"], by=user
                    )
                    messages.success(request, _("The appointment is ended."))
                    for w in _warnings(request, a):
                        messages.warning(request, w)
            else:
                raise ValidationError(_("Choose what to do."))
        except ValidationError as err:
            a.refresh_from_db()
            if action == "end":
                form_errors_from(end_form, err)
            else:
                messages.error(request, " ".join(err.messages))
        if not end_form.errors:
            return redirect(a)
    successor = a.replaced_by.exclude(status=AppointmentStatus.REJECTED).first()
    return render(
        request,
        "workforce/appointment.html",
        {
            "a": a,
            "end_form": end_form,
            "can_manage": can_manage(user),
            "editable": a.status in services.EDITABLE_APPOINTMENT,
            "effective": a.status in EFFECTIVE_STATUSES,
            "running": a.active_on(timezone.localdate()),
            "successor": successor,
            "warnings": _warnings(request, a) if a.status in EFFECTIVE_STATUSES else [],
            "entries": history_entries(Appointment.history.filter(id=a.pk)),
        },
    )


@require_http_methods(["GET", "POST"])
def appointment_replace(request: HttpRequest, pk: int) -> HttpResponse:
    """A mid-year replacement: same role and unit; once approved the predecessor's
    appointment ends the day before and their accounts are handed over."""
    user = request.user
    old = _appointment(request, pk)
    if not can_manage(user):
        raise PermissionDenied(_("Only an area or HQ administrator appoints KAMRs."))
    form = ReplaceForm(
        request.POST or None,
        user=user,
        exclude=old.employee_id,
        initial={"start": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                a = services.appointment_create(
                    employee=d["employee"], role=old.role, unit=old.unit, start=d["start"],
                    replaces=old, note=d["note"], by=user,
                )  # fmt: skip
                services.appointment_submit(appointment=a, by=user)
        except ValidationError as err:
            form_errors_from(form, err, {"replaces": "__all__"})
        else:
            messages.success(
                request,
                _("The replacement is sent for approval; the hand-over happens on approval."),
            )
            return redirect(a)
    return render(request, "workforce/replace_form.html", {"form": form, "old": old})
