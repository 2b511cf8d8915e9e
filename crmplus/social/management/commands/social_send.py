from django.core.management.base import BaseCommand

from crmplus.social import conf
from crmplus.social.outbound import replies_send_due


class Command(BaseCommand):
    help = "Queue the replies waiting to be sent (and retries that are due) for the worker."

    def handle(self, *args, **options) -> None:
        if not conf.outbound_enabled():
            self.stdout.write("Outbound sending is off (CRMPLUS_SOCIAL_OUTBOUND_ENABLED).")
            return
        self.stdout.write(f"{replies_send_due()} replies queued for the worker")
