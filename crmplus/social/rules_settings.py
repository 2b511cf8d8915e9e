"""Social-media CRM rules as settings (effective per fiscal year, HQ admins edit them):
SLA targets per category, canned replies in Thai per category, the purpose shown for
the social identity and how long personal data and raw webhook bodies are kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import SettingValue, User
from crmplus.core.permissions import require_hq_admin
from crmplus.core.settings_registry import register, rule_get
from crmplus.social.sla import CATEGORIES, DEFAULT_SLA, SlaTarget, parse_sla

SLA_KEY = "social.sla"
CANNED_KEY = "social.canned_replies"
RETENTION_KEY = "social.retention_days"
DELIVERY_RETENTION_KEY = "social.delivery_retention_days"
PURPOSE_KEY = "social.purpose"

DEFAULT_CANNED = {
    "outage": [
        "การไฟฟ้าส่วนภูมิภาคได้รับแจ้งไฟฟ้าขัดข้องแล้ว เจ้าหน้าที่กำลังตรวจสอบ"
        "และจะแก้ไขโดยเร็วที่สุด ขออภัยในความไม่สะดวกค่ะ",
        "ขอทราบหมายเลขผู้ใช้ไฟฟ้า (CA) หรือจุดสังเกตใกล้บ้าน เพื่อให้เจ้าหน้าที่เข้าตรวจสอบได้รวดเร็วขึ้นค่ะ",
    ],
    "bill": [
        "ขอบคุณที่ติดต่อ กฟภ. เจ้าหน้าที่จะตรวจสอบค่าไฟฟ้าของท่านและแจ้งผลกลับโดยเร็วค่ะ",
        "ท่านสามารถชำระค่าไฟฟ้าได้ทางแอป PEA Smart Plus ธนาคาร และจุดรับชำระที่ร่วมรายการค่ะ",
    ],
    "meter": [
        "เจ้าหน้าที่จะเข้าตรวจสอบมิเตอร์ตามที่ท่านแจ้ง และจะติดต่อนัดหมายล่วงหน้าค่ะ",
    ],
    "new_connection": [
        "ท่านสามารถยื่นคำร้องขอใช้ไฟฟ้าได้ที่สำนักงานการไฟฟ้าใกล้บ้านหรือทางแอป PEA Smart Plus"
        " พร้อมสำเนาบัตรประชาชนและทะเบียนบ้านค่ะ",
    ],
    "complaint": [
        "กฟภ. ขออภัยในความไม่สะดวก ได้รับเรื่องร้องเรียนของท่านแล้ว และจะแจ้งผลการดำเนินการกลับโดยเร็วค่ะ",
    ],
    "other": [
        "ขอบคุณที่ติดต่อการไฟฟ้าส่วนภูมิภาค เจ้าหน้าที่ได้รับข้อความของท่านแล้วและจะตอบกลับโดยเร็วค่ะ",
    ],
}
DEFAULT_PURPOSE = (
    "ใช้ชื่อและรหัสผู้ใช้ LINE/Facebook เพื่อรับเรื่องและตอบกลับคำขอหรือเรื่องร้องเรียนด้านบริการไฟฟ้าของท่าน"
)

register(
    SLA_KEY,
    DEFAULT_SLA,
    _("Social-media SLA (minutes to first response and to resolution, per category)"),
)
register(CANNED_KEY, DEFAULT_CANNED, _("Social-media canned replies (Thai, per category)"))
register(
    RETENTION_KEY,
    730,
    _("Keep a social identity's personal data for (days after the last contact)"),
)
register(DELIVERY_RETENTION_KEY, 90, _("Keep raw webhook bodies for (days)"))
register(PURPOSE_KEY, DEFAULT_PURPOSE, _("Purpose of processing a social identity (PDPA)"))


def fy_of(moment: dt.datetime | None = None) -> int:
    return fiscal_year(timezone.localdate(moment) if moment else timezone.localdate())


def sla_targets(fy: int) -> dict[str, SlaTarget]:
    try:
        return parse_sla(rule_get(SLA_KEY, fy))
    except ValueError:
        return parse_sla(DEFAULT_SLA)  # a broken stored value never stops the inbox


def canned_replies(fy: int) -> dict[str, list[str]]:
    raw = rule_get(CANNED_KEY, fy)
    out = {}
    for category in CATEGORIES:
        texts = raw.get(category, []) if isinstance(raw, dict) else []
        out[category] = [str(t) for t in texts if str(t).strip()]
    return out


def int_rule(key: str, fy: int) -> int:
    try:
        return max(1, int(rule_get(key, fy)))
    except (TypeError, ValueError):
        from crmplus.core.settings_registry import REGISTRY

        return int(REGISTRY[key].default)


def purpose(fy: int) -> str:
    return str(rule_get(PURPOSE_KEY, fy) or DEFAULT_PURPOSE)


def _save(key: str, fy: int, value: Any, by: User, note: str) -> bool:
    if rule_get(key, fy) == value:
        return False
    row, _created = SettingValue.objects.get_or_create(
        key=key, effective_fy=fy, defaults={"value": value}
    )
    row.value, row.updated_by, row.note = value, by, (note or "")[:300]
    row.save()
    return True


def social_rules_save(
    *,
    fy: int,
    sla: dict,
    canned: dict[str, list[str]],
    retention_days: int,
    purpose_text: str,
    by: User,
    note: str = "",
) -> int:
    """Store the social-media rules from `fy` on; returns how many values changed."""
    require_hq_admin(by)
    errors: dict[str, list] = {}
    try:
        parsed = parse_sla(sla)
    except ValueError as e:
        errors["sla"] = [_("These SLA targets cannot be used: %(why)s") % {"why": e}]
        parsed = {}
    if not 30 <= int(retention_days) <= 3650:
        errors["retention_days"] = [_("Keep personal data between 30 and 3,650 days.")]
    if not purpose_text.strip():
        errors["purpose"] = [_("State the purpose of processing.")]
    clean_canned = {}
    for category in CATEGORIES:
        texts = [t.strip() for t in canned.get(category, []) if t and t.strip()]
        if any(len(t) > 2000 for t in texts):
            errors.setdefault(f"canned_{category}", []).append(
                _("A canned reply is at most 2,000 characters.")
            )
        clean_canned[category] = texts
    if errors:
        raise ValidationError(errors)
    sla_value = {
        c: {
            "first_response_minutes": t.first_response_minutes,
            "resolution_minutes": t.resolution_minutes,
        }
        for c, t in parsed.items()
    }
    with transaction.atomic():
        changed = _save(SLA_KEY, fy, sla_value, by, note)
        changed += _save(CANNED_KEY, fy, clean_canned, by, note)
        changed += _save(RETENTION_KEY, fy, int(retention_days), by, note)
        changed += _save(PURPOSE_KEY, fy, purpose_text.strip(), by, note)
    return int(changed)
