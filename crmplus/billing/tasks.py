"""Background import of an uploaded billing extract.

`billing_job_create` keeps the upload as a queued job, `billing_job_enqueue` hands
it to the worker once committed, and `billing_job_run` (the task's body) calls
services.billing_extract_import on it, then deletes the upload whatever happened.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from crmplus.billing.extract import SUFFIXES
from crmplus.billing.models import BillingImportJob, JobStatus
from crmplus.billing.services import ExtractRejected, billing_extract_import, fy_check
from crmplus.core.models import User
from crmplus.core.permissions import require_hq_admin

logger = logging.getLogger(__name__)


def billing_job_create(
    *, by: User, upload: File, fy: int, name: str = "", note: str = "", filename: str = ""
) -> BillingImportJob:
    """Keep an uploaded extract as a queued job (nothing is checked yet)."""
    require_hq_admin(by)
    fy_check(fy)
    filename = Path(filename or upload.name or "extract").name
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError({"file": _("Upload a .parquet or .csv file.")})
    job = BillingImportJob(
        user=by, original_name=filename[:255], fy=fy, name=name.strip()[:200], note=note.strip()
    )
    # The stored name is ours: user file names may be long, Thai or hostile.
    job.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    job.save()
    return job


def billing_job_enqueue(job: BillingImportJob) -> None:
    """Queue the job once its row is committed, so the worker can see it."""

    def enqueue() -> None:
        result = billing_import_task.enqueue(job.pk)
        BillingImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(enqueue)


def _progress(job: BillingImportJob):
    def report(phase: str, info: dict) -> None:
        if phase == "validating":
            text = _("Checking every row of %(name)s…") % {"name": job.original_name}
            status = JobStatus.VALIDATING
        else:
            text = _("The file is valid: storing %(rows)s rows as Parquet…") % {
                "rows": f"{info.get('rows', 0):,}"
            }
            status = JobStatus.WRITING
        job.status, job.progress = status, text
        # The import's one transaction opens only after this: the row can change now.
        BillingImportJob.objects.filter(pk=job.pk).update(status=status, progress=text)

    return report


def billing_job_run(*, job_id: int) -> BillingImportJob:
    """Run a queued job; the upload is deleted when it ends, whatever the outcome."""
    started = BillingImportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.VALIDATING, started_at=timezone.now()
    )
    job = BillingImportJob.objects.select_related("user", "user__home_unit").get(pk=job_id)
    if not started:
        return job  # already run: a retried task must not import twice
    try:
        with translation.override(job.user.language or settings.LANGUAGE_CODE):
            _run(job)
    finally:
        job.upload_prune()
        job.file = ""
    return job


def _run(job: BillingImportJob) -> None:
    try:
        extract = billing_extract_import(
            source=Path(job.file.path),
            fy=job.fy,
            by=job.user,
            name=job.name,
            note=job.note,
            original_name=job.original_name,
            progress=_progress(job),
        )
    except ExtractRejected as e:
        job.status, job.message, job.report = JobStatus.REJECTED, str(e), e.report.as_dict()
    except (PermissionDenied, ValidationError) as e:
        messages = getattr(e, "messages", None) or [str(e)]
        job.status, job.message = JobStatus.FAILED, " ".join(str(m) for m in messages)
    except Exception as e:  # noqa: BLE001 - the job must end, whatever happened
        logger.exception("Billing import job %s failed", job.pk)
        job.status = JobStatus.FAILED
        job.message = _(
            "The import stopped on an unexpected error (%(e)s): nothing was stored."
        ) % {"e": type(e).__name__}
    else:
        job.status, job.extract = JobStatus.DONE, extract
        job.message = _("%(rows)s rows stored.") % {"rows": f"{extract.rows:,}"}
    job.progress = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "report", "extract", "progress", "finished_at"])


@task()
def billing_import_task(job_id: int) -> str:
    return billing_job_run(job_id=job_id).status
