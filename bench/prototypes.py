"""Prototypes of the fixes proposed in docs/benchmarks.md, to measure them before/after.

They live here, applied by monkeypatching from bench/urls.py, so that measuring
a fix never edits the app while others work on it. Select them with
BENCH_PROTOTYPES (bench_web.py --prototypes): a comma-separated subset of

    trgm       a pg_trgm GIN index on BusinessPartner.search_text (made in the DB
               by setup_database(); no code change)
    labels     get_<field>_display() for the choice fields the list and the customer
               page show, from a dict built once per language: Django's own
               rebuilds dict(make_hashable(choices)) on every call, translating
               every label of the field (18 business types) to show one

Four more were measured here first and have since landed in the app, so they
are gone from this file: the overview cached per home unit, the CAs paged on
the customer page, the office filter loaded per area (commit 7ed9d96) and the
precomputed (unit, BP) customer scope (commit c0b0ace).

These are measurement prototypes, not the fixes themselves: docs/benchmarks.md
says what the real change in the app needs besides (a PostgreSQL-only migration).
"""

from __future__ import annotations

import os

TRGM_INDEX = "bench_bp_search_trgm"
KNOWN = {"trgm", "labels"}


def enabled() -> set[str]:
    chosen = {p.strip() for p in os.environ.get("BENCH_PROTOTYPES", "").split(",") if p.strip()}
    unknown = chosen - KNOWN
    if unknown:
        raise SystemExit(f"unknown prototypes: {', '.join(sorted(unknown))}")
    return chosen


# ---------------------------------------------------------------------------
# Database side (run by bench_web.py before the server starts).


def setup_database(database_url: str, chosen: set[str]) -> None:
    """Make the trigram index when chosen, drop it when not."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_bp_scope")  # an earlier prototype's
        if "trgm" in chosen:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            conn.execute(
                f"CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON customers_businesspartner "
                "USING gin (search_text gin_trgm_ops)"
            )
            conn.execute("ANALYZE customers_businesspartner")
        else:
            conn.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")


# ---------------------------------------------------------------------------
# Python side (run from bench/urls.py, before the app's URLconf is imported).


def apply() -> set[str]:
    chosen = enabled()
    if "labels" in chosen:
        _patch_labels()
    return chosen


def _patch_labels() -> None:
    from django.utils.translation import get_language

    from crmplus.customers.models import BusinessPartner, Contact, ContractAccount

    cache: dict[tuple, dict] = {}

    def display(field_name: str):
        def get_display(self):
            field = self._meta.get_field(field_name)
            key = (self.__class__, field_name, get_language())
            labels = cache.get(key)
            if labels is None:
                labels = cache[key] = {k: str(v) for k, v in field.flatchoices}
            value = getattr(self, field.attname)
            return labels.get(value, value)

        return get_display

    for model, field_name in [
        (BusinessPartner, "business_type"),
        (ContractAccount, "tariff"),
        (ContractAccount, "status"),
        (Contact, "lawful_basis"),
    ]:
        setattr(model, f"get_{field_name}_display", display(field_name))
