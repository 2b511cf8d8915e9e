"""Why a customer is a key account and why in its segment, in English and Thai (pure)."""

from __future__ import annotations

from crmplus.keyaccounts.rules import SEGMENT_LABELS, SelectionRules

NAMES = {
    "gm": ("pooled GM", "กำไรขั้นต้นรวม"),
    "gm_growth": ("GM growth", "การเติบโตของกำไรขั้นต้น"),
    "demand_kw": ("demand", "ความต้องการพลังไฟฟ้า"),
    "satisfaction": ("satisfaction", "ความพึงพอใจ"),
    "risk_level": ("risk level", "ระดับความเสี่ยง"),
    "tenure_years": ("tenure", "อายุการเป็นลูกค้า"),
}
MISSING = {
    "gm_growth": ("no previous year's billing", "ไม่มีข้อมูลค่าไฟฟ้าปีก่อน"),
    "satisfaction": ("no survey result", "ไม่มีผลสำรวจความพึงพอใจ"),
    "risk_level": ("no risk assessment", "ไม่มีผลประเมินความเสี่ยง"),
    "tenure_years": ("no connection date", "ไม่มีวันที่เริ่มใช้ไฟฟ้า"),
    "demand_kw": ("no demand figure", "ไม่มีข้อมูลความต้องการพลังไฟฟ้า"),
    "gm": ("no GM", "ไม่มีกำไรขั้นต้น"),
}
RISK_NAMES = {
    1: ("low", "ต่ำ"),
    2: ("medium", "ปานกลาง"),
    3: ("high", "สูง"),
    4: ("very high", "สูงมาก"),
}
SEGMENT_TH = {
    "strategic": "กลุ่ม Strategic",
    "star": "กลุ่ม Star",
    "status": "กลุ่ม Status",
    "streamline": "กลุ่ม Streamline",
}


def baht(value: float) -> str:
    return f"{value:,.0f}"


def ca_text(number: int) -> str:
    return f"{number:012d}"


def _value(key: str, value: float, lang: int) -> str:
    if key == "gm":
        return f"{baht(value)} " + ("baht" if lang == 0 else "บาท")
    if key == "gm_growth":
        return f"{value:+.1f}%"
    if key == "demand_kw":
        return f"{value:,.0f} kW"
    if key == "tenure_years":
        return f"{value:.0f} " + ("years" if lang == 0 else "ปี")
    if key == "risk_level":
        return RISK_NAMES.get(int(value), (str(int(value)),) * 2)[lang]
    return f"{value:.2f}"


def _parts(parts: list[dict], lang: int) -> str:
    out = []
    for part in parts:
        name = NAMES[part["key"]][lang]
        if part["value"] is None:
            skipped = "skipped" if lang == 0 else "ไม่นำมาคิด"
            out.append(f"{name}: {MISSING[part['key']][lang]} ({skipped})")
            continue
        weight = f"{part['weight']:g}"
        out.append(
            f"{name} {_value(part['key'], part['value'], lang)} → {part['points']:g} × {weight}"
        )
    return "; ".join(out)


def _pooled(row: dict, rules: SelectionRules, lang: int) -> str:
    cas = ", ".join(ca_text(c) for c in row["pooled_cas"])
    n = row["n_pooled"]
    if lang == 0:
        skipped = row["n_cas"] - n
        tail = f"; {skipped} CA(s) at or below the floor not counted" if skipped else ""
        return (
            f"pooled GM {baht(row['pooled_gm'])} baht from {n} CA(s) of this BP at this office "
            f"whose own GM exceeds {baht(rules.ca_floor)} baht ({cas}){tail}"
        )
    skipped = row["n_cas"] - n
    tail = f"; ไม่นับ {skipped} CA ที่กำไรขั้นต้นไม่เกินเกณฑ์" if skipped else ""
    return (
        f"กำไรขั้นต้นรวม {baht(row['pooled_gm'])} บาท จาก {n} CA ของ BP นี้ในการไฟฟ้าเดียวกัน "
        f"ที่มีกำไรขั้นต้นเกิน {baht(rules.ca_floor)} บาท ({cas}){tail}"
    )


def explain_key_account(
    row: dict, *, rules: SelectionRules, a_parts: list[dict], s_parts: list[dict]
) -> tuple[str, str]:
    segment = row["segment"]
    high = (
        row["attractiveness"] is not None and row["attractiveness"] >= rules.attractiveness_cutoff
    )
    texts = []
    for lang in (0, 1):
        if lang == 0:
            head = (
                f"Key account, rank {row['rank']}: {_pooled(row, rules, 0)}, which meets the "
                f"threshold of {baht(rules.pooled_threshold)} baht."
            )
            axis_a = (
                f"Attractiveness {row['attractiveness']:g} "
                f"({'high' if high else 'low'}, cut-off {rules.attractiveness_cutoff:g}): "
                f"{_parts(a_parts, 0)}."
            )
        else:
            head = (
                f"ลูกค้ารายสำคัญ อันดับ {row['rank']}: {_pooled(row, rules, 1)} "
                f"ถึงเกณฑ์ {baht(rules.pooled_threshold)} บาท"
            )
            axis_a = (
                f"ความน่าสนใจ {row['attractiveness']:g} "
                f"({'สูง' if high else 'ต่ำ'}, เกณฑ์ {rules.attractiveness_cutoff:g}): "
                f"{_parts(a_parts, 1)}"
            )
        axis_s = _strength_text(row, rules, s_parts, lang)
        tail = f"→ {SEGMENT_LABELS[segment]}." if lang == 0 else f"→ {SEGMENT_TH[segment]}"
        texts.append(" ".join([head, axis_a, axis_s, tail]))
    return texts[0], texts[1]


def _strength_text(row: dict, rules: SelectionRules, parts: list[dict], lang: int) -> str:
    strength = row["strength"]
    if strength is None:
        strong = rules.strength_when_unknown == "strong"
        if lang == 0:
            side = "strong" if strong else "weak"
            return (
                f"Relative strength unknown ({_parts(parts, 0)}): placed as {side} by the "
                f"setting for accounts without any strength figure."
            )
        side = "สูง" if strong else "ต่ำ"
        return f"ไม่ทราบความแข็งแกร่งเชิงเปรียบเทียบ ({_parts(parts, 1)}): ถือเป็น{side}ตามที่ตั้งค่าไว้"
    strong = strength >= rules.strength_cutoff
    if lang == 0:
        return (
            f"Relative strength {strength:g} ({'strong' if strong else 'weak'}, "
            f"cut-off {rules.strength_cutoff:g}): {_parts(parts, 0)}."
        )
    return (
        f"ความแข็งแกร่งเชิงเปรียบเทียบ {strength:g} ({'สูง' if strong else 'ต่ำ'}, "
        f"เกณฑ์ {rules.strength_cutoff:g}): {_parts(parts, 1)}"
    )


def explain_supplement(
    row: dict, *, rules: SelectionRules, office_points_before: float, minimum: float
) -> tuple[str, str]:
    en = (
        f"Status (supplement): {_pooled(row, rules, 0)}, below the threshold of "
        f"{baht(rules.pooled_threshold)} baht; added as the next most significant large "
        f"customer because office {row['office']} had {office_points_before:g} key-account "
        f"points, below the minimum of {minimum:g} (offices at "
        f"{rules.supplement_lower_points:g}–{minimum - 1:g} points are topped up). "
        f"Status benefits for RBA and COM; FMS 1–5 only, at most 3 services."
    )
    th = (
        f"กลุ่ม Status (เพิ่มเติม): {_pooled(row, rules, 1)} ต่ำกว่าเกณฑ์ "
        f"{baht(rules.pooled_threshold)} บาท เพิ่มเป็นลูกค้ารายใหญ่ที่มีนัยสำคัญลำดับถัดไป "
        f"เพราะการไฟฟ้า {row['office']} มีคะแนนลูกค้ารายสำคัญ {office_points_before:g} คะแนน "
        f"ต่ำกว่าเกณฑ์ขั้นต่ำ {minimum:g} คะแนน ได้สิทธิประโยชน์ RBA และ COM เช่นกลุ่ม Status "
        f"ส่วน FMS ได้เฉพาะ FMS 1–5 ไม่เกิน 3 บริการ"
    )
    return en, th
