"""The Risk Assessment Matrix as plain data, and the scoring (no Django; BRIEF §5).

A KAMR scores the *factors* of each axis; the factor scores combine into Probability
(P) and Impact (I) on their scales; the cell (P, I) maps to one of 4 levels
(1 low, 2 medium, 3 high, 4 very high: the `risk_level` of the 4S strength axis).

How factor scores combine is a setting per axis (`probability_combine`,
`impact_combine`):

- ``"max"`` (default for both): the axis takes its highest factor score. One strong
  signal (an SPP offer on the table, a 20 MW load) is enough to make the loss likely or
  costly; averaging it with quiet factors would hide exactly what the matrix is for.
- ``"weighted_mean"``: Σ weight × score / Σ weight over the factors given, rounded half
  up to a scale point (3.5 → 4).

Factors left empty (optional ones) are skipped; a required factor left empty, an
unknown factor, or a value outside what the factor accepts is a `FactorError` naming
the factor. A factor may ask for evidence (a note or an attachment): ``"raised"``
when it scores above the scale's lowest point (a claim of risk needs support),
``"always"`` whenever it has a value.

The level of a cell comes either from bands of the score P × I (default: 15–25 very
high, 8–12 high, 4–6 medium, 1–3 low) or from an explicit table of levels, one row per
P point and one column per I point (`level_table`), which replaces the bands.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from crmplus.risk.factors import (
    DEFAULT_IMPACT_FACTORS,
    DEFAULT_IMPACT_SCALE,
    DEFAULT_PROBABILITY_FACTORS,
    DEFAULT_PROBABILITY_SCALE,
    DEFAULT_SCORE_BANDS,
    Factor,
    Option,
    ScalePoint,
)

__all__ = [
    "Assessment",
    "Factor",
    "FactorError",
    "FactorScore",
    "MatrixRules",
    "Option",
    "ScalePoint",
    "assess",
    "evidence_needed",
]

LEVELS = (1, 2, 3, 4)
LEVEL_LABELS = {
    1: ("low", "ต่ำ"),
    2: ("medium", "ปานกลาง"),
    3: ("high", "สูง"),
    4: ("very high", "สูงมาก"),
}
AXES = ("probability", "impact")
AXIS_LABELS = {"probability": ("Probability", "โอกาส"), "impact": ("Impact", "ผลกระทบ")}
KINDS = ("yes_no", "choice", "number")
EVIDENCE = ("none", "raised", "always")
COMBINE = ("max", "weighted_mean")
COMBINE_LABELS = {
    "max": ("the highest factor score", "คะแนนปัจจัยสูงสุด"),
    "weighted_mean": ("the weighted mean of the factor scores", "ค่าเฉลี่ยถ่วงน้ำหนักของคะแนนปัจจัย"),
}


class FactorError(ValueError):
    """A factor value the matrix cannot score. `code`: unknown, missing, invalid,
    out_of_range, evidence; `params` fill the message (the Django layer translates)."""

    def __init__(self, factor: str, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.factor = factor
        self.code = code
        self.params = params


@dataclass(frozen=True)
class FactorScore:
    key: str
    axis: str
    value: Any
    score: int | None
    explain_en: str
    explain_th: str


@dataclass(frozen=True)
class Assessment:
    p: int
    i: int
    score: int
    level: int
    factors: tuple[FactorScore, ...]
    explain_en: str
    explain_th: str

    @property
    def level_en(self) -> str:
        return LEVEL_LABELS[self.level][0]

    @property
    def level_th(self) -> str:
        return LEVEL_LABELS[self.level][1]

    @property
    def values(self) -> dict[str, Any]:
        """The normalised values given (JSON-ready), empty factors left out."""
        return {f.key: f.value for f in self.factors if f.value is not None}


@dataclass(frozen=True)
class MatrixRules:
    probability_scale: tuple[ScalePoint, ...] = DEFAULT_PROBABILITY_SCALE
    impact_scale: tuple[ScalePoint, ...] = DEFAULT_IMPACT_SCALE
    probability_factors: tuple[Factor, ...] = DEFAULT_PROBABILITY_FACTORS
    impact_factors: tuple[Factor, ...] = DEFAULT_IMPACT_FACTORS
    probability_combine: str = "max"
    impact_combine: str = "max"
    score_bands: tuple[tuple[int, int], ...] = DEFAULT_SCORE_BANDS
    # Rows: P = 1…n, columns: I = 1…m, cells: level 1–4. Replaces score_bands when set.
    level_table: tuple[tuple[int, ...], ...] | None = None
    notes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems))

    # -- validation ---------------------------------------------------------------
    def problems(self) -> list[str]:
        out: list[str] = []
        for axis in AXES:
            scale = self.scale(axis)
            if not 2 <= len(scale) <= 10:
                out.append(f"{axis} scale needs 2 to 10 points")
            if [p.value for p in scale] != list(range(1, len(scale) + 1)):
                out.append(f"{axis} scale points must be 1, 2, 3 … in order")
            if getattr(self, f"{axis}_combine") not in COMBINE:
                out.append(f"{axis}_combine must be one of {', '.join(COMBINE)}")
            factors = self.factors(axis)
            if not factors:
                out.append(f"{axis} needs at least one factor")
            out.extend(_factor_problems(f, axis, len(scale)) for f in factors)
        out = [p for p in out if p]
        keys = [f.key for axis in AXES for f in self.factors(axis)]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            out.append(f"factor keys must be unique: {', '.join(dupes)}")
        n_p, n_i = len(self.probability_scale), len(self.impact_scale)
        if self.level_table is None:
            bounds = [b for b, _lvl in self.score_bands]
            if not self.score_bands or bounds[0] != 1 or bounds != sorted(set(bounds)):
                out.append("score_bands need ascending lower bounds starting at 1")
            if any(lvl not in LEVELS for _b, lvl in self.score_bands):
                out.append("score_bands levels must be 1 (low) to 4 (very high)")
        else:
            rows = self.level_table
            if len(rows) != n_p or any(len(r) != n_i for r in rows):
                out.append(f"level_table must have {n_p} rows (P) of {n_i} levels (I)")
            elif any(lvl not in LEVELS for r in rows for lvl in r):
                out.append("level_table cells must be 1 (low) to 4 (very high)")
        return out

    def scale(self, axis: str) -> tuple[ScalePoint, ...]:
        return getattr(self, f"{axis}_scale")

    def factors(self, axis: str) -> tuple[Factor, ...]:
        return getattr(self, f"{axis}_factors")

    def factor(self, key: str) -> tuple[str, Factor]:
        for axis in AXES:
            for f in self.factors(axis):
                if f.key == key:
                    return axis, f
        raise FactorError(key, "unknown", f"{key}: not a factor of this matrix")

    # -- the matrix ------------------------------------------------------------------
    def level_of(self, p: int, i: int) -> int:
        if self.level_table is not None:
            return self.level_table[p - 1][i - 1]
        level = 1
        for bound, band_level in self.score_bands:
            if p * i >= bound:
                level = band_level
        return level

    def grid(self) -> list[list[int]]:
        """Level of every cell, rows P = 1…n, columns I = 1…m (for the heat map)."""
        return [
            [self.level_of(p, i) for i in range(1, len(self.impact_scale) + 1)]
            for p in range(1, len(self.probability_scale) + 1)
        ]

    # -- (de)serialisation -----------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for axis in AXES:
            data[f"{axis}_scale"] = [
                {"value": p.value, "label_th": p.label_th, "label_en": p.label_en}
                for p in self.scale(axis)
            ]
            data[f"{axis}_factors"] = [_factor_dict(f) for f in self.factors(axis)]
            data[f"{axis}_combine"] = getattr(self, f"{axis}_combine")
        data["score_bands"] = [list(b) for b in self.score_bands]
        data["level_table"] = (
            None if self.level_table is None else [list(r) for r in self.level_table]
        )
        data["notes"] = dict(self.notes)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MatrixRules:
        """Rules from stored or user data; a ValueError (naming the part) if wrong."""
        if not isinstance(data, Mapping):
            raise ValueError("the matrix must be a mapping")
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown matrix part(s): {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {}
        try:
            for key, value in data.items():
                if key.endswith("_scale"):
                    values[key] = tuple(
                        ScalePoint(int(p["value"]), str(p["label_th"]), str(p["label_en"]))
                        for p in value
                    )
                elif key.endswith("_factors"):
                    values[key] = tuple(_factor_from(f) for f in value)
                elif key.endswith("_combine"):
                    values[key] = str(value)
                elif key == "score_bands":
                    values[key] = tuple((_int(b), _int(lvl)) for b, lvl in value)
                elif key == "level_table":
                    values[key] = (
                        None if value is None else tuple(tuple(_int(c) for c in r) for r in value)
                    )
                elif key == "notes":
                    values[key] = {str(k): str(v) for k, v in dict(value).items()}
        except (KeyError, TypeError) as e:
            raise ValueError(f"malformed matrix part: {e}") from None
        return replace(cls(), **values)


def _int(value: Any) -> int:
    if isinstance(value, bool) or float(value) != int(value):
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def _factor_problems(f: Factor, axis: str, points: int) -> str:
    name = f"{axis} factor {f.key!r}"
    if not f.key or not f.key.replace("_", "").isalnum():
        return f"{name}: key must be letters, digits and _"
    if not f.label_th or not f.label_en:
        return f"{name}: needs a Thai and an English label"
    if f.kind not in KINDS:
        return f"{name}: kind must be one of {', '.join(KINDS)}"
    if f.evidence not in EVIDENCE:
        return f"{name}: evidence must be one of {', '.join(EVIDENCE)}"
    if not f.weight >= 0 or not math.isfinite(f.weight):
        return f"{name}: weight must not be negative"
    if f.kind == "yes_no":
        scores = [f.yes_score, f.no_score]
    elif f.kind == "choice":
        scores = [o.score for o in f.options]
        if not scores:
            return f"{name}: a choice needs options"
        if len(set(scores)) != len(scores):
            return f"{name}: two options give the same score"
    else:
        scores = [s for _b, s in f.bands]
        bounds = [b for b, _s in f.bands]
        if not f.bands or bounds != sorted(set(bounds)):
            return f"{name}: bands need ascending lower bounds"
        if bounds[0] > f.minimum:
            return f"{name}: the first band must start at or below the minimum"
        if f.maximum is not None and f.maximum < f.minimum:
            return f"{name}: maximum below minimum"
    if any(not 1 <= s <= points for s in scores):
        return f"{name}: scores must lie on the {axis} scale 1–{points}"
    return ""


def _factor_dict(f: Factor) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": f.key,
        "label_th": f.label_th,
        "label_en": f.label_en,
        "kind": f.kind,
        "weight": f.weight,
        "required": f.required,
        "evidence": f.evidence,
    }
    if f.kind == "yes_no":
        data.update(yes_score=f.yes_score, no_score=f.no_score)
    elif f.kind == "choice":
        data["options"] = [
            {"score": o.score, "label_th": o.label_th, "label_en": o.label_en} for o in f.options
        ]
    else:
        data.update(
            bands=[[b, s] for b, s in f.bands],
            minimum=f.minimum,
            maximum=f.maximum,
            unit_th=f.unit_th,
            unit_en=f.unit_en,
        )
    return data


def _factor_from(data: Mapping[str, Any]) -> Factor:
    kind = str(data.get("kind", "yes_no"))
    args: dict[str, Any] = {
        "key": str(data["key"]),
        "label_th": str(data["label_th"]),
        "label_en": str(data["label_en"]),
        "kind": kind,
        "weight": float(data.get("weight", 1.0)),
        "required": bool(data.get("required", False)),
        "evidence": str(data.get("evidence", "none")),
    }
    if kind == "yes_no":
        args.update(
            yes_score=_int(data.get("yes_score", 5)), no_score=_int(data.get("no_score", 1))
        )
    elif kind == "choice":
        args["options"] = tuple(
            Option(_int(o["score"]), str(o["label_th"]), str(o["label_en"]))
            for o in data.get("options", ())
        )
    else:
        maximum = data.get("maximum")
        args.update(
            bands=tuple((float(b), _int(s)) for b, s in data.get("bands", ())),
            minimum=float(data.get("minimum", 0.0)),
            maximum=None if maximum is None else float(maximum),
            unit_th=str(data.get("unit_th", "")),
            unit_en=str(data.get("unit_en", "")),
        )
    return Factor(**args)


# -- scoring -----------------------------------------------------------------------------
def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def normalise(f: Factor, value: Any) -> bool | int | float:
    """The value as the factor stores it, or a FactorError naming the factor."""
    if f.kind == "yes_no":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"yes", "true", "1", "y", "ใช่", "มี"}:
            return True
        if text in {"no", "false", "0", "n", "ไม่", "ไม่มี"}:
            return False
        raise FactorError(f.key, "invalid", f"{f.label_en}: answer yes or no", value=value)
    if isinstance(value, bool):
        raise FactorError(f.key, "invalid", f"{f.label_en}: a number is needed", value=value)
    try:
        number = float(Decimal(str(value).strip().replace(",", "")))
    except ArithmeticError:
        raise FactorError(
            f.key, "invalid", f"{f.label_en}: a number is needed", value=value
        ) from None
    if not math.isfinite(number):
        raise FactorError(f.key, "invalid", f"{f.label_en}: a number is needed", value=value)
    if f.kind == "choice":
        allowed = [o.score for o in f.options]
        if number not in allowed:
            raise FactorError(
                f.key,
                "out_of_range",
                f"{f.label_en}: {value} is not one of {', '.join(map(str, allowed))}",
                value=value,
                allowed=", ".join(map(str, allowed)),
            )
        return int(number)
    top = f.maximum
    if number < f.minimum or (top is not None and number > top):
        limits = f"{f.minimum:g}–{top:g}" if top is not None else f"at least {f.minimum:g}"
        raise FactorError(
            f.key,
            "out_of_range",
            f"{f.label_en}: {value} is out of range ({limits})",
            value=value,
            minimum=f"{f.minimum:g}",
            maximum="" if top is None else f"{top:g}",
        )
    return int(number) if number.is_integer() else number


def factor_score(f: Factor, value: bool | int | float) -> int:
    if f.kind == "yes_no":
        return f.yes_score if value else f.no_score
    if f.kind == "choice":
        return int(value)
    score = f.bands[0][1]
    for bound, band_score in f.bands:
        if value >= bound:
            score = band_score
    return score


def _shown(f: Factor, value: Any, lang: str) -> str:
    th = lang == "th"
    if f.kind == "yes_no":
        return ("ใช่" if value else "ไม่ใช่") if th else ("yes" if value else "no")
    if f.kind == "choice":
        option = next(o for o in f.options if o.score == value)
        return option.label_th if th else option.label_en
    unit = f.unit_th if th else f.unit_en
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"
    return f"{text} {unit}".strip()


def _round_half_up(x: float) -> int:
    return int(Decimal(str(x)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def assess(
    rules: MatrixRules,
    factor_values: Mapping[str, Any],
    *,
    evidence: Collection[str] | None = None,
) -> Assessment:
    """Score one account. `evidence`: the factors that have a note or attachment; when
    given, factors asking for evidence are checked too (None = do not check)."""
    for key in factor_values:
        rules.factor(key)  # an unknown key is an error, not silently ignored
    scores: list[FactorScore] = []
    axis_value: dict[str, int] = {}
    lines_en: list[str] = []
    lines_th: list[str] = []
    for axis in AXES:
        scale = rules.scale(axis)
        axis_en, axis_th = AXIS_LABELS[axis]
        given: list[tuple[Factor, int]] = []
        for f in rules.factors(axis):
            raw = factor_values.get(f.key)
            if _is_empty(raw):
                if f.required:
                    raise FactorError(f.key, "missing", f"{f.label_en}: a value is required")
                scores.append(
                    FactorScore(
                        f.key,
                        axis,
                        None,
                        None,
                        f"{f.label_en}: not given (skipped)",
                        f"{f.label_th}: ไม่ได้ระบุ (ไม่นำมาคิด)",
                    )
                )
                continue
            value = normalise(f, raw)
            score = factor_score(f, value)
            needs = f.evidence == "always" or (f.evidence == "raised" and score > 1)
            if evidence is not None and needs and f.key not in evidence:
                raise FactorError(
                    f.key, "evidence", f"{f.label_en}: evidence (a note or a file) is required"
                )
            point = scale[score - 1]
            scores.append(
                FactorScore(
                    f.key,
                    axis,
                    value,
                    score,
                    f"{f.label_en}: {_shown(f, value, 'en')} → {score} ({point.label_en})",
                    f"{f.label_th}: {_shown(f, value, 'th')} → {score} ({point.label_th})",
                )
            )
            given.append((f, score))
        if not given:
            first = rules.factors(axis)[0]
            raise FactorError(
                first.key, "missing", f"{axis_en}: score at least one factor ({first.label_en})"
            )
        combine = getattr(rules, f"{axis}_combine")
        if combine == "max":
            result = max(s for _f, s in given)
        else:
            weight = sum(f.weight for f, _s in given)
            mean = (
                sum(f.weight * s for f, s in given) / weight
                if weight > 0
                else sum(s for _f, s in given) / len(given)
            )
            result = min(max(_round_half_up(mean), 1), len(scale))
        axis_value[axis] = result
        how_en, how_th = COMBINE_LABELS[combine]
        point = scale[result - 1]
        lines_en.append(f"{axis_en} {result} ({point.label_en}): {how_en}")
        lines_th.append(f"{axis_th} {result} ({point.label_th}): {how_th}")
    p, i = axis_value["probability"], axis_value["impact"]
    level = rules.level_of(p, i)
    level_en, level_th = LEVEL_LABELS[level]
    if rules.level_table is None:
        lines_en.append(f"Score {p} × {i} = {p * i} → {level_en}")
        lines_th.append(f"คะแนน {p} × {i} = {p * i} → {level_th}")
    else:
        lines_en.append(f"Cell P{p} × I{i} of the level table → {level_en}")
        lines_th.append(f"ช่อง P{p} × I{i} ของตารางระดับ → {level_th}")
    return Assessment(
        p=p,
        i=i,
        score=p * i,
        level=level,
        factors=tuple(scores),
        explain_en="\n".join([s.explain_en for s in scores] + lines_en),
        explain_th="\n".join([s.explain_th for s in scores] + lines_th),
    )


def evidence_needed(rules: MatrixRules, values: Mapping[str, Any]) -> list[str]:
    """The factors whose given value asks for evidence (for forms and submit checks)."""
    out = []
    for axis in AXES:
        for f in rules.factors(axis):
            raw = values.get(f.key)
            if _is_empty(raw) or f.evidence == "none":
                continue
            if f.evidence == "always" or factor_score(f, normalise(f, raw)) > 1:
                out.append(f.key)
    return out
