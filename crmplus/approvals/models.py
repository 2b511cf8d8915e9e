"""One approval workflow for every capability (BRIEF §1, §4.5, §6, §9).

A request points at any record (its subject) through a generic relation, is
owned by a unit (the scoping field) and is decided by the approver of the
unit's area, or of HQ for HQ itself and units outside any area.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crmplus.approvals.registry import kind_label
from crmplus.core.models import OrgUnit
from crmplus.core.scoping import scoped_manager


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A rejected request is not final: submitting its subject again resubmits it.
# So a subject has at most one request in these statuses (see the constraint).
OPEN_STATUSES = (ApprovalStatus.PENDING, ApprovalStatus.REJECTED)

STATUS_BADGE = {
    ApprovalStatus.PENDING: "text-bg-warning",
    ApprovalStatus.APPROVED: "text-bg-success",
    ApprovalStatus.REJECTED: "text-bg-danger",
    ApprovalStatus.WITHDRAWN: "text-bg-secondary",
}


class ApprovalRequest(models.Model):
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("subject type"), on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(_("subject id"))
    subject = GenericForeignKey("content_type", "object_id")
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("owning unit"),
        on_delete=models.PROTECT,
        related_name="approval_requests",
    )
    approver_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("approving unit"),
        on_delete=models.PROTECT,
        related_name="approval_requests_to_decide",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.PENDING,
        db_index=True,
    )
    round = models.PositiveIntegerField(_("round"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="approval_requests_submitted",
    )
    submitted_at = models.DateTimeField(_("submitted"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approval_requests_decided",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)
    history = HistoricalRecords()

    objects = scoped_manager("unit")

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="approval_subject_idx"),
            models.Index(fields=["approver_unit", "status"], name="approval_inbox_idx"),
        ]
        constraints = [
            # A partial unique index: supported alike by SQLite and PostgreSQL.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status__in=["pending", "rejected"]),
                name="approval_one_open_request_per_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("approvals:detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == ApprovalStatus.PENDING

    @property
    def status_badge(self) -> str:
        """The Bootstrap badge class for the status."""
        return STATUS_BADGE.get(self.status, "text-bg-light")

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def subject_url(self) -> str:
        """The subject's page, when it still exists and has one."""
        subject = self.subject
        get_url = getattr(subject, "get_absolute_url", None)
        return get_url() if subject is not None and callable(get_url) else ""


class EventAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


SUBMIT_ACTIONS = (EventAction.SUBMITTED, EventAction.RESUBMITTED)


class ApprovalEvent(models.Model):
    """One step of a request's life: the timeline shown on its page."""

    request = models.ForeignKey(
        ApprovalRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=16, choices=EventAction.choices)
    round = models.PositiveIntegerField(_("round"), default=1)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="approval_events",
    )
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("approval event")
        verbose_name_plural = _("approval events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.request}"


class Notification(models.Model):
    """An in-app message; both languages are stored so it reads right whoever looks."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if get_language() == "en" and self.title_en:
            return self.title_en
        return self.title_th or self.title_en

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
