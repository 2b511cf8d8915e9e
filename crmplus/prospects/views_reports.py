"""The funnel report per area (and its XLSX), the pipeline settings page, and the
dashboard panel."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from crmplus.core.extensions import DashboardScope
from crmplus.core.models import SettingValue
from crmplus.core.permissions import require_hq_admin
from crmplus.prospects import exports, selectors
from crmplus.prospects.forms import PipelineSettingsForm, errors_onto
from crmplus.prospects.rules_settings import (
    STAGES_KEY,
    current_fy,
    pipeline_for_fy,
    pipeline_save,
)
from crmplus.prospects.views import _filter_form, _lang, _xlsx_response


@require_GET
def funnel(request: HttpRequest) -> HttpResponse:
    rules = pipeline_for_fy()
    form = _filter_form(request)
    filters = form.filters()
    total, per_area = selectors.funnel_report(user=request.user, filters=filters, rules=rules)
    labels = {s.key: s.label(_lang()) for s in rules.stages}
    return render(
        request,
        "prospects/funnel.html",
        {
            "form": form,
            "filters": filters,
            "total": total,
            "per_area": per_area,
            "labels": labels,
            "stages": [(s.key, s.label(_lang())) for s in rules.stages],
            "export_url": reverse("prospects:funnel_export")
            + ("?" + request.GET.urlencode() if request.GET else ""),
            "max_count": max((r.count for r in total.funnel.rows), default=0) or 1,
        },
    )


@require_GET
def funnel_export(request: HttpRequest) -> FileResponse:
    rules = pipeline_for_fy()
    filters = _filter_form(request).filters()
    total, per_area = selectors.funnel_report(user=request.user, filters=filters, rules=rules)
    return _xlsx_response(
        lambda path: exports.funnel_export_xlsx(
            total=total, per_area=per_area, rules=rules, path=path
        ),
        "prospect-funnel",
    )


@require_http_methods(["GET", "POST"])
def pipeline_settings(request: HttpRequest) -> HttpResponse:
    """The stages in force (everyone reads them); HQ admins change them per fiscal year."""
    fy = current_fy()
    rules = pipeline_for_fy(fy)
    can_edit = request.user.is_hq_admin
    form = None
    if can_edit:
        form = PipelineSettingsForm(
            request.POST or None,
            initial={"fy": fy, "stages": json.dumps(rules.to_dict(), ensure_ascii=False, indent=2)},
        )
        if request.method == "POST" and form.is_valid():
            try:
                changed = pipeline_save(
                    fy=form.cleaned_data["fy"],
                    rules=form.cleaned_data["stages"],
                    by=request.user,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as e:
                errors_onto(form, e)
            else:
                if changed:
                    messages.success(request, _("The pipeline stages are saved."))
                else:
                    messages.info(request, _("Nothing changed."))
                return redirect("prospects:settings")
    elif request.method == "POST":
        require_hq_admin(request.user)
    versions = SettingValue.objects.filter(key=STAGES_KEY).select_related("updated_by")
    return render(
        request,
        "prospects/settings.html",
        {
            "fy": fy,
            "rules": rules,
            "form": form,
            "can_edit": can_edit,
            "versions": versions,
            "lang": _lang(),
        },
    )


def dashboard_panel(request: HttpRequest, scope: DashboardScope) -> str:
    """The "new-customer funnel" panel of the office/area/region/nation dashboards."""
    rules = pipeline_for_fy()
    unit_ids = None if scope.level == "nation" else scope.unit_ids
    summary = selectors.dashboard_summary(unit_ids, rules=rules)
    rows = []
    for s in rules.stages:
        r = summary["by_stage"].get(s.key) or {}
        rows.append(
            {
                "key": s.key,
                "label": s.label(_lang()),
                "n": r.get("n", 0),
                "mw": (r.get("kw") or 0) / 1000,
                "gm": r.get("gm") or 0,
            }
        )
    query = ""
    unit = scope.unit
    if unit is not None and getattr(unit, "kind", "") == "area":
        query = f"?area={unit.pk}"
    elif unit is not None and getattr(unit, "kind", "") == "office":
        area = unit.area()
        query = f"?area={area.pk if area else ''}&office={unit.pk}"
    return render_to_string(
        "prospects/_dashboard_panel.html",
        {
            "rows": rows,
            "total": summary["total"],
            "stalled": summary["stalled"],
            "max_n": max((r["n"] for r in rows), default=0) or 1,
            "board_url": reverse("prospects:home") + query,
            "funnel_url": reverse("prospects:funnel") + query,
        },
        request=request,
    )
