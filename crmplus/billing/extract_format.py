"""The billing-extract format: columns, stored types, error codes, the report (pure).

Described for people in docs/billing-extract-format.md; crmplus.billing.extract
checks files against it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

EXTRACT_COLUMNS = ("ca", "bp", "office", "tariff", "month", "kwh", "peak_kw", "revenue", "gm")
MEASURE_COLUMNS = ("kwh", "peak_kw", "revenue", "gm")
STORED_SCHEMA = pl.Schema(
    {
        "ca": pl.Int64,
        "bp": pl.Int64,
        "office": pl.String,
        "tariff": pl.String,
        "month": pl.String,
        **dict.fromkeys(MEASURE_COLUMNS, pl.Float64),
    }
)
SUFFIXES = (".parquet", ".csv")
# CA and BP numbers have at most 12 digits (a CA exactly 12, leading zeros allowed).
NUMBER_LIMIT = 10**12
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"

# Every error code, in the order a report lists them for one column.
ERROR_CODES = (
    "unreadable",
    "empty",
    "missing_columns",
    "extra_columns",
    "wrong_type",
    "null_value",
    "bad_ca",
    "bad_bp",
    "unknown_office",
    "bad_month",
    "month_outside_fy",
    "negative_kwh",
    "negative_peak_kw",
    "duplicate_ca_month",
)
# Which source types each column accepts ("text" includes Categorical/Enum).
ACCEPTED_KINDS = {
    "ca": ("text", "int"),
    "bp": ("text", "int"),
    "office": ("text",),
    "tariff": ("text", "int"),
    "month": ("text",),
    **dict.fromkeys(MEASURE_COLUMNS, ("text", "int", "float")),
}
EXPECTED = {"ca": "digits", "bp": "digits", "office": "text", "tariff": "text", "month": "text"}


class ExtractFormatError(ValueError):
    """The file is neither .parquet nor .csv."""


@dataclass
class ExtractError:
    code: str
    column: str | None = None
    count: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class ExtractReport:
    ok: bool
    rows: int = 0
    cas: int = 0
    bps: int | None = None  # distinct BPs, when asked for (validate_extract count_bps)
    months: list[str] = field(default_factory=list)
    totals: dict[str, float] = field(default_factory=dict)
    errors: list[ExtractError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExtractReport:
        errors = [ExtractError(**e) for e in data.get("errors", [])]
        return cls(**{**data, "errors": errors})


def json_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows for a JSON report: NaN, infinities and odd types as text."""

    def safe(value: Any) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        if value is not None and not isinstance(value, (str, int, float)):
            return str(value)
        return value

    return [{k: safe(v) for k, v in row.items()} for row in frame.to_dicts()]
