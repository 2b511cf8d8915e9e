"""Fiscal year and Buddhist-era helpers (pure: no Django import).

PEA's fiscal year runs 1 October – 30 September and is named by the Buddhist-era
year it ends in: FY2569 = 1 Oct 2025 – 30 Sep 2026. The B.E. year is CE + 543.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

BE_OFFSET = 543
FY_START_MONTH = 10

TH_MONTHS_SHORT = [
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
]  # fmt: skip
TH_MONTHS_LONG = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip
EN_MONTHS_SHORT = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
]  # fmt: skip


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def fiscal_year(day: dt.date) -> int:
    """The Buddhist-era fiscal year a date falls in."""
    ce = day.year + 1 if day.month >= FY_START_MONTH else day.year
    return be_year(ce)


def fiscal_year_bounds(fy_be: int) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) of a B.E. fiscal year."""
    end_ce = ce_year(fy_be)
    return dt.date(end_ce - 1, FY_START_MONTH, 1), dt.date(end_ce, 9, 30)


def fiscal_year_months(fy_be: int) -> list[str]:
    """The twelve `YYYY-MM` (CE) months of a fiscal year, October first."""
    start, _ = fiscal_year_bounds(fy_be)
    months = []
    year, month = start.year, start.month
    for _i in range(12):
        months.append(f"{year:04d}-{month:02d}")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return months


def fiscal_year_choices(around: dt.date, back: int = 5, ahead: int = 1) -> list[tuple[int, str]]:
    current = fiscal_year(around)
    return [(fy, f"{fy}") for fy in range(current + ahead, current - back - 1, -1)]


def format_date(day: dt.date | None, lang: str = "th", long: bool = False) -> str:
    """`25 พ.ย. 2569` in Thai (Buddhist era), `25 Nov 2026` in English (CE)."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = day.date()
    if lang.startswith("th"):
        months = TH_MONTHS_LONG if long else TH_MONTHS_SHORT
        return f"{day.day} {months[day.month - 1]} {be_year(day.year)}"
    return f"{day.day} {EN_MONTHS_SHORT[day.month - 1]} {day.year}"


def format_datetime(moment: dt.datetime | None, lang: str = "th") -> str:
    if moment is None:
        return ""
    return f"{format_date(moment.date(), lang)} {moment:%H:%M}"


def format_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    if value is None:
        return ""
    return f"{value:,.{decimals}f}"


def format_baht(value: int | float | Decimal | None, lang: str = "th") -> str:
    if value is None:
        return ""
    text = format_number(value, 2)
    return f"{text} บาท" if lang.startswith("th") else f"฿{text}"
