"""The entitlement matrix of a fiscal year (segment × benefit → allowed, yearly quota, and
the Status (supplement) rule): everyone reads it, HQ admins change it. Saved with
`entitlements_save`, audited by the history of `SettingValue`."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crmplus.core.history import ACTIONS, _who
from crmplus.core.models import SettingValue
from crmplus.keyaccounts.views import fy_value
from crmplus.techservices import rules as R
from crmplus.techservices.catalogue import Family
from crmplus.techservices.entitlements import (
    ENTITLEMENTS_KEY,
    SEGMENT_LABELS,
    entitlements_save,
    rules_for_fy,
    rules_parse,
)
from crmplus.techservices.selectors import current_fy


def _source(fy: int) -> SettingValue | None:
    return (
        SettingValue.objects.filter(key=ENTITLEMENTS_KEY, effective_fy__lte=fy)
        .select_related("updated_by")
        .order_by("-effective_fy")
        .first()
    )


def _history(limit: int = 50) -> list[dict]:
    records = (
        SettingValue.history.filter(key=ENTITLEMENTS_KEY)
        .select_related("history_user", "updated_by")
        .order_by("-history_date")[:limit]
    )
    return [
        {
            "when": r.history_date,
            "who": _who(r.history_user or r.updated_by),
            "action": str(ACTIONS.get(r.history_type, r.history_type)),
            "fy": r.effective_fy,
            "note": r.note,
        }
        for r in records
    ]


def _grid(rules: R.EntitlementRules) -> list[dict]:
    en = get_language() == "en"
    families = []
    for family in R.FAMILIES:
        rows = []
        for b in rules.benefits:
            if b.family != family:
                continue
            cells = []
            for seg in R.SEGMENTS:
                cell = rules.cell(seg, b.code)
                cells.append({"seg": seg, "allowed": cell.allowed, "quota": cell.quota})
            rows.append(
                {
                    "code": b.code,
                    "label": b.label_en if en else b.label_th,
                    "cells": cells,
                    "supplement": b.code in rules.supplement_codes,
                }
            )
        families.append({"family": family, "title": Family(family).label, "rows": rows})
    return families


def _posted_rules(post, current: R.EntitlementRules) -> R.EntitlementRules:
    """The rules from the posted grid (and the catalogue JSON, when changed)."""
    data = current.to_dict()
    raw_catalogue = (post.get("catalogue") or "").strip()
    if raw_catalogue:
        try:
            benefits = json.loads(raw_catalogue)
        except ValueError as e:
            raise ValidationError(
                _("The catalogue is not valid JSON: %(why)s") % {"why": e}
            ) from None
        data["benefits"] = benefits
    codes = [str(b.get("code", "")).upper() for b in data["benefits"] if isinstance(b, dict)]
    matrix = {}
    for seg in R.SEGMENTS:
        row = {}
        for code in codes:
            raw_quota = (post.get(f"q-{seg}-{code}") or "").strip()
            quota = None
            if raw_quota:
                if not raw_quota.isdigit() or int(raw_quota) > 999:
                    raise ValidationError(
                        _("%(segment)s × %(code)s: the quota is a whole number 0–999 or blank.")
                        % {"segment": SEGMENT_LABELS[seg], "code": code}
                    )
                quota = int(raw_quota)
            row[code] = {"allowed": post.get(f"a-{seg}-{code}") == "on", "quota": quota}
        matrix[seg] = row
    data["matrix"] = matrix
    data["supplement_codes"] = [c for c in R.FMS_CODES if post.get(f"sup-{c}") == "on"]
    raw_max = (post.get("supplement_max_distinct") or "").strip()
    if not raw_max.isdigit():
        raise ValidationError(_("The supplement maximum is a whole number of services."))
    data["supplement_max_distinct"] = int(raw_max)
    return rules_parse(data)


@require_http_methods(["GET", "POST"])
def matrix(request: HttpRequest) -> HttpResponse:
    user = request.user
    fy = fy_value(request.GET.get("fy"), current_fy())
    rules = rules_for_fy(fy)
    error = None
    if request.method == "POST":
        if not user.is_hq_admin:
            raise PermissionDenied(_("Only HQ admins can do this."))
        try:
            posted = _posted_rules(request.POST, rules)
            changed = entitlements_save(
                fy=fy, rules=posted, by=user, note=request.POST.get("note", "")
            )
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            if changed:
                messages.success(
                    request, _("The entitlements are saved from FY%(fy)s.") % {"fy": fy}
                )
            else:
                messages.info(request, _("Nothing changed."))
            return redirect(f"{request.path}?fy={fy}")
    now = current_fy()
    catalogue = json.dumps(rules.to_dict()["benefits"], ensure_ascii=False, indent=1)
    return render(
        request,
        "techservices/matrix.html",
        {
            "fy": fy,
            "years": sorted({now - 1, now, now + 1, fy, 2564}, reverse=True),
            "families": _grid(rules),
            "segments": [(s, SEGMENT_LABELS[s]) for s in R.SEGMENTS],
            "rules": rules,
            "fms_codes": R.FMS_CODES,
            "source": _source(fy),
            "history": _history(),
            "can_edit": user.is_hq_admin,
            "error": error,
            "catalogue": catalogue,
        },
    )
