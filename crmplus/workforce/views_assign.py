"""Account assignment screens: who is responsible for a key account (and the backup),
and the bulk hand-over of a KAMR's accounts (all, or a selection) to another."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from crmplus.workforce import coverage as cov
from crmplus.workforce import services
from crmplus.workforce.forms import AssignForm, ReassignForm, form_errors_from
from crmplus.workforce.models import AccountAssignment, Appointment, Employee
from crmplus.workforce.views import can_assign, employee_for


def candidates_for(key_account, day):
    """Employees with an approved appointment running on `day` in the account's area."""
    running = Appointment.objects.active_on(day)
    area = key_account.owner_area
    if area.is_hq:
        running = running.filter(unit=area)
    else:
        running = running.filter(unit__path__startswith=area.path)
    return (
        Employee.objects.filter(pk__in=running.values("employee_id"), is_active=True)
        .select_related("unit")
        .order_by("unit__path", "employee_number")
    )


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}):
        return url
    return ""


@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, ka_pk: int) -> HttpResponse:
    from crmplus.keyaccounts.models import KeyAccount

    user = request.user
    ka = get_object_or_404(
        KeyAccount.objects.for_user(user).select_related("bp", "office", "owner", "owner_area"),
        pk=ka_pk,
    )
    today = timezone.localdate()
    natural = {"fy": ka.fy, "bp_id": ka.bp_id, "office_id": ka.office_id}
    current = (
        AccountAssignment.objects.filter(**natural)
        .open_on(today)
        .select_related("employee", "backup")
        .first()
    )
    initial = {"start": today}
    if current is not None:
        initial.update(employee=current.employee, backup=current.backup)
    form = AssignForm(request.POST or None, candidates=candidates_for(ka, today), initial=initial)
    if request.method == "POST":
        if not can_assign(user):
            raise PermissionDenied(_("You may not assign key accounts."))
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.assignment_set(
                    key_account=ka, employee=d["employee"], backup=d["backup"], start=d["start"],
                    note=d["note"], by=user,
                )  # fmt: skip
            except ValidationError as err:
                form_errors_from(form, err, {"key_account": "__all__"})
            else:
                messages.success(
                    request,
                    _("%(name)s is responsible for %(bp)s from %(day)s.")
                    % {"name": d["employee"].name, "bp": ka.bp.bp_number, "day": d["start"]},
                )
                area = ka.owner if ka.owner.is_hq else ka.owner_area
                for w in cov.warnings_for_unit(user=user, unit=area, fy=ka.fy):
                    messages.warning(request, w)
                return redirect(_next_url(request) or reverse("workforce:assign", args=[ka.pk]))
    history = (
        AccountAssignment.objects.filter(**natural)
        .select_related("employee", "backup", "created_by")
        .order_by("-start", "-pk")
    )
    return render(
        request,
        "workforce/assign.html",
        {
            "ka": ka,
            "current": current,
            "form": form,
            "history": history,
            "can_assign": can_assign(user),
            "next": _next_url(request),
        },
    )


@require_http_methods(["GET", "POST"])
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand a KAMR's accounts (all, or the ticked ones) over to someone else."""
    user = request.user
    e = employee_for(request, pk)
    if not can_assign(user):
        raise PermissionDenied(_("You may not assign key accounts."))
    today = timezone.localdate()
    held = list(
        AccountAssignment.objects.for_user(user)
        .open_from(today)
        .filter(Q(employee=e) | Q(backup=e))
        .select_related("bp", "office", "employee", "backup")
        .order_by("fy", "office__path", "bp__bp_number")
    )
    form = ReassignForm(request.POST or None, user=user, exclude=e.pk, initial={"on": today})
    selected = {a.pk for a in held}
    if request.method == "POST":
        selected = {
            int(x) for x in request.POST.getlist("assignment") if x.isdigit() and len(x) < 18
        }
        if form.is_valid():
            d = form.cleaned_data
            try:
                moved = services.assignments_reassign(
                    from_employee=e, to_employee=d["to_employee"], on=d["on"], by=user,
                    only=selected,
                )  # fmt: skip
            except ValidationError as err:
                form_errors_from(form, err, {"only": "__all__"})
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s key account is handed over to %(name)s.",
                        "%(n)s key accounts are handed over to %(name)s.",
                        moved,
                    )
                    % {"n": moved, "name": d["to_employee"].name},
                )
                return redirect("workforce:portfolio", pk=d["to_employee"].pk)
    return render(
        request,
        "workforce/reassign.html",
        {"e": e, "held": held, "form": form, "selected": selected},
    )
