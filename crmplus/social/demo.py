"""Demo conversations: a few hundred LINE and Facebook cases across categories and
offices (each demo KAMR's office first), some waiting in triage, some past their SLA.

The content (who, what, which office, which category, how fast staff answered) is
drawn from one RNG seeded by the seed, so it is the same on every run; times are
placed relative to the hour the demo is loaded, so the inbox always has live,
breached and met timers. A second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from crmplus.core.demo_words import FIRST_NAMES, LAST_NAMES
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.customers.models import ContractAccount
from crmplus.social.models import (
    Case,
    CaseStatus,
    Direction,
    Message,
    SendStatus,
    SocialIdentity,
)
from crmplus.social.rules_settings import (
    RETENTION_KEY,
    canned_replies,
    fy_of,
    int_rule,
    purpose,
    sla_targets,
)
from crmplus.social.sla import due_at

DEMO_PREFIX = "Udemo"
CASES = 320
CATEGORY_WEIGHTS = {
    "outage": 30,
    "bill": 25,
    "meter": 12,
    "new_connection": 10,
    "complaint": 10,
    "other": 13,
}
ASKS = {
    "outage": [
        "ไฟดับทั้งซอยตั้งแต่ตีสองค่ะ ยังไม่มาเลย",
        "ไฟตกบ่อยมาก แอร์ที่ร้านดับไปสองรอบแล้วครับ",
        "หม้อแปลงหน้าบ้านมีเสียงดังและไฟกะพริบครับ",
    ],
    "bill": [
        "เดือนนี้ค่าไฟแพงขึ้นเกือบเท่าตัว ขอให้ตรวจสอบหน่อยค่ะ",
        "จ่ายค่าไฟผ่านแอปแล้วแต่ยังขึ้นว่าค้างชำระครับ",
        "ขอใบแจ้งค่าไฟฟ้าย้อนหลังสามเดือนได้ไหมคะ",
    ],
    "meter": [
        "มิเตอร์หมุนเร็วผิดปกติทั้งที่ปิดเครื่องใช้ไฟฟ้าหมดแล้วครับ",
        "ขอย้ายมิเตอร์ไปอีกฝั่งของรั้วได้ไหมคะ",
    ],
    "new_connection": [
        "จะเปิดร้านกาแฟใหม่ ต้องขอติดตั้งมิเตอร์อย่างไรคะ",
        "สร้างบ้านใหม่เสร็จแล้ว ขอใช้ไฟฟ้าถาวรต้องใช้เอกสารอะไรบ้างครับ",
    ],
    "complaint": [
        "เจ้าหน้าที่นัดมาตรวจแล้วไม่มาตามนัดค่ะ",
        "ตัดต้นไม้ใต้แนวสายไฟแล้วทิ้งกิ่งไว้หน้าบ้านครับ",
    ],
    "other": [
        "สอบถามเรื่องติดตั้งโซลาร์เซลล์บนหลังคาค่ะ",
        "สำนักงานการไฟฟ้าเปิดวันเสาร์ไหมครับ",
    ],
}
THANKS = ["ขอบคุณค่ะ", "ขอบคุณครับ", "ได้รับแล้วครับ", "โอเคค่ะ รอนะคะ"]


def _offices() -> list[OrgUnit]:
    """Each demo KAMR's office, then two more offices per area (by code)."""
    kamr_offices = list(
        OrgUnit.objects.filter(
            pk__in=User.objects.filter(username__startswith="kamr_").values("home_unit_id"),
            kind=OrgUnitKind.OFFICE,
        ).order_by("code")
    )
    chosen = {u.pk: u for u in kamr_offices}
    for area in OrgUnit.objects.filter(kind=OrgUnitKind.AREA).order_by("code"):
        extra = (
            OrgUnit.objects.filter(
                kind=OrgUnitKind.OFFICE, path__startswith=area.path, is_active=True
            )
            .exclude(pk__in=list(chosen))
            .order_by("code")[:2]
        )
        chosen.update({u.pk: u for u in extra})
    return sorted(chosen.values(), key=lambda u: u.code)


def demo_load(seed: int) -> str:
    existing = SocialIdentity.objects.filter(platform_user_id__startswith=DEMO_PREFIX)
    if existing.exists():
        n = Case.objects.filter(identity__in=existing).count()
        return f"social: {n} demo cases already loaded"
    hq = OrgUnit.objects.filter(kind=OrgUnitKind.HQ).order_by("id").first()
    offices = _offices()
    if hq is None or not offices:
        return "social: no organisation to attach demo cases to"
    rng = random.Random(f"social-{seed}")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    fy = fy_of(now)
    targets, canned = sla_targets(fy), canned_replies(fy)
    keep = dt.timedelta(days=int_rule(RETENTION_KEY, fy))
    why = purpose(fy)[:500]
    staff = {u.home_unit_id: u for u in User.objects.filter(username__startswith="kamr_")}
    cas: dict[int, list[ContractAccount]] = {}
    categories, weights = zip(*CATEGORY_WEIGHTS.items(), strict=True)
    identities, plans = [], []
    for i in range(CASES):
        channel = "line" if rng.random() < 0.7 else "facebook"
        first, _first_en = rng.choice(FIRST_NAMES)
        last, _last_en = rng.choice(LAST_NAMES)
        name = f"{first} {last[:1]}." if rng.random() < 0.5 else first
        opened = now - dt.timedelta(minutes=rng.randint(5, 45 * 24 * 60))
        uid = (
            f"{DEMO_PREFIX}{seed:03d}{i:024x}"
            if channel == "line"
            else f"{DEMO_PREFIX}fb{seed:03d}{i:012d}"
        )
        identities.append(
            SocialIdentity(
                channel=channel,
                platform_user_id=uid,
                display_name=name,
                purpose=why,
                first_contact_at=opened,
                last_contact_at=opened,
                retention_until=(opened + keep).date(),
            )
        )
        plans.append((opened, rng.choices(categories, weights)[0], rng.random(), rng.random()))
    with transaction.atomic():
        SocialIdentity.objects.bulk_create(identities)
        identities = list(
            SocialIdentity.objects.filter(platform_user_id__startswith=DEMO_PREFIX).order_by("id")
        )
        cases, threads = [], []
        for identity, (opened, category, r1, r2) in zip(identities, plans, strict=True):
            triage = r1 < 0.08
            office = hq if triage else offices[int(r2 * len(offices))]
            age = (now - opened).total_seconds() / 60
            t = targets[category]
            categorised = not triage or rng.random() < 0.5
            # Staff answer most cases fast, some late; a few are still waiting.
            answered = age > 3 and rng.random() < (0.55 if age < 60 else 0.95)
            lateness = rng.choices([0.1, 0.3, 0.5, 0.8, 1.5, 3.0], [3, 4, 4, 3, 1, 1])[0]
            first_at = None
            if answered:
                minutes = min(age - 1, t.first_response_minutes * lateness)
                first_at = opened + dt.timedelta(minutes=max(1, minutes))
            closed_at = None
            close_p = 0.97 if age > t.resolution_minutes else 0.8
            if first_at and age > t.resolution_minutes * 0.3 and rng.random() < close_p:
                res = (
                    t.resolution_minutes
                    * rng.choices([0.1, 0.3, 0.5, 0.7, 0.9, 1.3, 2.0], [2, 3, 3, 3, 2, 1, 1])[0]
                )
                res = min(res, age - 1)
                closed_at = max(first_at, opened + dt.timedelta(minutes=res))
            ca = None
            if office.kind == OrgUnitKind.OFFICE and rng.random() < 0.4:
                pool = cas.setdefault(
                    office.pk,
                    list(ContractAccount.objects.filter(office=office).order_by("ca_number")[:30]),
                )
                ca = rng.choice(pool) if pool else None
            used = category if categorised else "other"
            tu = targets[used]
            cases.append(
                Case(
                    channel=identity.channel,
                    identity=identity,
                    unit=office,
                    category=category if categorised else "",
                    ca=ca,
                    status=CaseStatus.CLOSED
                    if closed_at
                    else (CaseStatus.OPEN if first_at else CaseStatus.NEW),
                    opened_at=opened,
                    first_response_at=first_at,
                    first_response_due=due_at(opened, tu.first_response_minutes),
                    resolution_due=due_at(opened, tu.resolution_minutes),
                    closed_at=closed_at,
                    closed_by=staff.get(office.pk) if closed_at else None,
                    last_message_at=closed_at or first_at or opened,
                )
            )
            threads.append((category, first_at, closed_at, staff.get(office.pk)))
        Case.objects.bulk_create(cases)
        cases = list(Case.objects.filter(identity__in=identities).order_by("identity_id"))
        messages = []
        for n, (case, (category, first_at, closed_at, who)) in enumerate(
            zip(cases, threads, strict=True)
        ):
            messages.append(
                Message(
                    case=case,
                    direction=Direction.IN,
                    at=case.opened_at,
                    text=rng.choice(ASKS[category]),
                    event_id=f"{case.channel}:demo-{seed}-{n}",
                )
            )
            if first_at:
                texts = canned[category] or canned["other"]
                messages.append(
                    Message(
                        case=case,
                        direction=Direction.OUT,
                        at=first_at,
                        text=rng.choice(texts) if texts else "ขอบคุณค่ะ",
                        canned=True,
                        sent_by=who,
                        send_status=SendStatus.SENT,
                        sent_at=first_at,
                        send_note="ข้อมูลตัวอย่าง: ไม่ได้ส่งถึงแพลตฟอร์มจริง",
                    )
                )
                if closed_at and rng.random() < 0.6:
                    messages.append(
                        Message(
                            case=case,
                            direction=Direction.IN,
                            at=first_at + (closed_at - first_at) / 2,
                            text=rng.choice(THANKS),
                            event_id=f"{case.channel}:demo-{seed}-{n}-2",
                        )
                    )
        Message.objects.bulk_create(messages, batch_size=1000)
    breached = Case.objects.filter(identity__in=identities).breached(now=timezone.now()).count()
    triage = sum(1 for c in cases if c.unit_id == hq.pk)
    return (
        f"social: {len(cases)} demo cases ({triage} in triage, {breached} past SLA), "
        f"{len(messages)} messages"
    )
