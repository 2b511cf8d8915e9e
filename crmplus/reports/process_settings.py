"""The process calendar as a setting: the whole list of deadlines is one value per fiscal
year (so a year's calendar is always consistent), changed by HQ admins, audited by the
history of SettingValue."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crmplus.core.models import SettingValue, User
from crmplus.core.permissions import require_hq_admin
from crmplus.core.settings_registry import register, rule_get
from crmplus.reports.process_rules import (
    DEFAULT_DEADLINES,
    Deadline,
    deadlines_from,
    deadlines_to,
)

logger = logging.getLogger(__name__)

CALENDAR_KEY = "reports.process_calendar"

register(
    CALENDAR_KEY,
    DEFAULT_DEADLINES,
    gettext_lazy("Process calendar (yearly deadlines)"),
    gettext_lazy(
        "Each deadline: label, date rule (yearly day and month, or monthly day), the level "
        "responsible, how it is found done, and the days before it to remind."
    ),
)


def deadlines_for_fy(fy: int) -> list[Deadline]:
    """The deadlines in force in fiscal year `fy` (the defaults unless HQ set others)."""
    try:
        return deadlines_from(rule_get(CALENDAR_KEY, fy))
    except (ValueError, TypeError):
        # A stored value that no longer parses must not take the calendar down.
        logger.exception("Process calendar of FY%s is invalid: using the defaults", fy)
        return deadlines_from(DEFAULT_DEADLINES)


def deadlines_parse(values: list[dict[str, Any]]) -> list[Deadline]:
    try:
        return deadlines_from(values)
    except (ValueError, TypeError) as e:
        raise ValidationError(
            {"deadlines": _("This calendar cannot be used: %(why)s") % {"why": e}}
        ) from None


def process_calendar_save(*, fy: int, deadlines: list[Deadline], by: User, note: str = "") -> bool:
    """Make `deadlines` the calendar in force from `fy` on; False when nothing changed."""
    require_hq_admin(by)
    value = deadlines_to(deadlines)
    if deadlines_to(deadlines_for_fy(fy)) == value:
        return False
    with transaction.atomic():
        row, _created = SettingValue.objects.get_or_create(
            key=CALENDAR_KEY, effective_fy=fy, defaults={"value": value}
        )
        row.value, row.updated_by, row.note = value, by, (note or "")[:300]
        row.save()
    return True
