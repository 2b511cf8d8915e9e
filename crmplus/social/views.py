"""Staff screens of the social inbox: the case list (and its XLSX), one case with its
conversation and actions, and the raw webhook deliveries (HQ admins).

Reads start from `Case.objects.for_user` (another area's case is a 404); writes go
through crmplus.social.services, whose ValidationError is shown on the page with
nothing saved and whose PermissionDenied is the 403 page.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from crmplus.core.history import history_entries
from crmplus.social import exports, selectors, services
from crmplus.social.forms import CaseFilterForm, EraseForm
from crmplus.social.models import (
    Case,
    Category,
    DeliveryStatus,
    Direction,
    Erasure,
    WebhookDelivery,
)
from crmplus.social.rules_settings import canned_replies, fy_of
from crmplus.social.services_pdpa import ERASE_ROLES, identity_erase


def _filters(request: HttpRequest) -> tuple[CaseFilterForm, selectors.CaseFilters]:
    form = CaseFilterForm(request.GET or None, user=request.user)
    return form, form.filters()


def _timers(cases) -> None:
    now = timezone.now()
    for case in cases:
        case.fr_timer, case.res_timer = selectors.case_timers(case, now)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The case inbox: open cases first by latest message, filters, paging, export."""
    form, filters = _filters(request)
    qs = selectors.case_list(user=request.user, filters=filters)
    page = Paginator(qs, settings.CRMPLUS_PAGE_SIZE).get_page(request.GET.get("page"))
    _timers(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "sort": filters.sort,
        "export_url": reverse("social:export") + ("?" + query.urlencode() if query else ""),
    }
    if request.htmx and request.htmx.target == "social-results":
        return render(request, "social/_inbox_results.html", context)
    return render(request, "social/inbox.html", context)


@require_GET
def export(request: HttpRequest) -> FileResponse:
    _form, filters = _filters(request)
    fd, path = tempfile.mkstemp(prefix="crmplus-social-", suffix=".xlsx")
    os.close(fd)
    try:
        exports.cases_export_xlsx(user=request.user, filters=filters, path=Path(path))
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        os.unlink(path)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(handle, as_attachment=True, filename=f"crmplus-social-{stamp}.xlsx")


def _canned_for(case: Case) -> list[tuple[str, str, list[tuple[int, str]]]]:
    """(category, label, [(index, text)]) of the case's category first, then the others."""
    replies = canned_replies(fy_of(case.opened_at))
    labels = dict(Category.choices)
    order = sorted(Category.values, key=lambda c: (c != case.category, Category.values.index(c)))
    return [(c, str(labels[c]), list(enumerate(replies[c]))) for c in order if replies[c]]


def _canned_text(case: Case, key: str) -> str:
    category, _sep, index = (key or "").partition(":")
    texts = canned_replies(fy_of(case.opened_at)).get(category, [])
    if not index.isdigit() or int(index) >= len(texts):
        raise ValidationError({"text": _("This canned reply no longer exists: choose another.")})
    return texts[int(index)]


def _act(request: HttpRequest, case: Case) -> str:
    """Run the posted action; returns the success message."""
    user, data, action = request.user, request.POST, request.POST.get("action", "")
    if action == "categorise":
        services.case_categorise(case=case, category=data.get("category", ""), by=user)
        return _("The category is saved; the SLA follows it.")
    if action == "link_ca":
        services.case_link_ca(case=case, ca_number=data.get("ca_number", ""), by=user)
        return _("The contract account is linked.") if case.ca_id else _("The link is removed.")
    if action == "assign":
        raw = data.get("unit", "")
        unit = (
            services.assignable_units(user).filter(pk=int(raw)).first()
            if raw.isdigit() and len(raw) < 19
            else None
        )
        if unit is None:
            raise ValidationError({"unit": _("Choose an office in your area.")})
        services.case_assign(case=case, unit=unit, by=user)
        return _("The case is assigned to %(unit)s.") % {"unit": unit.name}
    if action == "reply":
        canned_key = data.get("canned_key", "")
        text = _canned_text(case, canned_key) if canned_key else data.get("text", "")
        services.case_reply(case=case, text=text, by=user, canned=bool(canned_key))
        return _("The reply is queued for sending.")
    if action == "close":
        services.case_close(case=case, by=user)
        return _("The case is closed.")
    if action == "reopen":
        services.case_reopen(case=case, by=user)
        return _("The case is reopened.")
    if action == "erase":
        form = EraseForm(data)
        if not form.is_valid():
            raise ValidationError({k: v for k, v in form.errors.items()})
        identity_erase(
            identity=case.identity,
            trigger=Erasure.Trigger.REQUEST,
            by=user,
            note=form.cleaned_data["note"],
        )
        return _("The person's personal data is erased.")
    raise ValidationError(_("Choose what to do."))


@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = get_object_or_404(
        Case.objects.for_user(user).select_related("identity", "unit", "ca", "ca__bp", "closed_by"),
        pk=pk,
    )
    errors: dict[str, list[str]] = {}
    posted = {}
    if request.method == "POST":
        if not user.can_write:
            raise PermissionDenied(_("Your role is read-only: you cannot change records."))
        try:
            done = _act(request, case)
        except ValidationError as e:
            case.refresh_from_db()
            if hasattr(e, "error_dict"):
                errors = {k: [str(m) for m in v] for k, v in e.message_dict.items()}
            else:
                errors = {NON_FIELD_ERRORS: [str(m) for m in e.messages]}
            posted = request.POST
        else:
            messages.success(request, done)
            return redirect("social:case", pk=case.pk)
    fr, res = selectors.case_timers(case)
    thread = list(case.messages.select_related("sent_by").order_by("at", "id"))
    return render(
        request,
        "social/case.html",
        {
            "case": case,
            "thread": thread,
            "fr": fr,
            "res": res,
            "errors": errors,
            "non_field_errors": errors.get(NON_FIELD_ERRORS, []),
            "posted": posted,
            "categories": Category.choices,
            "units": services.assignable_units(user).order_by("path") if user.can_write else [],
            "canned": _canned_for(case),
            "can_write": user.can_write,
            "can_erase": user.can_write and user.role in ERASE_ROLES,
            "erasures": list(case.identity.erasures.select_related("by")),
            "inbound": sum(1 for m in thread if m.direction == Direction.IN),
            "entries": history_entries(Case.history.filter(id=case.pk)),
        },
    )


def _require_hq(request: HttpRequest) -> None:
    if not request.user.is_hq_admin:
        raise PermissionDenied(_("Only HQ admins can do this."))


@require_GET
def deliveries(request: HttpRequest) -> HttpResponse:
    """Raw webhook calls as received (HQ admins: they hold personal data)."""
    _require_hq(request)
    qs = WebhookDelivery.objects.all()
    status = request.GET.get("status", "")
    channel = request.GET.get("channel", "")
    if status in DeliveryStatus.values:
        qs = qs.filter(status=status)
    if channel in {"line", "facebook"}:
        qs = qs.filter(channel=channel)
    page = Paginator(qs.order_by("-received_at", "-id"), settings.CRMPLUS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "social/deliveries.html",
        {"page": page, "status": status, "channel": channel, "statuses": DeliveryStatus.choices},
    )


@require_GET
def delivery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_hq(request)
    if pk <= 0:
        raise Http404
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    return render(request, "social/delivery.html", {"d": delivery})
