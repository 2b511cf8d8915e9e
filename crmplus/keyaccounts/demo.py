"""Demo key accounts: billing extracts for FY2562–2563, a selection run, approved lists.

With the default rules the approved list of FY2564 equals PEA's 2021 table per area
and segment (6,850 key accounts). Safe to run again: a year that already has approved
key accounts is left alone.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import polars as pl
from django.db import transaction

from crmplus.core.demo_plan import BP_PREFIX
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.keyaccounts.demo_billing import (
    BILLING_FY,
    LIST_FY,
    BpIn,
    CaIn,
    billing_rows,
    plan_billing,
)


@dataclass
class DemoKeyAccounts:
    extracts_created: int = 0
    run_id: int | None = None
    approved: int = 0
    by_area: dict[str, dict[str, int]] = field(default_factory=dict)


def _inputs() -> tuple[list[BpIn], dict[str, str]]:
    from crmplus.customers.models import BusinessPartner, ContractAccount

    units = {u.pk: u for u in OrgUnit.objects.all()}
    areas = {u.path: u.code for u in units.values() if u.kind == OrgUnitKind.AREA}

    def area_of(unit: OrgUnit) -> str:
        if unit.kind == OrgUnitKind.HQ:
            return "HQ"
        return next(code for path, code in areas.items() if unit.path.startswith(path))

    cas: dict[int, list[CaIn]] = {}
    rows = (
        ContractAccount.objects.filter(bp__bp_number__startswith=BP_PREFIX)
        .order_by("ca_number")
        .values_list("bp_id", "ca_number", "office_id")
    )
    for bp_id, number, office_id in rows:
        cas.setdefault(bp_id, []).append(CaIn(number, units[office_id].code))
    bps = []
    for bp_id, number, home_id in BusinessPartner.objects.filter(
        bp_number__startswith=BP_PREFIX
    ).values_list("id", "bp_number", "home_office_id"):
        if bp_id not in cas:
            continue
        home = units[home_id]
        accounts = cas[bp_id]
        main = accounts[0].office if home.kind == OrgUnitKind.HQ else home.code
        if not any(c.office == main for c in accounts):
            main = accounts[0].office
        bps.append(BpIn(number, area_of(home), main, accounts))
    classes = {u.code: u.office_class for u in units.values() if u.kind == OrgUnitKind.OFFICE}
    return bps, classes


def _update_registry(plans) -> None:
    """Connection dates and contracted demand of the demo CAs follow their billing."""
    from crmplus.customers.models import ContractAccount

    wanted = {ca.ca: ca for plan in plans for ca in plan.cas}
    changed = []
    for account in ContractAccount.objects.filter(ca_number__in=list(wanted)):
        ca = wanted[account.ca_number]
        demand = Decimal(round(ca.demand_kw / 0.85))
        tariff = account.tariff
        if tariff in {"3", "4"}:
            tariff = "4" if ca.demand_kw >= 1_000 else "3"
        if (account.connected_on, account.contracted_demand_kw, account.tariff) != (
            ca.connected_on,
            demand,
            tariff,
        ):
            account.connected_on = ca.connected_on
            account.contracted_demand_kw = demand
            account.tariff = tariff
            changed.append(account)
    ContractAccount.objects.bulk_update(
        changed, ["connected_on", "contracted_demand_kw", "tariff"], batch_size=1000
    )


def _extract(plans, *, fy: int, previous: bool, by: User):
    from crmplus.billing.models import BillingExtract
    from crmplus.billing.services import billing_extract_import

    name = f"Demo billing FY{fy}"
    found = BillingExtract.objects.filter(fy=fy, name=name).first()
    if found:
        return found, False
    frame = pl.DataFrame(billing_rows(plans, fy=fy, previous=previous))
    with tempfile.TemporaryDirectory(prefix="crmplus-demo-billing-") as tmp:
        path = Path(tmp) / f"demo-billing-{fy}.parquet"
        frame.write_parquet(path)
        extract = billing_extract_import(
            source=path, fy=fy, by=by, name=name, note="demo data (crmplus.keyaccounts.demo)"
        )
    return extract, True


def demo_key_accounts_load(*, seed: int) -> DemoKeyAccounts:
    from crmplus.approvals.services import approval_approve, approval_for
    from crmplus.keyaccounts.models import KeyAccount, RunStatus
    from crmplus.keyaccounts.services import (
        list_submit,
        selection_run_create,
        selection_run_execute,
    )

    result = DemoKeyAccounts()
    users = {u.username: u for u in User.objects.filter(username__contains="_")}
    hq_admin = users.get("hq_admin")
    if hq_admin is None:
        return result
    if not KeyAccount.objects.filter(fy=LIST_FY).exists():
        bps, classes = _inputs()
        if not bps:
            return result
        plans = plan_billing(bps, seed=seed, office_class=classes)
        with transaction.atomic():
            _update_registry(plans)
        previous, made_prev = _extract(plans, fy=BILLING_FY - 1, previous=True, by=hq_admin)
        extract, made = _extract(plans, fy=BILLING_FY, previous=False, by=hq_admin)
        result.extracts_created = int(made_prev) + int(made)
        run = selection_run_create(
            fy=LIST_FY, extract=extract, by=hq_admin, enqueue=False, note="demo data"
        )
        run = selection_run_execute(run_id=run.pk)
        result.run_id = run.pk
        if run.status != RunStatus.DONE:
            raise RuntimeError(f"demo selection run failed: {run.error}")
        for plist in run.lists.select_related("unit"):
            code = plist.unit.code.lower()
            submitter = hq_admin if plist.unit.is_hq else users[f"admin_{code}"]
            approver = users["hq_approver" if plist.unit.is_hq else f"approver_{code}"]
            list_submit(plist=plist, by=submitter)
            approval_approve(request=approval_for(plist), by=approver, comment="demo data")
    counts: dict[str, Counter] = {}
    rows = KeyAccount.objects.filter(fy=LIST_FY).values_list("owner_area__code", "segment")
    for area, segment in rows:
        counts.setdefault(area, Counter())[segment] += 1
    result.by_area = {a: dict(c) for a, c in sorted(counts.items())}
    result.approved = sum(sum(c.values()) for c in counts.values())
    return result
