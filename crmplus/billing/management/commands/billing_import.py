"""manage.py billing_import PATH --fy 2569: check a billing extract and store it, or say why not."""

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from crmplus.billing.extract import EXTRACT_COLUMNS
from crmplus.billing.messages import report_rows
from crmplus.billing.services import ExtractRejected, billing_extract_import
from crmplus.core.models import User

EXAMPLES_SHOWN = 5


class Command(BaseCommand):
    help = (
        "Import a billing extract (Parquet or CSV, docs/billing-extract-format.md) for a "
        "fiscal year: every row is checked first; a rejected file stores nothing and "
        "exits 1 with its errors and first bad rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--fy", type=int, required=True, help="Buddhist-era fiscal year, e.g. 2569"
        )
        parser.add_argument("--name", default="", help="name shown in lists (default: file name)")
        parser.add_argument("--note", default="")
        parser.add_argument("--user", default="", help="record the import as this HQ admin")

    def handle(self, *args, path: Path, fy: int, name: str, note: str, user: str, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        by = None
        if user:
            try:
                by = User.objects.select_related("home_unit").get(username=user)
            except User.DoesNotExist as e:
                raise CommandError(f"No such user: {user}") from e
        started = time.monotonic()

        def progress(phase: str, info: dict) -> None:
            if phase == "writing":
                self.stdout.write(f"  valid ({time.monotonic() - started:,.1f} s); writing…")
            else:
                self.stdout.write(f"Checking {path} for FY{fy}…")

        try:
            extract = billing_extract_import(
                source=path, fy=fy, by=by, name=name, note=note, progress=progress
            )
        except ExtractRejected as e:
            self._print_errors(e)
            raise CommandError(f"{path.name} rejected: nothing was stored.", returncode=1) from e
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from e
        t = extract.totals
        self.stdout.write(
            self.style.SUCCESS(
                f"Stored billing extract #{extract.pk} ({time.monotonic() - started:,.1f} s)"
            )
        )
        for label, value in [
            ("rows", f"{extract.rows:,}"),
            ("CAs", f"{extract.cas:,}"),
            ("BPs", f"{extract.bps:,}"),
            ("months", f"{len(extract.months)}: {', '.join(extract.months)}"),
            ("kWh", f"{t['kwh']:,}"),
            ("revenue", f"{t['revenue']:,} baht"),
            ("GM", f"{t['gm']:,} baht"),
            ("file", f"{extract.path} ({extract.size_bytes:,} bytes)"),
            ("sha256", extract.sha256),
        ]:
            self.stdout.write(f"  {label:8} {value}")

    def _print_errors(self, e: ExtractRejected) -> None:
        self.stderr.write(str(e))
        for row in report_rows(e.report):
            where = f" [{row['column']}]" if row["column"] else ""
            self.stderr.write(f"- {row['code']}{where} x{row['count']:,}: {row['message']}")
            for example in row["examples"][:EXAMPLES_SHOWN]:
                values = ", ".join(
                    f"{c}={v!r}" for c, v in zip(EXTRACT_COLUMNS, example["values"], strict=True)
                )
                self.stderr.write(f"    row {example['row']}: {values}")
