"""The yearly process calendar as data: deadlines, their dates in a fiscal year, and status.

Pure (no Django import): the deadlines are a setting per fiscal year (reports.process
calendar in crmplus.reports.process_settings); how "done" is found out lives in
crmplus.reports.process_detectors. A date rule is either

- yearly: a day of a calendar month within the fiscal year (15 September; "October"
  is the last day of October: day 0 means the month's last day), or
- monthly: day N of each month of the fiscal year (plus `offset_months`: the
  ledger of a month may be due in the next one).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

YEARLY = "yearly"
MONTHLY = "monthly"
RULES = (YEARLY, MONTHLY)
RESPONSIBLE = ("hq", "area", "office", "hq+area")
DETECTORS = ("keyaccount_list", "kam_plans", "risk_assessments", "survey_report", "allowances")

DONE = "done"
DUE = "due"
OVERDUE = "overdue"
UPCOMING = "upcoming"
UNTRACKED = "untracked"
NOT_OWED = "none"  # nothing to do (no key accounts to plan or assess this year)
STATUSES = (OVERDUE, DUE, UPCOMING, DONE, NOT_OWED, UNTRACKED)


@dataclass(frozen=True)
class Deadline:
    key: str
    label_th: str
    label_en: str
    rule: str  # YEARLY or MONTHLY
    day: int  # 1-31; 0 = the last day of the month
    month: int | None = None  # yearly: the calendar month (1-12)
    offset_months: int = 0  # monthly: due in the period's month + offset
    responsible: str = "area"  # which units owe it: hq, area, office, hq+area
    detector: str = ""  # how "done" is found out (DETECTORS)
    remind_days: int = 14  # remind this many days before the due date
    enabled: bool = True

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" and self.label_en else self.label_th


@dataclass(frozen=True)
class Occurrence:
    """One due date of a deadline: `period` is the month a monthly deadline is about."""

    deadline: Deadline
    due: dt.date
    period: dt.date | None = None


DEFAULT_DEADLINES: list[dict[str, Any]] = [
    {
        "key": "keyaccount_list",
        "label_th": "รายชื่อลูกค้ารายสำคัญ (HVC) ได้รับอนุมัติ",
        "label_en": "HVC / key-account list approved",
        "rule": YEARLY,
        "month": 10,
        "day": 0,
        "responsible": "area",
        "detector": "keyaccount_list",
        "remind_days": 14,
    },
    {
        "key": "kam_plans",
        "label_th": "แผนบริหารลูกค้ารายสำคัญ (KAM plan) ได้รับอนุมัติ",
        "label_en": "KAM plans approved",
        "rule": YEARLY,
        "month": 11,
        "day": 30,
        "responsible": "area",
        "detector": "kam_plans",
        "remind_days": 14,
    },
    {
        "key": "risk_assessments",
        "label_th": "ประเมินความเสี่ยงลูกค้ารายสำคัญครบทุกราย",
        "label_en": "Risk assessments of every key account confirmed",
        "rule": YEARLY,
        "month": 3,
        "day": 31,
        "responsible": "area",
        "detector": "risk_assessments",
        "remind_days": 30,
    },
    {
        "key": "survey_report",
        "label_th": "รายงานผลสำรวจความพึงพอใจลูกค้ารายสำคัญ",
        "label_en": "Key-account satisfaction survey report",
        "rule": YEARLY,
        "month": 9,
        "day": 15,
        "responsible": "hq",
        "detector": "survey_report",
        "remind_days": 30,
    },
    {
        "key": "allowances",
        "label_th": "บัญชีค่าตอบแทน KAMR ประจำเดือนได้รับอนุมัติ",
        "label_en": "Monthly KAMR allowance ledger approved",
        "rule": MONTHLY,
        "day": 0,
        "offset_months": 0,
        "responsible": "hq+area",
        "detector": "allowances",
        "remind_days": 7,
    },
]


def _int(value: Any, name: str, lo: int, hi: int) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: a whole number is needed") from None
    if not lo <= n <= hi:
        raise ValueError(f"{name}: between {lo} and {hi}")
    return n


def deadline_from(data: Mapping[str, Any]) -> Deadline:
    """A deadline from stored or user data; ValueError naming the field when it is wrong."""
    key = str(data.get("key") or "").strip()
    if not key or not key.replace("_", "").replace("-", "").isalnum() or len(key) > 60:
        raise ValueError("key: letters, digits, - and _ only")
    rule = str(data.get("rule") or "")
    if rule not in RULES:
        raise ValueError(f"rule: one of {', '.join(RULES)}")
    responsible = str(data.get("responsible") or "area")
    if responsible not in RESPONSIBLE:
        raise ValueError(f"responsible: one of {', '.join(RESPONSIBLE)}")
    detector = str(data.get("detector") or "")
    if detector and detector not in DETECTORS:
        raise ValueError(f"detector: one of {', '.join(DETECTORS)}")
    label_th = str(data.get("label_th") or "").strip()
    if not label_th:
        raise ValueError("label_th: a Thai label is needed")
    month = None
    if rule == YEARLY:
        month = _int(data.get("month"), "month", 1, 12)
    return Deadline(
        key=key,
        label_th=label_th[:200],
        label_en=str(data.get("label_en") or "").strip()[:200],
        rule=rule,
        day=_int(data.get("day", 0), "day", 0, 31),
        month=month,
        offset_months=_int(data.get("offset_months", 0), "offset_months", 0, 3),
        responsible=responsible,
        detector=detector,
        remind_days=_int(data.get("remind_days", 14), "remind_days", 0, 120),
        enabled=bool(data.get("enabled", True)),
    )


def deadlines_from(values: Iterable[Mapping[str, Any]]) -> list[Deadline]:
    out, seen = [], set()
    for i, data in enumerate(values, start=1):
        try:
            d = deadline_from(data)
        except ValueError as e:
            raise ValueError(f"deadline {i}: {e}") from None
        if d.key in seen:
            raise ValueError(f"deadline {i}: key {d.key} is used twice")
        seen.add(d.key)
        out.append(d)
    return out


def deadlines_to(deadlines: Iterable[Deadline]) -> list[dict[str, Any]]:
    return [asdict(d) for d in deadlines]


def _fy_start(fy_be: int) -> dt.date:
    return dt.date(fy_be - 543 - 1, 10, 1)


def _on(year: int, month: int, day: int) -> dt.date:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, last if day == 0 or day > last else day)


def _add_months(day: dt.date, n: int) -> tuple[int, int]:
    m = day.month - 1 + n
    return day.year + m // 12, m % 12 + 1


def occurrences(d: Deadline, fy_be: int) -> list[Occurrence]:
    """The due dates of a deadline in a Buddhist-era fiscal year (1 Oct – 30 Sep)."""
    start = _fy_start(fy_be)
    if d.rule == YEARLY:
        year = start.year if d.month >= 10 else start.year + 1
        return [Occurrence(d, _on(year, d.month, d.day))]
    out = []
    for i in range(12):
        y, m = _add_months(start, i)
        period = dt.date(y, m, 1)
        dy, dm = _add_months(period, d.offset_months)
        out.append(Occurrence(d, _on(dy, dm, d.day), period))
    return out


def status_of(
    done: bool | None, due: dt.date, today: dt.date, remind_days: int, owed: bool = True
) -> str:
    """done / overdue (past due, not done) / due (within the reminder window) / upcoming;
    none when the unit owes nothing; untracked when nothing tells whether it is done (the
    app that records it is absent)."""
    if not owed:
        return NOT_OWED
    if done is None:
        return UNTRACKED
    if done:
        return DONE
    if today > due:
        return OVERDUE
    if (due - today).days <= remind_days:
        return DUE
    return UPCOMING
