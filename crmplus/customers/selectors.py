"""Reads for the customer registry that are more than one line."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Sum

from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.customers.models import BusinessPartner, ContractAccount, TariffClass

SORTS = {
    "name": ("name_th", "id"),
    "-name": ("-name_th", "-id"),
    "bp": ("bp_number",),
    "-bp": ("-bp_number",),
    "office": ("home_office__code", "name_th", "id"),
    "-office": ("-home_office__code", "-name_th", "-id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
}
DEFAULT_SORT = "name"


@dataclass
class CustomerFilters:
    q: str = ""
    area: OrgUnit | None = None
    office: OrgUnit | None = None
    tariff: str = ""
    sort: str = DEFAULT_SORT


def units_for_filters(user: User) -> tuple[list[OrgUnit], list[OrgUnit]]:
    """Areas and offices a user can filter by: those in their scope."""
    units = OrgUnit.objects.for_user(user).filter(
        kind__in=[OrgUnitKind.AREA, OrgUnitKind.OFFICE], is_active=True
    )
    areas = [u for u in units if u.kind == OrgUnitKind.AREA]
    offices = [u for u in units if u.kind == OrgUnitKind.OFFICE]
    return areas, offices


def customer_list(*, user: User, filters: CustomerFilters):
    qs = BusinessPartner.objects.for_user(user).select_related("home_office")
    qs = qs.search(filters.q)
    unit = filters.office or filters.area
    if unit is not None:
        qs = qs.in_unit(unit)
    if filters.tariff in TariffClass.values:
        qs = qs.filter(id__in=ContractAccount.objects.filter(tariff=filters.tariff).values("bp_id"))
    return qs.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


def account_totals(bp_ids: list[int]) -> dict[int, dict]:
    """CA count and contracted demand per BP, for one page of the list only."""
    rows = (
        ContractAccount.objects.filter(bp_id__in=bp_ids)
        .values("bp_id")
        .annotate(n=Count("id"), kw=Sum("contracted_demand_kw"))
    )
    return {r["bp_id"]: r for r in rows}
