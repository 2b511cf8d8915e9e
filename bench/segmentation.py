"""Key-account selection at PEA scale: the whole run against the bare Polars floor.

    .venv/bin/pip install -r bench/requirements.txt      # numpy + pandas: bench only
    .venv/bin/python bench/segmentation.py               # 21 M CAs x 12 months = 252 M rows
    .venv/bin/python bench/segmentation.py --scale 0.05  # 1.05 M CAs: a quick look
    .venv/bin/python bench/segmentation.py --repeat 3 --pandas-scale 0.1

1. Generate (or reuse) a normalised billing extract as Parquet (crmplus.billing.extract
   schema: ca, bp, office, tariff, month, kwh, peak_kw, revenue, gm) for FY2569
   (2025-10 ... 2026-09): 21 M CAs x `--scale`, ~0.91 BPs per CA (96 % of BPs hold one CA,
   a heavy tail of chains over a few offices), the 893 real offices of
   crmplus/core/data/org_units.csv weighted by office class, yearly GM per CA lognormal
   by tariff with a Pareto tail. Written month by month in row groups, never the whole
   table in memory, to bench/data/ (git-ignored) or `--out`; a complete file whose
   parameters match (kept in the .json beside it) is reused.
2. In separate child processes (peak RSS of each read with wait4):
   floor   one streaming Polars query that only sums GM per (BP, office): the bare floor
   run     the whole run: scan + validate (crmplus.billing.extract) + select_key_accounts
           (crmplus.keyaccounts.analytics: pooling, ranking, 4S, office points) + write the
           accounts and offices frames to Parquet
   engine  select_key_accounts alone (no validation, no writing)
   pandas  the same pooling in plain pandas (per-CA yearly GM, CAs above the floor, sum
           per BP-office) at `--pandas-scale`, where pandas can hold the rows; the floor,
           the engine and the run are measured again on that small file for the ratios
3. Print rows, file size, generation time, seconds, rows/s, peak RSS and the ratios.

`--repeat N` runs each measured step N times (best and median printed); `--keep` keeps
the run's output Parquet files (under <out>/results-<scale>/) instead of deleting them;
`--clean` deletes the extracts this run generated (they are kept for reuse by default).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
ORG_UNITS = ROOT / "crmplus" / "core" / "data" / "org_units.csv"
FULL_CAS = 21_000_000
FY = 2569
MONTHS = [f"{y}-{m:02d}" for y, m in [(2025, 10), (2025, 11), (2025, 12)]] + [
    f"2026-{m:02d}" for m in range(1, 10)
]
# Thai load shape: the hot season (March to May) bills the most, the cool season least.
SEASON = [0.95, 0.88, 0.84, 0.86, 0.95, 1.10, 1.22, 1.20, 1.08, 1.00, 0.98, 0.94]
DAYS = [31, 30, 31, 31, 28, 31, 30, 31, 30, 31, 31, 30]
# Offices by class: bigger offices serve more accounts (relative weights).
CLASS_WEIGHT = {"pro": 8.0, "b1": 5.0, "b2": 3.0, "b3": 2.0, "sub": 1.0, "small": 0.5}
CA_FLOOR = 10_000.0
ROW_GROUP = 2_000_000
GEN_VERSION = 1


def offices() -> list[tuple[str, str]]:
    with open(ORG_UNITS, encoding="utf-8") as f:
        return [(r["code"], r["office_class"]) for r in csv.DictReader(f) if r["kind"] == "office"]


# ---------------------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------------------


def _params(scale: float, seed: int) -> dict:
    return {"version": GEN_VERSION, "cas": round(FULL_CAS * scale), "seed": seed,
            "months": MONTHS, "row_group": ROW_GROUP}  # fmt: skip


def _existing_info(path: Path) -> dict | None:
    """The sidecar JSON of a complete earlier file (same size as when it was written)."""
    try:
        info = json.loads(path.with_suffix(".json").read_text())
        return info if path.stat().st_size == info["bytes"] else None
    except (OSError, KeyError, ValueError):
        return None


def _population(n_ca: int, seed: int):
    """Per-CA constants: number, BP, office, tariff, yearly GM and the ratios used monthly."""
    import numpy as np

    rng = np.random.default_rng([seed, 0])
    codes = offices()
    weights = np.array([CLASS_WEIGHT[c] for _, c in codes])
    weights /= weights.sum()
    n_off = len(codes)

    # BP sizes: 96 % hold one CA; the rest a Lomax (Pareto II) tail up to big chains.
    n_draw = n_ca  # more BPs than needed; cut where the CAs run out
    sizes = np.ones(n_draw, dtype=np.int64)
    multi = rng.random(n_draw) < 0.04
    tail = 2 + np.floor(rng.pareto(1.4, multi.sum()) * 0.7).astype(np.int64)
    sizes[multi] = np.minimum(tail, max(50, n_ca // 2000))
    ends = np.cumsum(sizes)
    n_bp = int(np.searchsorted(ends, n_ca) + 1)
    sizes = sizes[:n_bp]
    sizes[-1] -= ends[n_bp - 1] - n_ca
    bp_of_slot = np.repeat(np.arange(n_bp, dtype=np.int64), sizes)
    size_of_slot = np.repeat(sizes, sizes)
    # CA numbers are issued over time: a BP's CAs are scattered through the numbering.
    perm = rng.permutation(n_ca)
    bp_idx = bp_of_slot[perm]
    size = size_of_slot[perm]
    del bp_of_slot, size_of_slot, perm

    home = rng.choice(n_off, size=n_bp, p=weights).astype(np.int16)
    second = rng.choice(n_off, size=n_bp, p=weights).astype(np.int16)
    office = home[bp_idx]
    u = rng.random(n_ca)
    chain = size > 1
    # A chain's CAs: 70 % in its home office, 20 % in a second one, 10 % anywhere.
    pick2 = chain & (u >= 0.7) & (u < 0.9)
    office[pick2] = second[bp_idx[pick2]]
    anywhere = chain & (u >= 0.9)
    office[anywhere] = rng.choice(n_off, size=int(anywhere.sum()), p=weights).astype(np.int16)
    del home, second, u, pick2, anywhere

    # Tariffs 1-8 (PEA): 1 residential, 2 small, 3 medium, 4 large general service,
    # 5 specific business, 6 non-profit, 7 agricultural pumping, 8 temporary.
    # A BP with a few CAs is mostly a household (home, farm pump); five or more: a business.
    single_p = [0.880, 0.095, 0.0045, 0.0001, 0.0012, 0.010, 0.008, 0.0012]
    few_p = [0.70, 0.20, 0.03, 0.0, 0.01, 0.03, 0.03, 0.0]
    chain_p = [0.20, 0.60, 0.11, 0.002, 0.04, 0.04, 0.008, 0.0]
    tariff = np.empty(n_ca, dtype=np.int8)
    big = size >= 5
    for mask, p in ((~chain, single_p), (chain & ~big, few_p), (big, chain_p)):
        p = np.array(p) / np.sum(p)
        tariff[mask] = rng.choice(8, size=int(mask.sum()), p=p).astype(np.int8)
    # Yearly GM (baht): lognormal median and sigma per tariff, chain shops a bit bigger.
    median = np.array([1_900, 2_400, 90_000, 1_300_000, 50_000, 3_500, 4_000, 2_500.0])
    sigma = np.array([0.55, 0.75, 1.0, 1.0, 1.2, 1.0, 1.0, 0.9])
    t = tariff.astype(np.intp)
    gm = median[t] * np.exp(sigma[t] * rng.standard_normal(n_ca))
    gm[big & (t <= 1)] *= 2.0
    # A Pareto tail on top: a few accounts far beyond their tariff's typical size.
    rare = rng.random(n_ca) < 0.003
    gm[rare] *= 1.0 + rng.pareto(1.6, int(rare.sum()))
    # GM per kWh (baht) and the price per kWh fall with size; load factor for peak kW.
    gm_per_kwh = np.array([0.55, 0.60, 0.45, 0.35, 0.50, 0.50, 0.40, 0.70])[t]
    gm_per_kwh = (gm_per_kwh * np.exp(0.1 * rng.standard_normal(n_ca))).astype(np.float32)
    price = np.array([4.2, 4.4, 3.9, 3.6, 4.1, 4.0, 3.3, 6.8])[t].astype(np.float32)
    load_factor = rng.uniform(0.2, 0.75, n_ca).astype(np.float32)
    ca = 20_000_000_001 + np.arange(n_ca, dtype=np.int64)  # 020000000001 ...
    bp = 1_000_000_001 + bp_idx
    return {"ca": ca, "bp": bp, "office": office, "tariff": tariff, "gm": gm,
            "gm_per_kwh": gm_per_kwh, "price": price, "load_factor": load_factor,
            "codes": [c for c, _ in codes], "n_bp": n_bp}  # fmt: skip


def generate(path: Path, *, scale: float, seed: int = 2569) -> dict:
    """Write the extract month by month, `ROW_GROUP` rows at a time; returns its facts."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    params = _params(scale, seed)
    info = _existing_info(path)
    if info is not None and info["params"] == params:
        return {**info, "reused": True}
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    pop = _population(params["cas"], seed)
    n_ca = params["cas"]
    office_dict = pa.array(pop["codes"], type=pa.string())
    tariff_dict = pa.array([str(i) for i in range(1, 9)], type=pa.string())
    schema = pa.schema(
        [("ca", pa.int64()), ("bp", pa.int64()), ("office", pa.dictionary(pa.int16(), pa.string())),
         ("tariff", pa.dictionary(pa.int8(), pa.string())),
         ("month", pa.dictionary(pa.int8(), pa.string())), ("kwh", pa.float64()),
         ("peak_kw", pa.float64()), ("revenue", pa.float64()), ("gm", pa.float64())],
    )  # fmt: skip
    tmp = path.with_suffix(".part")
    path.with_suffix(".json").unlink(missing_ok=True)
    # Dictionary arrays go to Parquet as dictionary-encoded strings; store_schema=False
    # keeps the Arrow dictionary type out of the file, so readers see plain strings.
    writer = pq.ParquetWriter(tmp, schema, compression="zstd", store_schema=False)
    try:
        for m, month in enumerate(MONTHS):
            for start in range(0, n_ca, ROW_GROUP):
                stop = min(start + ROW_GROUP, n_ca)
                rng = np.random.default_rng([seed, 1 + m, start])
                n = stop - start
                noise = np.exp(0.12 * rng.standard_normal(n))
                gm = np.round(pop["gm"][start:stop] / 12 * SEASON[m] * noise, 2)
                kwh = np.round(gm / pop["gm_per_kwh"][start:stop], 1)
                revenue = np.round(kwh * pop["price"][start:stop], 2)
                hours = DAYS[m] * 24 * pop["load_factor"][start:stop]
                peak = np.round(kwh / hours * np.exp(0.05 * rng.standard_normal(n)), 1)
                batch = pa.record_batch(
                    [
                        pa.array(pop["ca"][start:stop]),
                        pa.array(pop["bp"][start:stop]),
                        pa.DictionaryArray.from_arrays(
                            pa.array(pop["office"][start:stop]), office_dict
                        ),
                        pa.DictionaryArray.from_arrays(
                            pa.array(pop["tariff"][start:stop]), tariff_dict
                        ),
                        pa.DictionaryArray.from_arrays(
                            pa.array(np.zeros(n, dtype=np.int8)), pa.array([month])
                        ),
                        pa.array(kwh),
                        pa.array(peak),
                        pa.array(revenue),
                        pa.array(gm),
                    ],
                    names=schema.names,
                )
                writer.write_batch(batch, row_group_size=ROW_GROUP)
    finally:
        writer.close()
    os.replace(tmp, path)
    yearly = pop["gm"]
    info = {
        "rows": n_ca * len(MONTHS),
        "cas": n_ca,
        "bps": pop["n_bp"],
        "offices": len(pop["codes"]),
        "cas_above_floor_approx": int((yearly > CA_FLOOR).sum()),
        "seconds": round(time.perf_counter() - started, 1),
    }
    info.update(bytes=path.stat().st_size, params=params)
    path.with_suffix(".json").write_text(json.dumps(info, indent=1))
    return {**info, "reused": False}


# ---------------------------------------------------------------------------------------
# Measured steps: each runs in its own child process (`--child STEP`)
# ---------------------------------------------------------------------------------------


def _offices_frame():
    import polars as pl

    codes = offices()
    return pl.DataFrame(
        {"code": [c for c, _ in codes], "office_class": [k for _, k in codes]},
        schema={"code": pl.String, "office_class": pl.String},
    )


def step_floor(path: Path, out: Path) -> dict:
    """The bare floor: one streaming query summing GM per (BP, office), nothing else."""
    import polars as pl

    started = time.perf_counter()
    pairs = (
        pl.scan_parquet(path)
        .group_by("bp", "office")
        .agg(pl.col("gm").sum())
        .collect(engine="streaming")
    )
    return {"seconds": time.perf_counter() - started, "pairs": pairs.height}


def step_run(path: Path, out: Path) -> dict:
    """The whole run: scan, validate, select (pool, rank, 4S, office points), write."""
    import polars as pl

    from crmplus.billing.extract import normalise_extract, scan_extract, validate_extract
    from crmplus.keyaccounts.analytics import select_key_accounts
    from crmplus.keyaccounts.rules import SelectionRules

    office_frame = _offices_frame()
    phases: dict[str, float] = {}
    started = time.perf_counter()
    lf = scan_extract(path)
    report = validate_extract(lf, fy=FY, office_codes=set(office_frame["code"].to_list()))
    phases["validate"] = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"the extract failed validation: {report.errors}"[:2000])
    mark = time.perf_counter()
    result = select_key_accounts(
        normalise_extract(lf), rules=SelectionRules(), offices=office_frame
    )
    phases["select"] = time.perf_counter() - mark
    mark = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    result.accounts.write_parquet(out / "accounts.parquet")
    result.offices.write_parquet(out / "offices.parquet")
    phases["write"] = time.perf_counter() - mark
    accounts = result.accounts
    return {
        "seconds": time.perf_counter() - started,
        "phases": phases,
        "checked_rows": report.rows,
        "considered_pairs": result.considered_pairs,
        "qualified": int(accounts.filter(~pl.col("supplement")).height),
        "supplements": int(accounts.filter(pl.col("supplement")).height),
        "segments": dict(accounts.group_by("segment").len().sort("segment").iter_rows()),
    }


def step_engine(path: Path, out: Path) -> dict:
    """select_key_accounts alone (no validation, no writing): for the pandas ratio."""
    import polars as pl

    from crmplus.keyaccounts.analytics import select_key_accounts
    from crmplus.keyaccounts.rules import SelectionRules

    office_frame = _offices_frame()
    started = time.perf_counter()
    result = select_key_accounts(
        pl.scan_parquet(path), rules=SelectionRules(), offices=office_frame
    )
    return {"seconds": time.perf_counter() - started, "considered_pairs": result.considered_pairs,
            "qualified": int(result.accounts.filter(~pl.col("supplement")).height)}  # fmt: skip


def step_pandas(path: Path, out: Path) -> dict:
    """The same pooling in plain pandas: yearly GM per CA, CAs above the floor, sum per pair."""
    import pandas as pd

    from crmplus.keyaccounts.rules import SelectionRules

    rules = SelectionRules()
    started = time.perf_counter()
    df = pd.read_parquet(path, columns=["ca", "bp", "office", "gm"])
    per_ca = df.groupby(["bp", "office", "ca"], sort=False)["gm"].sum().round(2)
    del df
    above = per_ca[per_ca > rules.ca_floor]
    pairs = above.groupby(level=["bp", "office"], sort=False).sum()
    ranked = pairs[pairs >= rules.pooled_threshold].sort_values(ascending=False)
    return {"seconds": time.perf_counter() - started, "considered_pairs": int(len(pairs)),
            "qualified": int(len(ranked)), "pandas": pd.__version__}  # fmt: skip


STEPS = {"floor": step_floor, "run": step_run, "engine": step_engine, "pandas": step_pandas}


def measure(step: str, path: Path, out: Path) -> dict:
    """Run one step in a child process; its own figures plus wall time and peak RSS."""
    result_file = out.parent / f".{step}-{os.getpid()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, __file__, "--child", step, "--file", str(path), "--out", str(out),
           "--result", str(result_file)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"step {step} failed (exit {proc.returncode})")
    data = json.loads(result_file.read_text())
    result_file.unlink()
    # ru_maxrss is in KiB on Linux: the child's own high-water mark.
    data.update(wall=wall, peak_rss=usage.ru_maxrss * 1024, cpu=usage.ru_utime + usage.ru_stime)
    return data


def measure_repeated(step: str, path: Path, out: Path, repeat: int) -> dict:
    runs = [measure(step, path, out) for _ in range(repeat)]
    best = min(runs, key=lambda r: r["seconds"])
    return {**best, "median": statistics.median(r["seconds"] for r in runs),
            "peak_rss": max(r["peak_rss"] for r in runs), "runs": len(runs)}  # fmt: skip


def warm(path: Path) -> float:
    """Read the file once so every step finds it in the page cache (none pays the disk)."""
    started = time.perf_counter()
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------


def _load() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def _gib(n: float) -> str:
    return f"{n / 2**30:.2f} GiB"


def _rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds / 1e6:.1f} M rows/s"


def _line(name: str, r: dict, rows: int) -> str:
    extra = f" (median {r['median']:.2f})" if r.get("runs", 1) > 1 else ""
    return (f"| {name} | {r['seconds']:.2f}{extra} | {_rate(rows, r['seconds'])} | "
            f"{_gib(r['peak_rss'])} | {r['cpu']:.1f} |")  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--scale", type=float, default=1.0, help="share of 21 M CAs (default 1.0)")
    p.add_argument("--out", type=Path, default=DATA, help="folder for the extracts (bench/data)")
    p.add_argument("--pandas-scale", type=float, default=0.1,
                   help="scale of the pandas comparison (0 to skip; default 0.1)")  # fmt: skip
    p.add_argument("--keep", action="store_true", help="keep the run's output Parquet files")
    p.add_argument("--clean", action="store_true", help="delete extracts generated by this run")
    p.add_argument("--repeat", type=int, default=1, help="runs of each measured step (best shown)")
    p.add_argument("--seed", type=int, default=2569)
    p.add_argument("--child", choices=sorted(STEPS), help=argparse.SUPPRESS)
    p.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()

    if args.child:
        sys.path.insert(0, str(ROOT))
        data = STEPS[args.child](args.file, args.out)
        args.result.write_text(json.dumps(data))
        return

    args.out.mkdir(parents=True, exist_ok=True)
    generated: list[Path] = []
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    def extract_for(scale: float) -> tuple[Path, dict]:
        path = args.out / f"extract-s{scale:g}-seed{args.seed}.parquet"
        print(f"extract {path} ...", flush=True)
        info = generate(path, scale=scale, seed=args.seed)
        if not info["reused"]:
            generated.append(path)
        return path, info

    path, info = extract_for(args.scale)
    rows = info["rows"]
    results = args.out / f"results-s{args.scale:g}"
    say(f"# Key-account selection benchmark ({time.strftime('%Y-%m-%d %H:%M')})")
    say()
    say(f"extract: {path.name}: {rows:,} rows ({info['cas']:,} CAs x 12 months, "
        f"{info['bps']:,} BPs, {info['offices']} offices), {info['bytes'] / 2**30:.2f} GiB; "
        f"generated in {info['seconds']:.0f} s{' (reused)' if info['reused'] else ''}")  # fmt: skip
    say(f"page cache warmed: {warm(path):.1f} s; {os.cpu_count()} CPUs; repeat {args.repeat}; "
        f"load average before: {_load()}")  # fmt: skip
    floor = measure_repeated("floor", path, results, args.repeat)
    run = measure_repeated("run", path, results, args.repeat)
    engine = measure_repeated("engine", path, results, args.repeat)
    say()
    say("| step | seconds | rows/s | peak RSS | CPU s |")
    say("| --- | ---: | ---: | ---: | ---: |")
    say(_line("floor: streaming GM sum per (BP, office)", floor, rows))
    say(_line("whole run: scan + validate + select + write", run, rows))
    say(_line("engine alone: select_key_accounts (no validation, no writing)", engine, rows))
    ph = run["phases"]
    say()
    say(f"whole run phases: validate {ph['validate']:.2f} s, select {ph['select']:.2f} s, "
        f"write {ph['write']:.2f} s; validated rows {run['checked_rows']:,}")  # fmt: skip
    say(f"floor pairs {floor['pairs']:,}; considered pairs {run['considered_pairs']:,}; "
        f"key accounts {run['qualified']:,} + {run['supplements']:,} supplements; "
        f"segments {run['segments']}")  # fmt: skip
    say(f"**ratio whole run / floor: {run['seconds'] / floor['seconds']:.2f}** (target ≤ 3); "
        f"peak RSS {_gib(run['peak_rss'])} (target ≤ 4 GiB)")  # fmt: skip
    say(f"CPU seconds whole run / floor: {run['cpu'] / floor['cpu']:.2f}; "
        f"engine alone / floor: {engine['seconds'] / floor['seconds']:.2f}")  # fmt: skip

    if args.pandas_scale > 0:
        small, sinfo = extract_for(args.pandas_scale)
        srows = sinfo["rows"]
        say()
        say(f"pandas comparison at scale {args.pandas_scale:g}: {srows:,} rows, "
            f"{sinfo['bytes'] / 2**20:.0f} MiB")  # fmt: skip
        warm(small)
        sresults = args.out / f"results-s{args.pandas_scale:g}"
        s_floor = measure_repeated("floor", small, sresults, args.repeat)
        s_engine = measure_repeated("engine", small, sresults, args.repeat)
        s_run = measure_repeated("run", small, sresults, args.repeat)
        s_pandas = measure_repeated("pandas", small, sresults, args.repeat)
        say()
        say("| step | seconds | rows/s | peak RSS | CPU s |")
        say("| --- | ---: | ---: | ---: | ---: |")
        say(_line("Polars floor", s_floor, srows))
        say(_line("Polars engine (select_key_accounts only)", s_engine, srows))
        say(_line("Polars whole run", s_run, srows))
        say(_line(f"pandas {s_pandas['pandas']} pooling", s_pandas, srows))
        say()
        same = (s_pandas["considered_pairs"], s_pandas["qualified"]) == (
            s_engine["considered_pairs"], s_engine["qualified"])  # fmt: skip
        say(f"pandas pairs {s_pandas['considered_pairs']:,} / qualified {s_pandas['qualified']:,}"
            f" {'= the engine' if same else '!= the engine: ' + str(s_engine)}")  # fmt: skip
        say(f"**ratio pandas / Polars floor: {s_pandas['seconds'] / s_floor['seconds']:.2f}; "
            f"pandas / engine: {s_pandas['seconds'] / s_engine['seconds']:.2f}; "
            f"pandas / whole run: {s_pandas['seconds'] / s_run['seconds']:.2f}**")  # fmt: skip
        if not args.keep:
            shutil.rmtree(sresults, ignore_errors=True)
    if not args.keep:
        shutil.rmtree(results, ignore_errors=True)
    if args.clean:
        for generated_path in generated:
            generated_path.unlink(missing_ok=True)
            generated_path.with_suffix(".json").unlink(missing_ok=True)
    say()
    say(f"load average after: {_load()} (this machine is shared: other work inflates times)")
    report_dir = ROOT / "bench" / "results"
    report_dir.mkdir(exist_ok=True)
    report = report_dir / f"segmentation-s{args.scale:g}-{time.strftime('%Y%m%d-%H%M%S')}.md"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nsaved {report.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
