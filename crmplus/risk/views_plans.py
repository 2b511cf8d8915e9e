"""Retention-plan screens: the special-risk list (and its XLSX), starting a plan from a
special-risk assessment, the plan page (actions, follow-ups, approval, closing) and the
action edit page.

Reads start from `for_user(request.user)` (another area's plan is a 404); writes go
through crmplus.risk.services_plans: PermissionDenied is the 403 page, a ValidationError
a form error with nothing saved.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from crmplus.core.history import history_entries
from crmplus.risk import exports_plans, selectors, selectors_plans
from crmplus.risk import services_plans as services
from crmplus.risk.forms import form_errors_from as errors_onto
from crmplus.risk.forms_plans import ActionForm, CloseForm, FollowUpForm, PlanFilterForm, PlanForm
from crmplus.risk.models import RiskAssessment
from crmplus.risk.models_plans import RetentionAction, RetentionPlan

PAGE_SIZE = 50


def _list_params(request: HttpRequest) -> tuple[PlanFilterForm, dict]:
    form = PlanFilterForm(request.GET or None, user=request.user)
    values = form.values()
    if values["fy"] is None:
        values["fy"], _years = selectors.fy_choices(request.user)
    return form, values


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    form, values = _list_params(request)
    qs = selectors_plans.special_list(user=request.user, **values)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    _default, years = selectors.fy_choices(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "risk/plans.html",
        {
            "form": form,
            "values": values,
            "years": years,
            "page": page,
            "levels": sorted(selectors_plans.special_levels(values["fy"]), reverse=True),
            "export_url": reverse("risk:plan_export") + ("?" + query.urlencode() if query else ""),
            "overdue": selectors_plans.overdue_summary(user=request.user, unit=values["area"]),
            "can_write": selectors_plans.can_write_plans(request.user),
        },
    )


@require_GET
def plan_export(request: HttpRequest) -> FileResponse:
    """The special-risk list as filtered, with every plan's actions, as XLSX."""
    _form, values = _list_params(request)
    fd, path = tempfile.mkstemp(prefix="crmplus-plans-", suffix=".xlsx")
    os.close(fd)
    try:
        exports_plans.plans_export_xlsx(user=request.user, values=values, path=Path(path))
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        os.unlink(path)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(handle, as_attachment=True, filename=f"crmplus-plans-{stamp}.xlsx")


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the retention plan of a special-risk assessment."""
    user = request.user
    a = get_object_or_404(
        RiskAssessment.objects.for_user(user).select_related("bp", "office", "owner"), pk=pk
    )
    existing = RetentionPlan.objects.filter(assessment=a).first()
    if existing is not None:
        return redirect(existing)
    if not selectors_plans.can_write_plans(user):
        raise PermissionDenied(_("Only KAMRs, Senior KAMRs and area admins write retention plans."))
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(assessment=a, by=user, **form.cleaned_data)
        except ValidationError as e:
            errors_onto(form, e, {})
        else:
            messages.success(request, _("The retention plan is started: now add its actions."))
            return redirect(plan)
    return render(
        request,
        "risk/plan_form.html",
        {"a": a, "form": form, "special": services.is_special(a)},
    )


def _plan(request: HttpRequest, pk: int) -> RetentionPlan:
    return get_object_or_404(
        RetentionPlan.objects.for_user(request.user).select_related(
            "assessment__bp", "assessment__office", "owner", "created_by"
        ),
        pk=pk,
    )


def _action_values(form: ActionForm) -> dict:
    d = form.cleaned_data
    return {
        "description": d["description"],
        "owner": d["owner"],
        "due_date": d.get("due_date"),
        "status": d["status"],
        "outcome": d.get("outcome") or "",
    }


@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    plan = _plan(request, pk)
    forms = {
        "plan_form": PlanForm(initial={"objective": plan.objective, "summary": plan.summary}),
        "action_form": ActionForm(plan=plan, user=user, prefix="action"),
        "followup_form": FollowUpForm(prefix="fu", initial={"date": timezone.localdate()}),
        "close_form": CloseForm(prefix="close"),
    }
    if request.method == "POST":
        action = request.POST.get("action")
        target = None
        try:
            if action == "update":
                target = forms["plan_form"] = PlanForm(request.POST)
                if target.is_valid():
                    services.plan_update(plan=plan, by=user, **target.cleaned_data)
                    messages.success(request, _("The plan is saved."))
            elif action == "add_action":
                target = forms["action_form"] = ActionForm(
                    request.POST, plan=plan, user=user, prefix="action"
                )
                if target.is_valid():
                    services.action_add(plan=plan, by=user, **_action_values(target))
                    messages.success(request, _("The action is added."))
            elif action == "followup":
                target = forms["followup_form"] = FollowUpForm(request.POST, prefix="fu")
                if target.is_valid():
                    services.followup_add(plan=plan, by=user, **target.cleaned_data)
                    messages.success(request, _("The follow-up is recorded."))
            elif action == "submit":
                services.plan_submit(plan=plan, by=user)
                messages.success(request, _("The plan is sent for approval."))
            elif action == "close":
                target = forms["close_form"] = CloseForm(request.POST, prefix="close")
                if target.is_valid():
                    services.plan_close(plan=plan, by=user, note=target.cleaned_data["note"])
                    messages.success(request, _("The plan is closed."))
            else:
                raise ValidationError(_("Choose what to do."))
        except ValidationError as e:
            plan.refresh_from_db()
            if target is not None:
                errors_onto(target, e, {"due_date": "due_date"})
            else:
                messages.error(request, " ".join(e.messages))
        if target is None or not target.errors:
            return redirect(plan)
    a = plan.assessment
    actions = list(plan.actions.select_related("owner"))
    return render(
        request,
        "risk/plan.html",
        {
            "plan": plan,
            "a": a,
            "actions": actions,
            "follow_ups": list(plan.follow_ups.select_related("by")),
            "rights": selectors_plans.plan_rights(user, plan),
            "special": services.is_special(a),
            "n_overdue": sum(1 for x in actions if x.is_overdue),
            "entries": history_entries(
                RetentionPlan.history.filter(id=plan.pk),
                RetentionAction.history.filter(plan_id=plan.pk),
            ),
            **forms,
        },
    )


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    user = request.user
    plan = _plan(request, pk)
    action = get_object_or_404(RetentionAction.objects.filter(plan=plan), pk=action_pk)
    rights = selectors_plans.plan_rights(user, plan)
    if not rights["can_act"]:
        raise PermissionDenied(_("The actions of this plan cannot change now."))
    initial = {
        "description": action.description,
        "owner": action.owner_id,
        "due_date": action.due_date,
        "status": action.status,
        "outcome": action.outcome,
    }
    form = ActionForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, by=user, **_action_values(form))
        except ValidationError as e:
            errors_onto(form, e, {})
        else:
            messages.success(request, _("The action is saved."))
            return redirect(plan)
    return render(request, "risk/plan_action.html", {"plan": plan, "action": action, "form": form})
