"""Demo billing that reproduces PEA's 2021 key-account table with the default rules (pure).

The table (memo 2.3, `data/ka_2021_report.csv`) gives key accounts per area and segment.
Each demo customer gets a role (a key account of a segment, or a near miss below the
pooled threshold), then figures drawn from heavy-tailed distributions *conditioned on*
that role: pooled GM from Pareto tails, growth and demand around it, tenure from the
connection date. A draw that would land within a hair of a band edge is drawn again, so
the engine reads every figure as intended. The office rule is simulated too: near misses
in offices at 4–5 points become Status (supplement), and the plan balances them against
the area's Status count until the engine's outcome equals the table.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from crmplus.keyaccounts.rules import SEGMENTS, SelectionRules

TABLE = Path(__file__).resolve().parent / "data" / "ka_2021_report.csv"
LIST_FY = 2564  # the table's year (2021 CE)
BILLING_FY = LIST_FY - 1  # the HVC list of October 2020 comes from FY2563's billing
SEASON = [0.95, 0.9, 0.85, 0.85, 0.9, 1.05, 1.15, 1.2, 1.1, 1.0, 1.0, 1.05]  # Oct … Sep


def table_targets(path: Path = TABLE) -> dict[str, dict[str, int]]:
    """Key accounts per area (and HQ) and segment, from the 2021 table."""
    with path.open(encoding="utf-8") as fh:
        return {
            row["area"]: {s: int(row[s]) for s in SEGMENTS}
            for row in csv.DictReader(fh)
            if row["area"] != "ALL"
        }


@dataclass
class CaIn:
    ca: str
    office: str


@dataclass
class BpIn:
    bp: str
    area: str  # area code, or "HQ"
    main_office: str  # the office of the pair that is (or nearly is) a key account
    cas: list[CaIn]


@dataclass
class CaOut:
    ca: str
    office: str
    gm: float  # yearly GM, billing year
    prev_gm: float  # yearly GM, the year before
    demand_kw: float
    margin: float  # baht of GM per kWh
    connected_on: dt.date


@dataclass
class BpOut:
    bp: str
    area: str
    role: str  # a segment, or "near_miss"
    cas: list[CaOut] = field(default_factory=list)


def _near(value: float, bounds: list[float], rel: float) -> bool:
    return any(abs(value - b) <= abs(b) * rel + 1e-9 for b in bounds)


class _Figures:
    """Draws pooled GM, growth and demand on the wanted side of the attractiveness cut."""

    def __init__(self, rules: SelectionRules):
        self.rules = rules
        self.crit = {c.key: c for c in rules.attractiveness}

    def score(self, gm: float, growth: float, demand: float) -> float:
        values = {"gm": gm, "gm_growth": growth, "demand_kw": demand}
        total = sum(c.score(values[k]) * c.weight for k, c in self.crit.items())
        return total / sum(c.weight for c in self.crit.values())

    def ok(self, gm: float, growth: float, demand: float) -> bool:
        bands = {k: [b for b, _p in c.bands if b > -1e17] for k, c in self.crit.items()}
        return not (
            _near(gm, bands["gm"], 0.01)
            or _near(demand, bands["demand_kw"], 0.02)
            or any(abs(growth - b) < 0.3 for b in bands["gm_growth"])
        )

    def draw(self, rng: random.Random, *, role: str) -> tuple[float, float, float]:
        high = role in {"strategic", "star"}
        threshold = self.rules.pooled_threshold
        for _attempt in range(10_000):
            if role == "near_miss":
                gm = math.exp(rng.uniform(math.log(150_000), math.log(0.95 * threshold)))
            elif high:
                gm = min(2.1 * threshold * rng.paretovariate(1.3), 120 * threshold)
            else:
                gm = min(1.03 * threshold * rng.paretovariate(2.0), 9 * threshold)
            growth = rng.gauss(4.0 if high else 2.0, 9.0)
            # PEA's margin is ~0.55–0.85 baht/kWh: GM / 3,000 baht per kW-year gives a
            # load factor near 0.5, with spread.
            demand = gm / 3_000 * math.exp(rng.gauss(0, 0.45))
            if not self.ok(gm, growth, demand):
                continue
            if role == "near_miss":
                return gm, growth, demand
            score, cut = self.score(gm, growth, demand), self.rules.attractiveness_cutoff
            if (high and score >= cut + 0.5) or (not high and score < cut - 0.5):
                return gm, growth, demand
        raise RuntimeError(f"no figures found for {role}")


def _roles(
    bps: list[BpIn],
    target: dict[str, int],
    *,
    rng: random.Random,
    rules: SelectionRules,
    office_class: dict[str, str],
    is_hq: bool,
) -> dict[str, str]:
    order = sorted(bps, key=lambda b: b.bp)
    rng.shuffle(order)
    total = sum(target.values())
    exact = len(order) >= total
    if not exact:  # a smaller demo: the same proportions, a little short
        scale = len(order) / total * 0.97
        target = {s: int(n * scale) for s, n in target.items()}
        total = sum(target.values())
    labels = [s for s in SEGMENTS for _ in range(target[s])]
    rng.shuffle(labels)
    role = {b.bp: labels[i] if i < total else "near_miss" for i, b in enumerate(order)}
    if is_hq:
        return role  # HQ's accounts earn no office points: no supplements
    main = {b.bp: b.main_office for b in order}
    points = {s: float(p) for s, p in rules.segment_points.items()}

    def supplemented_offices() -> tuple[set[str], Counter]:
        pts: Counter = Counter()
        for bp, r in role.items():
            if r != "near_miss":
                pts[main[bp]] += points[r]
        misses = {main[bp] for bp, r in role.items() if r == "near_miss"}
        short = {
            o
            for o in misses
            if office_class.get(o) in rules.supplement_office_classes
            and rules.supplement_lower_points <= pts[o] < rules.office_minimum_points
        }
        return short, pts

    for _step in range(5_000):
        short, _pts = supplemented_offices()
        qualified = sum(1 for r in role.values() if r != "near_miss")
        excess = qualified + len(short) - total
        if excess == 0:
            return role
        if excess > 0:  # one Status account too many: make one a near miss
            pool = [bp for bp in order if role[bp.bp] == "status"]
        else:  # one short: a near miss qualifies as Status
            pool = [bp for bp in order if role[bp.bp] == "near_miss"]
        best = None
        for candidate in pool[:60]:
            before = role[candidate.bp]
            role[candidate.bp] = "near_miss" if excess > 0 else "status"
            short2, _ = supplemented_offices()
            q2 = sum(1 for r in role.values() if r != "near_miss")
            new_excess = q2 + len(short2) - total
            role[candidate.bp] = before
            if abs(new_excess) < abs(excess):
                best = candidate
                break
        chosen = best or rng.choice(pool)
        role[chosen.bp] = "near_miss" if excess > 0 else "status"
        order.remove(chosen)
        order.append(chosen)  # try others first next time
    if not exact:
        return role  # a small demo has too few offices to balance: close is enough
    raise RuntimeError("could not balance supplements against the table")


def plan_billing(
    bps: list[BpIn],
    *,
    seed: int,
    office_class: dict[str, str],
    targets: dict[str, dict[str, int]] | None = None,
    rules: SelectionRules | None = None,
) -> list[BpOut]:
    rules = rules or SelectionRules()
    targets = targets or table_targets()
    figures = _Figures(rules)
    fy_end = dt.date(BILLING_FY - 543, 9, 30)
    by_area: dict[str, list[BpIn]] = {}
    for bp in bps:
        by_area.setdefault(bp.area, []).append(bp)
    out = []
    for area in sorted(by_area):
        rng = random.Random(f"crmplus-demo-billing:{seed}:{area}")
        target = targets.get(area, dict.fromkeys(SEGMENTS, 0))
        roles = _roles(
            by_area[area], target, rng=rng, rules=rules, office_class=office_class,
            is_hq=area == "HQ",
        )  # fmt: skip
        for bp in sorted(by_area[area], key=lambda b: b.bp):
            r = random.Random(f"crmplus-demo-billing:{seed}:{bp.bp}")
            out.append(_figures_for(bp, roles[bp.bp], r, figures, rules, fy_end))
    return out


def _figures_for(
    bp: BpIn, role: str, rng: random.Random, figures: _Figures, rules, fy_end: dt.date
) -> BpOut:
    pooled, growth, demand = figures.draw(rng, role=role)
    strong = role in {"strategic", "status"} if role != "near_miss" else rng.random() < 0.5
    tenure = rng.uniform(10.5, 35) if strong else rng.uniform(0.6, 9.4)
    first = fy_end - dt.timedelta(days=round(tenure * 365.25))
    main = [c for c in bp.cas if c.office == bp.main_office]
    others = [c for c in bp.cas if c.office != bp.main_office]
    small = []
    if len(main) > 1 and rng.random() < 0.3:
        small = [main.pop()]  # a small supply point the floor leaves out of the pool
    weights = [rng.gammavariate(2.0, 1.0) + 0.2 for _ in main]
    floor_share = (rules.ca_floor * 1.2) / pooled
    shares = [max(w / sum(weights), floor_share) for w in weights]
    shares = [s / sum(shares) for s in shares]
    result = BpOut(bp=bp.bp, area=bp.area, role=role)
    g = 1 + growth / 100
    for i, (ca, share) in enumerate(zip(main, shares, strict=True)):
        connected = first if i == 0 else _later(rng, first, fy_end)
        gm = pooled * share
        result.cas.append(
            CaOut(ca.ca, ca.office, gm, gm / g, demand * share, rng.uniform(0.55, 0.85), connected)
        )
    for ca in small:
        gm = rng.uniform(1_000, 0.95 * rules.ca_floor)
        result.cas.append(
            CaOut(
                ca.ca, ca.office, gm, gm / g, rng.uniform(10, 80), 0.7, _later(rng, first, fy_end)
            )
        )
    for ca in others:
        gm = rng.uniform(1_000, 0.95 * rules.ca_floor)
        prev = gm * rng.uniform(0.9, 1.1)
        start = fy_end - dt.timedelta(days=rng.randint(400, 9_000))
        result.cas.append(CaOut(ca.ca, ca.office, gm, prev, rng.uniform(10, 80), 0.7, start))
    return result


def _later(rng: random.Random, first: dt.date, end: dt.date) -> dt.date:
    span = max((end - first).days - 200, 1)
    return first + dt.timedelta(days=rng.randint(0, span))


def months_of(fy: int) -> list[str]:
    ce = fy - 543
    return [f"{ce - 1}-{m:02d}" for m in (10, 11, 12)] + [f"{ce}-{m:02d}" for m in range(1, 10)]


def billing_rows(plans: list[BpOut], *, fy: int, previous: bool = False) -> dict[str, list]:
    """Columns of the extract (one row per CA and month) for `fy`, or the year before."""
    cols: dict[str, list] = {k: [] for k in ("ca", "bp", "office", "tariff", "month", "kwh",
                                             "peak_kw", "revenue", "gm")}  # fmt: skip
    top = max(SEASON)
    total = sum(SEASON)
    months = months_of(fy)
    for plan in plans:
        for ca in plan.cas:
            yearly = ca.prev_gm if previous else ca.gm
            for month, weight in zip(months, SEASON, strict=True):
                gm = yearly * weight / total
                kwh = gm / ca.margin
                cols["ca"].append(ca.ca)
                cols["bp"].append(plan.bp)
                cols["office"].append(ca.office)
                cols["tariff"].append("4" if ca.demand_kw >= 1_000 else "3")
                cols["month"].append(month)
                cols["kwh"].append(round(kwh, 2))
                cols["peak_kw"].append(round(ca.demand_kw * (0.75 + 0.25 * weight / top), 2))
                cols["revenue"].append(round(kwh * 3.9, 2))
                cols["gm"].append(gm)
    return cols
