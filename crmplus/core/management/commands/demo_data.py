"""`manage.py demo_data --seed N [--customers N]`: the demo organisation, users and customers.

Deterministic for a seed and idempotent: a second run stores nothing and ends in seconds.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from crmplus.core.demo import demo_data_load
from crmplus.core.demo_plan import DEMO_PASSWORD
from crmplus.core.extensions import demo_steps
from crmplus.keyaccounts.demo import demo_key_accounts_load
from crmplus.risk.demo import demo_risk_load
from crmplus.workforce.demo import demo_workforce_load


class Command(BaseCommand):
    help = (
        "Load demo data: the PEA organisation tree, industrial estates, a user for every "
        f"role and area (password {DEMO_PASSWORD}) and large customers. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--customers", type=int, default=7000, help="number of demo customers (default 7000)"
        )

    def handle(self, *args, **options):
        customers = options["customers"]
        if not 0 <= customers <= 9_999_999:
            raise CommandError("--customers must be between 0 and 9,999,999")
        started = time.monotonic()
        result = demo_data_load(seed=options["seed"], customers=customers)
        # Billing extracts, a selection run and the approved FY2564 key-account lists.
        key_accounts = demo_key_accounts_load(seed=options["seed"])
        # The KAMR roster of the 2021 table, appointments, training, replacements.
        workforce = demo_workforce_load(seed=options["seed"])
        risk = demo_risk_load(seed=options["seed"])
        # Every other app's demo (engagement, seminars, surveys, prospects…), in order.
        extra_lines = [step.load(options["seed"]) for step in demo_steps()]
        elapsed = time.monotonic() - started
        out = self.stdout.write
        org = result.org
        out(
            f"Organisation units: {org.created} created, {org.updated} updated, "
            f"{org.unchanged} unchanged"
        )
        out(
            f"Industrial estates: {result.estates_created} created, "
            f"{result.estates_updated} updated"
        )
        out(f"Users: {result.users_created} created, {len(result.logins)} demo users in all")
        out(
            f"Customers: {result.customers_created} created "
            f"({result.accounts_created} contract accounts, {result.contacts_created} contacts); "
            f"{result.customers_total} demo customers in all"
        )
        out(
            "Customers by area: "
            + ", ".join(f"{area} {n}" for area, n in result.customers_by_area.items())
        )
        out(
            f"Key accounts FY2564 (approved): {key_accounts.approved}; "
            f"billing extracts created: {key_accounts.extracts_created}"
        )
        out(
            f"KAMR workforce: {workforce.employees} employees, {workforce.appointments} "
            f"appointments ({workforce.replacements} mid-year replacements), "
            f"{workforce.assignments} account assignments, {workforce.overdue} overdue training"
        )
        levels = ", ".join(f"level {k}: {v}" for k, v in sorted(risk.by_level.items()))
        out(f"Risk assessments FY2564: {sum(risk.by_level.values())} ({levels})")
        out(f"Early warnings from billing FY2564: {risk.warnings}")
        for line in extra_lines:
            if line:
                out(line)
        out(f"Done in {elapsed:.1f} s.")
        out("")
        out(f"Demo logins (password for all: {DEMO_PASSWORD})")
        width = max(len(login.username) for login in result.logins)
        role_width = max(len(str(login.role)) for login in result.logins)
        for login in result.logins:
            out(
                f"  {login.username:<{width}}  {login.role!s:<{role_width}}  "
                f"{login.unit_code} {login.unit_name}"
            )
