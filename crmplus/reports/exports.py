"""Exports of any list to XLSX, run in the worker with a progress bar and a download link.

An app registers each of its lists once (from its AppConfig.ready()), in one of two ways:

- rows: `register_export(key, label, build, columns=...)`: `build(user, params, progress)`
  yields one sequence of cells per row (str, int, float, Decimal, date, datetime, bool,
  None); `columns()` gives the header as (title, width) pairs. The framework writes the
  workbook (XlsxWriter, constant_memory) and reports progress every row it writes.
- writer: `register_export(key, label, write=..., count=...)` for a list that already has an
  XLSX writer `write(user, params, path, progress) -> rows`: the very same file as its
  synchronous export, so nothing is written twice.

`params` is the list's query string as a QueryDict (its filters, sort, search), so the
build reads it with the list's own filter form, and `user` is the job's owner: the rows
are exactly the list the user saw, in their scope. `progress(done, total=None)` may be
called as often as wanted; the job row is updated at most every PROGRESS_SECONDS.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from crmplus.core.settings_registry import register, rule_get
from crmplus.reports.models import ExportJob, ExportStatus

logger = logging.getLogger(__name__)

Progress = Callable[..., None]
PROGRESS_SECONDS = 0.5
# Exports a user may have waiting or running at once (each holds a worker for a while).
MAX_ACTIVE_PER_USER = 3
EXPORT_DIR = "exports"
KEEP_DAYS_KEY = "reports.export_keep_days"

register(
    KEEP_DAYS_KEY,
    7,
    gettext_lazy("Days an exported file is kept"),
    gettext_lazy("A daily job deletes older export files; the user can export again."),
)


@dataclass(frozen=True)
class ExportDef:
    key: str
    label: Any
    build: Callable[[Any, QueryDict, Progress], Iterable[Sequence[Any]]] | None = None
    columns: Callable[[], Sequence[tuple[str, int]]] | None = None
    write: Callable[[Any, QueryDict, Path, Progress], int] | None = None
    count: Callable[[Any, QueryDict], int] | None = None
    filename: str = ""
    sheet: Any = ""


_exports: dict[str, ExportDef] = {}


def register_export(
    key: str,
    label: Any,
    build: Callable[[Any, QueryDict, Progress], Iterable[Sequence[Any]]] | None = None,
    *,
    columns: Callable[[], Sequence[tuple[str, int]]] | None = None,
    write: Callable[[Any, QueryDict, Path, Progress], int] | None = None,
    count: Callable[[Any, QueryDict], int] | None = None,
    filename: str = "",
    sheet: Any = "",
) -> None:
    if (build is None) == (write is None):
        raise ValueError(f"export {key}: give either build (rows) or write (a file writer)")
    if build is not None and columns is None:
        raise ValueError(f"export {key}: a row build needs its columns")
    _exports[key] = ExportDef(key, label, build, columns, write, count, filename, sheet)


def exports_registered() -> dict[str, ExportDef]:
    return dict(_exports)


def export_label(key: str) -> str:
    d = _exports.get(key)
    return str(d.label) if d else key


def params_of(query: str) -> dict[str, list[str]]:
    """A list's query string as stored on the job (the page number is not a filter)."""
    q = QueryDict(query or "", mutable=True)
    q.pop("page", None)
    q.pop("csrfmiddlewaretoken", None)
    return {k: q.getlist(k) for k in q}


def query_of(params: dict[str, list[str]]) -> QueryDict:
    q = QueryDict("", mutable=True)
    for k, values in (params or {}).items():
        q.setlist(k, [str(v) for v in (values if isinstance(values, list) else [values])])
    q._mutable = False
    return q


# -- starting a job -----------------------------------------------------------------------


def export_start(*, user, key: str, query: str = "", source_url: str = "") -> ExportJob:
    """Queue the export `key` of the list filtered by `query`, for `user` (the worker runs it)."""
    if key not in _exports:
        raise ValidationError({"key": _("This list cannot be exported.")})
    if not user.is_authenticated or user.home_unit_id is None:
        raise ValidationError({"key": _("Your account has no unit: nothing to export.")})
    active = ExportJob.objects.filter(
        user=user, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]
    ).count()
    if active >= MAX_ACTIVE_PER_USER:
        raise ValidationError(
            {
                "key": _(
                    "You already have %(n)s exports waiting or running: wait for one to finish."
                )
                % {"n": active}
            }
        )
    if not source_url.startswith("/") or source_url.startswith("//"):
        source_url = ""  # only a path of this site: never a link elsewhere
    with transaction.atomic():
        job = ExportJob.objects.create(
            user=user, key=key, params=params_of(query), source_url=source_url[:1000]
        )

        def enqueue() -> None:
            result = export_job_task.enqueue(job.pk)
            ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

        transaction.on_commit(enqueue)
    return job


# -- running a job ------------------------------------------------------------------------


class _JobProgress:
    """Throttled progress on the job row (the export holds no write transaction open)."""

    def __init__(self, job: ExportJob):
        self.job = job
        self.total: int | None = None
        self.done = 0
        self.last = 0.0

    def __call__(self, done: int | None = None, total: int | None = None) -> None:
        if total is not None:
            self.total = total
        if done is not None:
            self.done = done
        now = time.monotonic()
        if total is None and now - self.last < PROGRESS_SECONDS:
            return
        self.last = now
        pct = 0
        if self.total:
            pct = min(99, int(100 * self.done / self.total))
        ExportJob.objects.filter(pk=self.job.pk).update(
            progress=pct, row_count=self.done, total_rows=self.total
        )


def _cell(sheet, fmt: dict, r: int, c: int, value: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(r, c, value)
    elif isinstance(value, (int, float, Decimal)):
        sheet.write_number(r, c, float(value), fmt["num"])
    elif isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        sheet.write_datetime(r, c, value, fmt["when"])
    elif isinstance(value, dt.date):
        sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), fmt["day"])
    else:
        # Text cells: BP and CA numbers keep their leading zeros.
        sheet.write_string(r, c, str(value))


def write_rows(
    path: Path,
    columns: Sequence[tuple[str, int]],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_name: str = "",
    progress: Progress | None = None,
) -> int:
    """Write a header and rows to an XLSX file in constant memory; the row count."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "remove_timezone": True})
    sheet = book.add_worksheet((sheet_name or "export")[:31])
    fmt = {
        "head": book.add_format({"bold": True, "bg_color": "#F0ECF5"}),
        "num": book.add_format({"num_format": "#,##0.##"}),
        "when": book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "day": book.add_format({"num_format": "yyyy-mm-dd"}),
    }
    for i, (title, width) in enumerate(columns):
        sheet.set_column(i, i, width)
        sheet.write_string(0, i, str(title), fmt["head"])
    sheet.freeze_panes(1, 0)
    n = 0
    for row in rows:
        n += 1
        for c, value in enumerate(row):
            _cell(sheet, fmt, n, c, value)
        if progress is not None:
            progress(n)
    if n and columns:
        sheet.autofilter(0, 0, n, len(columns) - 1)
    book.close()
    return n


def export_job_run(*, job_id: int) -> ExportJob:
    """Run a queued export job once (a retried task finds it started and returns)."""
    started = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    job = ExportJob.objects.select_related("user", "user__home_unit").get(pk=job_id)
    if not started:
        return job
    definition = _exports.get(job.key)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    relative = f"{EXPORT_DIR}/{timezone.localdate():%Y-%m}/{uuid.uuid4().hex}.xlsx"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    progress = _JobProgress(job)
    try:
        if definition is None:
            raise LookupError(job.key)
        with translation.override(job.user.language or settings.LANGUAGE_CODE):
            params = query_of(job.params)
            if definition.count is not None:
                progress(0, definition.count(job.user, params))
            if definition.write is not None:
                n = definition.write(job.user, params, path, progress)
            else:
                n = write_rows(
                    path,
                    definition.columns(),
                    definition.build(job.user, params, progress),
                    sheet_name=str(definition.sheet or definition.label),
                    progress=progress,
                )
    except Exception as e:  # noqa: BLE001 - the job must end, whatever happened
        logger.exception("Export job %s (%s) failed", job.pk, job.key)
        path.unlink(missing_ok=True)
        job.status = ExportStatus.FAILED
        job.error = _("The export stopped on an unexpected error (%(e)s).") % {
            "e": type(e).__name__
        }
    else:
        job.status = ExportStatus.DONE
        job.progress = 100
        job.row_count = n
        job.total_rows = n
        job.file.name = relative
        job.filename = f"crmplus-{definition.filename or job.key.replace('.', '-')}-{stamp}.xlsx"
    job.finished_at = timezone.now()
    job.save()
    return job


@task()
def export_job_task(job_id: int) -> str:
    return export_job_run(job_id=job_id).status


# -- expiry -------------------------------------------------------------------------------


def exports_expire(day: dt.date) -> str:
    """Delete the files of exports older than the kept days (a daily job)."""
    from crmplus.core.fiscal import fiscal_year

    keep = int(rule_get(KEEP_DAYS_KEY, fiscal_year(day)))
    cutoff = timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=keep), dt.time()))
    n = 0
    old = ExportJob.objects.filter(created_at__lt=cutoff).exclude(
        status__in=[ExportStatus.EXPIRED, ExportStatus.QUEUED, ExportStatus.RUNNING]
    )
    for job in old.iterator():
        if job.file:
            job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.EXPIRED, file="")
        n += 1
    return f"{n} export files expired (kept {keep} days)"
