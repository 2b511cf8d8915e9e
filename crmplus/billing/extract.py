"""Billing extracts: scan, validate, normalise and store them (pure Polars, no Django).

The key-account selection and its benchmark use this over PEA-scale files
(21 M CAs x 12 months = 252 M rows), so validation streams, in as few passes as
it can:

1. every per-row check is a boolean column, all summed in one aggregation with
   the totals and the BP count;
2. one aggregation per CA counts the CAs and finds repeated months: a CA's rows
   in the year against a 12-bit mask of the months seen (rows - popcount(mask)
   are its duplicates), instead of hashing 252 M (CA, month) pairs;
3. only for a rejected file: the first bad rows of each failed check
   (crmplus.billing.extract_examples).

The format's names (columns, codes, the report) are in extract_format and are
importable from here; people read docs/billing-extract-format.md.
"""

from __future__ import annotations

import math
import os
import uuid
from pathlib import Path
from typing import Any

import polars as pl

from crmplus.billing.extract_examples import with_examples
from crmplus.billing.extract_format import (  # noqa: F401 - the format's names live here too
    ACCEPTED_KINDS,
    ERROR_CODES,
    EXPECTED,
    EXTRACT_COLUMNS,
    MEASURE_COLUMNS,
    NUMBER_LIMIT,
    STORED_SCHEMA,
    SUFFIXES,
    ExtractError,
    ExtractFormatError,
    ExtractReport,
    json_rows,
)
from crmplus.core.fiscal import fiscal_year_months

# Rows per pass of an exact high-cardinality hash (CAs, BPs): see _partitions.
ROWS_PER_HASH_PASS = 128_000_000


def scan_extract(path: str | Path) -> pl.LazyFrame:
    """A lazy scan of an extract; CSV columns all as text, so each bad value is reported."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pl.scan_parquet(path)
    if suffix == ".csv":
        return pl.scan_csv(path, infer_schema=False, raise_if_empty=True)
    raise ExtractFormatError(f"unsupported extract file type: {path.name}")


def _kind(dtype: pl.DataType) -> str | None:
    if dtype == pl.String or isinstance(dtype, (pl.Categorical, pl.Enum)):
        return "text"
    if dtype.is_integer():
        return "int"
    if dtype.is_float() or dtype.is_decimal():
        return "float"
    return None


def _check_order(check: tuple[str, str, pl.Expr]) -> tuple[int, int]:
    code, column, _ = check
    code = "bad_month" if code == "month_not_in_fy" else code
    return EXTRACT_COLUMNS.index(column), ERROR_CODES.index(code)


class _Plan:
    """The expressions of one validation, built from the source's column types.

    `checks` holds (code, column, expression true on a bad row); nulls are only
    ever "null_value", never also another code.
    """

    def __init__(self, kinds: dict[str, str], fy: int, office_codes: set[str] | None):
        c = pl.col
        self.fy = fy
        self.months = fiscal_year_months(fy)
        self.checks: list[tuple[str, str | None, pl.Expr]] = []
        self.ca_key = self._number("ca", kinds["ca"], exact=True)
        self.bp_key = self._number("bp", kinds["bp"], exact=False)
        office = c("office").cast(pl.String)
        self._add("null_value", "office", office.is_null())
        if office_codes is not None:
            known = pl.Series(sorted(office_codes), dtype=pl.String).implode()
            self._add("unknown_office", "office", office.is_not_null() & ~office.is_in(known))
        self._add("null_value", "tariff", c("tariff").is_null())
        self.month = month = c("month").cast(pl.String)
        # One bit per fiscal month; null for anything else (outside the year, or not a month).
        # (An Enum cast is ~4x faster than replace_strict on 7-byte strings.)
        index = month.cast(pl.Enum(self.months), strict=False).to_physical()
        self.bit = pl.lit(2, pl.UInt16).pow(index)
        self.not_in_fy = month.is_not_null() & self.bit.is_null()
        self._add("null_value", "month", month.is_null())
        # Stands for bad_month + month_outside_fy until with_examples tells them apart.
        self._add("month_not_in_fy", "month", self.not_in_fy)
        self.values = {name: self._measure(name, kinds[name]) for name in MEASURE_COLUMNS}
        self._add("negative_kwh", "kwh", self.values["kwh"] < 0)
        self._add("negative_peak_kw", "peak_kw", self.values["peak_kw"] < 0)
        self.checks.sort(key=_check_order)

    def _add(self, code: str, column: str, bad: pl.Expr) -> None:
        self.checks.append((code, column, bad))

    def _number(self, name: str, kind: str, *, exact: bool) -> pl.Expr:
        """A CA/BP number as Int64, null when absent or bad (and the checks that say why)."""
        raw = pl.col(name)
        if kind == "int":
            value = raw.cast(pl.Int64, strict=False)
            ok = (value > 0) & (value < NUMBER_LIMIT)
        else:
            text = raw.cast(pl.String)
            value = text.str.to_integer(strict=False)
            # to_integer takes no sign but "-", no spaces: with the length this is "digits only".
            length = text.str.len_bytes()
            ok = ((length == 12) if exact else (length <= 12)) & (value > 0)
        ok = ok.fill_null(False)
        self._add("null_value", name, raw.is_null())
        self._add(f"bad_{name}", name, raw.is_not_null() & ~ok)
        return pl.when(ok).then(value)

    def _measure(self, name: str, kind: str) -> pl.Expr:
        raw = pl.col(name)
        value = raw.cast(pl.Float64, strict=False)
        self._add("null_value", name, raw.is_null())
        if kind == "text":
            self._add("wrong_type", name, raw.is_not_null() & ~value.is_finite().fill_null(False))
        elif kind == "float":
            self._add("wrong_type", name, ~value.is_finite())
        return value


def validate_extract(
    lf: pl.LazyFrame,
    *,
    fy: int,
    office_codes: set[str] | None,
    max_examples: int = 20,
    count_bps: bool = False,
) -> ExtractReport:
    """Check an extract against the format; `ok` only when no error was found.

    `fy` is the Buddhist-era fiscal year every month must fall in; `office_codes`
    None skips the office check. Each error keeps its first `max_examples` rows.
    `count_bps` adds the exact number of distinct BPs of a valid file (report.bps,
    else None): a hash of every BP, dear at national scale (252 M rows, 19 M BPs:
    ~19 CPU-s), so only the import asks for it.
    """
    try:
        return _validate(
            lf, fy=fy, office_codes=office_codes, limit=max_examples, count_bps=count_bps
        )
    except pl.exceptions.NoDataError:
        return ExtractReport(ok=False, errors=[ExtractError("empty")])
    except (pl.exceptions.ComputeError, OSError) as e:
        # What a malformed file raises (bad Parquet, ragged or non-UTF-8 CSV); any
        # other Polars error is a bug here and must not pass for the user's fault.
        detail = (str(e).strip().splitlines() or [type(e).__name__])[0][:300]
        return ExtractReport(
            ok=False, errors=[ExtractError("unreadable", params={"detail": detail})]
        )


def _validate(
    lf: pl.LazyFrame, *, fy: int, office_codes: set[str] | None, limit: int, count_bps: bool
) -> ExtractReport:
    schema = lf.collect_schema()
    names = schema.names()
    missing = [c for c in EXTRACT_COLUMNS if c not in names]
    extra = [c for c in names if c not in EXTRACT_COLUMNS]
    errors = []
    if missing:
        errors.append(
            ExtractError("missing_columns", None, len(missing), params={"columns": missing})
        )
    if extra:
        errors.append(ExtractError("extra_columns", None, len(extra), params={"columns": extra}))
    if errors:
        return ExtractReport(ok=False, errors=errors)
    kinds = {name: _kind(schema[name]) for name in EXTRACT_COLUMNS}
    wrong = [n for n in EXTRACT_COLUMNS if kinds[n] not in ACCEPTED_KINDS[n]]
    if wrong:
        return _wrong_column_types(lf, schema, wrong, limit)

    plan = _Plan(kinds, fy, office_codes)
    # Pass 1: every per-row check as a boolean, all summed in one streaming reduction.
    sums = (
        lf.select(
            pl.len().alias("rows"),
            *[bad.sum().alias(f"c{i}") for i, (_, _, bad) in enumerate(plan.checks)],
            *[plan.values[n].sum().alias(n) for n in ("kwh", "gm", "revenue")],
            plan.bit.bitwise_or().alias("mask"),
        )
        .collect(engine="streaming")
        .row(0, named=True)
    )
    if sums["rows"] == 0:
        return ExtractReport(ok=False, errors=[ExtractError("empty")])
    cas = _per_ca(lf, plan, sums["rows"], limit)
    report = ExtractReport(
        ok=False,
        rows=sums["rows"],
        cas=cas["cas"],
        bps=None,
        months=[m for i, m in enumerate(plan.months) if (sums["mask"] or 0) >> i & 1],
        totals={n: float(sums[n] or 0.0) for n in ("kwh", "gm", "revenue")},
    )
    failed = [
        ExtractError(code, column, int(sums[f"c{i}"]))
        for i, (code, column, _) in enumerate(plan.checks)
        if sums[f"c{i}"]
    ]
    if cas["duplicates"]:
        params = {"cas": cas["duplicate_cas"], "keys": cas["duplicate_keys"]}
        failed.append(ExtractError("duplicate_ca_month", "month", cas["duplicates"], [], params))
    if failed:
        report.errors = with_examples(lf, plan, failed, limit)
    elif count_bps:
        report.bps = _distinct(lf, plan.bp_key, sums["rows"])
    report.ok = not report.errors
    return report


def _partitions(rows: int) -> list[pl.Expr | None]:
    """Filters splitting a high-cardinality hash into passes that each fit in memory.

    Polars 2.1's streaming group-by buffers its input before hashing (~17 bytes a
    row here): 252 M rows in one pass peak at 4.3 GiB; in two, 2.2 GiB for +27 % CPU.
    """
    parts = max(1, math.ceil(rows / ROWS_PER_HASH_PASS))
    if parts == 1:
        return [None]
    return [pl.col("key").hash(seed=0) % parts == p for p in range(parts)]


def _per_ca(lf: pl.LazyFrame, plan: _Plan, rows: int, limit: int) -> dict[str, Any]:
    """Pass 2: CAs and their repeated months, from one aggregation per CA.

    A CA's rows in the year against a 12-bit mask of the months seen: rows minus
    popcount(mask) are its duplicates, without hashing every (CA, month) pair.
    """
    extra_rows = pl.col("n") - pl.col("mask").bitwise_count_ones()
    total = {"cas": 0, "duplicates": 0, "duplicate_cas": 0, "duplicate_keys": []}
    for part in _partitions(rows):
        keyed = lf.select(plan.ca_key.alias("key"), plan.bit.alias("bit"))
        if part is not None:
            keyed = keyed.filter(part)
        found = (
            keyed.group_by("key")
            .agg(pl.col("bit").count().alias("n"), pl.col("bit").bitwise_or().alias("mask"))
            .filter(pl.col("key").is_not_null())
            .select(
                pl.len().alias("cas"),
                extra_rows.sum().alias("duplicates"),
                (extra_rows > 0).sum().alias("duplicate_cas"),
                pl.col("key").filter(extra_rows > 0).head(limit).implode().alias("keys"),
            )
            .collect(engine="streaming")
            .row(0, named=True)
        )
        for name in ("cas", "duplicates", "duplicate_cas"):
            total[name] += found[name] or 0
        total["duplicate_keys"] = (total["duplicate_keys"] + found["keys"])[:limit]
    return total


def _distinct(lf: pl.LazyFrame, key: pl.Expr, rows: int) -> int:
    """How many distinct non-null values `key` takes, in passes that fit in memory."""
    count = 0
    for part in _partitions(rows):
        keys = lf.select(key.alias("key")).filter(pl.col("key").is_not_null())
        if part is not None:
            keys = keys.filter(part)
        count += keys.select(pl.col("key").n_unique()).collect(engine="streaming").item()
    return count


def _wrong_column_types(lf, schema, wrong: list[str], limit: int) -> ExtractReport:
    rows = lf.select(pl.len()).collect(engine="streaming").item()
    first = lf.head(limit).with_row_index("row", offset=1).collect()
    examples = json_rows(first.select("row", *EXTRACT_COLUMNS))
    errors = [
        ExtractError(
            "wrong_type",
            name,
            rows,
            examples,
            {"dtype": str(schema[name]), "expected": EXPECTED.get(name, "number")},
        )
        for name in wrong
    ]
    return ExtractReport(ok=False, rows=rows, errors=errors)


def normalise_extract(lf: pl.LazyFrame) -> pl.LazyFrame:
    """The stored form of a validated extract: STORED_SCHEMA's types, its column order."""
    schema = lf.collect_schema()
    exprs = []
    for name in ("ca", "bp"):
        raw = pl.col(name)
        if _kind(schema[name]) == "text":
            exprs.append(raw.cast(pl.String).str.to_integer(strict=True).alias(name))
        else:
            exprs.append(raw.cast(pl.Int64, strict=True))
    exprs += [pl.col(n).cast(pl.String) for n in ("office", "tariff", "month")]
    exprs += [pl.col(n).cast(pl.Float64, strict=True) for n in MEASURE_COLUMNS]
    return lf.select(exprs)


def write_extract(lf: pl.LazyFrame, path: str | Path) -> Path:
    """Stream `lf` to a zstd Parquet file at `path`, whole or not at all (temp file, rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        lf.sink_parquet(tmp, compression="zstd", row_group_size=1_000_000)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def summarise_by_month(lf: pl.LazyFrame) -> pl.DataFrame:
    """Rows (one per CA billed), kWh, revenue and GM per month of a stored extract."""
    return (
        lf.group_by("month")
        .agg(
            pl.len().alias("rows"),
            pl.col("kwh").sum(),
            pl.col("revenue").sum(),
            pl.col("gm").sum(),
        )
        .sort("month")
        .collect(engine="streaming")
    )
