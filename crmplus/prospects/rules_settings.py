"""The pipeline stages as a setting: one registry key, effective per fiscal year.

HQ admins change it with `pipeline_save` (the settings page), audited by the history of
`SettingValue`. The stages of the current fiscal year drive the board, the moves, the
stalled flag and the funnel.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import SettingValue, User
from crmplus.core.permissions import require_hq_admin
from crmplus.core.settings_registry import register, rule_get
from crmplus.prospects.rules import PipelineRules

STAGES_KEY = "prospects.stages"
register(
    STAGES_KEY,
    PipelineRules().to_dict(),
    _("New-customer pipeline stages"),
    _(
        "Ordered stages with Thai and English labels, the default probability (%) and the "
        "days in a stage after which a prospect is flagged as stalled (0 = never)."
    ),
)


def current_fy() -> int:
    return fiscal_year(timezone.localdate())


def pipeline_for_fy(fy: int | None = None) -> PipelineRules:
    """The stages in force in fiscal year `fy` (default: the current one)."""
    return PipelineRules.from_dict(rule_get(STAGES_KEY, fy or current_fy()))


def pipeline_parse(data: Any) -> PipelineRules:
    try:
        return PipelineRules.from_dict(data)
    except (ValueError, TypeError) as e:
        raise ValidationError(
            {"stages": _("These stages cannot be used: %(why)s") % {"why": e}}
        ) from None


def pipeline_save(*, fy: int, rules: PipelineRules, by: User, note: str = "") -> bool:
    """Make `rules` the stages in force from `fy` on; False when nothing changed.

    A stage that open prospects are in cannot be removed (they would have no column).
    """
    from crmplus.prospects.models import Prospect

    require_hq_admin(by)
    value = rules.to_dict()
    if pipeline_for_fy(fy).to_dict() == value:
        return False
    used = set(Prospect.objects.values_list("stage", flat=True).distinct())
    missing = sorted(used - set(rules.keys))
    if missing:
        raise ValidationError(
            {
                "stages": _("Prospects are still in these stages: %(keys)s. Move them first.")
                % {"keys": ", ".join(missing)}
            }
        )
    with transaction.atomic():
        row, _created = SettingValue.objects.get_or_create(
            key=STAGES_KEY, effective_fy=fy, defaults={"value": value}
        )
        row.value, row.updated_by, row.note = value, by, (note or "")[:300]
        row.save()
    return True
