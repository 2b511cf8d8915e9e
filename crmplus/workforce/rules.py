"""KAMR workforce rules as plain functions over dates (pure: no Django import).

- Training (manual M-3.2): a newly appointed KAMR completes the Key Account course
  within N months (a setting, 3 by default) of the appointment.
- Allowance (M-1.2 item 4.3): a flat monthly rate per active KAMR; how a month that
  is only partly covered is paid is a setting (PRORATION_RULES). A person is paid
  once for a day however many appointments they hold on it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FULL_MONTH_IF_ACTIVE_ANY_DAY = "full_month_if_active_any_day"
DAILY_PRORATA = "daily_prorata"
ACTIVE_ON_FIRST_DAY = "active_on_first_day"
PRORATION_RULES = (FULL_MONTH_IF_ACTIVE_ANY_DAY, DAILY_PRORATA, ACTIVE_ON_FIRST_DAY)

CENT = Decimal("0.01")


class DateRangeError(ValueError):
    """A date range that cannot be: `field` names the date at fault."""

    def __init__(self, message: str, field: str = "end") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Span:
    """An inclusive date range; `end=None` is open-ended."""

    start: dt.date
    end: dt.date | None = None

    def __post_init__(self) -> None:
        validate_range(self.start, self.end)

    def active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, first: dt.date, last: dt.date | None) -> bool:
        return ranges_overlap(self.start, self.end, first, last)


def validate_range(start: dt.date | None, end: dt.date | None) -> None:
    """A range needs a start, and an end (if any) on or after it."""
    if start is None:
        raise DateRangeError("A start date is required.", field="start")
    if end is not None and end < start:
        raise DateRangeError(
            f"The end date {end.isoformat()} is before the start date {start.isoformat()}.",
            field="end",
        )


def ranges_overlap(
    a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None
) -> bool:
    """Do two inclusive ranges (None = open end) share at least one day?"""
    return (a_end is None or b_start <= a_end) and (b_end is None or a_start <= b_end)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, clamped to that month's last day
    (31 Aug + 3 → 30 Nov; 30 Nov + 3 → 28 Feb, or 29 Feb in a leap year)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def training_due(appointed_on: dt.date, months: int = 3) -> dt.date:
    """The last day to complete the Key Account course (M-3.2): `months` after appointment."""
    if months < 0:
        raise ValueError("The training deadline cannot be a negative number of months.")
    return add_months(appointed_on, months)


def month_start(month: dt.date | str) -> dt.date:
    """The first day of a month given as a date or as `YYYY-MM`."""
    if isinstance(month, str):
        year, _sep, mon = month.partition("-")
        return dt.date(int(year), int(mon), 1)
    return month.replace(day=1)


def month_bounds(month: dt.date | str) -> tuple[dt.date, dt.date]:
    first = month_start(month)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _as_span(item: Span | tuple[dt.date, dt.date | None] | object) -> Span:
    if isinstance(item, Span):
        return item
    if isinstance(item, tuple):
        return Span(*item)
    return Span(item.start, item.end)  # any object with .start and .end (a model row)


def active_days(spans: Iterable[Span], first: dt.date, last: dt.date) -> int:
    """Days between `first` and `last` covered by at least one span (overlaps count once)."""
    days: set[int] = set()
    for span in spans:
        lo = max(span.start, first)
        hi = last if span.end is None else min(span.end, last)
        if lo <= hi:
            days.update(range(lo.toordinal(), hi.toordinal() + 1))
    return len(days)


@dataclass(frozen=True)
class Allowance:
    amount: Decimal
    days: int  # days of the month with at least one active appointment
    month_days: int
    rule: str
    rule_en: str
    rule_th: str


def _baht(value: Decimal) -> str:
    return f"{value:,.2f}"


def allowance_for_month(
    appointments: Iterable[Span | tuple[dt.date, dt.date | None] | object],
    month: dt.date | str,
    rate: Decimal | int | str,
    proration: str,
) -> Allowance:
    """One person's allowance for one month, and the rule text printed on the ledger.

    `appointments` are that person's paid appointments (Span, (start, end) tuples or
    objects with .start/.end). Overlapping appointments are merged first, so holding
    two of them on the same day never pays twice.
    """
    if proration not in PRORATION_RULES:
        raise ValueError(f"Unknown proration rule {proration!r}: use one of {PRORATION_RULES}.")
    rate = Decimal(str(rate))
    if rate < 0:
        raise ValueError("The allowance rate cannot be negative.")
    first, last = month_bounds(month)
    spans = [_as_span(a) for a in appointments]
    days = active_days(spans, first, last)
    month_days = last.day
    label = f"{first:%Y-%m}"
    label_th = f"{first.month:02d}/{first.year + 543}"  # Thai text: Buddhist-era month
    if proration == FULL_MONTH_IF_ACTIVE_ANY_DAY:
        amount = rate if days else Decimal("0")
        en = f"{_baht(rate)} baht a month, paid in full when active on any day ({days} days)"
        th = f"เดือนละ {_baht(rate)} บาท จ่ายเต็มเดือนเมื่อปฏิบัติหน้าที่อย่างน้อย 1 วัน ({days} วัน)"
    elif proration == DAILY_PRORATA:
        amount = (rate * days / month_days).quantize(CENT, rounding=ROUND_HALF_UP)
        en = f"{_baht(rate)} baht × {days}/{month_days} days (daily pro-rata)"
        th = f"{_baht(rate)} บาท × {days}/{month_days} วัน (ตามสัดส่วนวัน)"
    else:
        on_first = any(s.active_on(first) for s in spans)
        amount = rate if on_first else Decimal("0")
        en = f"{_baht(rate)} baht a month when active on the 1st of the month"
        th = f"เดือนละ {_baht(rate)} บาท เมื่อปฏิบัติหน้าที่ในวันที่ 1 ของเดือน"
    amount = amount.quantize(CENT)
    return Allowance(
        amount=amount,
        days=days,
        month_days=month_days,
        rule=proration,
        rule_en=f"{label}: {en}",
        rule_th=f"{label_th}: {th}",
    )


# Senior KAMR duty periods: the fiscal year (B.E., from 1 October), its quarters and
# months (Q1 = October–December, M01 = October).


def fiscal_period(day: dt.date, period: str) -> str:
    """The key of the `period` ("year", "quarter", "month") that holds `day`."""
    fy = day.year + 543 + (1 if day.month >= 10 else 0)
    fm = (day.month - 10) % 12 + 1
    if period == "year":
        return f"{fy}"
    if period == "quarter":
        return f"{fy}-Q{(fm - 1) // 3 + 1}"
    if period == "month":
        return f"{fy}-M{fm:02d}"
    raise ValueError(f"Unknown period {period!r}: use year, quarter or month.")


def fiscal_period_bounds(key: str) -> tuple[dt.date, dt.date]:
    """First and last day of a period key made by `fiscal_period`."""
    fy_text, _sep, part = key.partition("-")
    fy = int(fy_text)
    start_year = fy - 543 - 1  # the fiscal year starts on 1 October of this CE year
    if not part:
        return dt.date(start_year, 10, 1), dt.date(start_year + 1, 9, 30)
    if part[0] == "Q" and part[1:].isdigit() and 1 <= int(part[1:]) <= 4:
        first_fm, count = (int(part[1:]) - 1) * 3 + 1, 3
    elif part[0] == "M" and part[1:].isdigit() and 1 <= int(part[1:]) <= 12:
        first_fm, count = int(part[1:]), 1
    else:
        raise ValueError(f"Unknown period key {key!r}.")
    index = start_year * 12 + 9 + (first_fm - 1)  # 9 = October (0-based)
    first = dt.date(index // 12, index % 12 + 1, 1)
    last_index = index + count - 1
    y, m = last_index // 12, last_index % 12 + 1
    return first, dt.date(y, m, calendar.monthrange(y, m)[1])


REMINDER = "reminder"
OVERDUE = "overdue"


def notice_stage(days_left: int, reminder_days: int) -> str | None:
    """Which training notice is due: a reminder within `reminder_days` before the
    deadline, an escalation once it has passed, else none."""
    if days_left < 0:
        return OVERDUE
    if days_left <= reminder_days:
        return REMINDER
    return None
