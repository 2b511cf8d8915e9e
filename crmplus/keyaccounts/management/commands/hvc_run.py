"""`manage.py hvc_run`: the key-account selection on an extract file, for scripts and tools.

The JSON it writes is a stable interface (other tools check the engine with it): a list
of one object per BP-office pair with `bp`, `office`, `gm`, `pooled_gm`, `pooled_cas`,
`key_account`, `segment`, `supplement`, `points`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import polars as pl
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from crmplus.billing.extract import normalise_extract, scan_extract, validate_extract
from crmplus.core.models import OrgUnit, OrgUnitKind
from crmplus.keyaccounts.rules_settings import rules_for_fy, rules_parse
from crmplus.keyaccounts.services import engine_run


class Command(BaseCommand):
    help = (
        "Run the key-account selection on a billing extract (Parquet or CSV) and write one "
        "JSON object per BP-office. --fy is the fiscal year (B.E.) of the extract's months; "
        "the rules are those in force for the following year (the list's year) unless "
        "--settings (or --rules) gives a JSON file of rules (any subset of them)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--extract", required=True, help="billing extract .parquet or .csv")
        parser.add_argument("--fy", required=True, type=int, help="fiscal year of the extract")
        # manage.py passes `--settings FILE` of this command on as --rules (see manage.py).
        parser.add_argument("--rules", help="JSON file of selection rules (alias: --settings)")
        parser.add_argument("--previous", help="previous year's extract, for GM growth")
        parser.add_argument("--json", required=True, dest="out", help="output file")

    def handle(self, *args, **opts):
        started = time.monotonic()
        offices = set(
            OrgUnit.objects.filter(kind=OrgUnitKind.OFFICE).values_list("code", flat=True)
        )
        billing = self._checked(opts["extract"], opts["fy"], offices)
        previous = None
        if opts["previous"]:
            previous = self._checked(opts["previous"], opts["fy"] - 1, offices)
        rules = rules_for_fy(opts["fy"] + 1)
        if opts["rules"]:
            try:
                data = json.loads(Path(opts["rules"]).read_text(encoding="utf-8"))
                rules = rules_parse({**rules.to_dict(), **data})
            except (OSError, json.JSONDecodeError, AttributeError, TypeError) as e:
                raise CommandError(f"cannot read the settings file: {e}") from None
            except ValidationError as e:
                raise CommandError("; ".join(e.messages)) from None
        result = engine_run(
            billing=billing,
            billing_fy=opts["fy"],
            rules=rules,
            previous=previous,
            keep_all_pairs=True,
        )
        pairs = result.pairs.with_columns(
            pl.col("bp").cast(pl.String),
            pl.col("gm").round(2),
            pl.col("pooled_gm").round(2),
            pl.col("pooled_cas").list.eval(pl.element().cast(pl.String).str.zfill(12)),
        )
        out = Path(opts["out"])
        with out.open("w", encoding="utf-8") as fh:
            json.dump(pairs.to_dicts(), fh, ensure_ascii=False)
        accounts = result.accounts
        counts = accounts.group_by("segment").len().sort("segment").rows()
        self.stdout.write(
            f"{pairs.height} BP-office pairs, {accounts.height} key accounts "
            f"({', '.join(f'{s} {n}' for s, n in counts)}; "
            f"{accounts['supplement'].sum()} supplements) in "
            f"{time.monotonic() - started:.1f} s → {out}"
        )

    def _checked(self, path: str, fy: int, offices: set[str]) -> pl.LazyFrame:
        try:
            lf = scan_extract(path)
        except (ValueError, OSError) as e:
            raise CommandError(str(e)) from None
        report = validate_extract(lf, fy=fy, office_codes=offices)
        if not report.ok:
            lines = [f"{path}: the extract is refused"]
            for error in report.errors:
                lines.append(f"  {error.code} {error.column or ''}: {error.count} row(s)")
                lines.extend(f"    {row}" for row in error.examples[:5])
            raise CommandError("\n".join(lines))
        return normalise_extract(lf)
