"""`manage.py daily_jobs [--date YYYY-MM-DD] [--job NAME] [--list]`: run the daily jobs now."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from crmplus.core.extensions import daily_jobs
from crmplus.core.scheduler import run_daily_jobs


class Command(BaseCommand):
    help = (
        "Run the registered daily jobs (reminders, escalations, ledgers…) that have not "
        "run yet for the day. The worker does this every hour by itself."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to run for (default today)")
        parser.add_argument("--job", help="run only this job")
        parser.add_argument("--list", action="store_true", help="list the jobs and stop")

    def handle(self, *args, **options):
        if options["list"]:
            for job in daily_jobs():
                self.stdout.write(job.name)
            return
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError("--date must be YYYY-MM-DD") from exc
        names = {job.name for job in daily_jobs()}
        if options["job"] and options["job"] not in names:
            raise CommandError(f"Unknown job {options['job']!r}; known: {', '.join(sorted(names))}")
        done = run_daily_jobs(day, only=options["job"])
        for name, summary in done.items():
            self.stdout.write(f"{name}: {summary}")
        if not done:
            self.stdout.write("Nothing to run: every job already ran for that day.")
