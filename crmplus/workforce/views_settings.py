"""Workforce settings per fiscal year: everyone reads what is in force; HQ admins set a
value from a fiscal year on (checked first, nothing saved on error)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crmplus.core.fiscal import fiscal_year
from crmplus.workforce.services_settings import KEYS, settings_table, workforce_setting_save


@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    now = fiscal_year(timezone.localdate())
    raw = str(request.GET.get("fy") or request.POST.get("fy") or "")
    fy = int(raw) if raw.isdigit() and len(raw) == 4 and 2400 < int(raw) < 2700 else now
    errors: dict[str, list[str]] = {}
    posted: dict[str, str] = {}
    if request.method == "POST":
        if not user.is_hq_admin or not user.can_write:
            raise PermissionDenied(_("Only HQ admins can do this."))
        key = request.POST.get("key") or ""
        posted[key] = request.POST.get("value") or ""
        try:
            changed = workforce_setting_save(
                key=key, fy=fy, raw=posted[key], note=request.POST.get("note") or "", by=user
            )
        except ValidationError as e:
            errors[key] = e.messages
        else:
            if changed:
                messages.success(
                    request, _("The setting is saved from fiscal year %(fy)s on.") % {"fy": fy}
                )
            else:
                messages.info(request, _("Nothing changed."))
            return redirect(reverse("workforce:settings") + f"?fy={fy}")
    rows = settings_table(fy)
    for row in rows:
        row["errors"] = errors.get(row["key"], [])
        if row["key"] in posted:
            row["text"] = posted[row["key"]]
    return render(
        request,
        "workforce/settings.html",
        {
            "fy": fy,
            "years": list(range(now + 2, now - 6, -1)),
            "rows": rows,
            "can_edit": user.is_hq_admin and user.can_write,
            "keys": KEYS,
        },
    )
