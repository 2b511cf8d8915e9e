"""Demo data: the PEA organisation tree, industrial estates, a user for every role and
area, and thousands of large customers with contract accounts and contacts.

Planning is pure (plain dataclasses, one RNG per customer seeded from the seed and the
customer's index), so a seed always gives the same customers and a run with more
customers extends a smaller one. Storing is idempotent: units and estates are
upserted, users and customers that already exist are left alone, so a second run
changes nothing.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from crmplus.core.demo_plan import (
    BP_PREFIX,
    CA_PREFIX,
    DEMO_PASSWORD,
    ESTATES_CSV,
    FIRST_NAMES,
    LAST_NAMES,
    ORG_CSV,
    BpPlan,
    EstateRef,
    OfficeRef,
    bp_number_for,
    plan_customers,
)
from crmplus.core.models import OfficeClass, OrgUnit, OrgUnitKind, Role, User
from crmplus.core.services import OrgLoadResult, org_load_file

REASON = "demo data"


@dataclass
class DemoLogin:
    username: str
    role: str
    unit_code: str
    unit_name: str


@dataclass
class DemoResult:
    org: OrgLoadResult
    estates_created: int = 0
    estates_updated: int = 0
    users_created: int = 0
    customers_created: int = 0
    accounts_created: int = 0
    contacts_created: int = 0
    customers_total: int = 0
    customers_by_area: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)


def _place(name: str, prefix: str) -> str:
    name = re.sub(r"\s*\(.*\)$", "", name.removeprefix(prefix))
    return re.sub(r"^กฟ[จฟสย]\.", "", name).removesuffix(" Province").strip()


def _area_of(unit: OrgUnit, by_id: dict[int, OrgUnit]) -> OrgUnit | None:
    while unit is not None and unit.kind != OrgUnitKind.AREA:
        unit = by_id.get(unit.parent_id)
    return unit


def demo_offices() -> tuple[list[OfficeRef], dict[str, str]]:
    """The offices of the loaded tree, and the showcase office of each area (its first
    class-1 branch, else its first office) where the area's demo KAMR works."""
    units = list(OrgUnit.objects.order_by("code"))
    by_id = {u.id: u for u in units}
    offices: list[OfficeRef] = []
    rank = {OfficeClass.BRANCH_1: 0, OfficeClass.BRANCH_2: 1, OfficeClass.BRANCH_3: 2}
    best: dict[str, tuple[int, str]] = {}
    # The bundled tree lists each provincial office before the offices of its province.
    province: dict[str, str] = {}
    for unit in units:
        area = _area_of(unit, by_id) if unit.kind == OrgUnitKind.OFFICE else None
        if area is None:
            continue
        if unit.office_class == OfficeClass.PROVINCIAL:
            province[area.code] = _place(unit.name_th, "")
        offices.append(
            OfficeRef(
                code=unit.code,
                area=area.code,
                office_class=unit.office_class,
                place_th=_place(unit.name_th, ""),
                place_en=_place(unit.name_en, "PEA "),
                is_provincial=unit.office_class == OfficeClass.PROVINCIAL,
                province_th=province.get(area.code, ""),
            )
        )
        key = (rank.get(unit.office_class, 9), unit.code)
        if area.code not in best or key < best[area.code]:
            best[area.code] = key
    showcase = {area: code for area, (_, code) in best.items()}
    return offices, showcase


def _load_estates(result: DemoResult) -> None:
    from crmplus.customers.models import IndustrialEstate

    areas = dict(OrgUnit.objects.filter(kind=OrgUnitKind.AREA).values_list("code", "id"))
    existing = {e.code: e for e in IndustrialEstate.objects.all()}
    with ESTATES_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            values = {
                "name_th": row["name_th"],
                "name_en": row["name_en"],
                "province_th": row["province_th"],
                "area_id": areas.get(row["area_code"]),
            }
            estate = existing.get(row["code"])
            if estate is None:
                IndustrialEstate.objects.create(code=row["code"], **values)
                result.estates_created += 1
            elif any(getattr(estate, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(estate, k, v)
                estate.save()
                result.estates_updated += 1


def demo_estates() -> list[EstateRef]:
    """The stored industrial estates that belong to an area, in code order."""
    from crmplus.customers.models import IndustrialEstate

    return [
        EstateRef(code=e.code, area=e.area.code, name_th=e.name_th, province_th=e.province_th)
        for e in IndustrialEstate.objects.filter(area__isnull=False)
        .select_related("area")
        .order_by("code")
    ]


def demo_user_specs(area_codes: list[str], showcase: dict[str, str]) -> list[tuple[str, str, str]]:
    """(username, role, home unit code) of every demo user."""
    specs = [
        ("hq_admin", Role.HQ_ADMIN, "HQ"),
        ("hq_approver", Role.APPROVER, "HQ"),
        ("auditor", Role.AUDITOR, "HQ"),
    ]
    for area in area_codes:
        key = area.lower()
        specs += [
            (f"admin_{key}", Role.AREA_ADMIN, area),
            (f"approver_{key}", Role.APPROVER, area),
            (f"senior_{key}", Role.SENIOR_KAMR, area),
        ]
        if area in showcase:
            specs.append((f"kamr_{key}", Role.KAMR, showcase[area]))
    return specs


def _load_users(result: DemoResult, area_codes: list[str], showcase: dict[str, str]) -> None:
    specs = demo_user_specs(area_codes, showcase)
    units = {u.code: u for u in OrgUnit.objects.filter(code__in={s[2] for s in specs})}
    existing = set(
        User.objects.filter(username__in=[s[0] for s in specs]).values_list("username", flat=True)
    )
    password_hash = None
    for i, (username, role, unit_code) in enumerate(specs):
        if username not in existing:
            # Hashing is deliberately slow (Argon2): hash once, share the hash.
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            first_th, _ = FIRST_NAMES[i % len(FIRST_NAMES)]
            last_th, _ = LAST_NAMES[(i * 7) % len(LAST_NAMES)]
            user = User(
                username=username,
                role=role,
                home_unit=units[unit_code],
                first_name=first_th,
                last_name=last_th,
                language="th",
                password=password_hash,
            )
            user.save()
            result.users_created += 1
        unit = units[unit_code]
        result.logins.append(DemoLogin(username, Role(role).label, unit.code, unit.name_th))


def _store_customers(result: DemoResult, plans: list[BpPlan], batch_size: int = 1000) -> None:
    from crmplus.customers.models import (
        BusinessPartner,
        Contact,
        ContractAccount,
        IndustrialEstate,
    )
    from crmplus.customers.scope import customer_scope_refresh

    existing = set(
        BusinessPartner.objects.filter(bp_number__startswith=BP_PREFIX).values_list(
            "bp_number", flat=True
        )
    )
    new = [p for p in plans if p.bp_number not in existing]
    if not new:
        return
    unit_ids = dict(OrgUnit.objects.values_list("code", "id"))
    estate_ids = dict(IndustrialEstate.objects.values_list("code", "id"))
    bps = []
    for p in new:
        bp = BusinessPartner(
            bp_number=p.bp_number,
            name_th=p.name_th,
            name_en=p.name_en,
            tax_id=p.tax_id,
            business_type=p.business_type,
            industrial_estate_id=estate_ids.get(p.estate),
            home_office_id=unit_ids[p.home_office],
            address=p.address,
        )
        bp.search_text = bp.build_search_text()  # save() would; bulk_create does not
        bps.append(bp)
    # With history rows, so every demo record's page shows when and how it was created.
    bulk_create_with_history(
        bps, BusinessPartner, batch_size=batch_size, default_change_reason=REASON
    )
    bp_ids = dict(
        BusinessPartner.objects.filter(bp_number__startswith=BP_PREFIX).values_list(
            "bp_number", "id"
        )
    )
    taken = set(
        ContractAccount.objects.filter(ca_number__startswith=CA_PREFIX).values_list(
            "ca_number", flat=True
        )
    )
    accounts = [
        ContractAccount(
            ca_number=a.ca_number,
            bp_id=bp_ids[p.bp_number],
            office_id=unit_ids[a.office],
            tariff=a.tariff,
            is_tou=a.is_tou,
            contracted_demand_kw=a.contracted_demand_kw,
            status=a.status,
            site_name=a.site_name,
        )
        for p in new
        for a in p.accounts
        if a.ca_number not in taken
    ]
    bulk_create_with_history(
        accounts, ContractAccount, batch_size=batch_size, default_change_reason=REASON
    )
    contacts = [Contact(bp_id=bp_ids[p.bp_number], **c.__dict__) for p in new for c in p.contacts]
    bulk_create_with_history(contacts, Contact, batch_size=batch_size, default_change_reason=REASON)
    # Bulk inserts bypass the signals that keep the precomputed scope current.
    customer_scope_refresh(bp_ids[p.bp_number] for p in new)
    result.customers_created = len(bps)
    result.accounts_created = len(accounts)
    result.contacts_created = len(contacts)


def demo_data_load(*, seed: int, customers: int) -> DemoResult:
    """Load the whole demo (org tree, estates, users, customers); safe to run again."""
    from crmplus.customers.models import BusinessPartner

    with transaction.atomic():
        result = DemoResult(org=org_load_file(path=ORG_CSV))
        _load_estates(result)
        offices, showcase = demo_offices()
        area_codes = list(
            OrgUnit.objects.filter(kind=OrgUnitKind.AREA)
            .order_by("path")
            .values_list("code", flat=True)
        )
        _load_users(result, area_codes, showcase)
        demo_bps = BusinessPartner.objects.filter(bp_number__startswith=BP_PREFIX)
        wanted = {bp_number_for(i) for i in range(1, customers + 1)}
        # Planning thousands of customers costs a second: skip it when all are stored.
        if not wanted <= set(demo_bps.values_list("bp_number", flat=True)):
            hq = OrgUnit.objects.filter(kind=OrgUnitKind.HQ).values_list("code", flat=True).first()
            plans = plan_customers(
                seed=seed,
                count=customers,
                offices=offices,
                estates=demo_estates(),
                hq_code=hq,
                showcase=showcase,
            )
            _store_customers(result, plans)
        by_id = {u.id: u for u in OrgUnit.objects.all()}
        counts: Counter[str] = Counter()
        for office_id, n in Counter(demo_bps.values_list("home_office_id", flat=True)).items():
            unit = by_id[office_id]
            area = _area_of(unit, by_id)
            counts[area.code if area else unit.code] += n
        result.customers_by_area = dict(sorted(counts.items()))
        result.customers_total = sum(counts.values())
    return result
