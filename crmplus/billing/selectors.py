"""Reads of billing extracts that go beyond one queryset."""

from __future__ import annotations

import polars as pl
from django.core.cache import cache

from crmplus.billing.extract import summarise_by_month
from crmplus.billing.models import BillingExtract

MONTHS_CACHE_SECONDS = 24 * 3600


def extract_months(extract: BillingExtract) -> list[dict]:
    """Per-month figures read from the Parquet file (cached: a stored file never changes)."""
    key = f"billing:months:{extract.sha256}"
    rows = cache.get(key)
    if rows is None:
        rows = summarise_by_month(pl.scan_parquet(extract.path)).to_dicts()
        cache.set(key, rows, MONTHS_CACHE_SECONDS)
    return rows
