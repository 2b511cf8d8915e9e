"""Selection rules as settings: one registry key per rule, effective per fiscal year."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from crmplus.core.models import SettingValue, User
from crmplus.core.permissions import require_hq_admin
from crmplus.core.settings_registry import register, rule_get
from crmplus.keyaccounts.rules import SelectionRules

PREFIX = "keyaccounts."
LABELS = {
    "ca_floor": _("GM floor per CA (baht): only CAs above it are pooled"),
    "pooled_threshold": _("Pooled GM threshold per BP and office (baht)"),
    "attractiveness": _("Attractiveness criteria (weights and score bands)"),
    "strength": _("Relative-strength criteria (weights and score bands)"),
    "attractiveness_cutoff": _("Attractiveness cut-off (score 0–100)"),
    "strength_cutoff": _("Relative-strength cut-off (score 0–100)"),
    "strength_when_unknown": _("Strength side when no strength figure exists"),
    "segment_points": _("Key-account points per segment"),
    "office_minimum_points": _("Office minimum points for a KAMR"),
    "supplement_lower_points": _("Lowest office points topped up with Status (supplement)"),
    "supplement_office_classes": _("Office classes topped up with Status (supplement)"),
    "review_office_classes": _("Office classes listed for review below the minimum"),
}
DEFAULTS = SelectionRules().to_dict()
for _name, _default in DEFAULTS.items():
    register(PREFIX + _name, _default, LABELS[_name])


def rules_for_fy(fy: int) -> SelectionRules:
    """The rules in force for fiscal year `fy` (defaults overridden by HQ's settings)."""
    return SelectionRules.from_dict({name: rule_get(PREFIX + name, fy) for name in DEFAULTS})


def rules_parse(data: dict[str, Any]) -> SelectionRules:
    """Rules from user data (a settings file, a draft form): a ValidationError if wrong."""
    try:
        return SelectionRules.from_dict(data)
    except (ValueError, TypeError, KeyError) as e:
        raise ValidationError(_("These rules cannot be used: %(why)s") % {"why": e}) from None


def rules_save(*, fy: int, rules: SelectionRules, by: User, note: str = "") -> int:
    """Store the rules as settings effective from `fy`; returns how many values changed."""
    require_hq_admin(by)
    current = rules_for_fy(fy).to_dict()
    changed = 0
    with transaction.atomic():
        for name, value in rules.to_dict().items():
            if current[name] == value:
                continue
            row, _created = SettingValue.objects.get_or_create(
                key=PREFIX + name, effective_fy=fy, defaults={"value": value}
            )
            row.value, row.updated_by, row.note = value, by, note[:300]
            row.save()
            changed += 1
    return changed
