"""The background-task worker: django-tasks-db's `db_worker` plus a heartbeat.

The heartbeat row lets /health/ tell a live worker from a dead one even when the
queue is idle.
"""

import os
import socket
import threading

from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from crmplus.core.models import WorkerHeartbeat

HEARTBEAT_SECONDS = 5


def _beat_forever(worker_id: str, started_at, stop: threading.Event) -> None:
    while not stop.is_set():
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
    help = "Run the background-task worker (django-tasks-db) with a health heartbeat."

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
