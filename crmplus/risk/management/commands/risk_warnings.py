"""`manage.py risk_warnings --fy 2564`: run the early-warning check from billing now."""

from django.core.management.base import BaseCommand, CommandError

from crmplus.risk.services_warnings import early_warnings_run


class Command(BaseCommand):
    help = (
        "Flag key accounts of list year FY whose kWh fell or whose load factor changed "
        "sharply (billing extracts of FY-1 against FY-2)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fy", type=int, required=True, help="key-account list year (B.E.)")

    def handle(self, *args, **options):
        fy = options["fy"]
        if not 2400 < fy < 2700:
            raise CommandError("--fy is a Buddhist-era fiscal year, e.g. 2564")
        summary = early_warnings_run(fy=fy)
        if summary.get("skipped"):
            self.stdout.write(f"Nothing done: {summary['skipped']}.")
            return
        self.stdout.write(
            f"FY{fy}: {summary['checked']} key accounts checked, {summary['flagged']} flags; "
            f"warnings {summary['created']} created, {summary['refreshed']} refreshed, "
            f"{summary['unchanged']} unchanged, {summary['kept_dismissed']} left dismissed "
            f"({summary['seconds']} s)."
        )
