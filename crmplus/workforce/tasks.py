"""Background work of the KAMR workforce (a scheduler enqueues it each month)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def allowance_ledgers_task(month: str) -> dict[str, str]:
    """Build the draft allowance ledgers of HQ and every area for `month` (`YYYY-MM`)."""
    from crmplus.workforce.allowance import allowance_ledgers_build_all

    return allowance_ledgers_build_all(month=month)


# The monthly ledger is generated on the first days of a month, for the month before
# (the month is complete, so its days are known). A ledger already submitted or approved
# is kept, a draft is rebuilt: running again changes nothing that was decided.
LEDGER_DAYS = (1, 2, 3)


def allowance_daily_job(day) -> str:
    """Daily job: on the 1st–3rd of a month, enqueue the previous month's ledgers."""
    if day.day not in LEDGER_DAYS:
        return "not a ledger day"
    from crmplus.core.models import OrgUnit, OrgUnitKind
    from crmplus.workforce.models import AllowanceLedger

    previous = day.replace(day=1) - dt.timedelta(days=1)
    month = f"{previous:%Y-%m}"
    units = OrgUnit.objects.filter(kind__in=[OrgUnitKind.HQ, OrgUnitKind.AREA], is_active=True)
    built = AllowanceLedger.objects.filter(month=previous.replace(day=1), unit__in=units)
    if built.count() >= units.count():
        return f"allowance ledgers of {month} already built"
    allowance_ledgers_task.enqueue(month)
    return f"allowance ledgers of {month} enqueued"
