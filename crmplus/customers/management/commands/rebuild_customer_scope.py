from django.core.management.base import BaseCommand

from crmplus.customers.scope import customer_scope_rebuild


class Command(BaseCommand):
    help = (
        "Recompute which units see which customer (CustomerScope) from scratch: after "
        "loading customers with raw SQL, or to check that nothing drifted."
    )

    def handle(self, *args, **options) -> None:
        rows = customer_scope_rebuild()
        self.stdout.write(f"Customer scope rebuilt: {rows:,} rows.")
