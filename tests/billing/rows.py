"""Small billing extracts for the tests: FY2569 rows for the test organisation's offices."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

from crmplus.billing.extract import EXTRACT_COLUMNS

FY = 2569
OFFICES = {"N1-OF1", "N1-OF2", "C1-OF1"}


def good_rows(cas: int = 3, months: tuple[str, ...] = ("2025-10", "2025-11")) -> list[dict]:
    """`cas` CAs (two of them under one BP) billed in each month, as CSV text."""
    rows = []
    for i in range(cas):
        for month in months:
            rows.append(
                {
                    "ca": f"0200000000{i:02d}",
                    "bp": str(3000000001 + i // 2),
                    "office": sorted(OFFICES)[i % len(OFFICES)],
                    "tariff": "4.2.1",
                    "month": month,
                    "kwh": f"{1000 + i * 10}.5",
                    "peak_kw": "12.5",
                    "revenue": "4500.25",
                    "gm": "800",
                }
            )
    return rows


def frame(rows: list[dict]) -> pl.LazyFrame:
    """The rows as a CSV scan would see them: every column text."""
    columns = list(rows[0]) if rows else list(EXTRACT_COLUMNS)
    return pl.LazyFrame(
        {c: [r.get(c) for r in rows] for c in columns}, schema=dict.fromkeys(columns, pl.String)
    )


def write_csv(path: Path, rows: list[dict]) -> Path:
    columns = list(rows[0]) if rows else list(EXTRACT_COLUMNS)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_parquet(path: Path, rows: list[dict], *, typed: bool = True) -> Path:
    """Parquet as billing systems write it: integer CA/BP and float figures (or all text)."""
    lf = frame(rows)
    if typed:
        lf = lf.with_columns(
            pl.col("ca", "bp").cast(pl.Int64),
            pl.col("kwh", "peak_kw", "revenue", "gm").cast(pl.Float64),
        )
    lf.collect().write_parquet(path)
    return path
