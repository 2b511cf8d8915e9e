"""Pure rules of visits and KAM plans: no Django import, unit-tested in milliseconds.

- Visit expense (manual 2022, M-3.2 row 3: "visit allowance", an amount set per year):
  an allowance per visit by mode plus a rate per kilometre, capped per visit.
- The visit-objective catalogue: (code, Thai label, English label) rows.
- Months of a fiscal year: month 1 is October.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
OTHER_OBJECTIVE = "other"

DEFAULT_OBJECTIVES: list[list[str]] = [
    ["relationship", "เยี่ยมเยือนเพื่อสร้างความสัมพันธ์", "Relationship building"],
    ["needs", "สำรวจความต้องการและความคาดหวังของลูกค้า", "Understand the customer's needs"],
    ["service", "นำเสนอ/ติดตามบริการด้านเทคนิค (FMS)", "Offer or follow up a technical service"],
    ["problem", "ติดตามแก้ไขปัญหาการใช้ไฟฟ้า", "Follow up a supply problem"],
    ["retention", "ติดตามแผนรักษาลูกค้ากลุ่มเสี่ยง", "Retention follow-up (customer at risk)"],
    ["project", "ติดตามโครงการใหม่/การขยายโหลด", "New projects and load growth"],
    ["news", "แจ้งข่าวสารและนโยบายของ กฟภ.", "PEA news and policies"],
    [OTHER_OBJECTIVE, "อื่น ๆ (โปรดระบุ)", "Other (describe it)"],
]


@dataclass(frozen=True)
class ExpenseRules:
    onsite_allowance: Decimal = Decimal("300.00")
    online_allowance: Decimal = Decimal("0.00")
    per_km: Decimal = Decimal("4.00")
    max_per_visit: Decimal = Decimal("2000.00")

    def to_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict) -> ExpenseRules:
        values = {}
        for name in cls.__dataclass_fields__:
            raw = data.get(name, getattr(cls(), name))
            try:
                value = Decimal(str(raw))
            except InvalidOperation:
                raise ValueError(f"{name}: not a number ({raw!r})") from None
            if value < 0 or not value.is_finite():
                raise ValueError(f"{name}: must be zero or more")
            values[name] = value.quantize(CENT)
        return cls(**values)


def visit_expense(
    mode: str, distance_km: Decimal | None, rules: ExpenseRules
) -> tuple[Decimal, str]:
    """The expense of a done visit and the rule that gave it (shown beside the amount).

    Onsite: allowance + km × rate, capped; online: its allowance only (no travel).
    """
    if mode == "online":
        amount = rules.online_allowance
        rule = f"online {rules.online_allowance}"
    else:
        km = Decimal(distance_km or 0)
        amount = rules.onsite_allowance + km * rules.per_km
        rule = f"onsite {rules.onsite_allowance} + {km} km × {rules.per_km}"
        if amount > rules.max_per_visit:
            amount = rules.max_per_visit
            rule += f", cap {rules.max_per_visit}"
    return amount.quantize(CENT, rounding=ROUND_HALF_UP), rule


def parse_objectives(rows: list) -> list[tuple[str, str, str]]:
    """Validate a catalogue: unique non-empty codes, both labels, "other" kept last."""
    out: list[tuple[str, str, str]] = []
    seen = set()
    for row in rows:
        if not isinstance(row, (list, tuple)) or len(row) != 3:
            raise ValueError("each objective is [code, Thai label, English label]")
        code, th, en = (str(x).strip() for x in row)
        if not code or not th or not en:
            raise ValueError("an objective needs a code and both labels")
        if code in seen:
            raise ValueError(f"objective code {code} appears twice")
        seen.add(code)
        out.append((code, th, en))
    if OTHER_OBJECTIVE not in seen:
        out.append(tuple(DEFAULT_OBJECTIVES[-1]))  # type: ignore[arg-type]
    return out


def fy_month_index(day: dt.date) -> int:
    """1 for October … 12 for September."""
    return (day.month - 10) % 12 + 1


def fy_month_start(fy_be: int, index: int) -> dt.date:
    """The first day of month `index` (1 = October) of B.E. fiscal year `fy_be`."""
    year_ce = fy_be - 543 - 1
    month = 10 + index - 1
    if month > 12:
        year_ce, month = year_ce + 1, month - 12
    return dt.date(year_ce, month, 1)
