"""The social-media rules of a fiscal year: everyone reads them, HQ admins change them
(SLA minutes and canned replies per category, retention, purpose)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crmplus.keyaccounts.views import fy_value
from crmplus.social.models import Category
from crmplus.social.rules_settings import (
    RETENTION_KEY,
    canned_replies,
    fy_of,
    int_rule,
    purpose,
    sla_targets,
    social_rules_save,
)


def _int(raw: str) -> int | str:
    raw = (raw or "").strip().replace(",", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else raw


@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    user = request.user
    current = fy_of()
    fy = fy_value(request.GET.get("fy"), current)
    errors: dict[str, list[str]] = {}
    targets, canned = sla_targets(fy), canned_replies(fy)
    rows = [
        {
            "key": c,
            "label": label,
            "first": targets[c].first_response_minutes,
            "resolution": targets[c].resolution_minutes,
            "canned": "\n".join(canned[c]),
        }
        for c, label in Category.choices
    ]
    retention, purpose_text = int_rule(RETENTION_KEY, fy), purpose(fy)
    if request.method == "POST":
        if not user.is_hq_admin:
            raise PermissionDenied(_("Only HQ admins can do this."))
        data = request.POST
        sla = {
            r["key"]: {
                "first_response_minutes": _int(data.get(f"first_{r['key']}", "")),
                "resolution_minutes": _int(data.get(f"resolution_{r['key']}", "")),
            }
            for r in rows
        }
        texts = {r["key"]: data.get(f"canned_{r['key']}", "").splitlines() for r in rows}
        retention_raw = _int(data.get("retention_days", ""))
        try:
            if not isinstance(retention_raw, int):
                raise ValidationError({"retention_days": _("Enter a whole number of days.")})
            changed = social_rules_save(
                fy=fy,
                sla=sla,
                canned=texts,
                retention_days=retention_raw,
                purpose_text=data.get("purpose", ""),
                by=user,
                note=data.get("note", ""),
            )
        except ValidationError as e:
            errors = {k: [str(m) for m in v] for k, v in e.message_dict.items()}
            for r in rows:
                r["first"] = data.get(f"first_{r['key']}", "")
                r["resolution"] = data.get(f"resolution_{r['key']}", "")
                r["canned"] = data.get(f"canned_{r['key']}", "")
            retention, purpose_text = data.get("retention_days", ""), data.get("purpose", "")
        else:
            if changed:
                messages.success(
                    request, _("The social-media rules are saved from FY%(fy)s.") % {"fy": fy}
                )
            else:
                messages.info(request, _("Nothing changed."))
            return redirect(f"{request.path}?fy={fy}")
    return render(
        request,
        "social/rules.html",
        {
            "fy": fy,
            "years": sorted({current - 1, current, current + 1, fy}, reverse=True),
            "rows": rows,
            "retention": retention,
            "purpose": purpose_text,
            "errors": errors,
            "can_edit": user.is_hq_admin,
        },
    )
