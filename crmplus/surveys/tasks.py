"""Background work of the survey app: big survey files are checked by the worker."""

from __future__ import annotations

from django_tasks import task


@task()
def survey_import_task(import_id: int) -> str:
    """Check and store a queued survey import (all rows or none)."""
    from crmplus.surveys.importer import survey_import_run

    record = survey_import_run(import_id=import_id)
    return f"survey import #{record.pk}: {record.status}"
