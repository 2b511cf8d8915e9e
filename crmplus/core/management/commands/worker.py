"""The background-task worker: django-tasks-db's `db_worker` plus a heartbeat.

The heartbeat row lets /health/ tell a live worker from a dead one even when the
queue is idle.
"""

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from crmplus.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5
# The worker asks for the day's jobs this often; each job still runs once a day.
SCHEDULE_SECONDS = 3600


def _schedule_daily_jobs() -> None:
    from crmplus.core.scheduler import daily_jobs_task

    daily_jobs_task.enqueue()


def _beat_forever(worker_id: str, started_at, stop: threading.Event) -> None:
    last_scheduled: float | None = None
    schedule = getattr(settings, "CRMPLUS_DAILY_JOBS", True)
    while not stop.is_set():
        if schedule and (
            last_scheduled is None or time.monotonic() - last_scheduled >= SCHEDULE_SECONDS
        ):
            last_scheduled = time.monotonic()
            try:
                _schedule_daily_jobs()
            except Exception:  # noqa: BLE001 - logged; tried again next hour
                logger.exception("Could not enqueue the daily jobs")
        try:
            close_old_connections()
            WorkerHeartbeat.objects.update_or_create(
                worker_id=worker_id,
                defaults={
                    "hostname": socket.gethostname()[:200],
                    "pid": os.getpid(),
                    "started_at": started_at,
                    "seen_at": timezone.now(),
                },
            )
        except Exception:  # noqa: BLE001, S110 - a missed beat only makes /health/ say "degraded"
            pass
        finally:
            connection.close()
        stop.wait(HEARTBEAT_SECONDS)


class Command(DbWorkerCommand):
    help = (
        "Run the background-task worker (django-tasks-db) with a health heartbeat; "
        "it also enqueues the daily jobs every hour (each runs once a day)."
    )

    def handle(self, *args, **options):
        stop = threading.Event()
        worker_id = options.get("worker_id") or "worker"
        beat = threading.Thread(
            target=_beat_forever, args=(worker_id, timezone.now(), stop), daemon=True
        )
        beat.start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
            WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
