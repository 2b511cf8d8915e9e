"""The daily scheduler: runs every job registered with `register_daily_job` once a day.

The worker (`manage.py worker`) enqueues `daily_jobs_task` once an hour; the
task runs each job whose (name, day) has no `DailyJobRun` yet, so a job runs at
most once a day however many workers or hours ask. `manage.py daily_jobs` runs
them by hand (or from cron). A job that raises is recorded as failed, logged,
and tried again the next hour; the others still run.
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from crmplus.core.extensions import daily_jobs
from crmplus.core.models import DailyJobRun

logger = logging.getLogger(__name__)


def run_daily_jobs(day: date | None = None, only: str | None = None) -> dict[str, str]:
    """Run today's (or `day`'s) jobs not yet run; returns {job name: summary}."""
    day = day or timezone.localdate()
    done: dict[str, str] = {}
    for job in daily_jobs():
        if only and job.name != only:
            continue
        DailyJobRun.objects.filter(name=job.name, day=day, failed=True).delete()
        try:
            with transaction.atomic():
                run = DailyJobRun.objects.create(name=job.name, day=day, started_at=timezone.now())
        except IntegrityError:
            continue  # another worker has it, or it already ran today
        try:
            summary = job.run(day) or ""
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
            logger.exception("Daily job %s failed", job.name)
            run.failed = True
            summary = f"failed: {exc}"
        run.summary = summary[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["summary", "finished_at", "failed"])
        done[job.name] = summary
    return done


@task()
def daily_jobs_task(day: str | None = None) -> dict[str, str]:
    return run_daily_jobs(date.fromisoformat(day) if day else None)
