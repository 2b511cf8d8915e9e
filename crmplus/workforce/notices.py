"""Training reminders and escalations (M-3.2: the Key Account course within 3 months
of appointment), a daily job.

- `reminder`: within the reminder window before the deadline (a setting, 14 days),
  to the appointee (their user account).
- `overdue`: once the deadline has passed, to the appointee, the Senior KAMRs and the
  area admins of the appointee's area (HQ appointees: HQ admins).

Each (person, deadline, stage) is notified once, however often the job runs.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse

from crmplus.approvals.notify import notify_text
from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import Role, User
from crmplus.workforce import rules
from crmplus.workforce.models import Employee, TrainingNotice
from crmplus.workforce.rules_settings import training_reminder_days
from crmplus.workforce.selectors import TrainingDue, training_compliance


def escalation_recipients(employee: Employee) -> list[User]:
    """Senior KAMRs and area admins over the employee's unit (HQ units: HQ admins)."""
    unit = employee.unit
    area = None if unit.is_hq else unit.area()
    users = User.objects.filter(is_active=True)
    if area is None:
        found = users.filter(role=Role.HQ_ADMIN)
    else:
        found = users.filter(
            role__in=[Role.SENIOR_KAMR, Role.AREA_ADMIN], home_unit__path__startswith=area.path
        ).filter(home_unit__path__in=_ancestor_paths(unit.path))
    return list(found.order_by("username"))


def _ancestor_paths(path: str) -> list[str]:
    """'/HQ/R1/N1/N1-0001/' → the path itself and every ancestor path."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def _texts(row: TrainingDue, stage: str) -> dict[str, tuple[str, str]]:
    e = row.employee
    due_th = row.due_on.strftime("%d/%m/") + str(row.due_on.year + 543)
    due_en = row.due_on.isoformat()
    if stage == rules.REMINDER:
        return {
            "th": (
                f"เตือน: {e.name_th} ต้องผ่านหลักสูตร Key Account ภายใน {due_th}",
                f"{e.name_th} ({e.employee_number}) ได้รับแต่งตั้งเป็น KAMR เมื่อ "
                f"{row.appointed_on.strftime('%d/%m/')}{row.appointed_on.year + 543} "
                f"และต้องผ่านการฝึกอบรมหลักสูตร Key Account ภายใน {due_th} "
                f"(อีก {row.days_left} วัน)",
            ),
            "en": (
                f"Reminder: {e.name_en or e.name_th} must complete the Key Account course "
                f"by {due_en}",
                f"{e.name_en or e.name_th} ({e.employee_number}) was appointed KAMR on "
                f"{row.appointed_on.isoformat()} and must complete the Key Account course "
                f"by {due_en} ({row.days_left} days left).",
            ),
        }
    late = -row.days_left
    return {
        "th": (
            f"เกินกำหนด: {e.name_th} ยังไม่ผ่านหลักสูตร Key Account (ครบกำหนด {due_th})",
            f"{e.name_th} ({e.employee_number}) หน่วยงาน {e.unit.name_th} ยังไม่ผ่านการฝึกอบรม"
            f"หลักสูตร Key Account ซึ่งครบกำหนดเมื่อ {due_th} (เกินมา {late} วัน) "
            f"โปรดติดตามให้เข้ารับการฝึกอบรม",
        ),
        "en": (
            f"Overdue: {e.name_en or e.name_th} has not completed the Key Account course "
            f"(due {due_en})",
            f"{e.name_en or e.name_th} ({e.employee_number}), {e.unit.name_en or e.unit.name_th}, "
            f"has not completed the Key Account course due on {due_en} ({late} days late). "
            f"Please follow up.",
        ),
    }


def training_notices_run(day: dt.date) -> str:
    """Send the reminders and escalations due on `day`; returns a one-line summary."""
    reminder_days = training_reminder_days(fiscal_year(day))
    sent = {rules.REMINDER: 0, rules.OVERDUE: 0}
    url = reverse("workforce:training_due")
    for row in training_compliance(user=None, on=day):
        stage = rules.notice_stage(row.days_left, reminder_days)
        if stage is None:
            continue
        if TrainingNotice.objects.filter(
            employee=row.employee, due_on=row.due_on, stage=stage
        ).exists():
            continue
        recipients: list[User] = []
        person = row.employee.user
        if person is not None and person.is_active:
            recipients.append(person)
        if stage == rules.OVERDUE:
            recipients += [u for u in escalation_recipients(row.employee) if u not in recipients]
        try:
            with transaction.atomic():
                TrainingNotice.objects.create(
                    employee=row.employee,
                    due_on=row.due_on,
                    stage=stage,
                    sent_on=day,
                    recipients=len(recipients),
                )
                if recipients:
                    notify_text(recipients, _texts(row, stage), url=url)
        except IntegrityError:
            continue  # another run sent it a moment ago
        sent[stage] += 1
    return f"{sent[rules.REMINDER]} reminders, {sent[rules.OVERDUE]} escalations"
