"""Risk assessments of key accounts (Risk Assessment Matrix, BRIEF §5).

RiskAssessment: one current row per (fiscal year, BP, office); a reassessment
changes the same row and history keeps every earlier version.
  └── RiskEvidence: a note or an attachment supporting one factor's value
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crmplus.core.models import OrgUnit
from crmplus.core.scoping import ScopedQuerySet


class RiskLevel(models.IntegerChoices):
    """The 4 levels of the manual; the number is the 4S engine's `risk_level`."""

    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")
    VERY_HIGH = 4, _("Very high")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    CONFIRMED = "confirmed", _("Confirmed")
    RETURNED = "returned", _("Sent back")


class RiskAssessmentQuerySet(ScopedQuerySet):
    scope_field = "owner"

    def confirmed(self) -> RiskAssessmentQuerySet:
        return self.filter(status=AssessmentStatus.CONFIRMED)


class RiskAssessment(models.Model):
    fy = models.PositiveIntegerField(_("fiscal year"))
    bp = models.ForeignKey(
        "customers.BusinessPartner",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="risk_assessments",
    )
    office = models.ForeignKey(
        OrgUnit, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    # The unit whose people see and assess it: the office, or HQ for HQ-owned accounts.
    owner = models.ForeignKey(
        OrgUnit, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    values = models.JSONField(_("factor values"), default=dict)
    notes = models.JSONField(_("evidence notes"), default=dict, blank=True)
    p = models.PositiveSmallIntegerField(_("probability"))
    i = models.PositiveSmallIntegerField(_("impact"))
    score = models.PositiveSmallIntegerField(_("score"))
    level = models.PositiveSmallIntegerField(_("risk level"), choices=RiskLevel.choices)
    matrix = models.JSONField(_("matrix used"))
    explain_en = models.TextField(blank=True)
    explain_th = models.TextField(blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RiskAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-fy", "owner__path", "-level", "bp__name_th"]
        constraints = [
            models.UniqueConstraint(fields=["fy", "bp", "office"], name="risk_assessment_unique"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="risk_level_1_to_4"
            ),
        ]
        indexes = [
            models.Index(fields=["fy", "status", "level"]),
            models.Index(fields=["fy", "owner"]),
        ]

    def __str__(self) -> str:
        return f"{self.bp.bp_number} · {self.office.code} · FY{self.fy}"

    @property
    def explanation(self) -> str:
        return self.explain_en if get_language() == "en" else self.explain_th

    @property
    def is_editable(self) -> bool:
        return self.status != AssessmentStatus.SUBMITTED


class RiskEvidenceQuerySet(ScopedQuerySet):
    scope_field = "assessment__owner"


class RiskEvidence(models.Model):
    """A note or a file backing one factor's value (type and size limits are settings)."""

    assessment = models.ForeignKey(
        RiskAssessment, on_delete=models.CASCADE, related_name="evidence"
    )
    factor = models.CharField(_("factor"), max_length=64)
    note = models.TextField(_("note"), blank=True)
    file = models.FileField(_("file"), upload_to="risk/evidence/%Y/%m/", blank=True, max_length=300)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RiskEvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk evidence")
        verbose_name_plural = _("risk evidence")
        ordering = ["assessment", "factor", "added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(note="") | ~models.Q(file=""), name="risk_evidence_not_empty"
            )
        ]

    def __str__(self) -> str:
        return f"{self.factor}: {self.file_name or self.note[:40]}"


# Retention plans live in their own module; importing them here registers the models.
from crmplus.risk.models_plans import (  # noqa: E402, F401
    RetentionAction,
    RetentionFollowUp,
    RetentionPlan,
)
from crmplus.risk.models_warnings import EarlyWarning  # noqa: E402, F401
