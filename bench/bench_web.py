"""Web latency under load: account list, account page and dashboard vs a bare view.

    .venv/bin/pip install -r bench/requirements.txt     # gunicorn, requests (bench only)
    apt-get install wrk                                  # preferred driver (else Python threads)
    .venv/bin/python bench/bench_web.py                  # 100 000 BPs / 1 M CAs, 20 clients
    .venv/bin/python bench/bench_web.py --quick          # 10 000 BPs smoke run, 5 s phases
    .venv/bin/python bench/bench_web.py --think-ms 1000  # 20 users pausing ~1 s between clicks
    .venv/bin/python bench/bench_web.py --prototypes trgm,labels

The app runs under gunicorn (sync workers, DEBUG off, PostgreSQL) with
bench.settings, which only adds /bench/baseline/: a view returning "ok"
behind the very same middleware stack. Three users log in through the login
form (HQ admin, area admin of C2, KAMR of the busiest C2 office); for each
user, each URL is driven for --duration seconds by --concurrency clients that
keep the user's session cookie, one URL at a time, back to back unless
--think-ms is given. Before each URL the workers are warmed, the queue is
drained, the bare view is measured again (--baseline-each seconds) and one
client times --serial sequential requests.

Printed for each (user, URL): requests, errors, p50/p95/p99 ms, req/s, the
baseline p95 measured just before and the ratio p95 / baseline p95, the
1-client p50 (service time without queueing), the server CPU per request
(gunicorn workers + their PostgreSQL backends) and how busy the machine was
with other work just before (this box is shared: latencies under load move
with it, CPU per request and the ratio much less).

The data is made by bench/gen_registry.py when the database is missing or
holds another size (or with --regenerate). The target (DESIGN "Performance
targets": p95 <= 150 ms at full size) is not asserted: the figures are printed
and saved under bench/results/, and written up in docs/benchmarks.md.
--prototypes measures the proposed fixes (bench/prototypes.py) without
editing the app.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_registry import BENCH_AREA_CODE, BENCH_PASSWORD, DEFAULT_DB_URL, USERS  # noqa: E402

SEARCH_FRAGMENT = "รุ่งเรือง"  # one of the name words: in ~3 % of customers
LIST_PAGE = 500
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


@dataclass
class Scenario:
    key: str
    label: str
    paths: list[str]
    marker: str  # text the 200 page must contain (catches a silent redirect to login)


@dataclass
class Result:
    user: str
    key: str
    label: str
    requests: int
    errors: int
    p50: float
    p95: float
    p99: float
    rps: float
    ratio: float | None = None
    extra: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Data and server.


def ensure_data(args) -> None:
    import psycopg

    want = 10_000 if args.quick else 100_000
    have = None
    try:
        with psycopg.connect(args.database_url) as conn:
            have = conn.execute("SELECT count(*) FROM customers_businesspartner").fetchone()[0]
    except psycopg.Error:
        pass
    if args.regenerate or have != want:
        print(f"[bench] generating data (found {have} BPs, want {want})", flush=True)
        cmd = [
            sys.executable,
            str(ROOT / "bench" / "gen_registry.py"),
            "--database-url",
            args.database_url,
        ]
        if args.quick:
            cmd.append("--quick")
        subprocess.run(cmd, check=True)


def server_env(args) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=args.database_url,
        DJANGO_DEBUG="0",
        DJANGO_LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    return env


def start_server(args) -> subprocess.Popen:
    gunicorn = str(GUNICORN) if GUNICORN.exists() else shutil.which("gunicorn")
    if not gunicorn:
        sys.exit("gunicorn is missing: .venv/bin/pip install -r bench/requirements.txt")
    cmd = [
        gunicorn,
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "sync",
        "--backlog",
        "256",
        "--timeout",
        "60",
        "--chdir",
        str(ROOT),
        "--log-level",
        os.environ.get("BENCH_GUNICORN_LOG", "warning"),
    ]
    log = open(args.results_dir / "gunicorn.log", "w")  # noqa: SIM115 - lives as long as the server
    proc = subprocess.Popen(
        cmd, env=server_env(args), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    import requests

    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"gunicorn exited: see {log.name}")
        try:
            if requests.get(f"{args.base}/accounts/login/", timeout=2).status_code == 200:
                return proc
        except requests.RequestException:
            pass
        time.sleep(0.3)
    stop_server(proc)
    sys.exit("gunicorn did not answer within 30 s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def login(base: str, username: str) -> str:
    """Log in through the real form; return the session cookie value."""
    import requests

    s = requests.Session()
    r = s.get(f"{base}/accounts/login/", timeout=10)
    r.raise_for_status()
    r = s.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": BENCH_PASSWORD,
            "csrfmiddlewaretoken": s.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    if r.status_code != 302 or "sessionid" not in s.cookies:
        sys.exit(f"login of {username} failed: HTTP {r.status_code}")
    return s.cookies["sessionid"]


# ---------------------------------------------------------------------------
# Scenarios.


def scenarios_for(args, who: str) -> tuple[list[Scenario], dict]:
    """The URLs for one user, built from the data in their scope."""
    os.environ.update(DJANGO_SETTINGS_MODULE="bench.settings", DATABASE_URL=args.database_url)
    import django

    django.setup()
    from django.db.models import Count

    from crmplus.core.models import OrgUnit, OrgUnitKind, User
    from crmplus.customers.models import BusinessPartner

    user = User.objects.select_related("home_unit").get(username=USERS[who])
    scoped = BusinessPartner.objects.for_user(user)
    ids = list(scoped.order_by("?").values_list("id", flat=True)[: args.sample])
    area = (
        OrgUnit.objects.filter(kind=OrgUnitKind.AREA, code=BENCH_AREA_CODE).first()
        or OrgUnit.objects.filter(kind=OrgUnitKind.AREA).order_by("path").first()
    )
    if who == "kamr":
        # A KAMR has no area to pick: the filter they have is their own office.
        unit_filter = ("office", user.home_unit_id, "list, filter by own office")
    else:
        unit_filter = ("area", area.pk, f"list, filter by area {area.code}")
    q = urllib.parse.quote(SEARCH_FRAGMENT)
    table = 'data-testid="customer-table"'
    out = [
        Scenario("baseline", "bare Django view (baseline)", ["/bench/baseline/"], "ok"),
        Scenario("dashboard", "dashboard /", ["/"], "stat-label"),
        Scenario("list", "list, page 1", ["/customers/"], table),
        Scenario("search", f"list, search '{SEARCH_FRAGMENT}'", [f"/customers/?q={q}"], table),
        Scenario(
            "filter", unit_filter[2], [f"/customers/?{unit_filter[0]}={unit_filter[1]}"], table
        ),
        Scenario(
            "page500",
            f"list, page {LIST_PAGE} by name",
            [f"/customers/?sort=name&page={LIST_PAGE}"],
            table,
        ),
        Scenario(
            "detail",
            f"customer page ({len(ids)} random BPs)",
            [f"/customers/{i}/" for i in ids],
            'data-testid="customer-name"',
        ),
    ]
    info = {"scope_bps": scoped.count(), "home_unit": user.home_unit.code}
    if who == "hq":
        big = (
            BusinessPartner.objects.annotate(n=Count("accounts"))
            .order_by("-n")
            .values_list("id", "n")
            .first()
        )
        out.append(
            Scenario(
                "detail_big",
                f"customer page, largest BP ({big[1]:,} CAs)",
                [f"/customers/{big[0]}/"],
                'data-testid="customer-name"',
            )
        )
    if args.only:
        out = [s for s in out if s.key == "baseline" or s.key in args.only]
    return out, info


def check(base: str, cookie: str, sc: Scenario) -> None:
    import requests

    r = requests.get(
        base + sc.paths[0], cookies={"sessionid": cookie}, timeout=60, allow_redirects=False
    )
    if r.status_code != 200 or sc.marker not in r.text:
        sys.exit(
            f"{sc.paths[0]}: HTTP {r.status_code}, marker {sc.marker!r} "
            f"{'found' if sc.marker in r.text else 'missing'}"
        )


# ---------------------------------------------------------------------------
# Drivers: wrk (C, negligible client CPU) or Python threads.

WRK_LUA = r"""
local paths = {%(paths)s}
local headers = {["Cookie"] = "sessionid=%(cookie)s", ["Accept-Language"] = "th"}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end
function init(args)
  math.randomseed(os.time() * 1000 + (tid or 0))
end
function request()
  return wrk.format("GET", paths[math.random(#paths)], headers)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %%d, "duration_us": %%d, "errors": %%d, ' ..
    '"p50": %%d, "p95": %%d, "p99": %%d, "max": %%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def run_wrk(args, cookie: str, sc: Scenario) -> dict:
    lua = WRK_LUA % {"paths": ", ".join(json.dumps(p) for p in sc.paths), "cookie": cookie}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua)
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{args.concurrency}",
                f"-d{args.duration}s",
                "--timeout",
                "30s",
                "-s",
                f.name,
                args.base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(f.name)
    line = next(ln for ln in out.splitlines() if ln.startswith("BENCHJSON "))
    d = json.loads(line.removeprefix("BENCHJSON "))
    return {
        "requests": d["requests"],
        "errors": d["errors"],
        "p50": d["p50"] / 1000,
        "p95": d["p95"] / 1000,
        "p99": d["p99"] / 1000,
        "rps": d["requests"] / (d["duration_us"] / 1e6),
    }


def run_python(args, cookie: str, sc: Scenario) -> dict:
    import random

    import requests

    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + args.duration

    def client(n: int) -> None:
        rng = random.Random(n)
        s = requests.Session()
        s.cookies.set("sessionid", cookie)
        mine, bad = [], 0
        while time.perf_counter() < stop_at:
            if args.think_ms:
                time.sleep(rng.expovariate(1000 / args.think_ms))
            t = time.perf_counter()
            try:
                r = s.get(args.base + rng.choice(sc.paths), timeout=30, allow_redirects=False)
                r.content  # noqa: B018 - the body is part of the response time
                if r.status_code != 200:
                    bad += 1
            except requests.RequestException:
                bad += 1
            mine.append(time.perf_counter() - t)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "p50": q[49] * 1000,
        "p95": q[94] * 1000,
        "p99": q[98] * 1000,
        "rps": len(latencies) / elapsed,
    }


def drain(args) -> None:
    """Wait until requests the driver left queued (it stops, the server goes on) are done."""
    import requests

    deadline = time.time() + 300
    while time.time() < deadline:
        t = time.perf_counter()
        requests.get(f"{args.base}/accounts/login/", timeout=300)
        if time.perf_counter() - t < 0.25:
            return
    sys.exit("the server did not drain its queue within 300 s")


def _proc_cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


class ServerCpu:
    """CPU seconds spent by the gunicorn workers and their PostgreSQL backends.

    Divided by the requests served it gives CPU per request, a figure that other
    load on the machine disturbs far less than latency. PostgreSQL's parallel
    workers are short-lived processes and are not counted.
    """

    def __init__(self, args, master_pid: int):
        self.args, self.master = args, master_pid

    def pids(self) -> list[int]:
        import psycopg

        children = []
        for task in Path(f"/proc/{self.master}/task").iterdir():
            children += [int(x) for x in (task / "children").read_text().split()]
        with psycopg.connect(self.args.database_url, autocommit=True) as conn:
            backends = [
                r[0]
                for r in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                )
            ]
        return [self.master, *children, *backends]

    def snapshot(self) -> dict[int, int]:
        return {pid: _proc_cpu_ticks(pid) for pid in self.pids()}

    @staticmethod
    def seconds(before: dict[int, int], after: dict[int, int]) -> float:
        ticks = sum(t - before.get(pid, 0) for pid, t in after.items())
        return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores)."""
    f = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = f[3] + f[4]  # idle + iowait
    return (sum(f[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_idle(args) -> float:
    """Wait (bounded) until the machine, our server idle, is mostly idle.

    Other work on a shared machine inflates every latency; the share of CPU it
    took just before each measurement is printed next to the figures.
    """
    deadline = time.time() + args.wait_idle
    ncpu = os.cpu_count() or 1
    while True:
        b0, t0 = machine_busy_seconds(), time.perf_counter()
        time.sleep(2)
        busy = (machine_busy_seconds() - b0) / ((time.perf_counter() - t0) * ncpu)
        if busy <= args.idle_busy or time.time() >= deadline:
            return busy * 100


def one_client(args, cookie: str, sc: Scenario) -> float:
    """Median of sequential requests from one client: the service time, no queueing."""
    import random

    import requests

    s = requests.Session()
    s.cookies.set("sessionid", cookie)
    rng = random.Random(0)
    times = []
    for _ in range(args.serial):
        t = time.perf_counter()
        s.get(args.base + rng.choice(sc.paths), timeout=60, allow_redirects=False).content  # noqa: B018
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times) if times else float("nan")


# ---------------------------------------------------------------------------


def print_table(results: list[Result], header: str) -> str:
    lines = [header, ""]
    lines.append(
        "| user | URL | requests | errors | p50 ms | p95 ms | p99 ms | req/s "
        "| baseline p95 ms | p95 / baseline p95 | 1-client p50 ms | server CPU ms/req "
        "| other load % |"
    )
    lines.append(
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    for r in results:
        ratio = "1.0" if r.key == "baseline" else f"{r.ratio:.1f}"
        lines.append(
            f"| {r.user} | {r.label} | {r.requests:,} | {r.errors} | {r.p50:.1f} | {r.p95:.1f} "
            f"| {r.p99:.1f} | {r.rps:.1f} | {r.extra['baseline_p95']:.1f} | {ratio} "
            f"| {r.extra['p50_1_client']:.1f} "
            f"| {r.extra['cpu_ms_per_req']:.1f} | {r.extra['busy_before_pct']:.0f} |"
        )
    text = "\n".join(lines)
    print("\n" + text + "\n", flush=True)
    return text


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB_URL))
    p.add_argument("--quick", action="store_true", help="10 000 BPs, 5 s phases (smoke run)")
    p.add_argument("--regenerate", action="store_true", help="reload the data first")
    p.add_argument("--duration", type=int, help="seconds per URL (default 20, 5 with --quick)")
    p.add_argument("--concurrency", type=int, default=20)
    p.add_argument(
        "--think-ms",
        type=int,
        default=0,
        help="mean pause of each client between requests (0: back to back, saturation)",
    )
    p.add_argument("--workers", type=int, default=5, help="gunicorn sync workers (2 x cores + 1)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument(
        "--driver",
        choices=["wrk", "python"],
        help="default: wrk when installed and no think time, else Python threads",
    )
    p.add_argument("--users", default="hq,area,kamr", help="comma-separated: hq, area, kamr")
    p.add_argument(
        "--only", default="", help="comma-separated scenario keys (baseline always runs)"
    )
    p.add_argument("--sample", type=int, default=500, help="customer pages drawn per user")
    p.add_argument(
        "--baseline-each",
        type=int,
        default=8,
        help="seconds of baseline measured right before each URL, for its ratio "
        "(0: use the user's first baseline only)",
    )
    p.add_argument(
        "--serial",
        type=int,
        default=15,
        help="sequential requests per URL before the load (1-client p50)",
    )
    p.add_argument(
        "--wait-idle",
        type=int,
        default=30,
        help="before each URL, wait up to this many seconds for the machine's CPU ...",
    )
    p.add_argument(
        "--idle-busy", type=float, default=0.15, help="... to be at most this busy (0-1)"
    )
    p.add_argument(
        "--prototypes",
        default="",
        help="comma-separated fixes to measure (bench/prototypes.py): trgm,labels",
    )
    p.add_argument("--results-dir", type=Path, default=ROOT / "bench" / "results")
    args = p.parse_args(argv)
    args.duration = args.duration or (5 if args.quick else 20)
    if args.driver is None:
        # wrk applies its delay() only on kept-alive connections and gunicorn's sync
        # workers close each one, so with think time its latencies come out wrong.
        args.driver = "wrk" if shutil.which("wrk") and not args.think_ms else "python"
    elif args.driver == "wrk" and args.think_ms:
        p.error("--think-ms needs --driver python (wrk skips delay() on reconnects)")
    args.only = [s for s in args.only.split(",") if s]
    args.base = f"http://127.0.0.1:{args.port}"
    args.results_dir.mkdir(parents=True, exist_ok=True)

    # A plain kill must still stop the server (the finally below): make SIGTERM an exit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    ensure_data(args)
    from bench import prototypes

    os.environ["BENCH_PROTOTYPES"] = args.prototypes
    prototypes.setup_database(args.database_url, prototypes.enabled())
    proc = start_server(args)
    cpu = ServerCpu(args, proc.pid)
    results: list[Result] = []
    try:
        driver = run_wrk if args.driver == "wrk" else run_python
        for who in args.users.split(","):
            cookie = login(args.base, USERS[who])
            scenarios, info = scenarios_for(args, who)
            user_label = f"{who} ({info['home_unit']}, {info['scope_bps']:,} BPs)"
            baseline_p95 = None
            for sc in scenarios:
                check(args.base, cookie, sc)
                # Warm every worker (templates, caches, DB connection) with at most one
                # request queued per worker, so no backlog spills into the measurement.
                warm = argparse.Namespace(
                    **{**vars(args), "duration": 2, "think_ms": 0, "concurrency": args.workers}
                )
                driver(warm, cookie, sc)
                drain(args)
                busy = wait_idle(args)
                adjacent = None
                if args.baseline_each and sc.key != "baseline":
                    # The floor again, right before this URL: other load on a shared
                    # machine comes and goes, so the ratio uses the nearest baseline.
                    b = argparse.Namespace(**{**vars(args), "duration": args.baseline_each})
                    adjacent = driver(b, cookie, scenarios[0])["p95"]
                    drain(args)
                serial = one_client(args, cookie, sc)
                cpu0, busy0, t0 = cpu.snapshot(), machine_busy_seconds(), time.perf_counter()
                m = driver(args, cookie, sc)
                cpu_s = ServerCpu.seconds(cpu0, cpu.snapshot())
                wall = time.perf_counter() - t0
                other = (machine_busy_seconds() - busy0 - cpu_s) / (wall * (os.cpu_count() or 1))
                drain(args)
                r = Result(user=user_label, key=sc.key, label=sc.label, **m)
                r.extra["p50_1_client"] = serial
                # Includes the requests drain() and wait left queued: a slight overestimate.
                r.extra["cpu_ms_per_req"] = cpu_s * 1000 / max(r.requests, 1)
                r.extra["busy_before_pct"] = busy
                r.extra["other_cpu_pct"] = other * 100
                if sc.key == "baseline":
                    baseline_p95 = r.p95
                r.extra["baseline_p95"] = adjacent or baseline_p95
                r.ratio = r.p95 / r.extra["baseline_p95"] if r.extra["baseline_p95"] else None
                results.append(r)
                print(
                    f"[bench] {who:5} {sc.label:45} idle-wait busy {busy:3.0f}%  "
                    f"other {other * 100:3.0f}%  1-client {serial:6.1f}  "
                    f"cpu/req {r.extra['cpu_ms_per_req']:6.1f}  n={r.requests:6,} p50={r.p50:7.1f} "
                    f"p95={r.p95:7.1f} p99={r.p99:7.1f} ms  {r.rps:6.1f} req/s  "
                    f"x{r.ratio:.1f}",
                    flush=True,
                )
    finally:
        stop_server(proc)

    size = "10 000 BPs / 100 000 CAs (--quick)" if args.quick else "100 000 BPs / 1 000 000 CAs"
    header = (
        f"{size}; {args.concurrency} concurrent clients per URL, {args.duration} s each, "
        f"think time {f'{args.think_ms} ms (mean, exponential)' if args.think_ms else 'none'}; "
        f"gunicorn {args.workers} sync workers; driver {args.driver}; "
        f"prototypes: {args.prototypes or 'none (the app as it is)'}; "
        f"ratio to the baseline measured "
        f"{'just before each URL' if args.baseline_each else 'first for each user'}; "
        f"{os.cpu_count()} CPUs; {time.strftime('%Y-%m-%d %H:%M')}"
    )
    text = print_table(results, header)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    tag = (
        ("quick-" if args.quick else "")
        + (f"think{args.think_ms}-" if args.think_ms else "")
        + (args.prototypes.replace(",", "+") + "-" if args.prototypes else "")
    )
    out = args.results_dir / f"web-{tag}{stamp}"
    out.with_suffix(".md").write_text(text + "\n")
    out.with_suffix(".json").write_text(
        json.dumps(
            {
                "header": header,
                "args": {k: str(v) for k, v in vars(args).items()},
                "results": [asdict(r) for r in results],
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    print(f"[bench] saved {out}.md / .json")


if __name__ == "__main__":
    main()
