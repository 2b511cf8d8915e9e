"""Background work of the risk app: the early-warning check (the web queues it)."""

from __future__ import annotations

from django_tasks import task


@task()
def early_warnings_task(fy: int, by_id: int | None = None) -> dict:
    from crmplus.core.models import User
    from crmplus.risk.services_warnings import early_warnings_run

    by = User.objects.filter(pk=by_id).first() if by_id else None
    return early_warnings_run(fy=fy, by=by)
