"""Customer-registry import jobs: one uploaded file, its progress, its outcome.

An operational record rather than business data, so it keeps no simple_history:
the rows it writes carry their own history, with the job in the change reason.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crmplus.core.scoping import unit_ids_for


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    VALIDATING = "validating", _("Checking rows")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Done")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Failed")


RUNNING_STATUSES = {ImportStatus.QUEUED, ImportStatus.VALIDATING, ImportStatus.IMPORTING}


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ImportJobQuerySet(models.QuerySet):
    def for_user(self, user) -> ImportJobQuerySet:
        """A user sees their own jobs; HQ sees everyone's."""
        if unit_ids_for(user) is None:
            return self
        return self.filter(user_id=user.pk)


class ImportJob(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4, choices=ImportFormat.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    bp_created = models.PositiveIntegerField(default=0)
    bp_updated = models.PositiveIntegerField(default=0)
    bp_unchanged = models.PositiveIntegerField(default=0)
    ca_created = models.PositiveIntegerField(default=0)
    ca_updated = models.PositiveIntegerField(default=0)
    ca_unchanged = models.PositiveIntegerField(default=0)
    contact_created = models.PositiveIntegerField(default=0)
    contact_updated = models.PositiveIntegerField(default=0)
    contact_unchanged = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(_("rejected rows"), default=0)
    # The first rejected rows ({"row": n, "reason": "..."}), for the job page;
    # the full list is in `report`.
    errors_preview = models.JSONField(default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    report = models.FileField(
        _("rejected-rows report"), upload_to="imports/reports/%Y/%m/", blank=True, max_length=300
    )
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer import")
        verbose_name_plural = _("customer imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("customers:import_job", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    # While the rows are written, the job row cannot be updated: the import holds
    # one transaction (all-or-nothing), SQLite has one writer and PostgreSQL would
    # hide the uncommitted progress. So the write phase reports its progress in a
    # small file next to the upload, and the job page reads it from there.
    def progress_path(self) -> Path:
        return Path(settings.MEDIA_ROOT) / "imports" / "progress" / f"{self.pk}.json"

    def progress_write(self, processed: int, total: int | None) -> None:
        path = self.progress_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"processed": processed, "total": total}))
        os.replace(tmp, path)

    def progress_clear(self) -> None:
        self.progress_path().unlink(missing_ok=True)

    def live_progress(self) -> tuple[int, int | None]:
        """(processed, total) rows of the current phase."""
        if self.status == ImportStatus.IMPORTING:
            try:
                data = json.loads(self.progress_path().read_text())
                return int(data["processed"]), data["total"]
            except (OSError, ValueError, KeyError):
                return 0, self.total_rows
        return self.processed_rows, self.total_rows

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        processed, total = self.live_progress()
        if not total:
            return 0
        return max(0, min(100, int(processed * 100 / total)))
