"""Background work of the KAMR workforce (a scheduler enqueues it each month)."""

from __future__ import annotations

from django_tasks import task


@task()
def allowance_ledgers_task(month: str) -> dict[str, str]:
    """Build the draft allowance ledgers of HQ and every area for `month` (`YYYY-MM`)."""
    from crmplus.workforce.allowance import allowance_ledgers_build_all

    return allowance_ledgers_build_all(month=month)
