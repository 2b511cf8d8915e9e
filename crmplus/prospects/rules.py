"""The new-customer pipeline as plain data, and its rules (no Django; BRIEF §10).

Stages are a setting per fiscal year (crmplus.prospects.rules_settings): an ordered
list, each with Thai and English labels, the default probability of winning the
customer at that stage and how many days in it make a prospect "stalled" (0 = never).
Two stage keys carry meaning and must stay in every version: ``connected`` (supply
is on: needs the connection date; the prospect can then be converted to a BP/CA) and
``handed_to_kam`` (after conversion only).

Moves: forward any number of stages; backward only with a reason; a converted
prospect never goes back before ``connected``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CONNECTED = "connected"
HANDED_TO_KAM = "handed_to_kam"
REQUIRED_KEYS = (CONNECTED, HANDED_TO_KAM)


@dataclass(frozen=True)
class Stage:
    key: str
    label_th: str
    label_en: str
    probability: int  # default % chance of winning the customer at this stage
    stall_days: int  # days in this stage after which the prospect is stalled; 0 = never

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_th


DEFAULT_STAGES = (
    Stage("identified", "ระบุกลุ่มเป้าหมาย", "Identified", 10, 60),
    Stage("contacted", "ติดต่อลูกค้าแล้ว", "Contacted", 20, 45),
    Stage("needs_assessed", "ประเมินความต้องการแล้ว", "Needs assessed", 40, 45),
    Stage("offer", "ศึกษาระบบจ่ายไฟ/เสนอเงื่อนไข", "Supply study / offer", 60, 60),
    Stage("connection_works", "ดำเนินการก่อสร้างระบบจ่ายไฟ", "Connection works", 85, 120),
    Stage(CONNECTED, "จ่ายไฟแล้ว", "Connected", 100, 30),
    Stage(HANDED_TO_KAM, "ส่งมอบให้ KAM แล้ว", "Handed to KAM", 100, 0),
)


@dataclass(frozen=True)
class PipelineRules:
    stages: tuple[Stage, ...] = DEFAULT_STAGES

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems))

    def problems(self) -> list[str]:
        out = []
        keys = [s.key for s in self.stages]
        if len(keys) < 3:
            out.append("the pipeline needs at least 3 stages")
        if len(set(keys)) != len(keys):
            out.append("stage keys must be unique")
        for s in self.stages:
            if not s.key or not s.key.replace("_", "").isalnum() or not s.key.isascii():
                out.append(f"{s.key!r}: a stage key is lower-case letters, digits and _")
            elif s.key != s.key.lower() or len(s.key) > 30:
                out.append(f"{s.key!r}: a stage key is lower-case, at most 30 characters")
            if not s.label_th.strip() or not s.label_en.strip():
                out.append(f"{s.key}: both labels (Thai and English) are needed")
            if not 0 <= s.probability <= 100:
                out.append(f"{s.key}: probability must be 0 to 100")
            if not 0 <= s.stall_days <= 3650:
                out.append(f"{s.key}: stall days must be 0 to 3650")
        for key in REQUIRED_KEYS:
            if key not in keys:
                out.append(f"the stage {key!r} must stay in the pipeline")
        if (
            all(k in keys for k in REQUIRED_KEYS)
            and keys.index(HANDED_TO_KAM) != keys.index(CONNECTED) + 1
        ):
            out.append(f"{HANDED_TO_KAM!r} must come right after {CONNECTED!r}")
        return out

    # -- lookups ---------------------------------------------------------------------
    @property
    def keys(self) -> list[str]:
        return [s.key for s in self.stages]

    def stage(self, key: str) -> Stage | None:
        for s in self.stages:
            if s.key == key:
                return s
        return None

    def index(self, key: str) -> int:
        """Position of a stage; a key no longer in the pipeline sorts first."""
        try:
            return self.keys.index(key)
        except ValueError:
            return -1

    # -- (de)serialisation ------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"stages": [asdict(s) for s in self.stages]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PipelineRules:
        if not isinstance(data, Mapping) or not isinstance(data.get("stages"), list):
            raise ValueError("expected an object with a list of 'stages'")
        stages = []
        for n, raw in enumerate(data["stages"], 1):
            if not isinstance(raw, Mapping):
                raise ValueError(f"stage {n}: expected an object")
            unknown = set(raw) - {"key", "label_th", "label_en", "probability", "stall_days"}
            if unknown:
                raise ValueError(f"stage {n}: unknown fields {', '.join(sorted(unknown))}")
            try:
                stages.append(
                    Stage(
                        key=str(raw["key"]).strip(),
                        label_th=str(raw.get("label_th", "")).strip(),
                        label_en=str(raw.get("label_en", "")).strip(),
                        probability=_int(raw.get("probability", 0)),
                        stall_days=_int(raw.get("stall_days", 0)),
                    )
                )
            except KeyError:
                raise ValueError(f"stage {n}: a key is needed") from None
        return cls(stages=tuple(stages))


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str | float):
        raise ValueError(f"{value!r} is not a whole number")
    number = float(value)
    if number != int(number):
        raise ValueError(f"{value!r} is not a whole number")
    return int(number)


# -- moves -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoveProblem:
    """A refused move: the form field it concerns and a code (the Django layer words it)."""

    field: str
    code: str


def move_problems(
    rules: PipelineRules,
    *,
    current: str,
    target: str,
    reason: str = "",
    connection_date: dt.date | None = None,
    converted: bool = False,
    today: dt.date | None = None,
) -> list[MoveProblem]:
    """Why moving from `current` to `target` is not allowed (empty: allowed).

    codes: unknown_stage, same_stage, reason_needed, connection_date_needed,
    connection_date_future, not_converted, converted_back.
    """
    if rules.stage(target) is None:
        return [MoveProblem("stage", "unknown_stage")]
    if target == current:
        return [MoveProblem("stage", "same_stage")]
    out = []
    backward = rules.index(target) < rules.index(current)
    if backward and not reason.strip():
        out.append(MoveProblem("note", "reason_needed"))
    if converted and rules.index(target) < rules.index(CONNECTED):
        out.append(MoveProblem("stage", "converted_back"))
    if rules.index(target) >= rules.index(CONNECTED):
        if connection_date is None:
            out.append(MoveProblem("connection_date", "connection_date_needed"))
        elif today is not None and connection_date > today:
            out.append(MoveProblem("connection_date", "connection_date_future"))
    if target == HANDED_TO_KAM and not converted:
        out.append(MoveProblem("stage", "not_converted"))
    return out


def is_backward(rules: PipelineRules, current: str, target: str) -> bool:
    return rules.index(target) < rules.index(current)


def can_convert(rules: PipelineRules, *, stage: str, converted: bool) -> bool:
    """Conversion to a BP/CA: once, and only when connected."""
    return not converted and stage == CONNECTED


# -- stalled -----------------------------------------------------------------------------


def stalled_since(rules: PipelineRules, stage: str, entered: dt.date) -> dt.date | None:
    """The day a prospect that entered `stage` on `entered` becomes stalled (None: never)."""
    s = rules.stage(stage)
    if s is None or s.stall_days <= 0:
        return None
    return entered + dt.timedelta(days=s.stall_days)


def is_stalled(rules: PipelineRules, stage: str, entered: dt.date, today: dt.date) -> bool:
    """Stalled: in the stage longer than its threshold (strictly more days)."""
    since = stalled_since(rules, stage, entered)
    return since is not None and today > since


# -- funnel ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageVisit:
    """One stay of a prospect in a stage: from `start` to `end` (None: still there)."""

    prospect: int
    stage: str
    start: dt.datetime
    end: dt.datetime | None


def stage_visits(
    changes: Iterable[tuple[int, str, str, dt.datetime]],
) -> list[StageVisit]:
    """Stays per stage from a change log of (prospect, from, to, at), in time order per
    prospect. The first change of a prospect is its creation (from = "")."""
    by_prospect: dict[int, list[tuple[str, str, dt.datetime]]] = {}
    for prospect, from_stage, to_stage, at in changes:
        by_prospect.setdefault(prospect, []).append((from_stage, to_stage, at))
    visits = []
    for prospect, rows in by_prospect.items():
        rows.sort(key=lambda r: r[2])
        for n, (_from, to_stage, at) in enumerate(rows):
            end = rows[n + 1][2] if n + 1 < len(rows) else None
            visits.append(StageVisit(prospect, to_stage, at, end))
    return visits


def average_days_in_stage(visits: Iterable[StageVisit], now: dt.datetime) -> dict[str, Decimal]:
    """Mean days spent per stage over every stay (an open stay counts up to `now`)."""
    totals: dict[str, list[float]] = {}
    for v in visits:
        end = v.end or now
        days = max((end - v.start).total_seconds(), 0) / 86400
        totals.setdefault(v.stage, []).append(days)
    return {
        stage: Decimal(str(sum(days) / len(days))).quantize(Decimal("0.1"), ROUND_HALF_UP)
        for stage, days in totals.items()
    }


@dataclass
class FunnelRow:
    stage: str
    count: int = 0
    reached: int = 0  # prospects now in this stage or a later one
    stalled: int = 0
    load_kw: Decimal = Decimal(0)
    gm: Decimal = Decimal(0)
    weighted_gm: Decimal = Decimal(0)
    avg_days: Decimal | None = None

    @property
    def load_mw(self) -> Decimal:
        return (self.load_kw / 1000).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class Funnel:
    rows: list[FunnelRow]
    total: int = 0
    reached_connected: int = 0
    converted: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def conversion_rate(self) -> Decimal | None:
        """Share of the prospects that reached "connected" (percent, one decimal)."""
        if not self.total:
            return None
        rate = Decimal(self.reached_connected * 100) / Decimal(self.total)
        return rate.quantize(Decimal("0.1"), ROUND_HALF_UP)


def funnel(
    rules: PipelineRules,
    prospects: Iterable[Mapping[str, Any]],
    *,
    avg_days: Mapping[str, Decimal] | None = None,
    today: dt.date,
) -> Funnel:
    """Counts, load and GM per stage over `prospects` (mappings with stage, entered
    (a date), load_kw, gm, probability, converted), in the pipeline's order. A stage no
    longer in the pipeline gets its own row at the end."""
    rows = {s.key: FunnelRow(s.key) for s in rules.stages}
    result = Funnel(rows=[])
    connected_at = rules.index(CONNECTED)
    for p in prospects:
        row = rows.setdefault(p["stage"], FunnelRow(p["stage"]))
        row.count += 1
        row.load_kw += Decimal(p.get("load_kw") or 0)
        gm = Decimal(p.get("gm") or 0)
        row.gm += gm
        row.weighted_gm += gm * Decimal(p.get("probability") or 0) / 100
        if is_stalled(rules, p["stage"], p["entered"], today):
            row.stalled += 1
        result.total += 1
        if rules.index(p["stage"]) >= connected_at:
            result.reached_connected += 1
        if p.get("converted"):
            result.converted += 1
    positions = {key: rules.index(key) for key in rows}
    for row in rows.values():
        here = positions[row.stage]
        row.reached = (
            row.count
            if here < 0
            else sum(r.count for r in rows.values() if positions[r.stage] >= here)
        )
    for key, row in rows.items():
        row.weighted_gm = row.weighted_gm.quantize(Decimal("0.01"), ROUND_HALF_UP)
        if avg_days is not None:
            row.avg_days = avg_days.get(key)
    result.rows = list(rows.values())
    return result
