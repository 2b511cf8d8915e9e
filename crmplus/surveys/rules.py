"""Pure rules of the satisfaction survey and the yearly report (no Django import).

Averaging (memo table 2.3, "ความคาดหวัง (เฉลี่ย)" / "ความพึงพอใจ (เฉลี่ย)"):
- a response's expectation (satisfaction) score is the mean of the items it answered
  (1–5; a blank item is "not answered", not zero);
- a unit's average is the mean of its respondents' scores: every respondent weighs
  the same, however many items they answered;
- the national total is the mean over every respondent in the country (HQ included),
  not the mean of the area rows;
- shown with three decimals, rounded half up (4.3795 → 4.380).

Means are kept as exact fractions until the final rounding, so a report never depends
on float noise or on the order rows are read in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

SCALE_MIN, SCALE_MAX = 1, 5
MAX_ITEMS = 10
DECIMALS = 3
SEGMENTS = ("strategic", "star", "status", "streamline")
CSV_COLUMNS = [
    "region",
    "area",
    "strategic",
    "star",
    "status",
    "streamline",
    "total",
    "kamr_area",
    "kamr_office",
    "senior_kamr",
    "expectation_avg",
    "satisfaction_avg",
]


def item_mean(items: Sequence[int | None]) -> Fraction | None:
    """The mean of the answered items, exact; None when nothing was answered."""
    answered = [int(v) for v in items if v is not None]
    if not answered:
        return None
    return Fraction(sum(answered), len(answered))


def mean(values: Iterable[Fraction]) -> Fraction | None:
    values = list(values)
    if not values:
        return None
    return sum(values, Fraction(0)) / len(values)


def round_half_up(value: Fraction | None, decimals: int = DECIMALS) -> Decimal | None:
    if value is None:
        return None
    q = Decimal(1).scaleb(-decimals)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    # 28 significant digits is far beyond 3 decimals of a 1–5 mean: the quantize is exact.
    return exact.quantize(q, rounding=ROUND_HALF_UP)


def format_avg(value: Decimal | None) -> str:
    """ "4.380" (always three decimals), "" when there is no response."""
    return "" if value is None else f"{value:.{DECIMALS}f}"


def parse_score(text: str) -> int | None:
    """A 1–5 item score from a cell; None for blank. Raises ValueError otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise ValueError(text) from None
    if number != number.to_integral_value() or not SCALE_MIN <= number <= SCALE_MAX:
        raise ValueError(text)
    return int(number)


# --- the report table ----------------------------------------------------------------


@dataclass
class UnitFigures:
    """The raw figures of one row: an area, or HQ."""

    code: str
    region: str  # "1"…"4", "HQ"
    segments: dict[str, int] = field(default_factory=dict)
    kamr_area: int = 0
    kamr_office: int = 0
    senior_kamr: int = 0
    expectation: list[Fraction] = field(default_factory=list)  # one per respondent
    satisfaction: list[Fraction] = field(default_factory=list)


@dataclass
class ReportRow:
    region: str
    area: str
    strategic: int
    star: int
    status: int
    streamline: int
    total: int
    kamr_area: int
    kamr_office: int
    senior_kamr: int
    expectation_avg: Decimal | None
    satisfaction_avg: Decimal | None
    respondents: int = 0
    name: str = ""  # display name of the unit (filled by the caller)

    @property
    def is_total(self) -> bool:
        return self.area == "ALL"

    @property
    def is_hq(self) -> bool:
        return self.area == "HQ"

    def csv_values(self) -> list[str]:
        return [
            self.region,
            self.area,
            *(str(getattr(self, c)) for c in CSV_COLUMNS[2:10]),
            format_avg(self.expectation_avg),
            format_avg(self.satisfaction_avg),
        ]


def report_rows(units: Sequence[UnitFigures], *, with_total: bool = True) -> list[ReportRow]:
    """One row per unit (in the order given) and the national total (every respondent)."""
    rows = []
    for u in units:
        rows.append(
            ReportRow(
                region=u.region,
                area=u.code,
                **{s: u.segments.get(s, 0) for s in SEGMENTS},
                total=sum(u.segments.get(s, 0) for s in SEGMENTS),
                kamr_area=u.kamr_area,
                kamr_office=u.kamr_office,
                senior_kamr=u.senior_kamr,
                expectation_avg=round_half_up(mean(u.expectation)),
                satisfaction_avg=round_half_up(mean(u.satisfaction)),
                respondents=len(u.satisfaction),
            )
        )
    if with_total:
        rows.append(
            ReportRow(
                region="ALL",
                area="ALL",
                **{s: sum(getattr(r_, s) for r_ in rows) for s in SEGMENTS},
                total=sum(r_.total for r_ in rows),
                kamr_area=sum(r_.kamr_area for r_ in rows),
                kamr_office=sum(r_.kamr_office for r_ in rows),
                senior_kamr=sum(r_.senior_kamr for r_ in rows),
                expectation_avg=round_half_up(mean(e for u in units for e in u.expectation)),
                satisfaction_avg=round_half_up(mean(s for u in units for s in u.satisfaction)),
                respondents=sum(r_.respondents for r_ in rows),
            )
        )
    return rows


# --- planning demo scores that reproduce given averages ---------------------------------


def points_interval(target: Decimal, cells: int) -> tuple[int, int]:
    """Integer point totals over `cells` item answers whose mean rounds (half up, 3
    decimals) to `target`: (lowest, highest); lowest > highest when none exists."""
    half = Fraction(1, 2 * 10**DECIMALS)
    t = Fraction(target)
    lo = math.ceil((t - half) * cells)
    hi = math.ceil((t + half) * cells) - 1
    return lo, hi


def plan_point_totals(
    targets: Sequence[Decimal], cells: Sequence[int], national: Decimal
) -> list[int]:
    """Point totals per unit such that each unit's mean rounds to its target and the
    pooled mean (every cell weighs the same) rounds to `national`.

    Starts from the total nearest each target, then moves units within their own
    rounding interval, biggest first, until the pooled total is in range. Raises
    ValueError when the sample sizes cannot reproduce the figures."""
    intervals = [points_interval(t, c) for t, c in zip(targets, cells, strict=True)]
    for (lo, hi), t in zip(intervals, targets, strict=True):
        if lo > hi:
            raise ValueError(f"no point total gives {t}")
    totals = [
        min(max(round(Fraction(t) * c), lo), hi)
        for t, c, (lo, hi) in zip(targets, cells, intervals, strict=True)
    ]
    want_lo, want_hi = points_interval(national, sum(cells))
    order = sorted(range(len(cells)), key=lambda i: (-cells[i], i))
    for i in order:
        have = sum(totals)
        if have < want_lo:
            totals[i] = min(intervals[i][1], totals[i] + (want_lo - have))
        elif have > want_hi:
            totals[i] = max(intervals[i][0], totals[i] - (have - want_hi))
    if not want_lo <= sum(totals) <= want_hi:
        raise ValueError(f"the units cannot pool to {national}")
    return totals


def spread_points(total: int, respondents: int, items: int, rng, floor: int = 2) -> list[list[int]]:
    """`respondents` × `items` scores (floor…5) summing to `total`: everyone starts at 5
    and points are taken off at random, so most answers are 4–5 and a few people are
    clearly unhappy (as in a real survey)."""
    scores = [[SCALE_MAX] * items for _ in range(respondents)]
    deficit = SCALE_MAX * items * respondents - total
    if deficit < 0 or deficit > (SCALE_MAX - floor) * items * respondents:
        raise ValueError("total out of reach")
    while deficit:
        r, i = rng.randrange(respondents), rng.randrange(items)
        if scores[r][i] > floor:
            scores[r][i] -= 1
            deficit -= 1
    return scores
