"""Engagement rules as settings (effective per fiscal year, editable by HQ admins):
the visit-objective catalogue and the visit-expense rules."""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from crmplus.core.models import SettingValue, User
from crmplus.core.permissions import require_hq_admin
from crmplus.core.settings_registry import register, rule_get
from crmplus.engagement.rules import DEFAULT_OBJECTIVES, ExpenseRules, parse_objectives

OBJECTIVES_KEY = "engagement.visit_objectives"
EXPENSE_KEY = "engagement.visit_expense"

register(
    OBJECTIVES_KEY,
    DEFAULT_OBJECTIVES,
    gettext_lazy("Visit objectives catalogue"),
    gettext_lazy("Rows of [code, Thai label, English label]; 'other' asks for free text."),
)
register(
    EXPENSE_KEY,
    ExpenseRules().to_dict(),
    gettext_lazy("Visit expense rules (baht)"),
    gettext_lazy("Allowance per onsite and online visit, rate per km, cap per visit."),
)


# Lists and exports label every visit: keep each year's catalogue for a short while
# rather than reading the setting once per row. Saving the rules clears it.
CACHE_SECONDS = 30
_cache: dict[int, tuple[float, list[tuple[str, str, str]]]] = {}


def objectives_for_fy(fy: int) -> list[tuple[str, str, str]]:
    hit = _cache.get(fy)
    if hit is not None and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    try:
        rows = parse_objectives(rule_get(OBJECTIVES_KEY, fy))
    except ValueError:
        rows = parse_objectives(DEFAULT_OBJECTIVES)
    _cache[fy] = (time.monotonic(), rows)
    return rows


def objective_choices(fy: int) -> list[tuple[str, str]]:
    th = get_language() != "en"
    return [(code, t if th else e) for code, t, e in objectives_for_fy(fy)]


def objective_label(code: str, fy: int) -> str:
    return dict(objective_choices(fy)).get(code, code)


def expense_rules_for_fy(fy: int) -> ExpenseRules:
    try:
        return ExpenseRules.from_dict(rule_get(EXPENSE_KEY, fy) or {})
    except ValueError:
        return ExpenseRules()


def rules_save(*, fy: int, objectives: list | None = None, expense: dict | None = None,
               by: User, note: str = "") -> int:  # fmt: skip
    """Store new objectives and/or expense rules effective from `fy` (HQ admins only)."""
    require_hq_admin(by)
    values = {}
    try:
        if objectives is not None:
            values[OBJECTIVES_KEY] = [list(r) for r in parse_objectives(objectives)]
        if expense is not None:
            merged = {**expense_rules_for_fy(fy).to_dict(), **expense}
            values[EXPENSE_KEY] = ExpenseRules.from_dict(merged).to_dict()
    except ValueError as e:
        raise ValidationError(_("These rules cannot be used: %(why)s") % {"why": e}) from None
    _cache.clear()
    transaction.on_commit(_cache.clear)
    with transaction.atomic():
        for key, value in values.items():
            row, _created = SettingValue.objects.get_or_create(
                key=key, effective_fy=fy, defaults={"value": value}
            )
            row.value, row.updated_by, row.note = value, by, note[:300]
            row.save()
    return len(values)
