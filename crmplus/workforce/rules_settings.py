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


# Senior KAMR duties (BRIEF: "coaches KAMRs, reviews plans, escalates risk"; memo M-3.2:
# the roles and duties of Senior KAMRs are defined). Each duty is done once per period:
# "month", "quarter" or "year" of the fiscal year.
SENIOR_DUTIES = "workforce.senior_duties"
DUTY_PERIODS = ("month", "quarter", "year")
DEFAULT_SENIOR_DUTIES = [
    {
        "key": "coach",
        "period": "month",
        "th": "ให้คำปรึกษาและสอนงานพนักงานบริหารลูกค้ารายสำคัญ (KAMR) ในสังกัด",
        "en": "Coach and advise the KAMRs of the unit",
    },
    {
        "key": "visits",
        "period": "month",
        "th": "ติดตามการเยี่ยมเยียนและการสร้างความสัมพันธ์กับลูกค้ารายสำคัญ",
        "en": "Follow up the KAMRs' customer visits and relationship activities",
    },
    {
        "key": "plans",
        "period": "quarter",
        "th": "ทบทวนแผนบริหารลูกค้ารายสำคัญ (KAM Plan) ของ KAMR",
        "en": "Review the KAMRs' key-account plans",
    },
    {
        "key": "risk",
        "period": "quarter",
        "th": "ทบทวนผลประเมินความเสี่ยง และยกระดับลูกค้ากลุ่มเสี่ยงพิเศษ",
        "en": "Review risk assessments and escalate special-risk customers",
    },
    {
        "key": "training",
        "period": "quarter",
        "th": "ติดตามการฝึกอบรมหลักสูตร Key Account ของ KAMR ที่ได้รับแต่งตั้งใหม่",
        "en": "Follow up the Key Account course of newly appointed KAMRs",
    },
    {
        "key": "coverage",
        "period": "year",
        "th": "ทบทวนการกำหนด KAMR ให้ครบทุก กฟฟ. ชั้น 1-3 และการมอบหมายลูกค้ารายสำคัญ",
        "en": "Review KAMR coverage of class 1–3 offices and the account assignments",
    },
    {
        "key": "report",
        "period": "year",
        "th": "สรุปผลการบริหารลูกค้ารายสำคัญประจำปีเสนอผู้บังคับบัญชา",
        "en": "Report the year's key-account management results to management",
    },
]
register(
    SENIOR_DUTIES,
    DEFAULT_SENIOR_DUTIES,
    _("Senior KAMR duties per period"),
    _('A list of {"key", "period" (month, quarter or year), "th", "en"}.'),
)


@dataclass(frozen=True)
class Duty:
    key: str
    period: str
    th: str
    en: str

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        return self.en if get_language() == "en" and self.en else self.th


def senior_duties(fy: int) -> list[Duty]:
    """The fiscal year's duties; malformed entries of an override are skipped."""
    duties = []
    seen = set()
    for item in rule_get(SENIOR_DUTIES, fy) or []:
        if not isinstance(item, dict):
            continue
        key = str(item.get("key") or "").strip()[:40]
        period = item.get("period")
        if not key or key in seen or period not in DUTY_PERIODS:
            continue
        seen.add(key)
        th = str(item.get("th") or key)
        duties.append(Duty(key=key, period=period, th=th, en=str(item.get("en") or th)))
    return duties
