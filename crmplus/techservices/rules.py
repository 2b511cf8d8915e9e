"""Entitlement rules for free technical services (BRIEF §7, §4.4): pure, no Django.

A fiscal year's rules are one value (`EntitlementRules`): the benefit catalogue,
the segment × benefit matrix (allowed, yearly quota), and the Status (supplement)
rule of the manual ("FMS 1–5, at most 3 services"). `check` decides one booking
from plain facts, so every caller (form, API, demo) gets the same answer and the
tests run in milliseconds. Messages are built by the Django layer from the rule code
and its parameters (crmplus.techservices.entitlements.refusal_message).

Order of the rules (the first that fails is the one reported):
1. no key account of the fiscal year → `no_key_account`
2. supplement customer asking outside FMS1–5 → `supplement_range`
3. FMS6 without a recorded power-quality problem → `pq_required`
4. the segment is not entitled to the benefit → `not_entitled`
5. supplement customer asking for a 4th distinct service → `supplement_distinct`
6. the benefit's yearly quota is used up → `quota`
Rules 5 and 6 are quotas: an approved exception for that customer, year and
service lets one booking pass. The others are entitlements no exception changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SEGMENTS = ("strategic", "star", "status", "streamline")
FAMILIES = ("RBA", "COM", "FMS")
FMS_CODES = tuple(f"FMS{n}" for n in range(1, 8))
PQ_CODE = "FMS6"

NO_KEY_ACCOUNT = "no_key_account"
SUPPLEMENT_RANGE = "supplement_range"
PQ_REQUIRED = "pq_required"
NOT_ENTITLED = "not_entitled"
SUPPLEMENT_DISTINCT = "supplement_distinct"
QUOTA = "quota"
UNKNOWN_BENEFIT = "unknown_benefit"
EXCEPTIONABLE = frozenset({SUPPLEMENT_DISTINCT, QUOTA})
RULE_CODES = (
    NO_KEY_ACCOUNT,
    SUPPLEMENT_RANGE,
    PQ_REQUIRED,
    NOT_ENTITLED,
    SUPPLEMENT_DISTINCT,
    QUOTA,
    UNKNOWN_BENEFIT,
)


@dataclass(frozen=True)
class Cell:
    """One segment × benefit entry: allowed, and how many a fiscal year (None: no cap)."""

    allowed: bool
    quota: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"allowed": self.allowed, "quota": self.quota}


@dataclass(frozen=True)
class BenefitEntry:
    code: str
    family: str
    label_th: str
    label_en: str


# Sensible defaults: Strategic customers get the most, Streamline the basics. HQ
# changes them per fiscal year; these only apply until it does.
_DEFAULT_FMS = {
    "strategic": {"FMS1": 2, "FMS2": 4, "FMS3": 4, "FMS4": 2, "FMS5": 2, "FMS6": 2, "FMS7": 1},
    "star": {"FMS1": 2, "FMS2": 2, "FMS3": 2, "FMS4": 2, "FMS5": 1, "FMS6": 1, "FMS7": 1},
    "status": {"FMS1": 1, "FMS2": 2, "FMS3": 2, "FMS4": 1, "FMS5": 1, "FMS6": 1, "FMS7": 1},
    "streamline": {"FMS1": 1, "FMS2": 1, "FMS3": 1, "FMS4": 1, "FMS5": 0, "FMS6": 1, "FMS7": 0},
}
_DEFAULT_RBA = {"strategic": 2, "star": 2, "status": 1, "streamline": 1}


def default_matrix(benefits: list[BenefitEntry]) -> dict[str, dict[str, Cell]]:
    matrix: dict[str, dict[str, Cell]] = {}
    for seg in SEGMENTS:
        row: dict[str, Cell] = {}
        for b in benefits:
            if b.family == "FMS":
                quota = _DEFAULT_FMS[seg].get(b.code, 0)
                row[b.code] = Cell(quota > 0, quota if quota > 0 else 0)
            elif b.family == "RBA":
                # Sports days and recreation (RBA4) are for the larger segments only.
                allowed = not (b.code == "RBA4" and seg == "streamline")
                row[b.code] = Cell(allowed, _DEFAULT_RBA[seg] if allowed else 0)
            else:  # communication: everyone, no cap
                row[b.code] = Cell(True, None)
        matrix[seg] = row
    return matrix


@dataclass(frozen=True)
class EntitlementRules:
    benefits: tuple[BenefitEntry, ...]
    matrix: Mapping[str, Mapping[str, Cell]]
    supplement_codes: tuple[str, ...] = ("FMS1", "FMS2", "FMS3", "FMS4", "FMS5")
    supplement_max_distinct: int = 3
    pq_code: str = PQ_CODE

    # -- reading ------------------------------------------------------------------
    def cell(self, segment: str, code: str) -> Cell:
        return self.matrix.get(segment, {}).get(code, Cell(False, 0))

    def codes(self, family: str | None = None) -> list[str]:
        return [b.code for b in self.benefits if family is None or b.family == family]

    def benefit(self, code: str) -> BenefitEntry | None:
        return next((b for b in self.benefits if b.code == code), None)

    def quota_for(self, segment: str, supplement: bool, code: str) -> int | None:
        """The yearly quota as the customer sees it (0: not entitled at all)."""
        if supplement and code in FMS_CODES and code not in self.supplement_codes:
            return 0
        cell = self.cell(segment, code)
        if not cell.allowed:
            return 0
        return cell.quota

    # -- (de)serialising ----------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "benefits": [
                {"code": b.code, "family": b.family, "label_th": b.label_th, "label_en": b.label_en}
                for b in self.benefits
            ],
            "matrix": {
                seg: {code: cell.to_dict() for code, cell in row.items()}
                for seg, row in self.matrix.items()
            },
            "supplement_codes": list(self.supplement_codes),
            "supplement_max_distinct": self.supplement_max_distinct,
            "pq_code": self.pq_code,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EntitlementRules:
        """Rules from stored data; ValueError naming what is wrong."""
        if not isinstance(data, Mapping):
            raise ValueError("the rules must be an object")
        benefits = []
        seen: set[str] = set()
        for raw in data.get("benefits") or []:
            code = str(raw.get("code", "")).strip().upper()
            family = str(raw.get("family", "")).strip().upper()
            if not code or len(code) > 10:
                raise ValueError(f"benefit code {code!r} must be 1–10 characters")
            if family not in FAMILIES:
                raise ValueError(f"benefit {code}: family must be one of {', '.join(FAMILIES)}")
            if code in seen:
                raise ValueError(f"benefit {code} appears twice")
            if code.startswith("FMS") and code not in FMS_CODES:
                raise ValueError(f"{code}: the FMS codes are fixed by the manual (FMS1–FMS7)")
            if (code in FMS_CODES) != (family == "FMS"):
                raise ValueError(f"{code}: only FMS1–FMS7 are in the FMS family")
            seen.add(code)
            label_th = str(raw.get("label_th") or "").strip() or code
            label_en = str(raw.get("label_en") or "").strip() or label_th
            benefits.append(BenefitEntry(code, family, label_th, label_en))
        missing = [c for c in FMS_CODES if c not in seen]
        if missing:
            raise ValueError(f"the catalogue must keep {', '.join(missing)}")
        matrix: dict[str, dict[str, Cell]] = {}
        raw_matrix = data.get("matrix") or {}
        for seg in SEGMENTS:
            raw_row = raw_matrix.get(seg) or {}
            row: dict[str, Cell] = {}
            for b in benefits:
                raw_cell = raw_row.get(b.code) or {}
                allowed = bool(raw_cell.get("allowed", False))
                quota = raw_cell.get("quota")
                if quota is not None:
                    try:
                        quota = int(quota)
                    except (TypeError, ValueError):
                        raise ValueError(f"{seg} × {b.code}: the quota must be a number") from None
                    if quota < 0 or quota > 999:
                        raise ValueError(f"{seg} × {b.code}: the quota must be 0–999")
                row[b.code] = Cell(allowed, quota)
            matrix[seg] = row
        supplement_codes = tuple(
            str(c).strip().upper() for c in data.get("supplement_codes", cls.supplement_codes)
        )
        for code in supplement_codes:
            if code not in FMS_CODES:
                raise ValueError(f"supplement services must be FMS codes, not {code!r}")
        try:
            max_distinct = int(data.get("supplement_max_distinct", 3))
        except (TypeError, ValueError):
            raise ValueError("the supplement maximum must be a number") from None
        if not 0 <= max_distinct <= 7:
            raise ValueError("the supplement maximum must be 0–7 services")
        pq_code = str(data.get("pq_code") or PQ_CODE).upper()
        if pq_code not in FMS_CODES:
            raise ValueError("the power-quality service must be an FMS code")
        return cls(tuple(benefits), matrix, supplement_codes, max_distinct, pq_code)


def default_rules(benefits: list[BenefitEntry]) -> EntitlementRules:
    return EntitlementRules(tuple(benefits), default_matrix(benefits))


@dataclass(frozen=True)
class Decision:
    """The answer for one booking: allowed, or the first rule that refuses it."""

    allowed: bool
    rule: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    uses_exception: bool = False  # passed only thanks to an approved exception

    @property
    def exceptionable(self) -> bool:
        return self.rule in EXCEPTIONABLE


def check(
    rules: EntitlementRules,
    *,
    segment: str | None,
    supplement: bool,
    pq_problem: bool,
    booked: Mapping[str, int],
    code: str,
    has_exception: bool = False,
) -> Decision:
    """May a customer of `segment` book `code`, having `booked` (code → count of
    requests this fiscal year, cancelled ones left out)?"""
    if rules.benefit(code) is None:
        return Decision(False, UNKNOWN_BENEFIT, {"code": code})
    if not segment:
        return Decision(False, NO_KEY_ACCOUNT, {"code": code})
    if supplement and code in FMS_CODES and code not in rules.supplement_codes:
        return Decision(
            False, SUPPLEMENT_RANGE, {"code": code, "allowed": list(rules.supplement_codes)}
        )
    if code == rules.pq_code and not pq_problem:
        return Decision(False, PQ_REQUIRED, {"code": code})
    cell = rules.cell(segment, code)
    if not cell.allowed:
        return Decision(False, NOT_ENTITLED, {"code": code, "segment": segment})
    refusal: Decision | None = None
    if supplement and code in FMS_CODES:
        distinct = sorted(c for c, n in booked.items() if n > 0 and c in FMS_CODES)
        if code not in distinct and len(distinct) >= rules.supplement_max_distinct:
            refusal = Decision(
                False,
                SUPPLEMENT_DISTINCT,
                {"code": code, "max": rules.supplement_max_distinct, "used": distinct},
            )
    used = int(booked.get(code, 0))
    if refusal is None and cell.quota is not None and used >= cell.quota:
        refusal = Decision(
            False, QUOTA, {"code": code, "segment": segment, "quota": cell.quota, "used": used}
        )
    if refusal is None:
        return Decision(True)
    if has_exception:
        return Decision(True, refusal.rule, refusal.params, uses_exception=True)
    return refusal


def usage(
    rules: EntitlementRules, *, segment: str, supplement: bool, booked: Mapping[str, int]
) -> list[dict[str, Any]]:
    """Used/quota per FMS benefit for a customer page: one dict per code."""
    rows = []
    for code in rules.codes("FMS"):
        quota = rules.quota_for(segment, supplement, code)
        used = int(booked.get(code, 0))
        rows.append(
            {
                "code": code,
                "quota": quota,
                "used": used,
                "entitled": quota != 0,
                "left": None if quota is None else max(quota - used, 0),
            }
        )
    return rows
