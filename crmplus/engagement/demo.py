"""Demo engagement data (a `manage.py demo_data` step, order 300).

FY2564 (Oct 2020 – Sep 2021), for every FY2564 key account with a responsible KAMR:
a KAM plan (approved through the approvals workflow for most), the year's visits
(Strategic most, Streamline least; most done with an outcome and expense, a few
cancelled or missed), Tele CRM contacts, and follow-up actions for the demo KAMRs who
have a login. Then, relative to today, upcoming visits and a few past visits waiting
for their outcome for every demo KAMR login, so the calendar and reminders are not empty.

Deterministic for a seed, idempotent (a second run adds nothing), bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import Role, User
from crmplus.engagement.models import (
    FollowUp,
    KamPlan,
    KamPlanActivity,
    KamPlanLine,
    PlanStatus,
    TeleCrmEntry,
    Visit,
    VisitChange,
    VisitChangeKind,
    VisitStatus,
)
from crmplus.engagement.rules import ExpenseRules, fy_month_start, visit_expense
from crmplus.engagement.rules_settings import expense_rules_for_fy

FY = 2564
REASON = "demo data"
# Visits planned in a year, Tele CRM contacts, and the benefits planned, by segment.
VISITS = {"strategic": 8, "star": 4, "status": 2, "streamline": 1}
CALLS = {"strategic": 4, "star": 2, "status": 1, "streamline": 0.5}
BENEFITS = {
    "strategic": ["FMS1", "FMS2", "FMS4", "FMS6", "RBA1", "RBA2", "RBA3", "COM1", "COM2", "COM4"],
    "star": ["FMS1", "FMS4", "FMS3", "RBA2", "RBA3", "COM1", "COM2"],
    "status": ["FMS1", "FMS4", "RBA2", "COM1"],
    "streamline": ["RBA2", "COM1"],
}
BUDGET = {"strategic": 30000, "star": 15000, "status": 6000, "streamline": 2000}
OBJECTIVES = ["relationship", "needs", "service", "problem", "project", "news", "retention"]
OBJECTIVE_WEIGHTS = [30, 20, 15, 12, 10, 8, 5]
TOPICS = [
    "ทบทวนการใช้ไฟฟ้าและค่าไฟฟ้า 6 เดือนที่ผ่านมา",
    "แผนขยายกำลังการผลิตและความต้องการพลังไฟฟ้าเพิ่ม",
    "การบำรุงรักษาหม้อแปลงและระบบไฟฟ้าภายใน",
    "อัตรา TOU และการย้ายโหลดไปช่วง Off-Peak",
    "ปัญหาแรงดันตกและไฟกะพริบในสายการผลิต",
    "แผนการดับไฟเพื่อบำรุงรักษาระบบของ กฟภ.",
    "การติดตั้งโซลาร์รูฟท็อปและการขนานไฟ",
]
NEEDS = [
    "ต้องการให้ตรวจหาจุดร้อนด้วยกล้องถ่ายภาพความร้อนก่อนหยุดเครื่องประจำปี",
    "ต้องการข้อมูล Load Profile เพื่อวางแผนลดค่าไฟฟ้า",
    "ต้องการให้แจ้งแผนดับไฟล่วงหน้าอย่างน้อย 7 วัน",
    "ต้องการคำปรึกษาการปรับปรุงค่าตัวประกอบกำลังไฟฟ้า",
    "",
]
ATTENDEES_CUSTOMER = [
    "ผู้จัดการโรงงาน, วิศวกรไฟฟ้า",
    "ผู้จัดการฝ่ายซ่อมบำรุง",
    "กรรมการผู้จัดการ, ผู้จัดการฝ่ายบัญชี",
    "หัวหน้างานไฟฟ้า, เจ้าหน้าที่ความปลอดภัย",
]
FOLLOWUPS = [
    "ส่งข้อเสนอการตรวจวัดคุณภาพไฟฟ้า",
    "ประสานแผนกปฏิบัติการเรื่องแผนดับไฟ",
    "ส่งข้อมูล Load Profile ย้อนหลัง 12 เดือน",
    "นัดตรวจหาจุดร้อนด้วยกล้องถ่ายภาพความร้อน",
    "ติดตามคำขอเพิ่มขนาดหม้อแปลง",
]
CALL_TEXT = {
    "inquiry": ["สอบถามรายละเอียดใบแจ้งค่าไฟฟ้า", "สอบถามขั้นตอนขอเพิ่มขนาดมิเตอร์"],
    "job_status": ["ติดตามสถานะคำร้องขอขยายเขตระบบไฟฟ้า", "ติดตามการเปลี่ยนมิเตอร์ TOU"],
    "problem": ["แจ้งไฟดับบางส่วนในโรงงาน ประสานศูนย์สั่งการแล้ว", "แรงดันตกช่วงบ่าย ส่งทีมตรวจสอบ"],
    "news": ["แจ้งแผนดับไฟเพื่อบำรุงรักษาระบบ", "แจ้งการปรับอัตราค่า Ft งวดใหม่"],
}
CALL_KINDS = ["inquiry", "job_status", "problem", "news"]
CALL_WEIGHTS = [35, 30, 20, 15]
CHANNELS = ["phone", "line", "email"]
CHANNEL_WEIGHTS = [60, 30, 10]


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _workday(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    span = (last - first).days
    for _i in range(10):
        day = first + dt.timedelta(days=rng.randint(0, span))
        if day.weekday() < 5:
            return day
    return first


def _month_days(fy: int, index: int) -> tuple[dt.date, dt.date]:
    start = fy_month_start(fy, index)
    end = fy_month_start(fy + 1, 1) if index == 12 else fy_month_start(fy, index + 1)
    return start, end - dt.timedelta(days=1)


def _spread(n: int) -> list[int]:
    """Months (1–12) of n planned visits, spread over the year."""
    if n <= 0:
        return []
    return [1 + (i * 12) // n + (12 // n) // 2 for i in range(n)]


def demo_engagement_step(seed: int) -> str:
    counts = demo_engagement_load(seed=seed)
    return (
        f"Engagement FY{FY}: {counts['plans']:,} KAM plans, {counts['visits']:,} visits "
        f"({counts['done']:,} done), {counts['calls']:,} Tele CRM contacts, "
        f"{counts['followups']:,} follow-ups; {counts['upcoming']} upcoming visits"
    )


def demo_engagement_load(*, seed: int) -> Counter:
    counts: Counter = Counter()
    if not Visit.objects.filter(fy=FY).exists():
        with transaction.atomic():
            _load_year(seed, counts)
    else:
        counts["plans"] = KamPlan.objects.filter(fy=FY).count()
        counts["visits"] = Visit.objects.filter(fy=FY).count()
        counts["done"] = Visit.objects.filter(fy=FY, status=VisitStatus.DONE).count()
        counts["calls"] = TeleCrmEntry.objects.filter(fy=FY).count()
        counts["followups"] = FollowUp.objects.filter(visit__fy=FY).count()
    if not Visit.objects.filter(fy__gt=FY).exists():
        with transaction.atomic():
            _load_upcoming(seed, counts)
    else:
        counts["upcoming"] = Visit.objects.filter(
            fy__gt=FY, starts_at__gte=timezone.now(), status=VisitStatus.PLANNED
        ).count()
    return counts


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__contains="_")}


def _load_year(seed: int, counts: Counter) -> None:
    from crmplus.keyaccounts.models import KeyAccount
    from crmplus.workforce.models import AccountAssignment

    users = _users()
    hq_admin = users.get("hq_admin") or User.objects.filter(role=Role.HQ_ADMIN).first()
    if hq_admin is None:
        return
    responsible = {
        (a.bp_id, a.office_id): a.employee
        for a in AccountAssignment.objects.filter(fy=FY)
        .select_related("employee__user")
        .order_by("start", "pk")
    }
    accounts = list(
        KeyAccount.objects.filter(fy=FY)
        .select_related("owner_area", "bp")
        .order_by("bp__bp_number", "office_id")
    )
    rules: ExpenseRules = expense_rules_for_fy(FY)
    rng = random.Random(f"crmplus-demo-engagement:{seed}")
    plans, plan_lines, visits, calls, visit_rows = [], [], [], [], []
    for ka in accounts:
        emp = responsible.get((ka.bp_id, ka.office_id))
        if emp is None:
            continue
        area = ka.owner_area.code.lower() if ka.owner_area_id else ""
        writer = emp.user or users.get(f"admin_{area}") or hq_admin
        seg = ka.segment if ka.segment in VISITS else "status"
        n_visits = max(1, VISITS[seg] + rng.choice([-1, 0, 0, 1]) * (seg == "strategic"))
        # Spread over the year, each account on its own rhythm (not all in one month).
        shift = rng.randrange(max(1, 12 // n_visits))
        months = sorted(((m - 1 + shift) % 12) + 1 for m in _spread(n_visits))
        draw = rng.random()
        status = (
            PlanStatus.APPROVED if draw < 0.85 else PlanStatus.SUBMITTED if draw < 0.95
            else PlanStatus.DRAFT
        )  # fmt: skip
        plan = KamPlan(
            fy=FY, bp_id=ka.bp_id, office_id=ka.office_id, owner_id=ka.owner_id, segment=seg,
            objectives=rng.choice([
                "รักษาฐานลูกค้าและเพิ่มความพึงพอใจต่อบริการของ กฟภ.",
                "ลดปัญหาไฟฟ้าขัดข้องและให้คำปรึกษาการใช้ไฟฟ้าอย่างมีประสิทธิภาพ",
                "สร้างความสัมพันธ์ระดับผู้บริหารและติดตามแผนขยายโหลด",
            ]),
            budget=Decimal(BUDGET[seg] + rng.randint(0, 10) * 500),
            status=status, created_by=writer,
        )  # fmt: skip
        plan._bp_name = ka.bp.name_th
        plans.append(plan)
        lines = Counter()
        for m in months:
            lines[("VISIT", m)] += 1
        for code in BENEFITS[seg]:
            if rng.random() < 0.8:
                lines[(code, rng.randint(2, 11))] += 1
        plan_lines.append(lines)
        # The visits of the year: most planned months give a done visit.
        for m in months:
            first, last = _month_days(FY, m)
            day = _workday(rng, first, last)
            starts = _aware(day, rng.choice([9, 10, 11, 13, 14, 15]), rng.choice([0, 30]))
            mode = "online" if rng.random() < 0.2 else "onsite"
            r = rng.random()
            if r < 0.05:
                continue  # missed: no visit that month
            v = Visit(
                fy=FY, bp_id=ka.bp_id, office_id=ka.owner_id, segment=seg, kamr=emp, mode=mode,
                starts_at=starts, duration_minutes=rng.choice([60, 90, 120]),
                location="" if mode == "onsite" else "Microsoft Teams",
                objective_code=rng.choices(OBJECTIVES, OBJECTIVE_WEIGHTS)[0],
                objective="", created_by=writer,
            )  # fmt: skip
            if r < 0.12:
                v.status = VisitStatus.CANCELLED
                v.cancel_reason = rng.choice(
                    ["ลูกค้าติดประชุมด่วน", "หยุดเครื่องจักรซ่อมบำรุง", "สถานการณ์โควิด-19"]
                )
            else:
                v.status = VisitStatus.DONE
                v.attendees_pea = emp.name_th
                v.attendees_customer = rng.choice(ATTENDEES_CUSTOMER)
                v.topics = rng.choice(TOPICS)
                v.customer_needs = rng.choice(NEEDS)
                v.done_at = starts + dt.timedelta(hours=3)
                if mode == "onsite":
                    v.distance_km = Decimal(rng.randint(4, 90))
                v.expense, v.expense_rule = visit_expense(mode, v.distance_km, rules)
            visits.append(v)
            visit_rows.append((v, writer, emp))
        n_calls = int(CALLS[seg]) or int(rng.random() < CALLS[seg])
        for _i in range(n_calls):
            kind = rng.choices(CALL_KINDS, CALL_WEIGHTS)[0]
            first, last = dt.date(2020, 10, 1), dt.date(2021, 9, 30)
            day = _workday(rng, first, last)
            calls.append(
                TeleCrmEntry(
                    fy=FY,
                    bp_id=ka.bp_id,
                    office_id=ka.owner_id,
                    segment=seg,
                    kind=kind,
                    channel=rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
                    at=_aware(day, rng.randint(8, 16), rng.randint(0, 59)),
                    summary=rng.choice(CALL_TEXT[kind]),
                    by=writer,
                )  # fmt: skip
            )
    bulk_create_with_history(
        plans, KamPlan, batch_size=2000, default_user=hq_admin, default_change_reason=REASON
    )
    KamPlanLine.objects.bulk_create(
        [
            KamPlanLine(plan=plan, code=code, month=month, planned=n)
            for plan, lines in zip(plans, plan_lines, strict=True)
            for (code, month), n in sorted(lines.items())
        ],
        batch_size=5000,
    )
    activities = []
    for plan, lines in zip(plans, plan_lines, strict=True):
        for (code, month), n in sorted(lines.items()):
            if code[:3] in ("RBA", "COM") and rng.random() < 0.8:
                first, last = _month_days(FY, month)
                activities.extend(
                    KamPlanActivity(
                        plan=plan, code=code, date=_workday(rng, first, last), by=plan.created_by
                    )  # fmt: skip
                    for _i in range(n)
                )
    KamPlanActivity.objects.bulk_create(activities, batch_size=5000)
    _approvals(plans, users, hq_admin)
    # Loaded rows, not edits: their history starts with the first change a user makes
    # (history rows for ~17,000 visits and ~9,000 calls would double the load time).
    Visit.objects.bulk_create(visits, batch_size=2000)
    changes, followups = [], []
    for v, writer, emp in visit_rows:
        if v.status == VisitStatus.CANCELLED:
            changes.append(
                VisitChange(
                    visit=v,
                    kind=VisitChangeKind.CANCELLED,
                    old_starts_at=v.starts_at,
                    reason=v.cancel_reason,
                    by=writer,
                    at=v.starts_at - dt.timedelta(days=2),
                )  # fmt: skip
            )
        elif emp.user_id and rng.random() < 0.4:
            followups.append(
                FollowUp(
                    visit=v,
                    description=rng.choice(FOLLOWUPS),
                    owner=emp.user,
                    due_date=timezone.localtime(v.starts_at).date() + dt.timedelta(days=14),
                    done=True,
                    done_at=v.starts_at + dt.timedelta(days=10),
                )  # fmt: skip
            )
    VisitChange.objects.bulk_create(changes, batch_size=5000)
    bulk_create_with_history(
        followups, FollowUp, batch_size=2000, default_user=hq_admin, default_change_reason=REASON
    )
    TeleCrmEntry.objects.bulk_create(calls, batch_size=2000)
    counts["plans"] = len(plans)
    counts["visits"] = len(visits)
    counts["done"] = sum(1 for v in visits if v.status == VisitStatus.DONE)
    counts["calls"] = len(calls)
    counts["followups"] = len(followups)


def _approvals(plans: list[KamPlan], users: dict[str, User], hq_admin: User) -> None:
    """Approval requests (and their events) of the submitted and approved demo plans."""
    from crmplus.approvals.models import ApprovalEvent, ApprovalRequest, ApprovalStatus
    from crmplus.approvals.routing import approver_unit_for
    from crmplus.core.models import OrgUnit

    ct = ContentType.objects.get_for_model(KamPlan)
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in={p.owner_id for p in plans})}
    approving: dict[int, OrgUnit] = {}
    approvers = {u.home_unit_id: u for u in User.objects.filter(role=Role.APPROVER, is_active=True)}
    requests, events = [], []
    submitted_at = _aware(dt.date(2020, 10, 20), 10)
    decided_at = _aware(dt.date(2020, 10, 30), 15)
    for plan in plans:
        if plan.status not in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
            continue
        owner = units[plan.owner_id]
        if owner.pk not in approving:
            approving[owner.pk] = approver_unit_for(owner)
        target = approving[owner.pk]
        approver = approvers.get(target.pk)
        approved = plan.status == PlanStatus.APPROVED and approver is not None
        if not approved:
            plan.status = PlanStatus.SUBMITTED
        requests.append(
            ApprovalRequest(
                kind="engagement.plan",
                content_type=ct,
                object_id=plan.pk,
                unit=owner,
                approver_unit=target,
                title=f"แผน KAM ปี {FY}: {getattr(plan, '_bp_name', '')}"[:200],
                summary=plan.objectives,
                round=1,
                submitted_by=plan.created_by,
                submitted_at=submitted_at,
                status=ApprovalStatus.APPROVED if approved else ApprovalStatus.PENDING,
                decided_by=approver if approved else None,
                decided_at=decided_at if approved else None,
            )  # fmt: skip
        )
    ApprovalRequest.objects.bulk_create(requests, batch_size=2000)
    for req in requests:
        events.append(
            ApprovalEvent(
                request=req, action="submitted", round=1, actor=req.submitted_by, at=submitted_at
            )  # fmt: skip
        )
        if req.status == ApprovalStatus.APPROVED:
            events.append(
                ApprovalEvent(
                    request=req, action="approved", round=1, actor=req.decided_by, at=decided_at
                )  # fmt: skip
            )
    ApprovalEvent.objects.bulk_create(events, batch_size=5000)
    KamPlan.objects.filter(pk__in=[p.pk for p in plans if p.status == PlanStatus.SUBMITTED]).update(
        status=PlanStatus.SUBMITTED
    )


def _load_upcoming(seed: int, counts: Counter) -> None:
    """Visits around today for every demo KAMR with a login (calendar, reminders)."""
    from crmplus.workforce.models import AccountAssignment, Employee

    today = timezone.localdate()
    rng = random.Random(f"crmplus-demo-engagement-upcoming:{seed}:{today.isoformat()}")
    rules = expense_rules_for_fy(fiscal_year(today))
    staff = list(
        Employee.objects.filter(user__isnull=False, is_active=True)
        .select_related("user")
        .order_by("employee_number")
    )
    visits, meta = [], []
    for emp in staff:
        accounts = list(
            AccountAssignment.objects.filter(employee=emp)
            .select_related("bp")
            .order_by("-fy", "bp__bp_number")[:40]
        )
        if not accounts:
            continue
        picks = rng.sample(accounts, min(len(accounts), 9))
        for i, a in enumerate(picks):
            if i < 6:  # upcoming: over the next four weeks
                day = _workday(rng, today + dt.timedelta(days=1), today + dt.timedelta(days=28))
                status = VisitStatus.PLANNED
            elif i < 8:  # past, still waiting for the outcome
                day = _workday(rng, today - dt.timedelta(days=6), today - dt.timedelta(days=1))
                status = VisitStatus.PLANNED
            else:  # done last week, with a follow-up now overdue
                day = _workday(rng, today - dt.timedelta(days=20), today - dt.timedelta(days=8))
                status = VisitStatus.DONE
            mode = "online" if rng.random() < 0.2 else "onsite"
            v = Visit(
                fy=fiscal_year(day), bp_id=a.bp_id, office_id=a.unit_id, segment="",
                kamr=emp, mode=mode, starts_at=_aware(day, rng.choice([9, 10, 13, 14])),
                duration_minutes=90, objective_code=rng.choices(OBJECTIVES, OBJECTIVE_WEIGHTS)[0],
                location="" if mode == "onsite" else "Microsoft Teams", status=status,
                created_by=emp.user,
            )  # fmt: skip
            if status == VisitStatus.DONE:
                v.attendees_pea = emp.name_th
                v.attendees_customer = rng.choice(ATTENDEES_CUSTOMER)
                v.topics = rng.choice(TOPICS)
                v.customer_needs = rng.choice(NEEDS[:-1])
                v.done_at = v.starts_at + dt.timedelta(hours=3)
                v.distance_km = Decimal(20) if mode == "onsite" else None
                v.expense, v.expense_rule = visit_expense(mode, v.distance_km, rules)
            visits.append(v)
            meta.append(emp)
    bulk_create_with_history(visits, Visit, batch_size=2000, default_change_reason=REASON)
    followups = [
        FollowUp(
            visit=v,
            description=rng.choice(FOLLOWUPS),
            owner=emp.user,
            due_date=today - dt.timedelta(days=2),
        )  # fmt: skip
        for v, emp in zip(visits, meta, strict=True)
        if v.status == VisitStatus.DONE
    ]
    bulk_create_with_history(followups, FollowUp, default_change_reason=REASON)
    counts["upcoming"] = sum(
        1 for v in visits if v.status == VisitStatus.PLANNED and v.starts_at > timezone.now()
    )
