"""Tiny billing extracts for the engine tests: one row per CA per month."""

from __future__ import annotations

import polars as pl

MONTHS = [f"2025-{m:02d}" for m in (10, 11, 12)] + [f"2026-{m:02d}" for m in range(1, 10)]


def extract(cas: list[tuple[int, int, str, float]], *, peak_kw: float = 500.0) -> pl.LazyFrame:
    """`cas`: (ca, bp, office, yearly GM); the GM is spread evenly over the 12 months."""
    rows = [
        {
            "ca": ca,
            "bp": bp,
            "office": office,
            "tariff": "4",
            "month": month,
            "kwh": 1000.0,
            "peak_kw": peak_kw,
            "revenue": 10.0,
            "gm": gm / 12,
        }
        for ca, bp, office, gm in cas
        for month in MONTHS
    ]
    schema = {
        "ca": pl.Int64,
        "bp": pl.Int64,
        "office": pl.String,
        "tariff": pl.String,
        "month": pl.String,
        "kwh": pl.Float64,
        "peak_kw": pl.Float64,
        "revenue": pl.Float64,
        "gm": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema).lazy()


def offices(**classes: str) -> pl.DataFrame:
    return pl.DataFrame(
        {"code": list(classes), "office_class": list(classes.values())},
        schema={"code": pl.String, "office_class": pl.String},
    )
