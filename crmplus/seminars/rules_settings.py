"""Seminar rules as settings: one registry key per rule, effective per fiscal year."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from crmplus.core.models import SettingValue, User
from crmplus.core.permissions import require_hq_admin
from crmplus.core.settings_registry import register, rule_get
from crmplus.seminars.rules import SeminarRules

PREFIX = "seminars."
LABELS = {
    "event_cap": _("Seminar cap per event (baht, approved external-speaker fees excluded)"),
    "hq_year_cap": _("HQ seminar cap per fiscal year (baht, speaker fees included)"),
    "executive_level": _("Lowest staff level paid at the executive rate"),
    "rates": _("Attendee rate table (baht per person per day, by category and level)"),
}
DEFAULTS = SeminarRules().to_dict()
for _name, _default in DEFAULTS.items():
    register(PREFIX + _name, _default, LABELS[_name])


def rules_for_fy(fy: int) -> SeminarRules:
    """The seminar rules in force in fiscal year `fy` (defaults overridden by HQ)."""
    return SeminarRules.from_dict({name: rule_get(PREFIX + name, fy) for name in DEFAULTS})


def rules_save(*, fy: int, rules: dict | SeminarRules, by: User, note: str = "") -> int:
    """Store the rules as settings effective from `fy`; returns how many values changed."""
    require_hq_admin(by)
    if not isinstance(rules, SeminarRules):
        try:
            rules = SeminarRules.from_dict({**rules_for_fy(fy).to_dict(), **rules})
        except (ValueError, TypeError, KeyError) as e:
            raise ValidationError(_("These rules cannot be used: %(why)s") % {"why": e}) from None
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
