"""The rule values of a key-account selection, as plain data (no Django).

Every figure the manual leaves open is here with a default (BRIEF §4): the per-CA GM
floor and pooled threshold (set by the analytics division), the 4S criteria with their
weights, score bands and cut-offs, the points of each segment and the office minimum.
A run stores `SelectionRules.to_dict()` so the same extract and the same dict always
give the same list.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

SEGMENTS = ("strategic", "star", "status", "streamline")
SEGMENT_LABELS = {
    "strategic": "Strategic",
    "star": "Star",
    "status": "Status",
    "streamline": "Streamline",
}
# Attractiveness criteria come from billing; strength criteria from other capabilities
# (risk assessment, satisfaction survey) or the registry (tenure).
ATTRACTIVENESS_KEYS = ("gm", "gm_growth", "demand_kw")
STRENGTH_KEYS = ("satisfaction", "risk_level", "tenure_years")
OFFICE_CLASSES = ("pro", "b1", "b2", "b3", "sub", "small")


@dataclass(frozen=True)
class Criterion:
    """One component of an axis: a value scored 0–100 by bands, then weighted.

    `bands` are (lower bound, score) pairs in ascending bound order: a value scores the
    points of the last band whose bound it reaches, 0 below the first.
    """

    key: str
    weight: float
    bands: tuple[tuple[float, float], ...]

    def score(self, value: float) -> float:
        points = 0.0
        for bound, band_points in self.bands:
            if value >= bound:
                points = band_points
            else:
                break
        return points

    def band_for(self, value: float) -> float | None:
        bound = None
        for lower, _points in self.bands:
            if value >= lower:
                bound = lower
        return bound


def _criteria(raw: list[dict[str, Any]] | tuple[Criterion, ...]) -> tuple[Criterion, ...]:
    out = []
    for item in raw:
        if isinstance(item, Criterion):
            out.append(item)
            continue
        bands = tuple(sorted((float(b), float(p)) for b, p in item["bands"]))
        out.append(Criterion(key=item["key"], weight=float(item["weight"]), bands=bands))
    return tuple(out)


DEFAULT_ATTRACTIVENESS = (
    Criterion(
        "gm",
        0.6,
        ((0, 20), (2_000_000, 40), (5_000_000, 60), (10_000_000, 80), (20_000_000, 100)),
    ),
    Criterion("gm_growth", 0.2, ((-1e18, 0), (-10, 25), (0, 50), (5, 75), (15, 100))),
    Criterion("demand_kw", 0.2, ((0, 20), (1_000, 50), (5_000, 80), (10_000, 100))),
)
DEFAULT_STRENGTH = (
    Criterion("satisfaction", 0.4, ((0, 0), (3.5, 40), (4.0, 70), (4.5, 100))),
    # Risk level 1 = low … 4 = very high (risk matrix, BRIEF §5): higher risk, weaker hold.
    Criterion("risk_level", 0.4, ((1, 100), (2, 60), (3, 30), (4, 0))),
    Criterion("tenure_years", 0.2, ((0, 20), (3, 50), (10, 80), (20, 100))),
)


@dataclass(frozen=True)
class SelectionRules:
    ca_floor: float = 10_000.0
    pooled_threshold: float = 1_000_000.0
    attractiveness: tuple[Criterion, ...] = DEFAULT_ATTRACTIVENESS
    strength: tuple[Criterion, ...] = DEFAULT_STRENGTH
    attractiveness_cutoff: float = 60.0
    strength_cutoff: float = 60.0
    # With no strength figure at all (no survey, no assessment, no tenure) the account
    # is placed on this side of the strength axis, and the explanation says so.
    strength_when_unknown: str = "strong"
    segment_points: dict[str, float] = field(
        default_factory=lambda: {"strategic": 4, "star": 3, "status": 2, "streamline": 1}
    )
    office_minimum_points: float = 6.0
    supplement_lower_points: float = 4.0
    supplement_office_classes: tuple[str, ...] = ("b1", "b2", "b3", "sub")
    review_office_classes: tuple[str, ...] = ("b1", "b2", "b3")

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems))

    def problems(self) -> list[str]:
        out = []
        if self.ca_floor < 0:
            out.append("ca_floor must not be negative")
        if self.pooled_threshold <= 0:
            out.append("pooled_threshold must be positive")
        for name in ("attractiveness", "strength"):
            criteria = getattr(self, name)
            allowed = ATTRACTIVENESS_KEYS if name == "attractiveness" else STRENGTH_KEYS
            for c in criteria:
                if c.key not in allowed:
                    out.append(f"{name}: unknown criterion {c.key!r}")
                if c.weight < 0:
                    out.append(f"{name}: weight of {c.key} must not be negative")
                if not c.bands:
                    out.append(f"{name}: {c.key} needs at least one band")
            if not any(c.weight > 0 for c in criteria):
                out.append(f"{name}: at least one criterion needs a positive weight")
        if self.strength_when_unknown not in {"strong", "weak"}:
            out.append("strength_when_unknown must be 'strong' or 'weak'")
        if set(self.segment_points) != set(SEGMENTS):
            out.append("segment_points needs exactly the four segments")
        if any(float(v) < 0 for v in self.segment_points.values()):
            out.append("segment points must not be negative")
        if not 0 <= self.supplement_lower_points <= self.office_minimum_points:
            out.append("supplement_lower_points must lie between 0 and the office minimum")
        if float(self.segment_points.get("status", 0)) <= 0:
            out.append("Status needs positive points: supplements are Status accounts")
        return out

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("attractiveness", "strength"):
            data[name] = [
                {"key": c.key, "weight": c.weight, "bands": [list(b) for b in c.bands]}
                for c in getattr(self, name)
            ]
        data["supplement_office_classes"] = list(self.supplement_office_classes)
        data["review_office_classes"] = list(self.review_office_classes)
        data["segment_points"] = {k: float(v) for k, v in self.segment_points.items()}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SelectionRules:
        base = cls()
        known = {f for f in cls.__dataclass_fields__}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown rule(s): {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key in {"attractiveness", "strength"}:
                value = _criteria(value)
            elif key in {"supplement_office_classes", "review_office_classes"}:
                value = tuple(value)
            elif key == "segment_points":
                value = {k: float(v) for k, v in value.items()}
            elif key == "strength_when_unknown":
                value = str(value)
            else:
                value = float(value)
            values[key] = value
        return replace(base, **values)
