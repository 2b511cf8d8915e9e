"""Demo customers, planned as plain data (no ORM): word lists, weights and the planner.

One RNG per customer, seeded from the seed and the customer's index, so a seed always
gives the same customers and a larger run extends a smaller one. `crmplus.core.demo`
stores the plan.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from crmplus.core.demo_words import (
    AREA_PROFILE,
    CONSENT_PURPOSE,
    FIRST_NAMES,
    INDUSTRIAL,
    INDUSTRY,
    LANDLINE,
    LAST_NAMES,
    MOBILE,
    OFFICE_WEIGHT,
    POSITIONS,
    PROFILES,
    STEMS,
)
from crmplus.customers.validators import tax_id_check_digit

DEMO_PASSWORD = "demo-2569"  # noqa: S105 - the documented demo password
DATA_DIR = Path(__file__).resolve().parent / "data"
ORG_CSV = DATA_DIR / "org_units.csv"
ESTATES_CSV = DATA_DIR / "industrial_estates.csv"
# Demo numbers live in their own ranges so they never meet imported or test data.
BP_PREFIX = "59"  # bp_number: "59" + 8-digit index
CA_PREFIX = "029"  # ca_number: "029" + 7-digit index + 2-digit sequence
# Key accounts per area in 2021 (memo table 2.3, shared/domain/ka-2021-report.csv):
# demo customers are spread over the areas in the same proportions.
# fmt: off
KA_2021_TOTALS = {"N1": 166, "N2": 237, "N3": 347, "NE1": 356, "NE2": 240, "NE3": 437,
                  "C1": 1351, "C2": 2347, "C3": 453, "S1": 193, "S2": 351, "S3": 311, "HQ": 61}
# fmt: on
# A fixed "today" keeps consent and retention dates the same on every run.
REFERENCE_DATE = date(2025, 10, 1)


@dataclass(frozen=True)
class OfficeRef:
    code: str
    area: str
    office_class: str
    place_th: str
    place_en: str
    is_provincial: bool = False
    province_th: str = ""


@dataclass(frozen=True)
class EstateRef:
    code: str
    area: str
    name_th: str
    province_th: str = ""


@dataclass
class CaPlan:
    ca_number: str
    office: str
    tariff: str
    is_tou: bool
    contracted_demand_kw: Decimal
    status: str
    site_name: str


@dataclass
class ContactPlan:
    name: str
    position: str
    phone: str
    email: str
    line_id: str
    is_primary: bool
    lawful_basis: str
    consent_date: date | None
    consent_purpose: str
    retention_until: date


@dataclass
class BpPlan:
    index: int
    bp_number: str
    area: str
    home_office: str
    name_th: str
    name_en: str
    tax_id: str
    business_type: str
    estate: str | None
    address: str
    accounts: list[CaPlan] = field(default_factory=list)
    contacts: list[ContactPlan] = field(default_factory=list)


def bp_number_for(index: int) -> str:
    return f"{BP_PREFIX}{index:08d}"


def area_sequence(weights: dict[str, int]) -> Iterator[str]:
    """Smooth weighted round robin: every prefix of the sequence is within one customer of
    the exact proportions, so 200 customers and 7,000 are spread alike."""
    current = dict.fromkeys(weights, 0)
    total = sum(weights.values())
    while True:
        for key, weight in weights.items():
            current[key] += weight
        best = max(weights, key=lambda k: current[k])
        current[best] -= total
        yield best


def _pick(rng: random.Random, weighted: dict[str, float]) -> str:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def _weights(text: str) -> dict[str, float]:
    parts = text.split()
    return {parts[i]: float(parts[i + 1]) for i in range(0, len(parts), 2)}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())[:18] or "customer"


def _tax_id(rng: random.Random, index: int, *, public_sector: bool, public_company: bool) -> str:
    if public_sector:
        first12 = f"099400{index:06d}"
    else:
        office = rng.choice(["10", "10", "10", "20", "21", "13", "11", "24", "14"])
        kind = "7" if public_company else "5"
        first12 = f"0{office}{kind}{rng.randint(30, 67):02d}{index:06d}"
    return first12 + tax_id_check_digit(first12)


def _name(rng: random.Random, btype: str, office: OfficeRef, public_company: bool):
    """A (Thai, English, e-mail domain) triple in the style of the customer's kind."""
    place_th, place_en = office.place_th, office.place_en
    stem_th, stem_en = rng.choice(STEMS)
    draw = rng.random()
    if draw < 0.25:
        stem_th, stem_en = place_th, place_en
    elif draw < 0.5:
        second_th, second_en = rng.choice(STEMS)
        stem_th, stem_en = stem_th + second_th, f"{stem_en} {second_en}"
    if btype == "hospital":
        if rng.random() < 0.4:
            return f"โรงพยาบาล{place_th}", f"{place_en} Hospital", f"{_slug(place_en)}hosp.go.th"
        word_th, word_en = rng.choice(
            [("เวชการ", "Medical"), ("การแพทย์", "Medical Center"), ("อินเตอร์", "International")]
        )
        th, en = f"บริษัท โรงพยาบาล{stem_th}{word_th} จำกัด", f"{stem_en} {word_en} Hospital Co., Ltd."
        return th, en, f"{_slug(stem_en)}hospital.co.th"
    if btype == "hotel":
        word_th, word_en = rng.choice(
            [
                ("โฮเทล แอนด์ รีสอร์ท", "Hotel and Resort"),
                ("บีช รีสอร์ท", "Beach Resort"),
                ("แกรนด์ โฮเทล", "Grand Hotel"),
            ]
        )
        suffix_th = " จำกัด (มหาชน)" if public_company else " จำกัด"
        suffix_en = " Public Company Limited" if public_company else " Co., Ltd."
        return (
            f"บริษัท {stem_th} {word_th}{suffix_th}",
            f"{stem_en} {word_en}{suffix_en}",
            f"{_slug(stem_en)}hotel.com",
        )
    if btype == "education":
        if office.is_provincial and rng.random() < 0.3:
            return (
                f"มหาวิทยาลัยราชภัฏ{place_th}",
                f"{place_en} Rajabhat University",
                f"{_slug(place_en)}.ac.th",
            )
        th, en = rng.choice(
            [
                (f"วิทยาลัยเทคนิค{place_th}", f"{place_en} Technical College"),
                (f"โรงเรียน{place_th}วิทยา", f"{place_en} Witthaya School"),
                (f"มหาวิทยาลัย{stem_th}", f"{stem_en} University"),
            ]
        )
        return th, en, f"{_slug(en)}.ac.th"
    if btype == "government":
        options = [
            (f"เทศบาลเมือง{place_th}", f"{place_en} Town Municipality"),
            (f"เทศบาลตำบล{place_th}", f"{place_en} Subdistrict Municipality"),
            (f"ที่ว่าการอำเภอ{place_th}", f"{place_en} District Office"),
        ]
        if office.is_provincial:
            options = [
                (
                    f"องค์การบริหารส่วนจังหวัด{place_th}",
                    f"{place_en} Provincial Administrative Organisation",
                ),
                (f"ศาลากลางจังหวัด{place_th}", f"{place_en} Provincial Hall"),
                (f"เทศบาลนคร{place_th}", f"{place_en} City Municipality"),
            ]
        th, en = rng.choice(options)
        return th, en, f"{_slug(place_en)}.go.th"
    if btype == "water" and rng.random() < 0.5:
        return (
            f"การประปาส่วนภูมิภาคสาขา{place_th}",
            f"Provincial Waterworks Authority, {place_en} Branch",
            "pwa.co.th",
        )
    word_th, word_en = rng.choice(INDUSTRY[btype])
    suffix_th = " จำกัด (มหาชน)" if public_company else " จำกัด"
    suffix_en = " Public Company Limited" if public_company else " Co., Ltd."
    if not public_company and rng.random() < 0.15:
        # Subsidiaries of foreign groups: "บริษัท ... (ประเทศไทย) จำกัด".
        suffix_th, suffix_en = " (ประเทศไทย) จำกัด", " (Thailand) Co., Ltd."
    return (
        f"บริษัท {stem_th}{word_th}{suffix_th}",
        f"{stem_en} {word_en}{suffix_en}",
        f"{_slug(stem_en + word_en)}.co.th",
    )


def _account(
    rng: random.Random, btype: str, public: bool, number: str, office: str, site: str
) -> CaPlan:
    if public:
        tariff = _pick(rng, {"6": 4, "3": 4, "4": 2})
    elif btype == "hotel":
        tariff = _pick(rng, {"5": 7, "4": 2, "3": 1})
    elif btype in {"hospital", "retail", "data_centre"}:
        tariff = _pick(rng, {"3": 4, "4": 5, "5": 1})
    else:
        tariff = _pick(rng, {"4": 55, "3": 40, "5": 5})
    low, high = {"3": (100, 999), "4": (1000, 20000), "5": (100, 5000), "6": (100, 3000)}[tariff]
    demand = round(low * (high / low) ** rng.random())  # log-uniform: many small, few huge
    tou_share = {"3": 0.55, "4": 0.9, "5": 0.7, "6": 0.3}[tariff]
    return CaPlan(
        ca_number=number,
        office=office,
        tariff=tariff,
        is_tou=rng.random() < tou_share,
        contracted_demand_kw=Decimal(demand),
        status=_pick(rng, {"active": 96, "suspended": 3, "terminated": 1}),
        site_name=site,
    )


def _contact(
    rng: random.Random, btype: str, public: bool, area: str, domain: str, primary: bool
) -> ContactPlan:
    first_th, first_en = rng.choice(FIRST_NAMES)
    last_th, last_en = rng.choice(LAST_NAMES)
    if rng.random() < 0.6:
        phone = rng.choice(MOBILE) + f"{rng.randint(0, 9_999_999):07d}"
    else:
        prefix = rng.choice(LANDLINE[area])
        phone = prefix + f"{rng.randint(0, 10 ** (9 - len(prefix)) - 1):0{9 - len(prefix)}d}"
    kind = "public" if public else "industrial" if btype in INDUSTRIAL else "service"
    if kind == "public":
        basis = _pick(rng, {"public_task": 4, "contract": 4, "consent": 2})
    else:
        basis = _pick(rng, {"contract": 55, "legitimate_interest": 25, "consent": 20})
    consent_date = REFERENCE_DATE - timedelta(days=rng.randint(0, 1200))
    line_id = ""
    if rng.random() < 0.6:
        line_id = rng.choice([f"{first_en}.{last_en[:3]}", f"{first_en}{rng.randint(10, 99)}"])
    return ContactPlan(
        name=f"คุณ{first_th} {last_th}",
        position=rng.choice(POSITIONS[kind]),
        phone=phone,
        email=f"{first_en}.{last_en[:2]}@{domain}",
        line_id=line_id,
        is_primary=primary,
        lawful_basis=basis,
        consent_date=consent_date if basis == "consent" else None,
        consent_purpose=CONSENT_PURPOSE if basis == "consent" else "",
        # Consent lapses after five years; other bases keep data while the customer stays.
        retention_until=(consent_date if basis == "consent" else REFERENCE_DATE)
        + timedelta(days=365 * rng.randint(3, 5)),
    )


def plan_customers(
    *,
    seed: int,
    count: int,
    offices: list[OfficeRef],
    estates: list[EstateRef],
    hq_code: str,
    showcase: dict[str, str] | None = None,
) -> list[BpPlan]:
    """The demo customers for a seed: a pure function of its arguments."""
    by_area: dict[str, list[OfficeRef]] = {}
    for office in offices:
        by_area.setdefault(office.area, []).append(office)
    by_code = {o.code: o for o in offices}
    estates_by_area: dict[str, list[EstateRef]] = {}
    for estate in estates:
        estates_by_area.setdefault(estate.area, []).append(estate)
    weights = {a: w for a, w in KA_2021_TOTALS.items() if a == "HQ" or a in by_area}
    areas = area_sequence(weights)
    profiles = {name: _weights(text) for name, text in PROFILES.items()}
    office_weights = [OFFICE_WEIGHT[o.office_class] for o in offices]
    provincial = [o for o in offices if o.is_provincial] or offices
    area_ordinal: Counter[str] = Counter()
    used_names: set[str] = set()
    plans = []
    for index in range(1, count + 1):
        area = next(areas)
        area_ordinal[area] += 1
        rng = random.Random(f"crmplus-demo:{seed}:{index}")
        btype = _pick(rng, profiles[AREA_PROFILE[area]])
        public_company = rng.random() < 0.08
        estate = None
        if btype in INDUSTRIAL and estates_by_area.get(area) and rng.random() < 0.5:
            estate = rng.choice(estates_by_area[area])
        pool = by_area.get(area, [])
        # A customer in an estate is served by an office of the estate's province.
        near = [o for o in pool if estate and o.province_th == estate.province_th]
        pool = near or pool
        pool_weights = [OFFICE_WEIGHT[o.office_class] for o in pool]
        for attempt in range(40):
            # A name already taken (a second town hall in one district) moves the customer
            # to another office rather than duplicating the name.
            if area == "HQ":
                # HQ's key accounts are national customers with supply points all over.
                office = rng.choice(provincial)
            elif showcase and area in showcase and area_ordinal[area] <= 3:
                office = by_code[showcase[area]]  # the demo KAMR's office has customers
            else:
                office = rng.choices(pool, weights=pool_weights)[0]
            name_th, name_en, domain = _name(rng, btype, office, public_company)
            if name_th not in used_names:
                break
            if attempt == 39:
                name_th, name_en = f"{name_th} {index}", f"{name_en} {index}"
        used_names.add(name_th)
        home = hq_code if area == "HQ" else office.code
        # Municipalities, state hospitals and universities carry government tax IDs.
        public = not name_th.startswith("บริษัท")
        address = f"เลขที่ {rng.randint(1, 999)}"
        address += f" {estate.name_th}" if estate else f" หมู่ {rng.randint(1, 12)}"
        where = "จังหวัด" if office.is_provincial else "อำเภอ"
        address += f" {where}{office.place_th}"
        plan = BpPlan(
            index=index,
            bp_number=bp_number_for(index),
            area=area,
            home_office=home,
            name_th=name_th,
            name_en=name_en,
            tax_id=_tax_id(rng, index, public_sector=public, public_company=public_company),
            business_type=btype,
            estate=estate.code if estate else None,
            address=address,
        )
        n_accounts = int(_pick(rng, {"1": 35, "2": 25, "3": 15, "4": 10, "5": 8, "6": 7}))
        if area == "HQ":
            n_accounts = max(n_accounts, 3)
        pool = by_area.get(area, [])
        second = rng.choice(pool) if pool else office
        for seq in range(1, n_accounts + 1):
            if area == "HQ":
                site_office = rng.choices(offices, weights=office_weights)[0]
            elif seq > 1 and rng.random() < 0.2:
                site_office = second
            else:
                site_office = office
            if site_office is not office:
                site = f"สาขา{site_office.place_th}"
            else:
                site = f"{'โรงงาน' if btype in INDUSTRIAL else 'อาคาร'} {seq}"
            number = f"{CA_PREFIX}{index:07d}{seq:02d}"
            plan.accounts.append(_account(rng, btype, public, number, site_office.code, site))
        n_contacts = int(_pick(rng, {"1": 50, "2": 35, "3": 15}))
        for i in range(n_contacts):
            plan.contacts.append(_contact(rng, btype, public, area, domain, primary=i == 0))
        plans.append(plan)
    return plans
