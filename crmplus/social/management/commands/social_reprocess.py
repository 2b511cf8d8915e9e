from django.core.management.base import BaseCommand

from crmplus.social.services_inbound import deliveries_reprocess


class Command(BaseCommand):
    help = "Process stored webhook deliveries again: the failed ones, or the given ids."

    def add_arguments(self, parser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="delivery ids (default: all failed)")
        parser.add_argument("--limit", type=int, default=1000)

    def handle(self, *args, **options) -> None:
        counts = deliveries_reprocess(ids=options["ids"] or None, limit=options["limit"])
        self.stdout.write(
            f"{counts['processed']} processed, {counts['failed']} failed, "
            f"{counts['malformed']} malformed"
        )
