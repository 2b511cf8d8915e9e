"""Dashboard pages with the full demo data, against baselines measured in the same run.

    .venv/bin/python bench/bench_dashboards.py                 # 30 requests per page
    .venv/bin/python bench/bench_dashboards.py -n 100 --fy 2564
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crmplus_bench_dash \\
        .venv/bin/python bench/bench_dashboards.py

The demo data (`manage.py demo_data --seed 1`: ~900 offices, 7,000 customers, 6,850
FY2564 key accounts, risk assessments, and whatever the other apps' demo steps add) is
loaded into its own var dir (--var-dir, default /tmp/crmplus-bench-dashboards) the first
time, so the bench never touches the developer's database. Requests go through Django's
test client in this process (the full middleware stack, the real templates and every
registered dashboard panel; no HTTP server), one at a time, after --warmup requests.

Printed for each page: requests, p50 / p95 / mean ms, SQL queries per request and the
ratio of its p50 to the p50 of each baseline measured in the same run: the bare view of
bench/urls.py (/bench/baseline/: middleware only), /health/ and the customer list
(/customers/, first page). Then the time of each panel of the HQ nation dashboard alone,
to see which panel costs what. Times are never asserted (DESIGN: measured by bench/).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("-n", "--requests", type=int, default=30, help="timed requests per page")
    p.add_argument("--warmup", type=int, default=3, help="untimed requests per page first")
    p.add_argument("--fy", type=int, default=2564, help="fiscal year shown (the demo's is 2564)")
    p.add_argument(
        "--var-dir", default=str(Path(tempfile.gettempdir()) / "crmplus-bench-dashboards")
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--reload", action="store_true", help="load the demo data even if present")
    return p.parse_args()


def setup(args: argparse.Namespace) -> None:
    os.environ["CRMPLUS_VAR_DIR"] = args.var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    # No daily jobs or e-mails from a bench run.
    os.environ.setdefault("CRMPLUS_DAILY_JOBS", "0")
    Path(args.var_dir).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


def ensure_database() -> None:
    """Create the PostgreSQL database named by DATABASE_URL if it does not exist yet."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    import psycopg

    params = connection.get_connection_params()
    name = connection.settings_dict["NAME"]
    try:
        psycopg.connect(**params).close()
    except psycopg.OperationalError:
        admin = {**params, "dbname": "postgres"}
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        print(f"[bench] created database {name}", flush=True)


def ensure_data(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    ensure_database()
    call_command("migrate", verbosity=0)
    from crmplus.keyaccounts.models import KeyAccount

    if KeyAccount.objects.exists() and not args.reload:
        print(f"[bench] demo data present in {args.var_dir}", flush=True)
        return
    print(f"[bench] loading the demo data (seed {args.seed}) into {args.var_dir} …", flush=True)
    started = time.perf_counter()
    try:
        call_command("demo_data", "--seed", str(args.seed), stdout=io.StringIO())
    except Exception as e:  # noqa: BLE001 - a later app's demo step may fail; the core data stays
        print(f"[bench] demo_data stopped on {type(e).__name__}: {e}", flush=True)
        if not KeyAccount.objects.exists():
            raise
        print("[bench] continuing with the data loaded before the failing step", flush=True)
    print(f"[bench] demo data loaded in {time.perf_counter() - started:.0f} s", flush=True)


def timed(client, url: str, n: int, warmup: int) -> dict:
    # /health/ answers 503 while no worker beats: still a valid floor (same work either way).
    ok = {200, 503} if url.startswith("/health/") else {200}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        r = client.get(url)
        if r.status_code not in ok:
            raise SystemExit(f"{url}: HTTP {r.status_code}")
    times = []
    queries = 0
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            r = client.get(url)
            if hasattr(r, "streaming_content"):
                b"".join(r.streaming_content)
            times.append((time.perf_counter() - started) * 1000)
        queries = len(ctx.captured_queries)
        assert r.status_code in ok, (url, r.status_code)
    times.sort()
    return {
        "n": n,
        "p50": statistics.median(times),
        "p95": times[max(0, int(round(0.95 * n)) - 1)],
        "mean": statistics.fmean(times),
        "queries": queries,
    }


def main() -> None:
    args = parse_args()
    setup(args)
    ensure_data(args)

    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    from crmplus.core.extensions import dashboard_panels
    from crmplus.core.models import OrgUnit, OrgUnitKind, User
    from crmplus.keyaccounts.models import KeyAccount
    from crmplus.reports.scope import scope_for

    setup_test_environment()  # the test client needs 'testserver' allowed, as in tests
    settings.DEBUG = False
    hq = User.objects.get(username="hq_admin")
    area_admin = User.objects.get(username="admin_n1")
    area = area_admin.home_unit
    region = area.parent
    # The busiest office of the area: the heaviest office dashboard.
    busiest = (
        KeyAccount.objects.filter(fy=args.fy, owner_area=area)
        .values_list("office_id", flat=True)
        .order_by()
    )
    counts: dict[int, int] = {}
    for office_id in busiest:
        counts[office_id] = counts.get(office_id, 0) + 1
    office = (
        OrgUnit.objects.get(pk=max(counts, key=counts.get)) if counts else area.children.first()
    )
    nation = OrgUnit.objects.get(kind=OrgUnitKind.HQ)
    fy = args.fy
    dash = "/reports/?fy={fy}&unit={unit}"

    pages = [
        ("baseline: bare view", "/bench/baseline/", hq),
        ("baseline: /health/", "/health/", hq),
        ("baseline: customer list", "/customers/", hq),
        ("HQ · nation", dash.format(fy=fy, unit=nation.pk), hq),
        (f"HQ · region {region.code}", dash.format(fy=fy, unit=region.pk), hq),
        (f"HQ · area {area.code}", dash.format(fy=fy, unit=area.pk), hq),
        (f"HQ · office {office.code}", dash.format(fy=fy, unit=office.pk), hq),
        (f"area admin · area {area.code}", dash.format(fy=fy, unit=area.pk), area_admin),
        (f"area admin · office {office.code}", dash.format(fy=fy, unit=office.pk), area_admin),
        ("HQ · process calendar", f"/reports/process/?fy={fy}", hq),
        ("area admin · process calendar", f"/reports/process/?fy={fy}", area_admin),
    ]
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"[bench] {db}, FY{fy}, {KeyAccount.objects.filter(fy=fy).count():,} key accounts, "
        f"{len(dashboard_panels())} panels, {args.requests} requests per page "
        f"(+{args.warmup} warm-up), one at a time, in-process test client",
        flush=True,
    )
    results = []
    clients = {}
    for label, url, user in pages:
        client = clients.get(user.pk)
        if client is None:
            client = clients[user.pk] = Client()
            client.force_login(user)
        results.append((label, url, timed(client, url, args.requests, args.warmup)))
    base = {label: r["p50"] for label, _url, r in results if label.startswith("baseline")}
    bare, health, customers = (
        base["baseline: bare view"],
        base["baseline: /health/"],
        base["baseline: customer list"],
    )
    print()
    head = f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'mean':>8} {'SQL':>5}"
    print(head + f" {'×bare':>7} {'×health':>8} {'×list':>7}")
    print("-" * (len(head) + 24))
    for label, _url, r in results:
        print(
            f"{label:34} {r['p50']:8.1f} {r['p95']:8.1f} {r['mean']:8.1f} {r['queries']:5d}"
            f" {r['p50'] / bare:7.1f} {r['p50'] / health:8.2f} {r['p50'] / customers:7.2f}"
        )

    # Each panel of the nation dashboard alone (HQ), to see where the time goes.
    from django.test import RequestFactory

    request = RequestFactory().get("/reports/")
    request.user = hq
    scope = scope_for(nation, fy, hq)
    print()
    print(f"{'panel (HQ · nation)':34} {'p50 ms':>8} {'p95 ms':>8}")
    for panel in dashboard_panels():
        times = []
        for i in range(args.warmup + args.requests):
            started = time.perf_counter()
            try:
                panel.render(request, scope)
            except Exception as e:  # noqa: BLE001 - the page shows an error card; so do we
                print(f"{panel.key:34} failed: {type(e).__name__}: {e}")
                break
            if i >= args.warmup:
                times.append((time.perf_counter() - started) * 1000)
        if times:
            times.sort()
            p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
            print(f"{panel.key:34} {statistics.median(times):8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
