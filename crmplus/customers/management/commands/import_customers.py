"""manage.py import_customers FILE --user USERNAME: the UI's import, run here and now."""

import sys
import time
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from crmplus.core.models import User
from crmplus.customers.models_import import ImportStatus
from crmplus.customers.tasks import import_job_create, import_job_run

PHASES = {"check": "checking", "import": "writing"}


class Command(BaseCommand):
    help = (
        "Import BPs, CAs and contacts from a CSV or XLSX file (docs/import-format.md), "
        "all or nothing, as USERNAME (their scope applies). Exits 1 when rows are "
        "rejected and prints where the report is."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="import as this user (scope, history)")

    def handle(self, *args, file: Path, user: str, verbosity: int, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            by = User.objects.select_related("home_unit").get(username=user)
        except User.DoesNotExist as e:
            raise CommandError(f"No such user: {user}") from e
        started = time.monotonic()
        # The same job record as an upload, so the import shows on the import page too.
        with open(file, "rb") as f:
            job = import_job_create(by=by, upload=File(f), name=file.name)
        self.stdout.write(f"Import #{job.pk}: {file} as {by.username}")
        state = {"phase": "", "since": started, "last": 0.0}

        def progress(phase: str, done: int, total: int | None) -> None:
            now = time.monotonic()
            if phase != state["phase"]:
                state.update(phase=phase, since=now)
            if verbosity < 1 or (now - state["last"] < 1 and done != total):
                return
            state["last"] = now
            of = f" / {total:,}" if total else ""
            rate = done / max(now - state["since"], 1e-6)
            line = (
                f"\r  {PHASES.get(phase, phase)}: {done:,}{of} "
                f"({rate:,.0f}/s; {now - started:,.0f} s in all)"
            )
            if sys.stdout.isatty():
                self.stdout.write(line.ljust(72), ending="")
            else:
                self.stdout.write(line.strip())
            self.stdout.flush()

        job = import_job_run(job_id=job.pk, progress=progress)
        if verbosity >= 1 and sys.stdout.isatty():
            self.stdout.write("")
        elapsed = time.monotonic() - started
        if job.status == ImportStatus.DONE:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Done: {job.total_rows:,} rows in {elapsed:,.1f} s. "
                    f"BPs {job.bp_created:,} created, {job.bp_updated:,} updated, "
                    f"{job.bp_unchanged:,} unchanged; CAs {job.ca_created:,} created, "
                    f"{job.ca_updated:,} updated, {job.ca_unchanged:,} unchanged; contacts "
                    f"{job.contact_created:,} created, {job.contact_updated:,} updated, "
                    f"{job.contact_unchanged:,} unchanged."
                )
            )
            return
        self.stderr.write(f"{job.get_status_display()}: {job.message}")
        for e in job.errors_preview[:20]:
            self.stderr.write(f"  row {e['row']}: {e['reason']}")
        if job.report:
            self.stderr.write(f"Report of the rejected rows: {job.report.path}")
        raise CommandError(f"Import #{job.pk} {job.status}: nothing was imported.")
