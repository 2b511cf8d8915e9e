"""Workforce rules as settings (registry defaults, HQ overrides per fiscal year)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from crmplus.core.settings_registry import register, rule_get
from crmplus.workforce.rules import FULL_MONTH_IF_ACTIVE_ANY_DAY, PRORATION_RULES

ALLOWANCE_RATE = "workforce.allowance_rate"
ALLOWANCE_PRORATION = "workforce.allowance_proration"
ALLOWANCE_ROLES = "workforce.allowance_roles"
TRAINING_MONTHS = "workforce.training_deadline_months"
TRAINING_REMINDER_DAYS = "workforce.training_reminder_days"
TRAINING_ROLES = "workforce.training_roles"

register(
    ALLOWANCE_RATE,
    "500.00",
    _("KAMR allowance per month (baht)"),
    _("Manual M-1.2 item 4.3: a flat monthly allowance per KAMR."),
)
register(
    ALLOWANCE_PRORATION,
    FULL_MONTH_IF_ACTIVE_ANY_DAY,
    _("KAMR allowance for a part month"),
    _("One of: %(rules)s.") % {"rules": ", ".join(PRORATION_RULES)},
)
register(
    ALLOWANCE_ROLES,
    ["kamr_hq", "kamr_area", "kamr_office"],
    _("Appointments paid the KAMR allowance"),
    _("The memo pays KAMRs at HQ, area and office level."),
)
register(
    TRAINING_MONTHS,
    3,
    _("Months to complete the Key Account course after appointment"),
    _("Manual M-3.2: within 3 months of appointment, mid-year replacements included."),
)
register(TRAINING_REMINDER_DAYS, 14, _("Days before the training deadline to remind"))
register(
    TRAINING_ROLES,
    ["kamr_hq", "kamr_area", "kamr_office", "senior"],
    _("Appointments that must complete the Key Account course"),
)


@dataclass(frozen=True)
class AllowanceSettings:
    rate: Decimal
    proration: str
    roles: tuple[str, ...]


def allowance_settings(fy: int) -> AllowanceSettings:
    proration = rule_get(ALLOWANCE_PRORATION, fy)
    if proration not in PRORATION_RULES:
        proration = FULL_MONTH_IF_ACTIVE_ANY_DAY  # a mistyped override must not stop payroll
    return AllowanceSettings(
        rate=Decimal(str(rule_get(ALLOWANCE_RATE, fy))),
        proration=proration,
        roles=tuple(rule_get(ALLOWANCE_ROLES, fy)),
    )


def training_months(fy: int) -> int:
    return int(rule_get(TRAINING_MONTHS, fy))


def training_reminder_days(fy: int) -> int:
    return int(rule_get(TRAINING_REMINDER_DAYS, fy))


def training_roles(fy: int) -> tuple[str, ...]:
    return tuple(rule_get(TRAINING_ROLES, fy))
