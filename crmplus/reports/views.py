"""Dashboards (office, area, region, nation) and the process calendar.

The dashboard's unit comes from `?unit=` and must be in the user's scope (else 404); each
panel is rendered in its own card, and a panel that raises becomes an error card (logged),
never a 500. Nothing here is cached: a cached panel could show one scope's numbers to
another user.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from crmplus.core.extensions import dashboard_panels
from crmplus.core.models import OrgUnitKind
from crmplus.core.permissions import require_hq_admin
from crmplus.reports import scope as scoping
from crmplus.reports.forms import DeadlineFormSet
from crmplus.reports.process import process_boards
from crmplus.reports.process_rules import STATUSES
from crmplus.reports.process_settings import (
    deadlines_for_fy,
    deadlines_parse,
    process_calendar_save,
)

logger = logging.getLogger(__name__)


@dataclass
class RenderedPanel:
    key: str
    title: str
    html: SafeString
    failed: bool = False


def render_panels(request: HttpRequest, scope) -> list[RenderedPanel]:
    out = []
    for panel in dashboard_panels():
        try:
            html = mark_safe(str(panel.render(request, scope) or ""))  # noqa: S308 - panel HTML
            out.append(RenderedPanel(panel.key, str(panel.title), html))
        except Exception:  # noqa: BLE001 - one broken panel must not take the dashboard down
            logger.exception(
                "Dashboard panel %s failed (%s, FY%s)", panel.key, scope.level, scope.fy
            )
            out.append(RenderedPanel(panel.key, str(panel.title), mark_safe(""), failed=True))
    return out


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    unit = scoping.unit_from(user, request.GET.get("unit"))
    fy = scoping.fy_from(request.GET.get("fy"), scoping.current_fy())
    scope = scoping.scope_for(unit, fy, user)
    newest = scoping.newest_fy_with_data(user)
    context = {
        "scope": scope,
        "unit": unit,
        "fy": fy,
        "years": scoping.fy_choices(user, fy),
        "options": scoping.picker_options(user, unit),
        "ancestors": scoping.ancestors_in_scope(user, unit),
        "children": scoping.children_of(unit) if unit.kind != OrgUnitKind.OFFICE else [],
        "newest_fy": newest,
        "panels": render_panels(request, scope),
    }
    return render(request, "reports/home.html", context)


@require_GET
def process(request: HttpRequest) -> HttpResponse:
    user = request.user
    fy = scoping.fy_from(request.GET.get("fy"), scoping.current_fy())
    unit = None
    if request.GET.get("unit"):
        unit = scoping.unit_from(user, request.GET.get("unit"))
    status = request.GET.get("status") or ""
    if status not in STATUSES:
        status = ""
    today = timezone.localdate()
    boards = process_boards(user=user, fy=fy, today=today, unit=unit, status=status)
    now = scoping.current_fy()
    return render(
        request,
        "reports/process.html",
        {
            "fy": fy,
            "years": sorted({now + 1, now, now - 1, now - 2, fy}, reverse=True),
            "unit": unit,
            "status": status,
            "boards": boards,
            "today": today,
            "can_edit": user.is_hq_admin,
            "legend": STATUSES,
        },
    )


@require_http_methods(["GET", "POST"])
def process_settings(request: HttpRequest) -> HttpResponse:
    """HQ admins change the deadlines in force from a fiscal year on."""
    user = request.user
    require_hq_admin(user)
    fy = scoping.fy_from(request.GET.get("fy") or request.POST.get("fy"), scoping.current_fy())
    initial = [d.__dict__ for d in deadlines_for_fy(fy)]
    formset = DeadlineFormSet(request.POST or None, initial=initial, prefix="d")
    if request.method == "POST" and formset.is_valid():
        try:
            deadlines = deadlines_parse([f.deadline_data() for f in formset.forms])
            changed = process_calendar_save(
                fy=fy, deadlines=deadlines, by=user, note=request.POST.get("note", "")
            )
        except ValidationError as e:
            for msg in e.message_dict.get("deadlines", e.messages):
                formset._non_form_errors = formset.error_class([msg])
        else:
            if changed:
                messages.success(request, _("The process calendar is saved."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect(f"{request.path}?fy={fy}")
    now = scoping.current_fy()
    return render(
        request,
        "reports/process_settings.html",
        {"formset": formset, "fy": fy, "years": sorted({now + 1, now, now - 1, fy}, reverse=True)},
    )
