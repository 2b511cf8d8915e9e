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
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction

from crmplus.core.models import OfficeClass, OrgUnit, OrgUnitKind, Role, User
from crmplus.core.services import OrgLoadResult, org_load_file
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


def _pairs(text: str) -> list[tuple[str, str]]:
    return [tuple(item.split(":")) for item in text.split("|")]  # type: ignore[misc]


# Name parts as "Thai:English" pairs; weights as "key weight" lists (compact on purpose).
# fmt: off
STEMS = _pairs(
    "สยาม:Siam|ไทย:Thai|อีสเทิร์น:Eastern|แปซิฟิค:Pacific|โกลเด้น:Golden|รอยัล:Royal|"
    "ยูไนเต็ด:United|เอเชีย:Asia|ซันไชน์:Sunshine|กรีน:Green|สตาร์:Star|โกลบอล:Global|"
    "พรีเมียร์:Premier|ไดมอนด์:Diamond|ซูพรีม:Supreme|เจริญกิจ:Charoenkit|รุ่งเรือง:Rungrueang|"
    "มั่นคง:Mankhong|ศรีสวัสดิ์:Sisawat|เอกชัย:Ekkachai|วัฒนา:Watthana|ธนา:Thana|"
    "ทองไทย:Thong Thai|ไทยนิชิ:Thai Nishi|ไทยโตโย:Thai Toyo|เมโทร:Metro|ยูนิเวอร์แซล:Universal|"
    "ไทยเทค:Thai Tech|อัลฟ่า:Alpha|โอเชี่ยน:Ocean|ไฮเทค:Hi-Tech|สหไทย:Saha Thai|ไทยเสรี:Thai Seri|"
    "นครไทย:Nakhon Thai|ไทยคาเนะ:Thai Kane|เค.ซี.:K.C.|พี.เอส.:P.S.|ที.เอ็ม.:T.M."
)
INDUSTRY = {
    "food": _pairs("ฟู้ดส์:Foods|ฟู้ด โปรดักส์:Food Products|โฟรเซ่นฟู้ดส์:Frozen Foods|"
                   "เบเวอเรจ:Beverage|แดรี่:Dairy|ซีฟู้ด:Seafood|สแน็ค:Snack"),
    "electronics": _pairs("อิเล็กทรอนิกส์:Electronics|เซมิคอนดักเตอร์:Semiconductor|"
                          "พรีซิชั่น:Precision|อิเล็คทริค:Electric|เซอร์กิต:Circuits"),
    "automotive": _pairs("ออโต้พาร์ท:Auto Parts|มอเตอร์:Motor|ออโตโมทีฟ:Automotive|"
                         "ไทร์:Tire|สแตมปิ้ง:Stamping"),
    "chemicals": _pairs("เคมีคอล:Chemical|โพลิเมอร์:Polymer|ปิโตรเคมี:Petrochemical|"
                        "พลาสติก:Plastic|รับเบอร์:Rubber|เพ้นท์:Paint"),
    "metals": _pairs("สตีล:Steel|เมทัล:Metal|ไวร์:Wire|ไพพ์:Pipe|ฟอร์จจิ้ง:Forging|"
                     "อลูมิเนียม:Aluminium"),
    "textiles": _pairs("เท็กซ์ไทล์:Textile|การ์เมนท์:Garment|สปินนิ่ง:Spinning|นิตติ้ง:Knitting"),
    "cement": _pairs("ซีเมนต์:Cement|กลาส:Glass|เซรามิค:Ceramic|คอนกรีต:Concrete"),
    "paper": _pairs("เปเปอร์:Paper|แพคเกจจิ้ง:Packaging|คาร์ตอน:Carton"),
    "agro": _pairs("อุตสาหกรรมน้ำตาล:Sugar Industry|ไรซ์:Rice|ปาล์มออยล์:Palm Oil|"
                   "สตาร์ช:Starch|อะโกร:Agro|ฟีดมิลล์:Feed Mill"),
    "cold_storage": _pairs("ห้องเย็น:Cold Storage|โลจิสติกส์:Logistics|วาร์เฮาส์:Warehouse"),
    "data_centre": _pairs("ดาต้า เซ็นเตอร์:Data Center|เทเลคอม:Telecom|คลาวด์:Cloud"),
    "retail": _pairs("พลาซ่า:Plaza|ดีพาร์ทเมนท์สโตร์:Department Store|ซูเปอร์สโตร์:Superstore|"
                     "ช้อปปิ้งเซ็นเตอร์:Shopping Center"),
    "water": _pairs("วอเตอร์:Water|วอเตอร์ ซัพพลาย:Water Supply"),
}
INDUSTRIAL = {"food", "electronics", "automotive", "chemicals", "metals", "textiles", "cement",
              "paper", "agro", "cold_storage"}
PUBLIC_SECTOR = {"government", "education", "water"}
# Business-type mix of each kind of area (weights).
PROFILES = {
    "industrial": "food 10 electronics 12 automotive 14 chemicals 12 metals 10 textiles 4 cement 3 "
                  "paper 5 agro 3 cold_storage 6 data_centre 2 hotel 3 hospital 4 retail 4 "
                  "education 3 government 3 water 2",
    "tourism": "hotel 30 retail 8 hospital 8 food 10 agro 12 cold_storage 6 education 5 "
               "government 6 water 3 chemicals 5 cement 2 metals 2",
    "rural": "agro 22 food 12 cement 5 hospital 8 education 8 government 10 retail 8 hotel 5 "
             "cold_storage 4 chemicals 4 metals 3 electronics 4 automotive 2 textiles 3 water 4",
    "north": "electronics 12 food 12 agro 10 hotel 15 hospital 8 retail 8 education 8 "
             "government 8 cement 3 chemicals 3 metals 3 textiles 3 water 3",
    "south": "chemicals 15 food 15 agro 12 hotel 10 retail 8 hospital 8 education 7 "
             "government 8 cold_storage 7 water 3",
    "national": "retail 25 data_centre 15 government 15 water 10 food 10 hotel 5 cement 10 "
                "chemicals 10",
}
AREA_PROFILE = {"C1": "industrial", "C2": "industrial", "C3": "industrial", "S1": "tourism",
                "S2": "tourism", "S3": "south", "N1": "north", "N2": "rural", "N3": "rural",
                "NE1": "rural", "NE2": "rural", "NE3": "rural", "HQ": "national"}
OFFICE_WEIGHT = {"pro": 10, "b1": 8, "b2": 5, "b3": 3, "sub": 1.2, "small": 0.3}
LANDLINE = {"N1": ["053", "054"], "N2": ["055", "056"], "N3": ["036", "056"],
            "NE1": ["042", "043"], "NE2": ["045", "043"], "NE3": ["044"],
            "C1": ["035", "02", "036"], "C2": ["038", "039", "037"], "C3": ["034", "032"],
            "S1": ["032", "077"], "S2": ["075", "077", "076"], "S3": ["074", "073"], "HQ": ["02"]}
MOBILE = ["081", "082", "083", "084", "085", "086", "087", "088", "089", "091", "092", "093",
          "094", "095", "096", "097", "098", "099", "061", "062", "063"]
FIRST_NAMES = _pairs(
    "สมชาย:somchai|สมศักดิ์:somsak|ประเสริฐ:prasert|วิชัย:wichai|สุรชัย:surachai|ธนากร:thanakorn|"
    "ณัฐพล:nattapon|กิตติพงษ์:kittipong|อนุชา:anucha|ชัยวัฒน์:chaiwat|ปิยะ:piya|ธีรวัฒน์:teerawat|"
    "วรวุฒิ:worawut|สุทธิพงษ์:sutthipong|อภิชาติ:apichat|พีระพงษ์:peerapong|ศักดิ์ชัย:sakchai|"
    "เอกชัย:ekkachai|วิภา:wipa|สุดารัตน์:sudarat|พรทิพย์:pornthip|กมลวรรณ:kamonwan|"
    "นภัสสร:napassorn|ศิริพร:siriporn|อรุณี:arunee|จิราพร:jiraporn|รัชนี:ratchanee|มาลัย:malai|"
    "สุภาพร:supaporn|ณัฐธิดา:nattida|วราภรณ์:waraporn|ปวีณา:paweena|ชนิดา:chanida|กัญญา:kanya"
)
LAST_NAMES = _pairs(
    "ศรีสุข:srisuk|มั่นคง:mankong|ใจดี:jaidee|แสงทอง:saengthong|บุญมี:boonmee|ทองดี:thongdee|"
    "สุขสวัสดิ์:suksawat|วงศ์ไทย:wongthai|ศรีวงศ์:sriwong|พงษ์พันธ์:pongpan|เจริญผล:charoenphon|"
    "รัตนพันธ์:rattanapan|อินทร์แก้ว:inkaew|ชัยมงคล:chaimongkol|ปัญญาดี:panyadee|ทองคำ:thongkham|"
    "กาญจนวงศ์:kanchanawong|สมบูรณ์ศักดิ์:somboonsak|วิเศษสุวรรณ:wisetsuwan|นาคสวัสดิ์:naksawat|"
    "แก้วประเสริฐ:kaewprasert|บุญเรือง:boonruang|จันทร์เพ็ญ:chanpen|พูลสวัสดิ์:poonsawat|"
    "ธนสาร:thanasan|โพธิ์ทอง:photong|สิทธิชัย:sitthichai|อุดมสุข:udomsuk"
)
POSITIONS = {
    "industrial": ["ผู้จัดการโรงงาน", "ผู้จัดการฝ่ายวิศวกรรม", "วิศวกรไฟฟ้า", "ผู้จัดการฝ่ายซ่อมบำรุง",
                   "ผู้รับผิดชอบด้านพลังงาน (PRE)", "ผู้จัดการทั่วไป", "ผู้จัดการฝ่ายจัดซื้อ"],
    "service": ["ผู้จัดการฝ่ายอาคารสถานที่", "หัวหน้าช่างไฟฟ้า", "ผู้จัดการทั่วไป",
                "ผู้จัดการฝ่ายวิศวกรรม", "ผู้รับผิดชอบด้านพลังงาน (PRE)"],
    "public": ["ผู้อำนวยการกองช่าง", "หัวหน้างานอาคารสถานที่", "นายช่างไฟฟ้า", "ผู้อำนวยการ",
               "เจ้าหน้าที่พัสดุ"],
}
# fmt: on
CONSENT_PURPOSE = "ติดต่อประสานงานด้านการใช้ไฟฟ้า บริการ และกิจกรรมลูกค้ารายใหญ่ของ กฟภ."


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


# --- Storing (the Django shell around the pure planner) --------------------------------


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
    BusinessPartner.objects.bulk_create(bps, batch_size=batch_size)
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
    ContractAccount.objects.bulk_create(accounts, batch_size=batch_size)
    contacts = [Contact(bp_id=bp_ids[p.bp_number], **c.__dict__) for p in new for c in p.contacts]
    Contact.objects.bulk_create(contacts, batch_size=batch_size)
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
