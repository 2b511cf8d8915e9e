"""Where a page's time goes: its SQL (with EXPLAIN ANALYZE), Python and templates.

    .venv/bin/python bench/explain_pages.py                     # every bench URL, every bench user
    .venv/bin/python bench/explain_pages.py --user hq --only list --explain --profile

For each (user, URL) of bench/bench_web.py, one request through Django's test
client (single client, no load) after a warm-up: total time, the number of
queries and their summed time, and with --explain the EXPLAIN (ANALYZE,
BUFFERS) of every query slower than --slow ms; --profile adds the top of a
cProfile run sorted by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_registry import DEFAULT_DB_URL, USERS  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB_URL))
    p.add_argument("--user", default="hq,area,kamr")
    p.add_argument("--only", default="", help="comma-separated scenario keys")
    p.add_argument("--explain", action="store_true")
    p.add_argument("--profile", action="store_true")
    p.add_argument("--slow", type=float, default=5.0, help="EXPLAIN queries slower than this (ms)")
    p.add_argument("--prototypes", default="", help="as bench_web.py --prototypes")
    p.add_argument("--repeat", type=int, default=5, help="timed requests per URL (median shown)")
    args = p.parse_args(argv)
    args.only = [s for s in args.only.split(",") if s]
    args.quick = False
    args.sample = 20

    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=args.database_url,
        BENCH_PROTOTYPES=args.prototypes,
    )
    from bench import prototypes

    prototypes.setup_database(args.database_url, prototypes.enabled())
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.bench_web import scenarios_for
    from crmplus.core.models import User

    for who in args.user.split(","):
        user = User.objects.get(username=USERS[who])
        client = Client(HTTP_ACCEPT_LANGUAGE="th")
        client.force_login(user)
        scenarios, info = scenarios_for(args, who)
        print(f"\n=== {who} ({info['home_unit']}, {info['scope_bps']:,} BPs in scope)")
        for sc in scenarios:
            if args.only and sc.key not in args.only:
                continue
            path = sc.paths[0]
            client.get(path)  # warm-up
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                r = client.get(path)
                times.append((time.perf_counter() - t) * 1000)
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                r = client.get(path)
                total = (time.perf_counter() - t) * 1000
            sql_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
            times.sort()
            print(
                f"\n--- {sc.label}: {path}  HTTP {r.status_code}, {len(r.content):,} bytes; "
                f"median {times[len(times) // 2]:.1f} ms; traced: {total:.1f} ms, "
                f"{len(ctx.captured_queries)} queries, {sql_ms:.1f} ms SQL"
            )
            for q in ctx.captured_queries:
                ms = float(q["time"]) * 1000
                print(f"  {ms:8.1f} ms  {q['sql'][:220]}")
                if (
                    args.explain
                    and ms >= args.slow
                    and q["sql"].lstrip().upper().startswith("SELECT")
                ):
                    with connection.cursor() as c:
                        c.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                        plan = "\n".join(row[0] for row in c.fetchall())
                    print("\n".join("      | " + ln for ln in plan.splitlines()))
            if args.profile:
                prof = cProfile.Profile()
                prof.enable()
                client.get(path)
                prof.disable()
                s = io.StringIO()
                pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(35)
                print(s.getvalue())


if __name__ == "__main__":
    main()
