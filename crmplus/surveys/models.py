"""The yearly key-account satisfaction survey (1129 PEA Call Center, manual item 4.10).

    SurveyImport (one uploaded file: all rows imported, or none and a row report)
      └──< SurveyResponse (one per key account BP and fiscal year; items 1–5)
              └── LowSatisfactionFollowUp (a task for the responsible KAMR)

A response is scoped like the key account it answers for: its `unit` is the key
account's owner (the office, or HQ for national customers).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crmplus.core.models import OrgUnit
from crmplus.core.scoping import scoped_manager


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    DONE = "done", _("Imported")
    REJECTED = "rejected", _("Rejected (nothing imported)")
    FAILED = "failed", _("Failed")


class SurveyImport(models.Model):
    fy = models.PositiveIntegerField(_("fiscal year"))
    file = models.FileField(_("file"), upload_to="surveys/imports/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    imported = models.PositiveIntegerField(_("responses imported"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    # Every rejected row ({"row": n, "bp": "...", "errors": ["..."]}): the screen and the
    # downloadable report are built from it.
    row_report = models.JSONField(_("row report"), default=list, blank=True)
    header = models.JSONField(default=list, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    # The uploader's home unit: an area's admins see their area's imports.
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["row_report"])

    objects = scoped_manager("unit")

    class Meta:
        verbose_name = _("survey import")
        verbose_name_plural = _("survey imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"FY{self.fy} {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:import", args=[self.pk])


class SurveyResponse(models.Model):
    fy = models.PositiveIntegerField(_("fiscal year"), db_index=True)
    bp = models.ForeignKey(
        "customers.BusinessPartner",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    ca = models.ForeignKey(
        "customers.ContractAccount",
        verbose_name=_("contract account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The key account answered for: its office, owner (the scope) and area (or HQ).
    office = models.ForeignKey(
        OrgUnit, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        OrgUnit, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    segment = models.CharField(_("segment"), max_length=10, blank=True)
    survey_date = models.DateField(_("survey date"))
    expectation_items = models.JSONField(_("expectation items"), default=list)
    satisfaction_items = models.JSONField(_("satisfaction items"), default=list)
    # The mean of the answered items, for lists and sorting; the report averages the
    # items themselves (exact), see crmplus.surveys.rules.
    expectation_avg = models.DecimalField(_("expectation"), max_digits=6, decimal_places=4)
    satisfaction_avg = models.DecimalField(_("satisfaction"), max_digits=6, decimal_places=4)
    comments = models.TextField(_("comments"), blank=True)
    source = models.ForeignKey(
        SurveyImport,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = scoped_manager("unit")

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-fy", "area__path", "bp__bp_number"]
        constraints = [
            models.UniqueConstraint(fields=["fy", "bp"], name="surveys_response_fy_bp_unique")
        ]
        indexes = [models.Index(fields=["fy", "area"])]

    def __str__(self) -> str:
        return f"FY{self.fy} {self.bp_id}"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class LowSatisfactionFollowUp(models.Model):
    """A task for the KAMR responsible for a key account whose satisfaction was low."""

    response = models.OneToOneField(
        SurveyResponse,
        verbose_name=_("survey response"),
        on_delete=models.CASCADE,
        related_name="follow_up",
    )
    fy = models.PositiveIntegerField(_("fiscal year"))
    bp = models.ForeignKey(
        "customers.BusinessPartner",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    kamr = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("responsible KAMR"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    threshold = models.DecimalField(_("threshold"), max_digits=4, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    due_date = models.DateField(_("due date"))
    note = models.TextField(_("note"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = scoped_manager("unit")

    class Meta:
        verbose_name = _("low-satisfaction follow-up")
        verbose_name_plural = _("low-satisfaction follow-ups")
        ordering = ["status", "due_date", "id"]

    def __str__(self) -> str:
        return f"FY{self.fy} {self.bp_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("surveys:follow_up", args=[self.pk])
