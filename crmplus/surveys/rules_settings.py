"""Survey rules as settings (effective per fiscal year, edited by HQ admins)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crmplus.core.models import SettingValue, User
from crmplus.core.permissions import require_hq_admin
from crmplus.core.settings_registry import register, rule_get

THRESHOLD = "surveys.low_satisfaction_below"
DUE_DAYS = "surveys.follow_up_days"

register(
    THRESHOLD,
    "3.5",
    gettext_lazy("Low satisfaction: a response below this opens a follow-up"),
    gettext_lazy("The response's satisfaction score (mean of its items, 1–5)."),
)
register(DUE_DAYS, 30, gettext_lazy("Days the KAMR has to follow up a low satisfaction"))


def threshold_for(fy: int) -> Decimal:
    return Decimal(str(rule_get(THRESHOLD, fy)))


def due_days_for(fy: int) -> int:
    return int(rule_get(DUE_DAYS, fy))


def survey_rules_save(*, fy: int, threshold, due_days, by: User, note: str = "") -> int:
    """Store the rules effective from `fy`; returns how many values changed."""
    require_hq_admin(by)
    errors = {}
    try:
        threshold = Decimal(str(threshold)).quantize(Decimal("0.01"))
        if not Decimal(1) <= threshold <= Decimal(5):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["threshold"] = _("Enter a score between 1 and 5.")
    try:
        due_days = int(due_days)
        if not 1 <= due_days <= 365:
            raise ValueError
    except (TypeError, ValueError):
        errors["due_days"] = _("Enter a number of days between 1 and 365.")
    if errors:
        raise ValidationError(errors)
    changed = 0
    with transaction.atomic():
        for key, value, current in (
            (THRESHOLD, str(threshold), str(threshold_for(fy).quantize(Decimal("0.01")))),
            (DUE_DAYS, due_days, due_days_for(fy)),
        ):
            if value == current:
                continue
            row, _created = SettingValue.objects.get_or_create(
                key=key, effective_fy=fy, defaults={"value": value}
            )
            row.value, row.updated_by, row.note = value, by, note[:300]
            row.save()
            changed += 1
    return changed
