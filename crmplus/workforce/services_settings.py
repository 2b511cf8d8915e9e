"""HQ admins set the workforce rules per fiscal year (rules as data): the allowance rate,
part-month rule and paid roles, the training deadline and reminder window, the roles
that need the course and the Senior KAMR duties. Each value is checked before saving."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crmplus.core.models import SettingValue, User
from crmplus.core.permissions import require_hq_admin
from crmplus.core.settings_registry import REGISTRY, rule_get
from crmplus.workforce.models import AppointmentRole
from crmplus.workforce.rules import PRORATION_RULES
from crmplus.workforce.rules_settings import (
    ALLOWANCE_PRORATION,
    ALLOWANCE_RATE,
    ALLOWANCE_ROLES,
    DUTY_PERIODS,
    SENIOR_DUTIES,
    TRAINING_MONTHS,
    TRAINING_REMINDER_DAYS,
    TRAINING_ROLES,
)

KEYS = (
    ALLOWANCE_RATE,
    ALLOWANCE_PRORATION,
    ALLOWANCE_ROLES,
    TRAINING_MONTHS,
    TRAINING_REMINDER_DAYS,
    TRAINING_ROLES,
    SENIOR_DUTIES,
)


def _int(raw: Any, lo: int, hi: int) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise ValidationError(_("Enter a whole number.")) from None
    if not lo <= value <= hi:
        raise ValidationError(_("Enter a number from %(lo)s to %(hi)s.") % {"lo": lo, "hi": hi})
    return value


def _roles(raw: Any) -> list[str]:
    items = raw if isinstance(raw, list) else [r.strip() for r in str(raw).split(",")]
    roles = [r for r in items if r]
    unknown = [r for r in roles if r not in AppointmentRole.values]
    if unknown or not roles:
        raise ValidationError(
            _("Use one or more of: %(roles)s.") % {"roles": ", ".join(AppointmentRole.values)}
        )
    return roles


def _duties(raw: Any) -> list[dict]:
    try:
        data = json.loads(raw) if isinstance(raw, str) else raw
    except json.JSONDecodeError as e:
        raise ValidationError(_("This is not valid JSON: %(why)s") % {"why": e.msg}) from None
    if not isinstance(data, list) or not data:
        raise ValidationError(_("Give a list of duties."))
    seen, out = set(), []
    for n, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise ValidationError(_("Duty %(n)s is not an object.") % {"n": n})
        key = str(item.get("key") or "").strip()
        if not key or len(key) > 40 or key in seen:
            raise ValidationError(
                _("Duty %(n)s needs a unique key (40 characters at most).") % {"n": n}
            )
        if item.get("period") not in DUTY_PERIODS:
            raise ValidationError(
                _("Duty %(n)s: the period is one of %(p)s.")
                % {"n": n, "p": ", ".join(DUTY_PERIODS)}
            )
        if not str(item.get("th") or "").strip():
            raise ValidationError(_("Duty %(n)s needs a Thai label.") % {"n": n})
        seen.add(key)
        out.append(
            {"key": key, "period": item["period"], "th": str(item["th"]).strip(),
             "en": str(item.get("en") or "").strip()}
        )  # fmt: skip
    return out


def setting_parse(key: str, raw: Any) -> Any:
    """The value to store for `key`, from form or API input; a ValidationError if wrong."""
    if key == ALLOWANCE_RATE:
        try:
            value = Decimal(str(raw).strip().replace(",", ""))
        except (InvalidOperation, ValueError):
            raise ValidationError(_("Enter an amount in baht.")) from None
        if value < 0 or value > Decimal("1000000"):
            raise ValidationError(_("Enter an amount from 0 to 1,000,000 baht."))
        return f"{value.quantize(Decimal('0.01'))}"
    if key == ALLOWANCE_PRORATION:
        if raw not in PRORATION_RULES:
            raise ValidationError(
                _("Use one of: %(rules)s.") % {"rules": ", ".join(PRORATION_RULES)}
            )
        return raw
    if key in (ALLOWANCE_ROLES, TRAINING_ROLES):
        return _roles(raw)
    if key == TRAINING_MONTHS:
        return _int(raw, 0, 24)
    if key == TRAINING_REMINDER_DAYS:
        return _int(raw, 0, 180)
    if key == SENIOR_DUTIES:
        return _duties(raw)
    raise ValidationError(_("Unknown setting %(key)s.") % {"key": key})


def workforce_setting_save(*, key: str, fy: int, raw: Any, by: User, note: str = "") -> bool:
    """Make the value in force from fiscal year `fy` on; False when nothing changed."""
    require_hq_admin(by)
    if key not in KEYS:
        raise ValidationError({"key": _("Unknown setting %(key)s.") % {"key": key}})
    if not 2400 < int(fy) < 2700:
        raise ValidationError({"fy": _("Enter a fiscal year in the Buddhist era, e.g. 2569.")})
    try:
        value = setting_parse(key, raw)
    except ValidationError as e:
        raise ValidationError({"value": e.messages}) from None
    if rule_get(key, fy) == value:
        return False
    with transaction.atomic():
        row, _created = SettingValue.objects.get_or_create(
            key=key, effective_fy=fy, defaults={"value": value}
        )
        row.value, row.updated_by, row.note = value, by, (note or "")[:300]
        row.save()
    return True


def settings_table(fy: int) -> list[dict]:
    """Each workforce setting in force for `fy`, with its default and its overrides."""
    rows = []
    overrides: dict[str, list[SettingValue]] = {}
    for row in SettingValue.objects.filter(key__in=KEYS).select_related("updated_by"):
        overrides.setdefault(row.key, []).append(row)
    for key in KEYS:
        rule = REGISTRY[key]
        value = rule_get(key, fy)
        rows.append(
            {
                "key": key,
                "label": rule.label,
                "help": rule.help_text,
                "value": value,
                "text": json.dumps(value, ensure_ascii=False, indent=1)
                if isinstance(value, list | dict)
                else str(value),
                "default": rule.default,
                "is_list": isinstance(value, list),
                "overrides": overrides.get(key, []),
            }
        )
    return rows
