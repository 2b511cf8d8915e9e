"""Reads for the overview page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from crmplus.core.models import OrgUnit, OrgUnitKind, User


@dataclass
class AreaSummary:
    unit: OrgUnit
    customers: int
    accounts: int
    offices: int


def area_summaries(user: User) -> list[AreaSummary]:
    """Customers and CAs per area (or per office for an office user), within scope.

    Grouped by home office / CA office in the database (≤ 900 rows), then rolled
    up to areas through the units' materialised paths in Python.
    """
    from crmplus.customers.models import BusinessPartner, ContractAccount

    units = list(OrgUnit.objects.for_user(user).filter(is_active=True))
    by_code = {u.code: u for u in units}
    home = user.home_unit
    # HQ and regions see their areas side by side; an area or office sees its offices.
    level = (
        OrgUnitKind.AREA
        if home.kind in {OrgUnitKind.HQ, OrgUnitKind.REGION}
        else OrgUnitKind.OFFICE
    )
    rows = [u for u in units if u.kind == level]

    def owner(path: str) -> str | None:
        for code in path.strip("/").split("/"):
            unit = by_code.get(code)
            if unit is not None and unit.kind == level:
                return code
        return None

    paths = dict(OrgUnit.objects.values_list("id", "path"))
    bps: Counter[str] = Counter()
    for office_id, n in (
        BusinessPartner.objects.for_user(user)
        .values_list("home_office_id")
        .annotate(n=Count("id"))
        .values_list("home_office_id", "n")
    ):
        code = owner(paths.get(office_id, ""))
        if code:
            bps[code] += n
    cas: Counter[str] = Counter()
    for office_id, n in (
        ContractAccount.objects.for_user(user)
        .values_list("office_id")
        .annotate(n=Count("id"))
        .values_list("office_id", "n")
    ):
        code = owner(paths.get(office_id, ""))
        if code:
            cas[code] += n
    offices: Counter[str] = Counter(owner(u.path) for u in units if u.kind == OrgUnitKind.OFFICE)
    return [AreaSummary(u, bps[u.code], cas[u.code], offices[u.code]) for u in rows]
