"""Which organisation units see which business partner, precomputed.

A BP is in a unit's scope when its home office or any of its CAs' offices lies in
the unit's subtree. Asked live, that is `home_office IN (…) OR id IN (SELECT bp_id
FROM contract accounts WHERE office IN (…))`: over a million CAs it cost an area's
customer list ~100 ms of database time per page. `CustomerScope` holds one row per
(unit, BP) for the offices and every unit above them but HQ (which sees all), so
scoping becomes one indexed equality on the user's home unit.

Rows follow single saves through signals (services, admin, factories) and are
refreshed explicitly after bulk writes (imports, demo data): `customer_scope_refresh`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps as global_apps
from django.db import transaction

CHUNK = 5000


def _ancestors(apps=global_apps) -> dict[int, list[int]]:
    """Each unit's id with the ids of the units above it, HQ left out."""
    OrgUnit = apps.get_model("core", "OrgUnit")  # noqa: N806
    units = list(OrgUnit.objects.values_list("id", "code", "path", "kind"))
    by_code = {code: (pk, kind) for pk, code, _path, kind in units}
    result = {}
    for pk, _code, path, _kind in units:
        chain = [by_code.get(c) for c in path.strip("/").split("/")]
        result[pk] = [uid for uid, kind in filter(None, chain) if kind != "hq"]
    return result


def customer_scope_refresh(bp_ids: Iterable[int], *, apps=global_apps) -> int:
    """Recompute the scope rows of these BPs; returns how many rows were written."""
    BusinessPartner = apps.get_model("customers", "BusinessPartner")  # noqa: N806
    ContractAccount = apps.get_model("customers", "ContractAccount")  # noqa: N806
    CustomerScope = apps.get_model("customers", "CustomerScope")  # noqa: N806
    ids = sorted(set(bp_ids))
    if not ids:
        return 0
    ancestors = _ancestors(apps)
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            pairs = set(
                BusinessPartner.objects.filter(id__in=chunk).values_list("id", "home_office_id")
            )
            pairs |= set(
                ContractAccount.objects.filter(bp_id__in=chunk)
                .values_list("bp_id", "office_id")
                .distinct()
            )
            rows = {(unit, bp) for bp, office in pairs for unit in ancestors.get(office, [])}
            CustomerScope.objects.filter(bp_id__in=chunk).delete()
            CustomerScope.objects.bulk_create(
                [CustomerScope(unit_id=unit, bp_id=bp) for unit, bp in rows], batch_size=2000
            )
            written += len(rows)
    return written


def customer_scope_rebuild(*, apps=global_apps) -> int:
    """Recompute every BP's scope (after the organisation tree changed shape)."""
    BusinessPartner = apps.get_model("customers", "BusinessPartner")  # noqa: N806
    CustomerScope = apps.get_model("customers", "CustomerScope")  # noqa: N806
    with transaction.atomic():
        CustomerScope.objects.all().delete()
        return customer_scope_refresh(
            BusinessPartner.objects.values_list("id", flat=True), apps=apps
        )
