"""Billing extracts: validated Parquet files in the media store, one row each here.

The monthly rows themselves (21 M CAs x 12 months nationally) never enter the
relational database: a BillingExtract row describes one immutable Parquet file
under MEDIA_ROOT/billing/extracts/ (its totals, months, checksum), and readers
scan that file with Polars (crmplus.billing.extract).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crmplus.core.scoping import unit_ids_for

EXTRACT_DIR = "billing/extracts"
UPLOAD_DIR = "billing/uploads"


class HqOnlyQuerySet(models.QuerySet):
    """Billing data is national: HQ users (admin, approver, auditor) see it, nobody else."""

    def for_user(self, user) -> HqOnlyQuerySet:
        if user.is_authenticated and user.home_unit_id and unit_ids_for(user) is None:
            return self
        return self.none()


class BillingExtract(models.Model):
    fy = models.PositiveSmallIntegerField(_("fiscal year"), db_index=True)
    name = models.CharField(_("name"), max_length=200)
    # Relative to MEDIA_ROOT, always under billing/extracts/; written by the import
    # service (a streamed Polars sink), never by a Django upload.
    file = models.FileField(_("file"), upload_to=EXTRACT_DIR, max_length=300)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the stored file"), max_length=64)
    size_bytes = models.BigIntegerField(_("file size (bytes)"), default=0)
    rows = models.BigIntegerField(_("rows"))
    cas = models.PositiveIntegerField(_("contract accounts"))
    bps = models.PositiveIntegerField(_("business partners"))
    months = models.JSONField(_("months"), default=list)
    # National yearly sums reach 10^11-10^12 (kWh, baht): wider than the usual 14 digits.
    total_kwh = models.DecimalField(_("total kWh"), max_digits=18, decimal_places=2)
    total_gm = models.DecimalField(_("total gross margin"), max_digits=18, decimal_places=2)
    total_revenue = models.DecimalField(_("total revenue"), max_digits=18, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="billing_extracts",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    objects = HqOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("billing extract")
        verbose_name_plural = _("billing extracts")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"FY{self.fy} · {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("billing:detail", args=[self.pk])

    @property
    def path(self) -> Path:
        """The Parquet file's absolute path (MEDIA_ROOT is shared by web and worker)."""
        return Path(settings.MEDIA_ROOT) / self.file.name

    @property
    def totals(self) -> dict:
        return {"kwh": self.total_kwh, "gm": self.total_gm, "revenue": self.total_revenue}


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    VALIDATING = "validating", _("Checking the file")
    WRITING = "writing", _("Storing the extract")
    DONE = "done", _("Done")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Failed")


RUNNING_STATUSES = {JobStatus.QUEUED, JobStatus.VALIDATING, JobStatus.WRITING}


class BillingImportJob(models.Model):
    """One uploaded extract on its way through the worker (operational, no history).

    The upload waits under billing/uploads/ and is deleted when the job ends,
    whatever the outcome: an accepted file lives on as its normalised Parquet.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="billing_import_jobs",
    )
    file = models.FileField(_("file"), upload_to=UPLOAD_DIR, max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    fy = models.PositiveSmallIntegerField(_("fiscal year"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.CharField(_("progress"), max_length=300, blank=True)
    message = models.TextField(_("message"), blank=True)
    # ExtractReport.as_dict() of a rejected file: codes, counts and first rows.
    report = models.JSONField(_("error report"), default=dict, blank=True)
    extract = models.ForeignKey(
        BillingExtract,
        verbose_name=_("billing extract"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = HqOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("billing extract import")
        verbose_name_plural = _("billing extract imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("billing:job", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    def upload_prune(self) -> None:
        """Delete the uploaded file (the job keeps its name and outcome)."""
        if self.file:
            self.file.delete(save=False)
        BillingImportJob.objects.filter(pk=self.pk).update(file="")
