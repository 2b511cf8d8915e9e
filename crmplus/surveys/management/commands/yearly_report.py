"""`manage.py yearly_report --fy 2564 --format csv|xlsx|pdf --out PATH`: the yearly
key-account report (memo table 2.3) of a fiscal year, national, for scripts."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crmplus.surveys.report_output import report_csv, report_pdf, report_xlsx
from crmplus.surveys.selectors import yearly_report


class Command(BaseCommand):
    help = "Write the yearly key-account report of a fiscal year (CSV, XLSX or PDF)."

    def add_arguments(self, parser):
        parser.add_argument("--fy", type=int, required=True, help="Buddhist-era fiscal year")
        parser.add_argument("--format", choices=["csv", "xlsx", "pdf"], default="csv")
        parser.add_argument("--out", help="output file ('-' or none: standard output, CSV only)")

    def handle(self, *args, **options):
        fy = options["fy"]
        if not 2400 < fy < 2700:
            raise CommandError("--fy is a Buddhist-era fiscal year, e.g. 2564")
        fmt, out = options["format"], options.get("out")
        to_stdout = not out or out == "-"
        if to_stdout and fmt != "csv":
            raise CommandError("--out is required for xlsx and pdf")
        if not to_stdout and not Path(out).parent.exists():
            raise CommandError(f"directory {Path(out).parent} does not exist")
        report = yearly_report(fy=fy)
        data = {"csv": report_csv, "xlsx": report_xlsx, "pdf": report_pdf}[fmt](report)
        if to_stdout:
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        path = Path(out)
        path.write_bytes(data)
        self.stderr.write(f"Yearly report FY{fy} ({fmt}): {len(report.rows)} rows → {path}")
