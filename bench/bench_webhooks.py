"""Webhook intake under a burst: events/s, no loss, against a baseline on the same server.

    .venv/bin/python bench/bench_webhooks.py                     # 1,000 LINE events, 8 clients
    .venv/bin/python bench/bench_webhooks.py --events 5000 --clients 16 --per-call 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crmplus_bench .venv/bin/python bench/bench_webhooks.py

Starts the app (`manage.py runserver --noreload`, DEBUG off) on --port with its own
var dir (a fresh SQLite file unless DATABASE_URL is set; migrated if needed), a test
channel secret and outbound sending off. Then, from --clients threads:

1. baseline: GET /health/ for --baseline-requests requests (a view that queries the
   database: the same server, middleware and database), requests/s;
2. burst: --events LINE message events, --per-call events per signed POST to
   /webhooks/line/ (each call stores the raw body, verifies, parses, applies), events/s;
3. count: the messages stored for this run's event IDs (every event is unique), the
   calls that did not answer 200, and the deliveries not processed. Lost = events sent
   − messages stored; the run fails (exit 1) if any is lost.

Prints one JSON line (also written to <var dir>/webhooks-<stamp>.json): events/s,
baseline requests/s, and the ratio events/s ÷ baseline requests/s (calls/s ÷ baseline
when --per-call > 1 is also given). Timings move with the load of this shared box; the
ratio much less.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
SECRET = "bench-line-channel-secret"  # noqa: S105 - a throw-away secret for this run only


def sign(body: bytes) -> str:
    return base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()


def body_for(run: str, first: int, count: int) -> bytes:
    events = [
        {
            "type": "message",
            "mode": "active",
            "timestamp": int(time.time() * 1000),
            "source": {"type": "user", "userId": f"U{run}{n % 500:020d}"},
            "webhookEventId": f"bench-{run}-{n}",
            "deliveryContext": {"isRedelivery": False},
            "replyToken": f"rt-{run}-{n}",
            "message": {"id": str(n), "type": "text", "text": f"ไฟดับ ทดสอบ {n}"},
        }
        for n in range(first, first + count)
    ]
    return json.dumps({"destination": "Ubench", "events": events}).encode()


def request(url: str, body: bytes | None = None) -> int:
    """The status of one call; a /health/ answer whose database is not ok counts as 0."""
    req = urllib.request.Request(url, data=body, method="POST" if body else "GET")  # noqa: S310 - localhost
    if body is not None:
        req.add_header("Content-Type", "application/json")
        req.add_header("X-Line-Signature", sign(body))
    try:
        with urllib.request.urlopen(req, timeout=120) as response:  # noqa: S310 - localhost
            text = response.read()
            status = response.status
    except urllib.error.HTTPError as e:
        text, status = e.read(), e.code
    except OSError:
        return 0
    if body is None and b'"database": "ok"' not in text:
        return 0  # /health/ answers 503 without a worker: only a database failure counts
    return status


def manage(env: dict, *args: str) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--per-call", type=int, default=1)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--baseline-requests", type=int, default=1000)
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--var-dir", default="", help="default: a new temporary directory")
    args = parser.parse_args()

    var_dir = args.var_dir or tempfile.mkdtemp(prefix="crmplus-bench-webhooks-")
    env = {
        **os.environ,
        "CRMPLUS_VAR_DIR": var_dir,
        "DJANGO_DEBUG": "false",
        "CRMPLUS_LINE_CHANNEL_SECRET": SECRET,
        "CRMPLUS_SOCIAL_OUTBOUND_ENABLED": "false",
        "CRMPLUS_DAILY_JOBS": "false",
        # runserver starts a thread per request: persistent connections would pile up
        # (one per finished thread) until PostgreSQL refuses new clients.
        "DATABASE_CONN_MAX_AGE": "0",
    }
    manage(env, "migrate", "-v0")
    # Unassigned cases need a head office to wait at.
    manage(
        env, "shell", "--no-imports", "-c",
        "from crmplus.core.models import OrgUnit;"
        "OrgUnit.objects.filter(kind='hq').exists() or OrgUnit.objects.create("
        "code='HQ', kind='hq', name_th='สำนักงานใหญ่', name_en='Head office')",
    )  # fmt: skip
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [str(PYTHON), "manage.py", "runserver", f"127.0.0.1:{args.port}", "--noreload"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=open(Path(var_dir) / "server.log", "wb"),  # noqa: SIM115 - lives with the server
    )  # fmt: skip
    try:
        for _ in range(300):
            if request(base + "/health/") in (200, 503):
                break
            time.sleep(0.2)
        else:
            print("the server did not start", file=sys.stderr)
            return 2
        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(lambda _i: request(base + "/health/"), range(50)))  # warm up
            t0 = time.perf_counter()
            health = list(
                pool.map(lambda _i: request(base + "/health/"), range(args.baseline_requests))
            )
            baseline_s = time.perf_counter() - t0

            run = uuid.uuid4().hex[:8]
            bodies = [
                body_for(run, i, min(args.per_call, args.events - i))
                for i in range(0, args.events, args.per_call)
            ]
            url = base + "/webhooks/line/"
            t0 = time.perf_counter()
            statuses = list(pool.map(lambda b: request(url, b), bodies))
            burst_s = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=30)

    os.environ.update({k: env[k] for k in ("CRMPLUS_VAR_DIR", "CRMPLUS_LINE_CHANNEL_SECRET")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from crmplus.social.models import DeliveryStatus, Message, WebhookDelivery

    stored = Message.objects.filter(event_id__startswith=f"line:bench-{run}-").count()
    unprocessed = (
        WebhookDelivery.objects.filter(body__contains=f"bench-{run}-")
        .exclude(status=DeliveryStatus.PROCESSED)
        .count()
    )
    result = {
        "events": args.events,
        "calls": len(bodies),
        "per_call": args.per_call,
        "clients": args.clients,
        "database": django.db.connection.vendor,
        "not_200": sum(1 for s in statuses if s != 200),
        "stored": stored,
        "lost": args.events - stored,
        "deliveries_not_processed": unprocessed,
        "burst_seconds": round(burst_s, 2),
        "events_per_s": round(args.events / burst_s, 1),
        "calls_per_s": round(len(bodies) / burst_s, 1),
        "baseline": "GET /health/",
        "baseline_requests": args.baseline_requests,
        "baseline_not_ok": sum(1 for s in health if s not in (200, 503)),
        "baseline_requests_per_s": round(args.baseline_requests / baseline_s, 1),
    }
    result["ratio_events_to_baseline"] = round(
        result["events_per_s"] / result["baseline_requests_per_s"], 3
    )
    result["ratio_calls_to_baseline"] = round(
        result["calls_per_s"] / result["baseline_requests_per_s"], 3
    )
    out_dir = Path(var_dir)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out_dir / f"webhooks-{stamp}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result))
    return 0 if result["lost"] == 0 and result["not_200"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
