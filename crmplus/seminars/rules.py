"""Seminar budget rules as plain data (no Django): BRIEF §9, manual M-1.2 item 4.5, M-4.4.

- Attendee costs follow PEA's 2017 training regulation at two levels: executive
  (staff level 8 and up, the threshold is a setting) and operational (levels 1–7),
  a rate per person and per day for each category.
- An event costs at most `event_cap` baht, approved external-speaker fees excluded
  (they may be approved on top of the limit).
- HQ's seminars cost at most `hq_year_cap` baht per fiscal year, speaker fees included.
- A line above the regulation rate is an exception approved case by case; an
  external speaker's fee needs its own approval.

Money is Decimal, baht, two places; nothing here rounds a comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

EXECUTIVE = "executive"
OPERATIONAL = "operational"
LEVELS = (EXECUTIVE, OPERATIONAL)
STAFF_LEVEL_MIN, STAFF_LEVEL_MAX = 1, 13

# Budget categories; only those with a rate in the table are attendee costs.
VENUE = "venue"
FOOD = "food"
TRANSPORT = "transport"
ACCOMMODATION = "accommodation"
MATERIALS = "materials"
SOUVENIRS = "souvenirs"
SPEAKER_FEE = "speaker_fee"
OTHER = "other"
CATEGORIES = (VENUE, FOOD, TRANSPORT, ACCOMMODATION, MATERIALS, SOUVENIRS, SPEAKER_FEE, OTHER)

# Code defaults only (DESIGN: rules are data): HQ sets the regulation's figures per
# fiscal year. Baht per person per day, after the Finance Ministry's training scale
# that PEA's 2017 regulation follows (private venue, full-day meals).
DEFAULT_RATES: dict[str, dict[str, str]] = {
    FOOD: {EXECUTIVE: "1200.00", OPERATIONAL: "950.00"},
    ACCOMMODATION: {EXECUTIVE: "2400.00", OPERATIONAL: "1450.00"},
    TRANSPORT: {EXECUTIVE: "600.00", OPERATIONAL: "400.00"},
    MATERIALS: {EXECUTIVE: "300.00", OPERATIONAL: "300.00"},
}
DEFAULT_EVENT_CAP = "100000.00"
DEFAULT_HQ_YEAR_CAP = "100000.00"
DEFAULT_EXECUTIVE_LEVEL = 8


def money(value: Any, *, name: str = "amount") -> Decimal:
    """A non-negative baht amount with at most two decimals, or ValueError."""
    if isinstance(value, float):
        # repr is the shortest text that round-trips: 0.1 → "0.1", not 0.1000000000000000055…
        value = repr(value)
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValueError(f"{name}: not an amount: {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"{name}: not an amount: {value!r}")
    if amount < 0:
        raise ValueError(f"{name}: cannot be negative")
    if amount != amount.quantize(CENT):
        raise ValueError(f"{name}: at most two decimals (satang)")
    return amount.quantize(CENT)


def level_of(staff_level: int, executive_from: int = DEFAULT_EXECUTIVE_LEVEL) -> str:
    """Executive from `executive_from` (8) up, operational below (1–7)."""
    if not STAFF_LEVEL_MIN <= int(staff_level) <= STAFF_LEVEL_MAX:
        raise ValueError(f"staff level {staff_level}: must be {STAFF_LEVEL_MIN}–{STAFF_LEVEL_MAX}")
    return EXECUTIVE if int(staff_level) >= executive_from else OPERATIONAL


def count_levels(
    staff_levels: Iterable[int], executive_from: int = DEFAULT_EXECUTIVE_LEVEL
) -> dict[str, int]:
    """How many attendees at each rate level, from their staff levels."""
    counts = {EXECUTIVE: 0, OPERATIONAL: 0}
    for level in staff_levels:
        counts[level_of(level, executive_from)] += 1
    return counts


@dataclass(frozen=True)
class RateTable:
    """Baht per person per day, by category and level."""

    rates: Mapping[str, Mapping[str, Decimal]]

    @classmethod
    def from_dict(cls, raw: Mapping[str, Mapping[str, Any]]) -> RateTable:
        rates: dict[str, dict[str, Decimal]] = {}
        for category, by_level in raw.items():
            if category not in CATEGORIES:
                raise ValueError(f"unknown category {category!r}")
            if category == SPEAKER_FEE:
                raise ValueError("speaker fees are approved case by case, not rated per attendee")
            if set(by_level) != set(LEVELS):
                raise ValueError(f"{category}: give a rate for exactly {', '.join(LEVELS)}")
            rates[category] = {
                lvl: money(by_level[lvl], name=f"{category}/{lvl}") for lvl in LEVELS
            }
        return cls(rates)

    def to_dict(self) -> dict[str, dict[str, str]]:
        return {c: {lvl: str(r) for lvl, r in by.items()} for c, by in self.rates.items()}

    def rated(self, category: str) -> bool:
        return category in self.rates

    def rate(self, category: str, level: str) -> Decimal:
        return self.rates[category][level]


def attendee_cost(
    rate_table: RateTable,
    attendees_by_level: Mapping[str, int],
    days: int,
    categories: Iterable[str],
) -> Decimal:
    """The regulation cost of attendees: Σ rate(category, level) × people × days.

    Categories without a rate (venue, souvenirs, speaker fees, …) are lump sums and
    add nothing here.
    """
    if days < 0:
        raise ValueError("days cannot be negative")
    unknown = set(attendees_by_level) - set(LEVELS)
    if unknown:
        raise ValueError(f"unknown levels {sorted(unknown)}")
    total = ZERO
    for category in categories:
        if not rate_table.rated(category):
            continue
        for level, people in attendees_by_level.items():
            if people < 0:
                raise ValueError("attendee counts cannot be negative")
            total += rate_table.rate(category, level) * people * days
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def excess_over_rate(planned: Decimal, regulation: Decimal | None) -> Decimal:
    """How far a line goes above the regulation (0 when it has no rate or keeps to it)."""
    if regulation is None or planned <= regulation:
        return ZERO
    return planned - regulation


@dataclass(frozen=True)
class SeminarRules:
    """Everything the seminar budget needs for one fiscal year."""

    event_cap: Decimal = Decimal(DEFAULT_EVENT_CAP)
    hq_year_cap: Decimal = Decimal(DEFAULT_HQ_YEAR_CAP)
    executive_level: int = DEFAULT_EXECUTIVE_LEVEL
    rates: RateTable = field(default_factory=lambda: RateTable.from_dict(DEFAULT_RATES))

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> SeminarRules:
        level = int(raw["executive_level"])
        if not STAFF_LEVEL_MIN < level <= STAFF_LEVEL_MAX:
            raise ValueError("the executive level must be 2–13")
        return cls(
            event_cap=money(raw["event_cap"], name="event_cap"),
            hq_year_cap=money(raw["hq_year_cap"], name="hq_year_cap"),
            executive_level=level,
            rates=RateTable.from_dict(raw["rates"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_cap": str(self.event_cap),
            "hq_year_cap": str(self.hq_year_cap),
            "executive_level": self.executive_level,
            "rates": self.rates.to_dict(),
        }


@dataclass(frozen=True)
class CapLine:
    """A budget line as the caps see it."""

    amount: Decimal
    is_speaker_fee: bool = False
    speaker_fee_approved: bool = False

    @property
    def counts_for_event_cap(self) -> bool:
        # Only an *approved* external-speaker fee sits on top of the event limit.
        return not (self.is_speaker_fee and self.speaker_fee_approved)


@dataclass(frozen=True)
class CapResult:
    cap: Decimal
    used: Decimal

    @property
    def ok(self) -> bool:
        return self.used <= self.cap

    @property
    def room(self) -> Decimal:
        """What is left under the cap (0 when over)."""
        return max(self.cap - self.used, ZERO)

    @property
    def over(self) -> Decimal:
        """By how much the cap is exceeded (0 when within)."""
        return max(self.used - self.cap, ZERO)


@dataclass(frozen=True)
class CapCheck:
    event: CapResult
    hq_year: CapResult | None = None  # only for HQ's events

    @property
    def ok(self) -> bool:
        return self.event.ok and (self.hq_year is None or self.hq_year.ok)


def cap_check(
    *,
    lines: Iterable[CapLine],
    event_cap: Decimal,
    hq_year_cap: Decimal | None = None,
    hq_year_used_elsewhere: Decimal = ZERO,
) -> CapCheck:
    """The room left (or the amount over) under each cap for one event's budget.

    `hq_year_cap` is given for HQ's events only, with what HQ's other seminars of the
    fiscal year already use (`hq_year_used_elsewhere`, speaker fees included).
    """
    lines = list(lines)
    event_used = sum((ln.amount for ln in lines if ln.counts_for_event_cap), ZERO)
    event = CapResult(cap=event_cap, used=event_used)
    if hq_year_cap is None:
        return CapCheck(event=event)
    all_in = sum((ln.amount for ln in lines), ZERO)
    return CapCheck(event=event, hq_year=CapResult(hq_year_cap, hq_year_used_elsewhere + all_in))
