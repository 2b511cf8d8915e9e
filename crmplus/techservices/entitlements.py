"""The entitlement settings of a fiscal year (rules as data) and the refusal messages.

One registry key holds a year's catalogue, segment × benefit matrix and supplement
rule, so a year's rules are always consistent; HQ admins change them with
`entitlements_save` (audited by the history of `SettingValue`). The rules
themselves are in the pure module crmplus.techservices.rules.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from crmplus.core.models import SettingValue, User
from crmplus.core.permissions import require_hq_admin
from crmplus.core.settings_registry import register, rule_get
from crmplus.techservices import rules as R
from crmplus.techservices.catalogue import default_benefits

ENTITLEMENTS_KEY = "techservices.entitlements"
ATTACHMENT_MAX_MB_KEY = "techservices.attachment_max_mb"
ATTACHMENT_TYPES_KEY = "techservices.attachment_types"
REMINDER_DAYS_KEY = "techservices.reminder_days_ahead"
DEFAULT_ATTACHMENT_TYPES = ["pdf", "jpg", "jpeg", "png", "xlsx"]


def _default_rules() -> R.EntitlementRules:
    return R.default_rules(
        [R.BenefitEntry(b.code, str(b.family), b.label_th, b.label_en) for b in default_benefits()]
    )


register(
    ENTITLEMENTS_KEY,
    _default_rules().to_dict(),
    gettext_lazy("Benefit entitlements by segment (RBA, COM, FMS1–7)"),
    gettext_lazy(
        "Which segment gets which benefit and how many a fiscal year; the Status "
        "(supplement) rule; the benefit catalogue."
    ),
)
register(ATTACHMENT_MAX_MB_KEY, 10, gettext_lazy("Largest service-report attachment (MB)"))
register(
    ATTACHMENT_TYPES_KEY,
    DEFAULT_ATTACHMENT_TYPES,
    gettext_lazy("Service-report attachment types (extensions)"),
)
register(
    REMINDER_DAYS_KEY,
    3,
    gettext_lazy("Days ahead to remind staff of a scheduled service"),
)

SEGMENT_LABELS = {
    "strategic": "Strategic",
    "star": "Star",
    "status": "Status",
    "streamline": "Streamline",
}


def rules_for_fy(fy: int) -> R.EntitlementRules:
    """The entitlement rules in force in fiscal year `fy` (the defaults unless HQ set them)."""
    try:
        return R.EntitlementRules.from_dict(rule_get(ENTITLEMENTS_KEY, fy))
    except ValueError:
        # A broken stored value must not stop bookings: fall back to the defaults.
        return _default_rules()


def rules_parse(data: dict[str, Any]) -> R.EntitlementRules:
    try:
        return R.EntitlementRules.from_dict(data)
    except (ValueError, TypeError, AttributeError) as e:
        raise ValidationError(
            _("These entitlements cannot be used: %(why)s") % {"why": e}
        ) from None


def entitlements_save(*, fy: int, rules: R.EntitlementRules, by: User, note: str = "") -> bool:
    """Make `rules` the ones in force from `fy` on; False when nothing changed."""
    require_hq_admin(by)
    value = rules.to_dict()
    if rules_for_fy(fy).to_dict() == value:
        return False
    with transaction.atomic():
        row, _created = SettingValue.objects.get_or_create(
            key=ENTITLEMENTS_KEY, effective_fy=fy, defaults={"value": value}
        )
        row.value, row.updated_by, row.note = value, by, (note or "")[:300]
        row.save()
    return True


def attachment_limits(fy: int) -> tuple[list[str], int]:
    types = rule_get(ATTACHMENT_TYPES_KEY, fy)
    types = [str(t).lower().lstrip(".") for t in (types if isinstance(types, list) else [])]
    try:
        mb = int(rule_get(ATTACHMENT_MAX_MB_KEY, fy))
    except (TypeError, ValueError):
        mb = 10
    return types or DEFAULT_ATTACHMENT_TYPES, max(mb, 1)


def benefit_label(rules: R.EntitlementRules, code: str) -> str:
    b = rules.benefit(code)
    if b is None:
        return code
    label = b.label_en if get_language() == "en" else b.label_th
    return f"{code} {label}"


def segment_label(segment: str, supplement: bool = False) -> str:
    name = SEGMENT_LABELS.get(segment, segment)
    return _("%(segment)s (supplement)") % {"segment": name} if supplement else name


# The refusal messages are rule explanations, kept in Thai and English beside the rule
# (as risk explanations are): a KAMR reads exactly which rule refused and what to do.
RULE_MESSAGES = {
    R.NO_KEY_ACCOUNT: (
        "กฎ “ไม่เป็นลูกค้ารายสำคัญ”: ลูกค้ารายนี้ไม่อยู่ในรายชื่อลูกค้ารายสำคัญที่อนุมัติแล้ว"
        "ของปีงบประมาณ {fy} จึงไม่มีสิทธิ์รับบริการเสริมด้านเทคนิค "
        "โปรดตรวจสอบรายชื่อลูกค้ารายสำคัญของปีนั้น",
        "Rule “no key account”: this customer is not an approved key account in FY{fy}, "
        "so it has no free technical services. Check the key-account list of the year.",
    ),
    R.SUPPLEMENT_RANGE: (
        "กฎ “Status (เพิ่มเติม) รับได้เฉพาะ FMS 1-5”: ลูกค้ากลุ่ม Status (เพิ่มเติม) "
        "ได้รับบริการเสริมเฉพาะ {allowed} เท่านั้น จึงรับ {service} ไม่ได้ "
        "(คู่มือ M-3.2 หลักเกณฑ์ KAMR ข้อ 2) กรณีนี้ขออนุมัติยกเว้นไม่ได้",
        "Rule “Status (supplement): FMS1–5 only”: a Status (supplement) customer gets only "
        "{allowed}, not {service} (manual M-3.2, KAMR rule 2). No exception is possible.",
    ),
    R.PQ_REQUIRED: (
        "กฎ “คุณภาพไฟฟ้า”: {service} ให้บริการเฉพาะลูกค้าที่มีการบันทึกปัญหาคุณภาพไฟฟ้าไว้ "
        "โปรดบันทึกปัญหาคุณภาพไฟฟ้าในแท็บบริการเทคนิคของลูกค้าก่อน แล้วจองใหม่",
        "Rule “power quality”: {service} is only for customers with a recorded power-quality "
        "problem. Record the problem on the customer's Technical services tab first, then "
        "book again.",
    ),
    R.NOT_ENTITLED: (
        "กฎ “ตารางสิทธิประโยชน์”: กลุ่ม {segment} ไม่มีสิทธิ์รับ {service} "
        "ในปีงบประมาณ {fy} (ตามการตั้งค่าสิทธิประโยชน์ตามกลุ่มลูกค้า)",
        "Rule “entitlement matrix”: the {segment} segment is not entitled to {service} in "
        "FY{fy} (entitlement settings).",
    ),
    R.SUPPLEMENT_DISTINCT: (
        "กฎ “Status (เพิ่มเติม) ไม่เกิน {max} บริการต่อปี”: ลูกค้ารายนี้ใช้บริการไปแล้ว "
        "{used} ในปีงบประมาณ {fy} การจอง {service} จะเกินจำนวนที่กำหนด "
        "หากจำเป็นต้องให้บริการ โปรดยื่นขออนุมัติยกเว้นพร้อมระบุเหตุผล "
        "เมื่อได้รับอนุมัติแล้วจึงจองใหม่",
        "Rule “Status (supplement): at most {max} services a year”: this customer already has "
        "{used} in FY{fy}, so {service} would be one service too many. To book it anyway, "
        "request an exception (with a justification) for approval; once it is approved, "
        "book again.",
    ),
    R.QUOTA: (
        "กฎ “โควตาต่อปี”: กลุ่ม {segment} ได้รับ {service} ปีละ {quota} ครั้ง "
        "และลูกค้ารายนี้ใช้ไปแล้ว {used} ครั้งในปีงบประมาณ {fy} "
        "หากจำเป็นต้องให้บริการ โปรดยื่นขออนุมัติยกเว้นพร้อมระบุเหตุผล "
        "เมื่อได้รับอนุมัติแล้วจึงจองใหม่",
        "Rule “yearly quota”: the {segment} segment gets {service} {quota} time(s) a year and "
        "this customer has used {used} in FY{fy}. To book it anyway, request an exception "
        "(with a justification) for approval; once it is approved, book again.",
    ),
    R.UNKNOWN_BENEFIT: ("ไม่รู้จักบริการ {code}", "Unknown service {code}."),
}


def refusal_message(decision: R.Decision, rules: R.EntitlementRules, *, fy: int) -> str:
    """The sentence a user reads (Thai or English): which rule refuses, and what to do."""
    p = decision.params
    code = p.get("code", "")
    th, en = RULE_MESSAGES.get(decision.rule, RULE_MESSAGES[R.UNKNOWN_BENEFIT])
    values = {
        "fy": fy,
        "code": code,
        "service": benefit_label(rules, code),
        "segment": SEGMENT_LABELS.get(p.get("segment", ""), p.get("segment", "")),
        "allowed": ", ".join(p.get("allowed", [])),
        "used": ", ".join(p["used"]) if isinstance(p.get("used"), list) else p.get("used", ""),
        "max": p.get("max", ""),
        "quota": p.get("quota", ""),
    }
    return (en if (get_language() or "").startswith("en") else th).format(**values)


def rule_name(rule: str, rules: R.EntitlementRules) -> str:
    """The short name of a rule as its message quotes it, e.g. “โควตาต่อปี”."""
    th, en = RULE_MESSAGES.get(rule, ("", ""))
    text = en if (get_language() or "").startswith("en") else th
    if "“" not in text:
        return rule
    return (
        text.split("“", 1)[1].split("”", 1)[0].replace("{max}", str(rules.supplement_max_distinct))
    )
