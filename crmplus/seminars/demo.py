"""Demo seminars for FY2564: two or three events per area and two for HQ, made through
the services and the approvals workflow (so each has its history and approvals).

- In the first area, one event sits just under the cap per event (99,850 baht).
- In the second area, one event has an approved exception: an external speaker's fee
  approved on top of the cap, and a food line above the regulation rate.
- Approved events are held: key accounts of the area are invited, most answer, most
  come and rate the event 1–5; actual amounts are recorded and the events closed.

Deterministic for a seed (random.Random per area); idempotent (nothing is added once
FY2564 has events).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from crmplus.core.models import OrgUnit, OrgUnitKind, User

FY = 2564
INVITED_PER_EVENT = 12

VENUES = [
    "โรงแรมเซ็นทารา",
    "ห้องประชุมการไฟฟ้าเขต",
    "โรงแรมแกรนด์ริเวอร์",
    "ศูนย์ประชุมนานาชาติ",
    "รีสอร์ทริมน้ำ",
]
AGENDA = (
    "08.30 ลงทะเบียน\n"
    "09.00 พิธีเปิดโดยผู้อำนวยการการไฟฟ้าเขต\n"
    "09.30 ทิศทางพลังงานและอัตราค่าไฟฟ้า\n"
    "10.45 บริการเสริมของ กฟภ. สำหรับลูกค้ารายใหญ่ (FMS)\n"
    "12.00 รับประทานอาหารกลางวัน\n"
    "13.00 เสวนาการใช้พลังงานอย่างมีประสิทธิภาพ\n"
    "15.30 ตอบข้อซักถามและปิดการสัมมนา"
)


def _users() -> dict[str, User]:
    return {
        u.username: u
        for u in User.objects.filter(
            username__regex=r"^(admin|approver)_[a-z0-9]+$|^hq_(admin|approver)$"
        )
    }


def _approve(subject, approver: User) -> None:
    from crmplus.approvals.services import approval_approve, approval_for

    approval_approve(request=approval_for(subject), by=approver, comment="อนุมัติตามเสนอ")


def _hold(rng: random.Random, event, by: User) -> tuple[int, int]:
    """Invite key accounts of the event's area, record RSVP, attendance, satisfaction."""
    from crmplus.customers.models import BusinessPartner, Contact
    from crmplus.keyaccounts.models import KeyAccount
    from crmplus.seminars.services import (
        attendance_record,
        invitation_create,
        invitation_set_rsvp,
    )

    kas = KeyAccount.objects.filter(fy=FY).order_by("bp__bp_number")
    if not event.unit.is_hq:
        kas = kas.filter(owner_area=event.unit.area())
    bp_ids = list(dict.fromkeys(kas.values_list("bp_id", flat=True)))
    if not bp_ids:
        return 0, 0
    chosen = rng.sample(bp_ids, min(INVITED_PER_EVENT, len(bp_ids)))
    bps = BusinessPartner.objects.in_bulk(chosen)
    contacts: dict[int, Contact] = {}
    for c in Contact.objects.filter(bp_id__in=chosen).order_by("-is_primary", "pk"):
        contacts.setdefault(c.bp_id, c)
    invited = came = 0
    for bp_id in chosen:
        inv = invitation_create(event=event, bp=bps[bp_id], contact=contacts.get(bp_id), by=by)
        invited += 1
        answer = rng.random()
        if answer < 0.8:
            invitation_set_rsvp(invitation=inv, rsvp="accepted", by=by)
            if rng.random() < 0.85:
                score = rng.choices([3, 4, 5], [15, 50, 35])[0]
                attendance_record(invitation=inv, attended=True, satisfaction=score, by=by)
                came += 1
        elif answer < 0.92:
            invitation_set_rsvp(invitation=inv, rsvp="declined", by=by)
    return invited, came


def _close(event, by: User, rng: random.Random, exact: bool = False) -> None:
    from crmplus.seminars.models import EventStatus
    from crmplus.seminars.services import budget_line_record_actual, event_close

    event.refresh_from_db()
    if event.status != EventStatus.HELD:
        return
    for line in event.lines.order_by("pk"):
        # Most lines cost what was planned; a few came in a little lower.
        actual = line.planned_amount
        if rng.random() < 0.3 and not exact:
            actual = (line.planned_amount * Decimal("0.95")).quantize(Decimal("0.01"))
        budget_line_record_actual(line=line, by=by, actual_amount=actual)
    event_close(event=event, by=by)


def _plan(event, by: User, lines: list[dict]) -> None:
    from crmplus.seminars.services import budget_line_save

    for values in lines:
        budget_line_save(event=event, by=by, **values)


def _event(by: User, unit: OrgUnit, kind: str, title: str, start: dt.date, days: int, venue: str):
    from crmplus.seminars.services import event_save

    return event_save(
        by=by,
        kind=kind,
        unit=unit,
        title=title,
        starts_on=start,
        ends_on=start + dt.timedelta(days=days - 1),
        venue=venue,
        agenda=AGENDA if kind == "seminar" else "",
    )


def _standard_lines(rng: random.Random, people: int, days: int, venue: int) -> list[dict]:
    executives = max(2, people // 8)
    return [
        {"category": "venue", "description": "ค่าเช่าห้องประชุมและอุปกรณ์", "planned_amount": venue},
        {
            "category": "food",
            "description": "อาหารกลางวันและอาหารว่าง",
            "attendees_executive": executives,
            "attendees_operational": people - executives,
            "days": days,
        },
        {
            "category": "materials",
            "description": "เอกสารประกอบการสัมมนา",
            "attendees_executive": executives,
            "attendees_operational": people - executives,
            "days": 1,
        },
        {
            "category": "souvenirs",
            "description": "ของที่ระลึก",
            "planned_amount": 100 * rng.randint(30, 60),
        },
    ]


def demo_seminars_load(*, seed: int) -> dict[str, int]:
    from crmplus.seminars.models import Event
    from crmplus.seminars.services import event_submit, exception_request

    stats = {"events": 0, "invited": 0, "attended": 0, "exceptions": 0}
    if Event.objects.filter(fy=FY).exists():
        return _counts()
    users = _users()
    hq = OrgUnit.objects.filter(kind=OrgUnitKind.HQ).first()
    areas = list(OrgUnit.objects.filter(kind=OrgUnitKind.AREA).order_by("code"))
    if hq is None or not areas:
        return stats
    with transaction.atomic():
        plans: list[tuple] = []
        for i, area in enumerate(areas):
            admin = users.get(f"admin_{area.code.lower()}")
            approver = users.get(f"approver_{area.code.lower()}")
            if admin is None or approver is None:
                continue
            rng = random.Random(f"crmplus-demo-seminars:{seed}:{area.code}")
            month = 1 + (i % 8)  # Jan–Aug 2021: inside FY2564
            start = dt.date(2021, month, 10 + rng.randint(0, 10))
            # Kept under the cap: at most 45 people and 30,000 baht of venue.
            people = 30 if i == 1 else rng.randint(30, 45)
            # 1. The area's large-customer seminar.
            e1 = _event(
                admin, area, "seminar", f"สัมมนาลูกค้ารายใหญ่ {area.name_th} ประจำปี 2564", start,
                1, rng.choice(VENUES),
            )  # fmt: skip
            lines = _standard_lines(rng, people, 1, 1000 * rng.randint(15, 30))
            _plan(e1, admin, lines)
            if i == 0:
                # Near the cap: a venue line tops the plan up to 99,850 baht.
                from crmplus.seminars.selectors import event_cap_check

                used = event_cap_check(e1).event.used
                _plan(e1, admin, [{
                    "category": "other", "description": "รถรับส่งผู้เข้าร่วม",
                    "planned_amount": Decimal("99850.00") - used,
                }])  # fmt: skip
            if i == 1:
                # An approved exception: an external speaker's fee, and food above the rate.
                _plan(e1, admin, [{
                    "category": "speaker_fee",
                    "description": "ค่าตอบแทนวิทยากรภายนอก (ผู้เชี่ยวชาญด้านพลังงาน)",
                    "planned_amount": "15000.00",
                }])  # fmt: skip
                food = e1.lines.get(category="food")
                from crmplus.seminars.services import budget_line_save

                food = budget_line_save(
                    event=e1, by=admin, line=food, category="food",
                    description=food.description,
                    planned_amount=(food.regulation_amount * Decimal("1.2")).quantize(
                        Decimal("0.01")
                    ),
                    attendees_executive=food.attendees_executive,
                    attendees_operational=food.attendees_operational, days=food.days,
                )  # fmt: skip
                for line in e1.lines.filter(category__in=["speaker_fee", "food"]).order_by("pk"):
                    exc = exception_request(
                        line=line,
                        by=admin,
                        justification=(
                            "วิทยากรผู้เชี่ยวชาญเฉพาะด้านประสิทธิภาพพลังงาน ลูกค้าร้องขอ"
                            if line.is_speaker_fee
                            else "จัดในโรงแรมที่ลูกค้าสะดวก อัตราค่าอาหารสูงกว่าระเบียบ"
                        ),
                    )
                    _approve(exc, approver)
                    stats["exceptions"] += 1
            event_submit(event=e1, by=admin)
            _approve(e1, approver)
            plans.append((rng, e1, admin, True, i == 0))
            # 2. A study trip, recreation or reception.
            kind = ["study_trip", "recreation", "reception"][i % 3]
            title = {
                "study_trip": f"ศึกษาดูงานโรงไฟฟ้าพลังงานหมุนเวียน ({area.code})",
                "recreation": f"กีฬาเชื่อมความสัมพันธ์ลูกค้ารายใหญ่ ({area.code})",
                "reception": f"งานเลี้ยงขอบคุณลูกค้ารายใหญ่ ({area.code})",
            }[kind]
            start2 = dt.date(2021, 1 + ((i + 4) % 8), 5 + rng.randint(0, 15))
            days = 2 if kind == "study_trip" else 1
            e2 = _event(admin, area, kind, title, start2, days, rng.choice(VENUES))
            lines2 = [
                {"category": "venue", "planned_amount": 1000 * rng.randint(8, 20)},
                {
                    "category": "food",
                    "attendees_executive": 3,
                    "attendees_operational": rng.randint(20, 25 if days > 1 else 35),
                    "days": days,
                },
            ]
            if kind == "study_trip":
                lines2.append(
                    {
                        "category": "other",
                        "description": "ค่าเช่ารถบัสศึกษาดูงาน",
                        "planned_amount": "18000.00",
                    }
                )
            _plan(e2, admin, lines2)
            if i % 4 != 3:
                event_submit(event=e2, by=admin)
                _approve(e2, approver)
                plans.append((rng, e2, admin, i % 2 == 0, False))
            stats["events"] += 2
        # HQ: two seminars for national customers, 85,000 of the 100,000 baht a year.
        admin, approver = users.get("hq_admin"), users.get("hq_approver")
        if admin is not None and approver is not None:
            rng = random.Random(f"crmplus-demo-seminars:{seed}:HQ")
            for n, (title, start, venue_cost) in enumerate(
                [
                    ("สัมมนาลูกค้ารายใหญ่ระดับประเทศ", dt.date(2021, 3, 18), 20000),
                    ("สัมมนาผู้บริหารลูกค้ากลุ่ม Strategic", dt.date(2021, 7, 22), 12000),
                ]
            ):
                e = _event(admin, hq, "seminar", title, start, 1, "สำนักงานใหญ่ กฟภ.")
                _plan(e, admin, _standard_lines(rng, 20 - 5 * n, 1, venue_cost))
                event_submit(event=e, by=admin)
                _approve(e, approver)
                plans.append((rng, e, admin, True, False))
                stats["events"] += 1
        for rng, event, admin, close, exact in plans:
            invited, came = _hold(rng, event, admin)
            stats["invited"] += invited
            stats["attended"] += came
            if close:
                _close(event, admin, rng, exact)
    return stats


def _counts() -> dict[str, int]:
    from crmplus.seminars.models import Event, ExceptionRequest, ExceptionStatus, Invitation

    invitations = Invitation.objects.filter(event__fy=FY)
    return {
        "events": Event.objects.filter(fy=FY).count(),
        "invited": invitations.count(),
        "attended": invitations.filter(attended=True).count(),
        "exceptions": ExceptionRequest.objects.filter(
            line__event__fy=FY, status=ExceptionStatus.APPROVED
        ).count(),
    }


def demo_step(seed: int) -> str:
    s = demo_seminars_load(seed=seed)
    return (
        f"Seminars FY{FY}: {s['events']} events, {s['invited']} invitations, "
        f"{s['attended']} attended, {s['exceptions']} approved exceptions"
    )
