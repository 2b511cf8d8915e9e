"""Background work of the customer registry: the import job.

`import_job_create` stores an upload as a queued job, `import_job_enqueue` hands
it to the worker once committed, and `import_job_run` (the task's body, also
called by `manage.py import_customers`) runs customers.importer on it.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import User
from crmplus.core.permissions import require_write
from crmplus.core.settings_registry import rule_get
from crmplus.customers.importer import ImportConflict, customers_import
from crmplus.customers.models_import import ImportFormat, ImportJob, ImportStatus

logger = logging.getLogger(__name__)

# The job row is updated at most this often while rows are checked.
PROGRESS_SECONDS = 0.5


def import_format_of(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in ImportFormat.values:
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    return suffix


def import_job_create(*, by: User, upload: File, name: str | None = None) -> ImportJob:
    """Store an uploaded file as a queued import job (nothing is checked yet)."""
    require_write(by)
    name = Path(name or upload.name or "import").name
    file_format = import_format_of(name)
    job = ImportJob(user=by, original_name=name[:255], file_format=file_format)
    # The stored name is ours: user file names may be long, Thai or hostile.
    job.file.save(f"{uuid.uuid4().hex}.{file_format}", upload, save=False)
    job.save()
    return job


def import_job_enqueue(job: ImportJob) -> None:
    """Queue the job for the worker once the job row is committed (so it can see it)."""

    def enqueue() -> None:
        result = import_job_task.enqueue(job.pk)
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(enqueue)


class _JobProgress:
    """Reports the importer's progress on the job, throttled.

    While rows are checked the job row itself is updated. The write phase runs in
    one transaction, where an update of the job row would stay invisible
    (PostgreSQL) or wait for the import's own lock (SQLite), so from then on the
    job's progress file is written instead (ImportJob.progress_write).
    """

    def __init__(self, job: ImportJob, also: Callable | None = None):
        self.job = job
        self.also = also
        self.phase = "check"
        self.last = 0.0

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if self.also is not None:
            self.also(phase, done, total)
        now = time.monotonic()
        if phase != self.phase:
            # Called just before the write transaction opens: the row can still change.
            self.phase = phase
            self.job.progress_write(done, total)
            ImportJob.objects.filter(pk=self.job.pk).update(
                status=ImportStatus.IMPORTING, processed_rows=done, total_rows=total
            )
            self.job.status = ImportStatus.IMPORTING
        elif now - self.last >= PROGRESS_SECONDS or done == total:
            if phase == "check":
                ImportJob.objects.filter(pk=self.job.pk).update(
                    processed_rows=done, total_rows=total
                )
            else:
                self.job.progress_write(done, total)
        else:
            return
        self.last = now


def import_job_run(*, job_id: int, progress: Callable | None = None) -> ImportJob:
    """Run a queued job: check the file, then import all of it or none of it."""
    started = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.VALIDATING, started_at=timezone.now()
    )
    job = ImportJob.objects.select_related("user", "user__home_unit").get(pk=job_id)
    if not started:
        return job  # already run: a retried task must not import twice
    preview = rule_get(
        "customers.import_max_rejected_rows_shown", fiscal_year(timezone.localdate())
    )
    report_dir = Path(tempfile.mkdtemp(prefix="crmplus-import-report-"))
    try:
        with translation.override(job.user.language or settings.LANGUAGE_CODE):
            _run(job, report_dir, _JobProgress(job, progress), int(preview))
    finally:
        shutil.rmtree(report_dir, ignore_errors=True)
        job.progress_clear()
    return job


def _run(job: ImportJob, report_dir: Path, progress: _JobProgress, preview: int) -> None:
    try:
        # FileSystemStorage (settings.STORAGES): the worker shares MEDIA_ROOT with the web.
        outcome = customers_import(
            path=Path(job.file.path),
            file_format=job.file_format,
            by=job.user,
            reason=_("import #%(id)s") % {"id": job.pk},
            report_dir=report_dir,
            progress=progress,
            preview_limit=preview,
        )
    except (ImportConflict, PermissionDenied) as e:
        job.status, job.message = ImportStatus.FAILED, str(e)
    except Exception as e:  # noqa: BLE001 - the job must end, whatever happened
        logger.exception("Import job %s failed", job.pk)
        job.status = ImportStatus.FAILED
        job.message = _(
            "The import stopped on an unexpected error (%(e)s): nothing was imported."
        ) % {"e": type(e).__name__}
    else:
        job.status = outcome.status
        job.message = outcome.message
        job.total_rows = outcome.rows
        job.processed_rows = outcome.rows
        job.error_count = outcome.error_count
        job.errors_preview = outcome.errors_preview
        for key, value in outcome.counts.items():
            setattr(job, key, value)
        if outcome.report_path is not None:
            with open(outcome.report_path, "rb") as f:
                job.report.save(f"rejected-rows-{job.pk}.{job.file_format}", File(f), save=False)
    job.finished_at = timezone.now()
    job.save()


@task()
def import_job_task(job_id: int) -> str:
    return import_job_run(job_id=job_id).status
