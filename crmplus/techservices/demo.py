"""Demo technical services for FY2564: a year of requests with realistic proportions.

Strategic customers get two or three services a year, Star one or two, Status one in
two, Streamline one in five; supplement customers stay within FMS1–5 and three distinct
services. Patrols, load profiles and thermal scans are the common ones; power-quality
checks go only to the customers with a recorded power-quality problem (about one in
ten key accounts). Every booking goes through the same pure rules as the screens, so
the demo never breaks an entitlement. Deterministic for a seed; a second run adds
nothing (it stops when FY2564 already has services).
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from crmplus.core.fiscal import fiscal_year_bounds
from crmplus.techservices import rules as R
from crmplus.techservices.entitlements import rules_for_fy
from crmplus.techservices.models import (
    PowerQualityProblem,
    PqKind,
    RequestStatus,
    ServiceRequest,
)
from crmplus.techservices.report_data import Severity

FY = 2564
PER_SEGMENT = {"strategic": 2.6, "star": 1.7, "status": 0.5, "streamline": 0.2}
CODE_WEIGHTS = {
    "FMS1": 24,
    "FMS2": 20,
    "FMS3": 14,
    "FMS4": 22,
    "FMS5": 5,
    "FMS6": 9,
    "FMS7": 6,
}
PQ_SHARE = 0.10
LOCATIONS = [
    "หม้อแปลง TR-1 ขั้วแรงต่ำ เฟส B",
    "ตู้ MDB ช่องเมนเบรกเกอร์",
    "บัสบาร์ตู้ DB-2 ฝั่งขาออก",
    "จุดต่อสายเคเบิลแรงสูง 22 kV",
    "คัตเอาต์ดรอปเอาต์ฟิวส์ เฟส A",
    "ตู้คาปาซิเตอร์แบงก์ สเต็ป 3",
    "แคลมป์ต่อสายลงดินหม้อแปลง",
]
FINDINGS = [
    ("หม้อแปลงไฟฟ้า", "ระดับน้ำมันต่ำกว่าเกณฑ์เล็กน้อย", "medium", "เติมน้ำมันและตรวจรอยรั่ว"),
    ("ระบบสายดิน", "ค่าความต้านทานดิน 6.5 โอห์ม เกินเกณฑ์ 5 โอห์ม", "high", "เพิ่มหลักดิน"),
    ("ตู้ MDB", "มีฝุ่นสะสมและคราบความชื้นในตู้", "low", "ทำความสะอาดประจำปี"),
    ("ล่อฟ้าแรงสูง", "พบรอยร้าวที่ลูกถ้วย", "critical", "เปลี่ยนล่อฟ้าโดยเร็ว"),
    ("ระบบป้องกัน", "ตั้งค่ารีเลย์สอดคล้องกับโหลดปัจจุบัน", "low", ""),
]
NOTES = {
    "FMS3": "แนะนำย้ายการเดินเครื่องจักรหนักไปช่วง Off-Peak และปรับปรุงค่าตัวประกอบกำลัง",
    "FMS5": "วิทยากรบรรยายความปลอดภัยทางไฟฟ้าแก่พนักงานลูกค้า 40 คน",
    "FMS6": "ตรวจวัดคุณภาพไฟฟ้า 7 วัน พบแรงดันตกชั่วขณะ 3 ครั้ง และฮาร์มอนิก THDv 4.1%",
    "FMS7": "ล้างลูกถ้วยระบบ 22 kV ภายในสถานีย่อยของลูกค้า 36 ลูก",
}
SUMMARY = {
    "FMS1": "ระบบไฟฟ้าภายในโดยรวมอยู่ในเกณฑ์ดี มีข้อแนะนำตามตาราง",
    "FMS2": "รูปแบบการใช้ไฟฟ้าสม่ำเสมอ ความต้องการพลังไฟฟ้าสูงสุดช่วงบ่าย",
    "FMS3": "ให้คำปรึกษาการบริหารโหลดเพื่อลดค่าความต้องการพลังไฟฟ้า",
    "FMS4": "ตรวจพบจุดร้อนตามตาราง แนะนำให้ขันแน่นจุดต่อและตรวจซ้ำ",
    "FMS5": "สนับสนุนวิทยากรตามที่ลูกค้าร้องขอเรียบร้อย",
    "FMS6": "คุณภาพไฟฟ้าอยู่ในเกณฑ์ยอมรับได้ แนะนำติดตั้งตัวกรองฮาร์มอนิก",
    "FMS7": "ล้างลูกถ้วยเรียบร้อย ไม่พบความเสียหาย",
}
ACK = ["คุณสมชาย ใจดี", "คุณวิภา ศรีสุข", "คุณประเสริฐ มั่นคง", "คุณอรุณี แสงทอง"]


def _report(rng: random.Random, code: str) -> dict:
    report: dict = {"summary": SUMMARY[code]}
    if code == "FMS4":
        report["hot_spots"] = [
            {
                "location": rng.choice(LOCATIONS),
                "temperature_c": round(rng.uniform(45, 135), 1),
                "severity": rng.choice(Severity.values),
            }
            for _ in range(rng.randint(1, 4))
        ]
        report["ambient_c"] = round(rng.uniform(28, 36), 1)
    elif code == "FMS1":
        report["findings"] = [
            {"item": i, "finding": f, "severity": s, "action": a}
            for i, f, s, a in rng.sample(FINDINGS, rng.randint(1, 3))
        ]
    elif code == "FMS2":
        report["peak_kw"] = float(rng.randint(300, 9000))
        report["load_factor"] = round(rng.uniform(35, 85), 1)
        report["notes"] = "ข้อมูลจากมิเตอร์ AMR 15 นาที ย้อนหลัง 12 เดือน"
    else:
        report["notes"] = NOTES[code]
    return report


def _staff_of(accounts) -> dict:
    """The responsible KAMR's user per (BP, office) of FY2564, when the demo has one."""
    from crmplus.workforce.models import AccountAssignment

    out = {}
    rows = AccountAssignment.objects.filter(fy=FY, employee__user__isnull=False).values_list(
        "bp_id", "office_id", "employee__user_id"
    )
    for bp_id, office_id, user_id in rows:
        out.setdefault((bp_id, office_id), user_id)
    return out


def demo_services_load(*, seed: int) -> str:
    from crmplus.core.models import Role, User
    from crmplus.keyaccounts.models import KeyAccount

    if ServiceRequest.objects.filter(fy=FY).exists():
        n = ServiceRequest.objects.filter(fy=FY).count()
        return f"Technical services: FY{FY} already has {n} requests"
    accounts = list(
        KeyAccount.objects.filter(fy=FY).select_related("office").order_by("bp_id", "office_id")
    )
    if not accounts:
        return "Technical services: no FY2564 key accounts, nothing to add"
    rng = random.Random(f"techservices-{seed}")
    rules = rules_for_fy(FY)
    start, end = fiscal_year_bounds(FY)
    days = (end - start).days
    staff = _staff_of(accounts)
    fallback = {}
    for u in User.objects.filter(role__in=[Role.KAMR, Role.SENIOR_KAMR, Role.AREA_ADMIN]).order_by(
        "role", "pk"
    ):
        if u.home_unit_id:
            fallback.setdefault(u.home_unit_id, u)
    area_admins = [
        (u.home_unit.path, u)
        for u in User.objects.filter(role=Role.AREA_ADMIN)
        .select_related("home_unit")
        .order_by("pk")
    ]
    anyone = User.objects.filter(role=Role.HQ_ADMIN).order_by("pk").first()
    users = {u.pk: u for u in User.objects.filter(pk__in=set(staff.values()))}

    problems, requests = [], []
    seen_bp: set[int] = set()
    pq_bps: set[int] = set()
    for ka in accounts:
        if ka.bp_id in seen_bp:
            continue  # one booking office per customer, as the screens choose
        seen_bp.add(ka.bp_id)
        who = (
            users.get(staff.get((ka.bp_id, ka.office_id)))
            or fallback.get(ka.office_id)
            or next((u for path, u in area_admins if ka.office.path.startswith(path)), None)
            or anyone
        )
        if who is None:
            continue
        if rng.random() < PQ_SHARE:
            observed = start + dt.timedelta(days=rng.randint(0, days // 2))
            problems.append(
                PowerQualityProblem(
                    bp_id=ka.bp_id, office_id=ka.office_id,
                    observed_on=observed, kind=rng.choice(PqKind.values),
                    description="ลูกค้าแจ้งเครื่องจักรหยุดทำงานขณะแรงดันไฟฟ้าตกชั่วขณะ",
                    recorded_by=who,
                )
            )  # fmt: skip
            pq_bps.add(ka.bp_id)
        mean = PER_SEGMENT.get(ka.segment, 1.0) * (0.8 if ka.supplement else 1.0)
        wanted = int(mean) + (1 if rng.random() < mean - int(mean) else 0)
        booked: dict[str, int] = {}
        for _ in range(wanted * 2):  # a refused wish is skipped, as a KAMR would
            if sum(booked.values()) >= wanted:
                break
            code = rng.choices(list(CODE_WEIGHTS), list(CODE_WEIGHTS.values()))[0]
            decision = R.check(
                rules, segment=ka.segment, supplement=ka.supplement,
                pq_problem=ka.bp_id in pq_bps, booked=booked, code=code,
            )  # fmt: skip
            if not decision.allowed:
                continue
            booked[code] = booked.get(code, 0) + 1
            asked = start + dt.timedelta(days=rng.randint(0, days - 40))
            when = asked + dt.timedelta(days=rng.randint(5, 30))
            cancelled = rng.random() < 0.06
            done = not cancelled
            ack = done and rng.random() < 0.85
            requests.append(
                ServiceRequest(
                    bp_id=ka.bp_id, office_id=ka.office_id, fy=FY, code=code,
                    segment=ka.segment, supplement=ka.supplement,
                    status=RequestStatus.CANCELLED if cancelled else RequestStatus.DONE,
                    requested_on=asked, purpose="ลูกค้าขอรับบริการตามสิทธิประโยชน์ประจำปี",
                    scheduled_for=when, staff=who, completed_on=when if done else None,
                    report=_report(rng, code) if done else {},
                    ack_name=rng.choice(ACK) if ack else "",
                    ack_date=when + dt.timedelta(days=rng.randint(0, 7)) if ack else None,
                    cancel_reason="ลูกค้าขอเลื่อนไปปีงบประมาณถัดไป" if cancelled else "",
                    created_by=who,
                )
            )  # fmt: skip
            if cancelled:
                booked[code] -= 1
    # Plain bulk inserts (no history rows): demo data has no edits to audit, and this
    # keeps the step to a few seconds for ~10,000 requests.
    with transaction.atomic():
        PowerQualityProblem.objects.bulk_create(problems, batch_size=1000)
        ServiceRequest.objects.bulk_create(requests, batch_size=1000)
    done = sum(1 for r in requests if r.status == RequestStatus.DONE)
    return (
        f"Technical services: {len(requests)} FY{FY} requests ({done} done) for "
        f"{len(seen_bp)} key accounts, {len(problems)} power-quality problems"
    )
