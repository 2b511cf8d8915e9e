"""Demo KAMR workforce: the 2021 roster (memo table 2.3) per area, approved from the
start of FY2564, key accounts assigned, training with some overdue, and a few
mid-year replacements that go through the approvals workflow.

Run after `crmplus.core.demo` and `crmplus.keyaccounts.demo` (which makes the FY2564
key accounts). Deterministic for a seed; a second run stores nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from crmplus.core.demo_words import FIRST_NAMES, LAST_NAMES
from crmplus.core.models import OfficeClass, OrgUnit, OrgUnitKind, User
from crmplus.workforce.models import (
    AccountAssignment,
    Appointment,
    AppointmentRole,
    AppointmentStatus,
    Course,
    CourseKind,
    Employee,
    TrainingRecord,
    TrainingSession,
)
from crmplus.workforce.selectors import training_overdue_list

TABLE_CSV = Path(__file__).resolve().parents[1] / "keyaccounts" / "data" / "ka_2021_report.csv"
LIST_FY = 2564
FY_START = dt.date(2020, 10, 1)  # FY2564 starts 1 Oct 2020
REPLACED_ON = dt.date(2021, 3, 16)  # the mid-year replacements start here
EMPLOYEE_PREFIX = "4900"  # demo employee numbers: "4900" + 4-digit index
REASON = "demo data"
REPLACEMENTS = 6  # areas (in table order) where one office KAMR is replaced mid-year
UNTRAINED_SHARE = 0.08  # appointees with no Key Account course record (overdue)
UNASSIGNED_EVERY = 50  # every 50th key account is left without a KAMR (coverage list)
BRANCH_RANK = {OfficeClass.BRANCH_1: 0, OfficeClass.BRANCH_2: 1, OfficeClass.BRANCH_3: 2}
COLUMNS = {"kamr_area": "kamr_area", "kamr_office": "kamr_office", "senior": "senior_kamr"}


@dataclass
class DemoWorkforce:
    created: bool = False
    employees: int = 0
    appointments: int = 0
    replacements: int = 0
    assignments: int = 0
    unassigned: int = 0
    overdue: int = 0  # appointees in office today without the Key Account course
    linked_users: list[str] = field(default_factory=list)
    # area code → {"kamr_area": n, "kamr_office": n, "senior": n}, positions filled on
    # the first day of FY2564 (HQ's KAMRs are counted as office level, as in the table).
    by_area: dict[str, dict[str, int]] = field(default_factory=dict)


def table_2021() -> dict[str, dict[str, int]]:
    """KAMRs per area (and HQ) from PEA's 2021 report, in table order."""
    rows: dict[str, dict[str, int]] = {}
    with TABLE_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["area"] == "ALL":
                continue
            rows[row["area"]] = {key: int(row[col]) for key, col in COLUMNS.items()}
    return rows


def _ranked_offices(area: OrgUnit, offices: list[OrgUnit], ka_per_office: Counter, first: str):
    """Where the area's office KAMRs sit: the showcase office first, then offices by key
    accounts of FY2564 (most first), then class 1–3 branches, then the rest."""

    def key(o: OrgUnit):
        return (o.code != first, -ka_per_office[o.pk], BRANCH_RANK.get(o.office_class, 9), o.code)

    mine = [o for o in offices if o.path.startswith(area.path)]
    with_ka = [o for o in mine if ka_per_office[o.pk] or o.code == first]
    rest = [o for o in mine if o not in with_ka and o.office_class in BRANCH_RANK]
    ranked = sorted(with_ka, key=key) + sorted(rest, key=key)
    return ranked or sorted(mine, key=key)


def _spread(count: int, places: list, weights: list[int]) -> list:
    """`count` seats over `places`: one each in order, extra seats by weight."""
    if not places:
        return []
    seats = list(places[:count])
    extra = count - len(seats)
    order = sorted(range(len(places)), key=lambda i: (-weights[i], i))
    i = 0
    while extra > 0:
        seats.append(places[order[i % len(order)]])
        i += 1
        extra -= 1
    return seats


def demo_workforce_summary() -> dict[str, dict[str, int]]:
    """Demo positions filled on the first day of FY2564, per area and column of the table."""
    counts: dict[str, Counter] = defaultdict(Counter)
    areas = {u.path: u.code for u in OrgUnit.objects.filter(kind=OrgUnitKind.AREA)}
    rows = (
        Appointment.objects.active_on(FY_START)
        .filter(employee__employee_number__startswith=EMPLOYEE_PREFIX)
        .values_list("role", "unit__path", "unit__kind")
    )
    for role, path, kind in rows:
        if kind == OrgUnitKind.HQ:
            area = "HQ"
        else:
            area = next((code for p, code in areas.items() if path.startswith(p)), "?")
        column = "kamr_office" if role == AppointmentRole.KAMR_HQ else role
        counts[area][column] += 1
    return {a: {k: c[k] for k in COLUMNS} for a, c in counts.items()}


def demo_workforce_load(*, seed: int) -> DemoWorkforce:
    """Load the demo roster, appointments, assignments and training; safe to run again."""
    result = DemoWorkforce()
    demo = Employee.objects.filter(employee_number__startswith=EMPLOYEE_PREFIX)
    hq = OrgUnit.objects.filter(kind=OrgUnitKind.HQ).first()
    users = {u.username: u for u in User.objects.filter(username__contains="_")}
    if hq is None or "hq_admin" not in users:
        return result
    if not demo.exists():
        with transaction.atomic():
            _load(result, seed=seed, hq=hq, users=users)
        result.created = True
    result.employees = demo.count()
    result.appointments = Appointment.objects.filter(employee__in=demo).count()
    result.replacements = Appointment.objects.filter(
        employee__in=demo, replaces__isnull=False
    ).count()
    result.assignments = AccountAssignment.objects.filter(employee__in=demo).count()
    result.linked_users = sorted(
        demo.filter(user__isnull=False).values_list("user__username", flat=True)
    )
    result.by_area = demo_workforce_summary()
    result.overdue = len(training_overdue_list(user=users["hq_admin"]))
    return result


def _load(result: DemoWorkforce, *, seed: int, hq: OrgUnit, users: dict[str, User]) -> None:
    from crmplus.keyaccounts.models import KeyAccount

    rng = random.Random(seed)
    areas = {u.code: u for u in OrgUnit.objects.filter(kind=OrgUnitKind.AREA)}
    offices = list(OrgUnit.objects.filter(kind=OrgUnitKind.OFFICE, is_active=True))
    key_accounts = list(KeyAccount.objects.filter(fy=LIST_FY).order_by("office_id", "bp_id"))
    ka_per_office = Counter(ka.office_id for ka in key_accounts)
    hq_admin = users["hq_admin"]

    # 1. Seats: (role, unit) per position of the table.
    seats: list[tuple[str, OrgUnit]] = []
    for code, wanted in table_2021().items():
        if code == "HQ":
            seats += [(AppointmentRole.KAMR_HQ, hq)] * wanted["kamr_office"]
            continue
        area = areas.get(code)
        if area is None:
            continue
        showcase = users.get(f"kamr_{code.lower()}")
        first = showcase.home_unit.code if showcase else ""
        ranked = _ranked_offices(area, offices, ka_per_office, first)
        weights = [ka_per_office[o.pk] for o in ranked]
        seats += [(AppointmentRole.KAMR_AREA, area)] * wanted["kamr_area"]
        seats += [
            (AppointmentRole.KAMR_OFFICE, o)
            for o in _spread(wanted["kamr_office"], ranked, weights)
        ]
        # The first Senior KAMR works at the area, the others at its busiest offices.
        if wanted["senior"]:
            seats.append((AppointmentRole.SENIOR, area))
            seats += [
                (AppointmentRole.SENIOR, o) for o in _spread(wanted["senior"] - 1, ranked, weights)
            ]

    # 2. One employee per seat, and one more per mid-year replacement.
    def person(i: int, unit: OrgUnit, level: int) -> Employee:
        first_th, first_en = FIRST_NAMES[(i * 7 + seed) % len(FIRST_NAMES)]
        last_th, last_en = LAST_NAMES[(i * 13 + seed * 3) % len(LAST_NAMES)]
        return Employee(
            employee_number=f"{EMPLOYEE_PREFIX}{i:04d}",
            name_th=f"{first_th} {last_th}",
            name_en=f"{first_en} {last_en}".title(),
            position_level=level,
            unit=unit,
            phone=f"08{rng.randrange(10**7, 10**8)}",
            email=f"kamr{i:04d}@demo.pea.invalid",
        )

    level = {
        AppointmentRole.KAMR_HQ: (7, 10),
        AppointmentRole.KAMR_AREA: (7, 10),
        AppointmentRole.KAMR_OFFICE: (5, 8),
        AppointmentRole.SENIOR: (8, 11),
    }
    people = [
        person(i + 1, unit, rng.randint(*level[role])) for i, (role, unit) in enumerate(seats)
    ]
    bulk_create_with_history(people, Employee, default_change_reason=REASON)
    people = list(
        Employee.objects.filter(employee_number__startswith=EMPLOYEE_PREFIX).order_by(
            "employee_number"
        )
    )
    appointments = [
        Appointment(
            employee=p,
            role=role,
            unit=unit,
            start=FY_START,
            status=AppointmentStatus.APPROVED,
            note=REASON,
            created_by=hq_admin,
        )
        for p, (role, unit) in zip(people, seats, strict=True)
    ]
    bulk_create_with_history(appointments, Appointment, default_change_reason=REASON)
    appointments = list(
        Appointment.objects.filter(employee__in=people).select_related("employee", "unit")
    )

    # 3. Demo users: kamr_<area> is an office KAMR of their office, senior_<area> the
    # area's Senior KAMR.
    for username, user in sorted(users.items()):
        prefix, _sep, code = username.partition("_")
        if prefix not in {"kamr", "senior"}:
            continue
        role = AppointmentRole.KAMR_OFFICE if prefix == "kamr" else AppointmentRole.SENIOR
        match = next(
            (
                a
                for a in appointments
                if a.role == role and a.unit_id == user.home_unit_id and a.employee.user_id is None
            ),
            None,
        )
        if match is None:
            continue
        match.employee.user = user
        match.employee._change_reason = REASON
        match.employee.save()

    # 4. Key accounts: each to an office KAMR of its office (else of its area; HQ's to
    # HQ's KAMRs), the office's other KAMR as backup; a few left for the coverage list.
    office_kamrs: dict[int, list[Employee]] = defaultdict(list)
    area_kamrs: dict[int, list[Employee]] = defaultdict(list)
    area_of = {
        o.pk: next((a for a in areas.values() if o.path.startswith(a.path)), None) for o in offices
    }
    for a in appointments:
        if a.role == AppointmentRole.KAMR_OFFICE:
            office_kamrs[a.unit_id].append(a.employee)
            if area_of.get(a.unit_id):
                area_kamrs[area_of[a.unit_id].pk].append(a.employee)
        elif a.role == AppointmentRole.KAMR_HQ:
            area_kamrs[hq.pk].append(a.employee)
    assignments = []
    turn: Counter = Counter()
    for n, ka in enumerate(key_accounts, start=1):
        if n % UNASSIGNED_EVERY == 0:
            result.unassigned += 1
            continue
        pool = office_kamrs.get(ka.office_id) or area_kamrs.get(ka.owner_area_id) or []
        if ka.owner_area_id == hq.pk:
            pool = area_kamrs.get(hq.pk, [])
        if not pool:
            result.unassigned += 1
            continue
        key = (ka.office_id, ka.owner_area_id)
        responsible = pool[turn[key] % len(pool)]
        backup = pool[(turn[key] + 1) % len(pool)] if len(pool) > 1 else None
        turn[key] += 1
        assignments.append(
            AccountAssignment(
                fy=ka.fy,
                bp_id=ka.bp_id,
                office_id=ka.office_id,
                unit_id=ka.owner_id,
                employee=responsible,
                backup=backup,
                start=FY_START,
                note=REASON,
                created_by=hq_admin,
            )
        )
    bulk_create_with_history(
        assignments, AccountAssignment, batch_size=1000, default_change_reason=REASON
    )

    # 5. Mid-year replacements through the approvals workflow (hand-over included).
    replaced = _replace_some(
        rng, appointments, areas, users, start_index=len(people) + 1, make=person
    )
    result.replacements = len(replaced)

    # 6. Training: the Key Account course; most passed it in time, some never attended.
    _train(rng, hq, people, replaced)


def _replace_some(rng, appointments, areas, users, *, start_index, make) -> list[Employee]:
    from crmplus.approvals.services import approval_approve, approval_for
    from crmplus.workforce.services import appointment_create, appointment_submit

    done: list[Employee] = []
    codes = [c for c in table_2021() if c in areas][:REPLACEMENTS]
    for n, code in enumerate(codes):
        admin, approver = users.get(f"admin_{code.lower()}"), users.get(f"approver_{code.lower()}")
        area = areas[code]
        candidates = [
            a
            for a in appointments
            if a.role == AppointmentRole.KAMR_OFFICE
            and a.unit.path.startswith(area.path)
            and a.employee.user_id is None
        ]
        if not (admin and approver and candidates):
            continue
        old = candidates[rng.randrange(len(candidates))]
        newcomer = make(start_index + n, old.unit, rng.randint(4, 6))
        newcomer._change_reason = REASON
        newcomer.save()
        appointment = appointment_create(
            employee=newcomer,
            role=old.role,
            unit=old.unit,
            start=REPLACED_ON,
            replaces=old,
            note=REASON,
            by=admin,
        )
        appointment_submit(appointment=appointment, by=admin)
        approval_approve(request=approval_for(appointment), by=approver, comment=REASON)
        done.append(newcomer)
    return done


def _train(rng, hq: OrgUnit, people, replaced) -> None:
    course, _created = Course.objects.get_or_create(
        code="KA-101",
        defaults={
            "name_th": "หลักสูตรการบริหารลูกค้ารายสำคัญ (Key Account)",
            "name_en": "Key Account management course",
            "kind": CourseKind.KEY_ACCOUNT,
        },
    )
    first = TrainingSession.objects.create(
        course=course, unit=hq, starts_on=dt.date(2020, 12, 7), ends_on=dt.date(2020, 12, 9),
        location="สำนักงานใหญ่ กรุงเทพฯ",
    )  # fmt: skip
    later = TrainingSession.objects.create(
        course=course, unit=hq, starts_on=dt.date(2021, 5, 24), ends_on=dt.date(2021, 5, 26),
        location="สำนักงานใหญ่ กรุงเทพฯ",
    )  # fmt: skip
    records = []
    for p in people:
        if rng.random() < UNTRAINED_SHARE:
            continue
        day = first.starts_on + dt.timedelta(days=rng.randrange(3))
        records.append(
            TrainingRecord(
                session=first,
                employee=p,
                attended_on=day,
                passed=True,
                score=rng.randint(65, 98),
            )
        )
    # Half of the replacements have passed; the others are overdue.
    for i, p in enumerate(replaced):
        if i % 2:
            continue
        records.append(
            TrainingRecord(
                session=later, employee=p, attended_on=later.starts_on, passed=True, score=80
            )
        )
    bulk_create_with_history(records, TrainingRecord, default_change_reason=REASON)
