"""Export jobs (a list written to XLSX in the worker) and process-calendar reminders sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class ExportJobQuerySet(models.QuerySet):
    def for_user(self, user) -> ExportJobQuerySet:
        """An export holds rows of its owner's scope: only its owner sees it, HQ included."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class ExportJob(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    key = models.CharField(_("export"), max_length=60)
    params = models.JSONField(_("filters"), default=dict, blank=True)
    source_url = models.CharField(_("list"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    row_count = models.PositiveIntegerField(_("rows written"), default=0)
    total_rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="exports/", max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.key} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("reports:export", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in {ExportStatus.QUEUED, ExportStatus.RUNNING}

    @property
    def label(self) -> str:
        from crmplus.reports.exports import export_label

        return export_label(self.key)


class ProcessReminder(models.Model):
    """One reminder sent about one deadline occurrence for one unit: sent once only."""

    class Kind(models.TextChoices):
        DUE = "due", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    deadline = models.CharField(_("deadline"), max_length=60)
    due = models.DateField(_("due date"))
    unit = models.ForeignKey(
        "core.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_on = models.DateField(_("sent on"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("process reminder")
        verbose_name_plural = _("process reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "due", "unit", "kind"], name="reports_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline} {self.due} {self.unit_id} {self.kind}"
