"""Measure the customer import on SQLite: wall time, rows/s and peak memory.

    .venv/bin/python bench/bench_import.py                    # 1 000 000 rows in /tmp/imp1m
    .venv/bin/python bench/bench_import.py --rows 100000 --var /tmp/imp100k

For each variant it makes a fresh database under VAR/<variant> (CRMPLUS_VAR_DIR,
so the project's var/ is never touched), migrates it, loads the bundled PEA tree
(`manage.py load_org`) and an HQ user, then runs under `/usr/bin/time -v`:

  history      `manage.py import_customers FILE` (what users run), then the same
               file again (everything unchanged: nothing may be written), then a
               file with the same BP and CA numbers and other values (another
               seed: every BP and CA updated, the contacts renamed so created)
  no-history   the same importer with simple_history's records switched off,
               to price the audit trail (--skip-no-history to leave it out)

The file comes from bench/gen_import_file.py (generated once, then reused).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
USER = "bench_import"


def _env(var: Path) -> dict[str, str]:
    return {**os.environ, "CRMPLUS_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONPATH": str(ROOT)}  # fmt: skip


def _manage(var: Path, *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=_env(var), check=True)


def _prepare(var: Path) -> None:
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    _manage(var, "migrate", "-v0")
    _manage(var, "load_org")
    _manage(var, "shell", "-c", (
        "import csv;"
        "from crmplus.core.models import OrgUnit, Role, User;"
        "from crmplus.customers.models import IndustrialEstate;"
        f"User.objects.create(username='{USER}', role=Role.HQ_ADMIN,"
        " home_unit=OrgUnit.objects.get(kind='hq'));"
        "rows = csv.DictReader(open('crmplus/core/data/industrial_estates.csv', encoding='utf-8'));"
        "IndustrialEstate.objects.bulk_create([IndustrialEstate(code=r['code'],"
        " name_th=r['name_th'], name_en=r['name_en']) for r in rows])"
    ))  # fmt: skip


def _timed(var: Path, label: str, cmd: list[str], rows: int) -> dict:
    out = var / f"time-{label}.txt"
    started = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v", "-o", str(out), *cmd], cwd=ROOT, env=_env(var))
    wall = time.perf_counter() - started
    text = out.read_text()
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)[1])
    result = {"label": label, "rc": proc.returncode, "wall": wall, "rows_s": rows / wall,
              "rss_mb": rss_kb / 1024}  # fmt: skip
    print(f"== {label}: rc={proc.returncode} wall={wall:,.1f} s  {rows / wall:,.0f} rows/s  "
          f"peak RSS={rss_kb / 1024:,.0f} MB", flush=True)  # fmt: skip
    return result


def inner_no_history(path: Path) -> None:
    """Run the importer in this process with history off (called through /usr/bin/time)."""
    import django

    django.setup()
    import tempfile

    from crmplus.core.models import User
    from crmplus.customers.importer import customers_import

    out = customers_import(path=path, file_format=path.suffix.lstrip("."),
                           by=User.objects.get(username=USER),
                           report_dir=Path(tempfile.mkdtemp()), history=False)  # fmt: skip
    print(out.status, out.counts, out.message, flush=True)
    sys.exit(0 if out.status == "done" else 1)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--var", type=Path, default=Path("/tmp/imp1m"))  # noqa: S108 - a bench
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    p.add_argument("--skip-no-history", action="store_true")
    p.add_argument("--inner-no-history", type=Path, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.inner_no_history:
        inner_no_history(a.inner_no_history)
        return
    sys.path.insert(0, str(ROOT / "bench"))
    import gen_import_file

    path = a.var / f"customers-{a.rows}.{a.format}"
    if not path.exists():
        gen_import_file.main([str(path), "--rows", str(a.rows)])
    changed = a.var / f"customers-{a.rows}-changed.{a.format}"
    if not changed.exists():
        gen_import_file.main([str(changed), "--rows", str(a.rows), "--seed", "2570"])
    results = []
    var = a.var / "history"
    _prepare(var)
    command = [PY, "manage.py", "import_customers", str(path), "--user", USER]
    results.append(_timed(var, "import (history)", command, a.rows))
    results.append(_timed(var, "re-import, unchanged", command, a.rows))
    command = [PY, "manage.py", "import_customers", str(changed), "--user", USER]
    results.append(_timed(var, "import, all changed", command, a.rows))
    db = var / "crmplus.sqlite3"
    print(f"   database {db.stat().st_size / 1e6:,.0f} MB", flush=True)
    if not a.skip_no_history:
        var = a.var / "no-history"
        _prepare(var)
        inner = [PY, "bench/bench_import.py", "--inner-no-history", str(path)]
        results.append(_timed(var, "import (no history)", inner, a.rows))
    print(f"\n{a.rows:,} rows ({path.stat().st_size / 1e6:,.0f} MB {a.format.upper()}), "
          "SQLite, one process:")  # fmt: skip
    print(f"{'run':<24}{'rc':>4}{'wall s':>10}{'rows/s':>10}{'peak RSS MB':>13}")
    for r in results:
        print(f"{r['label']:<24}{r['rc']:>4}{r['wall']:>10,.1f}{r['rows_s']:>10,.0f}"
              f"{r['rss_mb']:>13,.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
