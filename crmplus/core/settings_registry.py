"""Rule values with code defaults and fiscal-year overrides (DESIGN: rules are data).

Later capabilities register their defaults here (`register(key, default, ...)`);
HQ admins override them per fiscal year through `SettingValue` rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RuleDefault:
    key: str
    default: Any
    label: str
    help_text: str = ""


REGISTRY: dict[str, RuleDefault] = {}


def register(key: str, default: Any, label: str, help_text: str = "") -> None:
    REGISTRY[key] = RuleDefault(key, default, label, help_text)


def rule_get(key: str, fy: int) -> Any:
    """The value of a rule in fiscal year `fy`: the newest override at or before it."""
    from crmplus.core.models import SettingValue

    row = (
        SettingValue.objects.filter(key=key, effective_fy__lte=fy)
        .order_by("-effective_fy")
        .values_list("value", flat=True)
        .first()
    )
    if row is not None:
        return row
    return REGISTRY[key].default


register(
    "customers.import_max_rejected_rows_shown",
    200,
    _("Rejected import rows shown on screen"),
    _("The full report is always downloadable; this caps the on-screen list."),
)
