"""The first bad rows of a rejected extract (pass 3 of crmplus.billing.extract; pure)."""

from __future__ import annotations

from typing import Any

import polars as pl

from crmplus.billing.extract_format import EXTRACT_COLUMNS, MONTH_PATTERN, ExtractError, json_rows


def with_examples(
    lf: pl.LazyFrame, plan, failed: list[ExtractError], limit: int
) -> list[ExtractError]:
    """Pass 3, for a rejected file only: the first bad rows of each failed check.

    First the row numbers, one filtered query per check over one shared scan (each
    decodes only the columns its check reads), then those rows' values at once.
    "month_not_in_fy" is split here into bad_month and month_outside_fy (a regex
    not worth paying on every row in pass 1).
    """
    c = pl.col
    numbered = lf.with_row_index("row", offset=1)
    bad = {(code, column): expr for code, column, expr in plan.checks}
    todo: list[tuple[ExtractError, pl.LazyFrame, pl.LazyFrame | None]] = []
    for error in failed:
        if error.code == "month_not_in_fy":
            # Filtered first, so the regex only sees the few rows outside the year.
            off = numbered.filter(plan.not_in_fy).with_columns(
                plan.month.str.contains(MONTH_PATTERN).alias("_ok")
            )
            split = off.select((~c("_ok")).sum().alias("bad"), c("_ok").sum().alias("outside"))
            outside = {"fy": plan.fy, "first": plan.months[0], "last": plan.months[-1]}
            for i, (code, rows, params) in enumerate(
                (
                    ("bad_month", off.filter(~c("_ok")), {}),
                    ("month_outside_fy", off.filter("_ok"), outside),
                )
            ):
                count = split.select(pl.nth(i))
                rows = rows.select("row").head(limit)
                todo.append((ExtractError(code, "month", params=params), rows, count))
        elif error.code == "duplicate_ca_month":
            # The rows of the first CAs with duplicates; the repeated ones are picked below.
            keys = pl.Series(error.params.pop("keys"), dtype=pl.Int64).implode()
            rows = (
                numbered.select("row", plan.ca_key.alias("_key"), plan.bit.alias("_bit"))
                .filter(c("_key").is_in(keys) & c("_bit").is_not_null())
                .head(limit * 50)
            )
            todo.append((error, rows, None))
        else:
            if error.code == "wrong_type":
                error.params = {"expected": "number"}
            rows = numbered.filter(bad[(error.code, error.column)]).select("row").head(limit)
            todo.append((error, rows, None))
    queries = [q for _, rows, count in todo for q in (rows, count) if q is not None]
    frames = iter(pl.collect_all(queries, engine="streaming"))
    picked: list[tuple[ExtractError, list[int]]] = []
    for error, _, count in todo:
        frame = next(frames)
        if count is not None:
            error.count = int(next(frames).item())
        if error.code == "duplicate_ca_month":
            frame = frame.filter(pl.len().over("_key", "_bit") > 1).sort("row").head(limit)
        if error.count:
            picked.append((error, frame["row"].to_list()))
    values = _rows_by_number(lf, sorted({n for _, rows in picked for n in rows}))
    for error, rows in picked:
        error.examples = [values[n] for n in rows]
    return [error for error, _ in picked]


def _rows_by_number(lf: pl.LazyFrame, numbers: list[int]) -> dict[int, dict[str, Any]]:
    """Some rows' values by 1-based number, read without decoding the whole file if possible."""
    if not numbers:
        return {}
    if lf.explain(optimized=False).startswith("Parquet SCAN"):
        # A slice of a Parquet scan reads a page or two; of a CSV, the file up to the row.
        frame = pl.concat(
            [lf.slice(n - 1, 1).select(pl.lit(n).alias("row"), *EXTRACT_COLUMNS) for n in numbers]
        ).collect()
    else:
        wanted = pl.Series(numbers).implode()
        frame = (
            lf.with_row_index("row", offset=1)
            .filter(pl.col("row").is_in(wanted))
            .select("row", *EXTRACT_COLUMNS)
            .collect(engine="streaming")
        )
    return {row["row"]: row for row in json_rows(frame)}
