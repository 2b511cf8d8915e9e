"""Background work: a selection run (the web queues it; the worker runs it)."""

from __future__ import annotations

from django_tasks import task


@task()
def selection_run_task(run_id: int) -> str:
    from crmplus.keyaccounts.services import selection_run_execute

    run = selection_run_execute(run_id=run_id)
    return run.status
