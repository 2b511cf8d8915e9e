"""The Risk Assessment Matrix as a setting: one registry key per fiscal year (BRIEF §5).

The whole matrix (scales, factors, how they combine, cell levels) is one value so a
year's matrix is always consistent; HQ admins change it with `matrix_save`, audited by
the history of `SettingValue`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from crmplus.core.models import SettingValue, User
from crmplus.core.permissions import require_hq_admin
from crmplus.core.settings_registry import register, rule_get
from crmplus.risk.scoring import MatrixRules

MATRIX_KEY = "risk.matrix"
EVIDENCE_MAX_MB_KEY = "risk.evidence_max_mb"
EVIDENCE_TYPES_KEY = "risk.evidence_types"
DEFAULT_EVIDENCE_TYPES = ["pdf", "jpg", "jpeg", "png", "xlsx", "xls", "docx", "doc", "csv", "txt"]

register(
    MATRIX_KEY,
    MatrixRules().to_dict(),
    _("Risk Assessment Matrix (scales, factors, levels)"),
    _("Probability and impact scales, the factors of each axis and the level of each cell."),
)
register(EVIDENCE_MAX_MB_KEY, 10, _("Largest risk-evidence attachment (MB)"))
register(
    EVIDENCE_TYPES_KEY,
    DEFAULT_EVIDENCE_TYPES,
    _("Risk-evidence file types (extensions)"),
)


def matrix_for_fy(fy: int) -> MatrixRules:
    """The matrix in force for fiscal year `fy` (the default unless HQ set one)."""
    return MatrixRules.from_dict(rule_get(MATRIX_KEY, fy))


def matrix_parse(data: dict[str, Any]) -> MatrixRules:
    """A matrix from user data (a settings form, a file): a ValidationError if wrong."""
    try:
        return MatrixRules.from_dict(data)
    except (ValueError, TypeError) as e:
        raise ValidationError(_("This matrix cannot be used: %(why)s") % {"why": e}) from None


def matrix_save(*, fy: int, matrix: MatrixRules, by: User, note: str = "") -> bool:
    """Make `matrix` the one in force from `fy` on; False when nothing changed."""
    require_hq_admin(by)
    value = matrix.to_dict()
    if matrix_for_fy(fy).to_dict() == value:
        return False
    with transaction.atomic():
        row, _created = SettingValue.objects.get_or_create(
            key=MATRIX_KEY, effective_fy=fy, defaults={"value": value}
        )
        row.value, row.updated_by, row.note = value, by, (note or "")[:300]
        row.save()
    return True


# -- special risk (retention plans) -------------------------------------------------------
SPECIAL_LEVELS_KEY = "risk.special_levels"
register(
    SPECIAL_LEVELS_KEY,
    [4, 3],
    _("Risk levels that need a retention plan (special risk)"),
    _("Levels 1–4 (4 very high, 3 high); an assessment at one of them needs a retention plan."),
)


def special_levels(fy: int) -> set[int]:
    """The levels that are "special risk" in fiscal year `fy` (default very high, high)."""
    raw = rule_get(SPECIAL_LEVELS_KEY, fy)
    out = set()
    for value in raw if isinstance(raw, list | tuple) else [raw]:
        try:
            level = int(value)
        except (TypeError, ValueError):
            continue
        if 1 <= level <= 4:
            out.add(level)
    return out
