"""What the engine needs besides the extract, read from the database.

Relative-strength figures come from other capabilities: tenure from the registry here;
risk level (risk assessments) and satisfaction (surveys) register a provider with
`register_attribute_provider` when those apps exist. A provider returns a frame keyed by
`bp` (Int64) and optionally `office`, with its own columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl
from django.db.models import Min

from crmplus.core.fiscal import fiscal_year_bounds
from crmplus.core.models import OrgUnit, OrgUnitKind
from crmplus.customers.models import BusinessPartner, ContractAccount

AttributeProvider = Callable[[int], pl.DataFrame | None]
_PROVIDERS: list[AttributeProvider] = []


def register_attribute_provider(provider: AttributeProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def offices_frame() -> pl.DataFrame:
    rows = OrgUnit.objects.filter(kind=OrgUnitKind.OFFICE).values_list("code", "office_class")
    return pl.DataFrame(
        list(rows), schema={"code": pl.String, "office_class": pl.String}, orient="row"
    )


def hq_bps() -> list[int]:
    """BPs whose home unit is HQ: national customers HQ manages (BRIEF §1)."""
    numbers = BusinessPartner.objects.filter(home_office__kind=OrgUnitKind.HQ).values_list(
        "bp_number", flat=True
    )
    return sorted(int(n) for n in numbers)


def tenure_frame(fy: int) -> pl.DataFrame:
    """Years from a pair's first connection to the end of the billing year."""
    end = fiscal_year_bounds(fy)[1]
    rows = (
        ContractAccount.objects.exclude(connected_on=None)
        .values("bp__bp_number", "office__code")
        .annotate(first=Min("connected_on"))
        .values_list("bp__bp_number", "office__code", "first")
    )
    data = [(int(bp), office, _years(first, end)) for bp, office, first in rows]
    return pl.DataFrame(
        data,
        schema={"bp": pl.Int64, "office": pl.String, "tenure_years": pl.Float64},
        orient="row",
    )


def _years(start: dt.date, end: dt.date) -> float:
    return round(max((end - start).days, 0) / 365.25, 1)


def attributes_frame(fy: int) -> pl.DataFrame:
    frame = tenure_frame(fy)
    for provider in _PROVIDERS:
        extra = provider(fy)
        if extra is None or extra.is_empty():
            continue
        if "office" in extra.columns:
            frame = frame.join(extra, on=["bp", "office"], how="full", coalesce=True)
        else:  # a per-BP figure applies to each of the BP's offices known to the registry
            frame = frame.join(extra, on="bp", how="left")
    return frame
