"""Approval inbox, request pages with their decisions, and notifications.

Every request is looked up through ApprovalRequest.objects.for_user(user): a
request of another area is a 404. Decisions are POST-only and go through
crmplus.approvals.services, which hold every rule.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crmplus.approvals import selectors, services
from crmplus.approvals.forms import TABS, ApproveForm, InboxFilterForm, RejectForm
from crmplus.approvals.models import ApprovalRequest, ApprovalStatus
from crmplus.approvals.routing import can_decide, is_approver_of

PAGE_SIZE = 50


def _default_tab(user) -> str:
    return "decide" if is_approver_of(user, user.home_unit_id) else "mine"


def inbox_query(user, params) -> tuple[str, str, QuerySet]:
    """The inbox's tab, status filter and requests for these query parameters (the page
    and its XLSX export show the same list)."""
    form = InboxFilterForm(params)
    data = form.cleaned_data if form.is_valid() else {}
    tab = data.get("tab") or _default_tab(user)
    status = data.get("status") or ""
    if tab == "decide":
        # Everything here is pending: the status filter does not apply.
        return tab, "", selectors.inbox_for(user)
    return tab, status, selectors.requests_for(user, status=status or None, mine=tab == "mine")


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    tab, status, qs = inbox_query(user, request.GET)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "tabs": TABS,
        "tab": tab,
        "status": status,
        "statuses": ApprovalStatus.choices,
        "page": page,
        "is_approver": is_approver_of(user, user.home_unit_id),
    }
    if request.htmx and request.htmx.target == "approval-results":
        return render(request, "approvals/_inbox_results.html", context)
    return render(request, "approvals/inbox.html", context)


def _get_request(request: HttpRequest, pk: int) -> ApprovalRequest:
    return get_object_or_404(
        ApprovalRequest.objects.for_user(request.user).select_related(
            "unit", "approver_unit", "submitted_by", "decided_by", "content_type"
        ),
        pk=pk,
    )


def _render_detail(
    request: HttpRequest,
    req: ApprovalRequest,
    *,
    approve_form: ApproveForm | None = None,
    reject_form: RejectForm | None = None,
) -> HttpResponse:
    user = request.user
    context = {
        "req": req,
        "events": req.events.select_related("actor").order_by("at", "pk"),
        "can_decide": can_decide(user, req),
        "can_withdraw": req.is_pending and req.submitted_by_id == user.pk,
        "approve_form": approve_form or ApproveForm(),
        "reject_form": reject_form or RejectForm(),
    }
    return render(request, "approvals/detail.html", context)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = _get_request(request, pk)
    services.notifications_mark_read_for(user=request.user, request=req)
    return _render_detail(request, req)


def _decide(request: HttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    req = _get_request(request, pk)
    form = (ApproveForm if approve else RejectForm)(request.POST)
    forms = {"approve_form" if approve else "reject_form": form}
    if not form.is_valid():
        if not can_decide(request.user, req):
            messages.error(request, _("You cannot decide this request."))
            return redirect(req)
        messages.error(request, _("The decision was not saved: see the form below."))
        return _render_detail(request, req, **forms)
    try:
        if approve:
            services.approval_approve(
                request=req, by=request.user, comment=form.cleaned_data["comment"]
            )
        else:
            services.approval_reject(
                request=req, by=request.user, reason=form.cleaned_data["reason"]
            )
    except PermissionDenied as e:
        messages.error(request, str(e) or _("You may not decide this request."))
        return redirect(req)
    except ValidationError as e:
        errors = e.error_dict if hasattr(e, "error_dict") else {None: e.error_list}
        for field, field_errors in errors.items():
            if field in form.fields:
                form.add_error(field, field_errors)
            else:
                for error in ValidationError(field_errors).messages:
                    messages.error(request, error)
        req.refresh_from_db()
        return _render_detail(request, req, **forms)
    if approve:
        messages.success(request, _("Approved: %(title)s") % {"title": req.title})
    else:
        messages.success(request, _("Rejected: %(title)s") % {"title": req.title})
    return redirect(req)


@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    req = _get_request(request, pk)
    try:
        services.approval_withdraw(request=req, by=request.user)
    except (PermissionDenied, ValidationError) as e:
        for message in getattr(e, "messages", [str(e)]):
            messages.error(request, message)
    else:
        messages.success(request, _("Request withdrawn."))
    return redirect(req)


@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "approvals/notifications.html", {"page": page})


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(request.user.notifications, pk=pk)
    services.notification_mark_read(user=request.user, pk=note.pk)
    return redirect("approvals:notifications")


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_read(user=request.user)
    if count:
        messages.success(request, _("All notifications marked as read."))
    return redirect("approvals:notifications")
