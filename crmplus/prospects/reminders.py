"""The pipeline's daily job: tell the responsible staff when a prospect becomes stalled
today and when its next action is due today (in-app bell and e-mail)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from crmplus.approvals.notify import notify_text
from crmplus.prospects.models import Prospect
from crmplus.prospects.rules_settings import pipeline_for_fy


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tz)
    return start, start + dt.timedelta(days=1)


def daily_reminders(day: dt.date) -> str:
    """Run once a day (crmplus.core.scheduler); safe to run again for the same day only
    in the sense that it notifies again, so the scheduler's once-a-day record matters."""
    rules = pipeline_for_fy()
    stalled = 0
    for stage in rules.stages:
        if stage.stall_days <= 0:
            continue
        # Stalled from the day after the threshold: entered on day - stall_days - 1.
        start, end = _day_bounds(day - dt.timedelta(days=stage.stall_days + 1))
        qs = Prospect.objects.filter(
            stage=stage.key, stage_entered_at__gte=start, stage_entered_at__lt=end
        ).exclude(responsible=None)
        for p in qs.select_related("responsible"):
            notify_text(
                [p.responsible],
                {
                    "th": (
                        f"ลูกค้าที่มีศักยภาพชะงัก: {p.company_name}",
                        f"{p.company_name} อยู่ในขั้นตอน “{stage.label_th}” เกิน "
                        f"{stage.stall_days} วันแล้ว",
                    ),
                    "en": (
                        f"Stalled prospect: {p.company_name}",
                        f"{p.company_name} has been in “{stage.label_en}” for more than "
                        f"{stage.stall_days} days.",
                    ),
                },
                url=p.get_absolute_url(),
            )
            stalled += 1
    due = 0
    for p in (
        Prospect.objects.filter(next_action_date=day, bp=None)
        .exclude(responsible=None)
        .select_related("responsible")
    ):
        notify_text(
            [p.responsible],
            {
                "th": (
                    f"ถึงกำหนดการดำเนินการ: {p.company_name}",
                    f"{p.next_action or 'การดำเนินการถัดไป'} — {p.company_name}",
                ),
                "en": (
                    f"Next action due: {p.company_name}",
                    f"{p.next_action or 'Next action'} — {p.company_name}",
                ),
            },
            url=p.get_absolute_url(),
        )
        due += 1
    return f"prospects: {stalled} became stalled, {due} next actions due"
