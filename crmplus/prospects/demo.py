"""Demo prospects (demo step "prospects", order 500): ~150 prospective large customers
across the 12 areas and every stage, from industrial-estate developers, the BOI list,
walk-ins and referrals; a few stalled, a few converted to customers.

Deterministic for a seed: the same companies, stages, figures and alternatives each
time; dates are counted back from the day the demo is loaded (so "stalled" means the
same thing on any day). Idempotent: each demo prospect has a reference `DEMO-PR-nnnn`;
a second run adds nothing. Fast: bulk writes, the few conversions through the services.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from crmplus.core.demo import demo_offices
from crmplus.core.demo_words import INDUSTRIAL, INDUSTRY, STEMS
from crmplus.core.models import OrgUnit, OrgUnitKind, Role, User
from crmplus.customers.models import IndustrialEstate, TariffClass
from crmplus.prospects.models import (
    AlternativeKind,
    AlternativeStatus,
    CompetitionAlternative,
    Prospect,
    ProspectSource,
    StageChange,
)
from crmplus.prospects.rules import CONNECTED, HANDED_TO_KAM
from crmplus.prospects.rules_settings import pipeline_for_fy

PER_AREA = 10  # 12 areas × (10 + 3 at the showcase office) ≈ 156
REF_PREFIX = "DEMO-PR-"
BP_PREFIX = "58"  # converted demo prospects: "58" + 8 digits (demo customers use "59")
CA_PREFIX = "028"  # "028" + 9 digits (demo customers use "029")
# Share of prospects per stage of the default pipeline (the funnel narrows).
STAGE_WEIGHTS = [30, 22, 16, 12, 9, 6, 5]
SOURCES = [
    (ProspectSource.ESTATE_DEVELOPER, 35),
    (ProspectSource.BOI, 30),
    (ProspectSource.WALK_IN, 15),
    (ProspectSource.REFERRAL, 15),
    (ProspectSource.OTHER, 5),
]
ACTIONS = [
    "นัดประชุมหารือความต้องการใช้ไฟ",
    "ส่งข้อเสนอเงื่อนไขการจ่ายไฟ",
    "สำรวจพื้นที่และแนวระบบจำหน่าย",
    "ติดตามผลการพิจารณาของลูกค้า",
    "ประสานงานผู้พัฒนานิคม",
    "ติดตามความคืบหน้างานก่อสร้างระบบ",
]
SPP_NAMES = ["บี.กริม เพาเวอร์", "กัลฟ์ เอนเนอร์จี", "โกลว์ เอสพีพี", "ราช กรุ๊ป", "บีแอลซีพี"]
SOLAR_NAMES = ["โซลาร์ตรอน", "เอสพีซีจี", "กันกุล เอ็นจิเนียริ่ง", "ซันเนอร์จี"]


def _pick(rng: random.Random, weighted: list[tuple]) -> object:
    total = sum(w for _v, w in weighted)
    draw = rng.random() * total
    for value, w in weighted:
        draw -= w
        if draw <= 0:
            return value
    return weighted[-1][0]


def _name(rng: random.Random, sector: str) -> tuple[str, str]:
    stem_th, stem_en = rng.choice(STEMS)
    words = INDUSTRY[sector]
    kind_th, kind_en = rng.choice(words)
    return (
        f"บริษัท {stem_th} {kind_th} (ประเทศไทย) จำกัด",
        f"{stem_en} {kind_en} (Thailand) Co., Ltd.",
    )


def demo_prospects_load(seed: int) -> str:
    """Store the demo prospects; the line `demo_data` prints."""
    rules = pipeline_for_fy()
    keys = rules.keys
    weights = (STAGE_WEIGHTS + [5] * len(keys))[: len(keys)]
    offices, showcase = demo_offices()
    if not offices:
        return "Prospects: no organisation loaded, none created"
    by_area: dict[str, list] = {}
    for o in offices:
        if o.office_class in ("pro", "b1", "b2", "b3"):
            by_area.setdefault(o.area, []).append(o)
    units = {
        u.code: u for u in OrgUnit.objects.filter(kind__in=[OrgUnitKind.OFFICE, OrgUnitKind.AREA])
    }
    estates: dict[str, list[IndustrialEstate]] = {}
    for e in IndustrialEstate.objects.select_related("area").order_by("code"):
        if e.area_id:
            estates.setdefault(e.area.code, []).append(e)
    staff: dict[str, list[User]] = {}
    for u in (
        User.objects.filter(role__in=[Role.KAMR, Role.SENIOR_KAMR, Role.AREA_ADMIN], is_active=True)
        .select_related("home_unit")
        .order_by("username")
    ):
        area = u.home_unit.area() if u.home_unit_id else None
        if area is not None:
            staff.setdefault(area.code, []).append(u)
    existing = set(
        Prospect.objects.filter(reference__startswith=REF_PREFIX).values_list(
            "reference", flat=True
        )
    )
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    sectors = sorted(set(INDUSTRY) & (INDUSTRIAL | {"data_centre", "cold_storage", "retail"}))
    new: list[Prospect] = []
    plans: list[tuple[Prospect, list[tuple[str, dt.datetime]], list[dict]]] = []
    index = 0
    for area_code in sorted(by_area):
        area = units.get(area_code)
        pool = by_area[area_code]
        count = PER_AREA + (3 if area_code in showcase else 0)
        for n in range(count):
            index += 1
            rng = random.Random(f"{seed}-prospect-{index}")
            ref = f"{REF_PREFIX}{index:04d}"
            # The showcase office (where the area's demo KAMR works) gets the last three.
            if area_code in showcase and n >= PER_AREA:
                office_code = showcase[area_code]
            else:
                office_code = rng.choice(pool).code
            office = units.get(office_code)
            if office is None or area is None:
                continue
            stage_i = keys.index(_pick(rng, list(zip(keys, weights, strict=True))))
            sector = rng.choice(sectors)
            name_th, name_en = _name(rng, sector)
            estate = None
            source = _pick(rng, SOURCES)
            if estates.get(area_code) and (
                source == ProspectSource.ESTATE_DEVELOPER or rng.random() < 0.4
            ):
                estate = rng.choice(estates[area_code])
            place = next((o for o in pool if o.code == office_code), None)
            province = estate.province_th if estate else (place.province_th if place else "")
            load_kw = Decimal(int(rng.lognormvariate(7.6, 0.8)) // 10 * 10 + 300)
            mva = (load_kw / Decimal("850")).quantize(Decimal("0.001"))
            tariff = TariffClass.LARGE_BUSINESS if load_kw >= 1000 else TariffClass.MEDIUM_BUSINESS
            if sector == "data_centre" or rng.random() < 0.1:
                tariff = TariffClass.SPECIFIC_BUSINESS
            gm = (load_kw * Decimal(rng.uniform(900, 1600))).quantize(Decimal("1000"))
            # A history of stays: each earlier stage lasted 10–70 days; the current one
            # started 3–40 days ago, or past its threshold for about one in eight.
            stalled = stage_i < keys.index(CONNECTED) and rng.random() < 0.08
            current = rules.stages[stage_i]
            days_here = (
                (current.stall_days + rng.randint(5, 40))
                if stalled
                else rng.randint(1, max(2, min(40, (current.stall_days or 60) - 2)))
            )
            entered = today - dt.timedelta(days=days_here)
            moments = [entered]
            for _i in range(stage_i):
                moments.append(moments[-1] - dt.timedelta(days=rng.randint(10, 70)))
            moments.reverse()
            path = [
                (keys[i], dt.datetime.combine(day, dt.time(9 + i % 7, 0), tz))
                for i, day in enumerate(moments)
            ]
            connected = stage_i >= keys.index(CONNECTED)
            connection_date = path[keys.index(CONNECTED)][1].date() if connected else None
            expected = (
                today + dt.timedelta(days=rng.randint(60, 540))
                if not connected
                else connection_date
            )
            who = staff.get(area_code) or []
            responsible = next((u for u in who if u.home_unit.code == office_code), None) or (
                who[index % len(who)] if who else None
            )
            alts = []
            if rng.random() < 0.35:
                kind = _pick(
                    rng,
                    [
                        (AlternativeKind.SPP, 3),
                        (AlternativeKind.SOLAR, 5),
                        (AlternativeKind.COGENERATION, 2),
                    ],
                )
                capacity = (load_kw / 1000 * Decimal(rng.uniform(0.2, 0.9))).quantize(
                    Decimal("0.001")
                )
                alts.append(
                    {
                        "kind": kind,
                        "provider": rng.choice(
                            SPP_NAMES if kind == AlternativeKind.SPP else SOLAR_NAMES
                        ),
                        "capacity_mw": capacity,
                        "offered_price": Decimal(rng.uniform(2.9, 3.9)).quantize(Decimal("0.01")),
                        "discount_pct": Decimal(rng.randint(3, 15)),
                        "status": _pick(
                            rng,
                            [
                                (AlternativeStatus.CONSIDERING, 4),
                                (AlternativeStatus.OFFER_RECEIVED, 3),
                                (AlternativeStatus.CONTRACTED, 1),
                                (AlternativeStatus.DECLINED, 1),
                            ],
                        ),
                    }
                )
            if ref in existing:
                continue
            p = Prospect(
                company_name=name_th,
                company_name_en=name_en,
                sector=sector,
                province=province,
                industrial_estate=estate,
                office=office,
                area=area,
                responsible=responsible,
                source=source,
                reference=ref,
                contact_person="",
                expected_load_kw=load_kw,
                expected_load_mva=mva,
                expected_connection_date=expected,
                connection_date=connection_date,
                tariff_expected=tariff,
                stage=current.key,
                stage_entered_at=path[-1][1],
                probability=current.probability,
                expected_gm=gm,
                next_action="" if connected else rng.choice(ACTIONS),
                next_action_date=None
                if connected
                else today + dt.timedelta(days=rng.randint(-5, 30)),
                created_by=responsible,
            )
            new.append(p)
            plans.append((p, path, alts))
    if not new:
        return "Prospects: 0 created (demo prospects already loaded)"
    with transaction.atomic():
        Prospect.objects.bulk_create(new, batch_size=500)
        changes, alternatives = [], []
        for p, path, alts in plans:
            previous = ""
            for key, at in path:
                changes.append(
                    StageChange(
                        prospect=p, from_stage=previous, to_stage=key, at=at, by=p.responsible
                    )
                )
                previous = key
            alternatives.extend(CompetitionAlternative(prospect=p, **a) for a in alts)
        StageChange.objects.bulk_create(changes, batch_size=1000)
        CompetitionAlternative.objects.bulk_create(alternatives, batch_size=1000)
        converted = _convert_some(plans, seed=seed)
    stalled = sum(1 for p, _path, _a in plans if _is_stalled(rules, p, today))
    return (
        f"Prospects: {len(new)} created ({len(alternatives)} competing alternatives, "
        f"{stalled} stalled, {converted} converted to customers)"
    )


def _is_stalled(rules, p: Prospect, today: dt.date) -> bool:
    from crmplus.prospects.rules import is_stalled

    return is_stalled(rules, p.stage, timezone.localtime(p.stage_entered_at).date(), today)


def _convert_some(plans, *, seed: int) -> int:
    """Convert the demo prospects at "handed to KAM" (they must be customers) and about
    half of those at "connected", through prospect_convert: the registry's own rules."""
    from crmplus.prospects.services import prospect_convert

    admin = User.objects.filter(username="hq_admin", role=Role.HQ_ADMIN).first()
    if admin is None:
        return 0
    done = 0
    for p, _path, _alts in plans:
        n = int(p.reference.removeprefix(REF_PREFIX))
        if p.stage == HANDED_TO_KAM or (p.stage == CONNECTED and n % 2 == 0):
            office = p.office if p.office.kind == OrgUnitKind.OFFICE else None
            if office is None:
                continue
            stage = p.stage
            if stage == HANDED_TO_KAM:  # convert at "connected", as the rules require
                Prospect.objects.filter(pk=p.pk).update(stage=CONNECTED)
            prospect_convert(
                prospect=p,
                by=admin,
                bp_number=f"{BP_PREFIX}{n:08d}",
                ca_number=f"{CA_PREFIX}{n:09d}",
                office=office,
                tariff=p.tariff_expected,
            )
            if stage == HANDED_TO_KAM:  # converted the day before it was handed over
                Prospect.objects.filter(pk=p.pk).update(
                    stage=HANDED_TO_KAM, converted_at=p.stage_entered_at - dt.timedelta(days=1)
                )
            done += 1
    return done
