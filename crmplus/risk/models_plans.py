"""Retention plans for special-risk customers (BRIEF §5, issue 5 item 3).

RetentionPlan: one per risk assessment at a special-risk level (a setting per FY),
scoped like the assessment (its owner); approved through the approvals workflow.
  ├── RetentionAction: what will be done, by whom (a user in scope), by when
  └── RetentionFollowUp: a dated note of how the plan is going
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crmplus.core.models import OrgUnit
from crmplus.core.scoping import ScopedQuerySet


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class RetentionPlanQuerySet(ScopedQuerySet):
    scope_field = "owner"


class RetentionPlan(models.Model):
    assessment = models.OneToOneField(
        "risk.RiskAssessment",
        verbose_name=_("risk assessment"),
        on_delete=models.PROTECT,
        related_name="retention_plan",
    )
    # Copied from the assessment: who sees the plan (the scoping field).
    owner = models.ForeignKey(
        OrgUnit, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    objective = models.CharField(_("objective"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_note = models.TextField(_("closing note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RetentionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("retention plan")
        verbose_name_plural = _("retention plans")
        ordering = ["-assessment__fy", "owner__path", "-assessment__level", "id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.objective[:60]} ({self.assessment_id})"

    def get_absolute_url(self) -> str:
        return reverse("risk:plan", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in {PlanStatus.DRAFT, PlanStatus.REJECTED, PlanStatus.APPROVED}


class RetentionActionQuerySet(ScopedQuerySet):
    scope_field = "plan__owner"

    def overdue(self, today=None) -> RetentionActionQuerySet:
        today = today or timezone.localdate()
        return self.filter(status=ActionStatus.OPEN, due_date__lt=today).exclude(
            plan__status=PlanStatus.CLOSED
        )


class RetentionAction(models.Model):
    plan = models.ForeignKey(
        RetentionPlan, verbose_name=_("retention plan"), on_delete=models.CASCADE,
        related_name="actions",
    )  # fmt: skip
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RetentionActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("retention action")
        verbose_name_plural = _("retention actions")
        ordering = ["plan", "due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == ActionStatus.OPEN
            and self.due_date < timezone.localdate()
            and self.plan.status != PlanStatus.CLOSED
        )


class RetentionFollowUpQuerySet(ScopedQuerySet):
    scope_field = "plan__owner"


class RetentionFollowUp(models.Model):
    plan = models.ForeignKey(
        RetentionPlan, verbose_name=_("retention plan"), on_delete=models.CASCADE,
        related_name="follow_ups",
    )  # fmt: skip
    date = models.DateField(_("date"))
    note = models.TextField(_("note"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RetentionFollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("retention follow-up")
        verbose_name_plural = _("retention follow-ups")
        ordering = ["plan", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date}: {self.note[:40]}"
