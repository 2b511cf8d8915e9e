import threading

from django.utils import timezone

from crmplus.core.management.commands.worker import _beat_forever
from crmplus.core.models import WorkerHeartbeat


def test_it_reports_the_worker_down_when_none_beats(client, db):
    r = client.get("/health/")
    assert r.status_code == 503
    assert r.json()["database"] == "ok" and r.json()["worker"] == "down"


def test_it_reports_ok_once_a_worker_has_beaten(client, transactional_db):
    stop = threading.Event()
    beat = threading.Thread(target=_beat_forever, args=("w1", timezone.now(), stop))
    beat.start()
    for _ in range(100):
        if WorkerHeartbeat.objects.exists():
            break
        stop.wait(0.05)
    stop.set()
    beat.join()
    body = client.get("/health/").json()
    assert body["status"] == "ok" and body["workers"] == 1


def test_it_reports_a_stale_worker_as_down(client, db, settings):
    WorkerHeartbeat.objects.create(
        worker_id="old",
        hostname="h",
        pid=1,
        started_at=timezone.now(),
        seen_at=timezone.now()
        - timezone.timedelta(seconds=settings.CRMPLUS_WORKER_STALE_SECONDS + 5),
    )
    assert client.get("/health/").json()["worker"] == "down"
