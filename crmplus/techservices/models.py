"""Free technical services (FMS1–7): requests and their reports, power-quality problems,
and exceptions to the yearly entitlements (BRIEF §7).

Every record is scoped by the office that serves the customer (`office`), as the
key account of the booking's fiscal year names it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crmplus.core.models import OrgUnit
from crmplus.core.scoping import ScopedQuerySet
from crmplus.techservices.catalogue import Fms


class OfficeScoped(ScopedQuerySet):
    scope_field = "office"


class PqKind(models.TextChoices):
    SAG = "sag", _("Voltage sag / dip")
    SWELL = "swell", _("Overvoltage / swell")
    HARMONICS = "harmonics", _("Harmonics")
    FLICKER = "flicker", _("Flicker")
    UNBALANCE = "unbalance", _("Voltage unbalance")
    INTERRUPTION = "interruption", _("Short interruptions")
    OTHER = "other", _("Other")


class PowerQualityProblem(models.Model):
    """A power-quality problem of a customer, recorded by staff: what makes FMS6 possible."""

    bp = models.ForeignKey(
        "customers.BusinessPartner",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="pq_problems",
    )
    office = models.ForeignKey(
        OrgUnit, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    observed_on = models.DateField(_("observed on"))
    kind = models.CharField(_("kind of problem"), max_length=16, choices=PqKind.choices)
    description = models.TextField(_("description"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = OfficeScoped.as_manager()

    class Meta:
        verbose_name = _("power-quality problem")
        verbose_name_plural = _("power-quality problems")
        ordering = ["-observed_on", "-id"]
        indexes = [models.Index(fields=["bp", "observed_on"])]

    def __str__(self) -> str:
        return f"{self.bp_id} {self.kind} {self.observed_on}"


class ExceptionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EntitlementException(models.Model):
    """Permission for one booking over a yearly quota, approved through the approvals
    workflow (kind "techservices.exception"); a booking uses it up."""

    bp = models.ForeignKey(
        "customers.BusinessPartner",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    office = models.ForeignKey(
        OrgUnit, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    fy = models.PositiveIntegerField(_("fiscal year"))
    code = models.CharField(_("service"), max_length=8, choices=Fms.choices)
    rule = models.CharField(_("rule"), max_length=32)
    justification = models.TextField(_("justification"))
    status = models.CharField(
        _("status"), max_length=10, choices=ExceptionStatus.choices, default=ExceptionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = OfficeScoped.as_manager()

    class Meta:
        verbose_name = _("entitlement exception")
        verbose_name_plural = _("entitlement exceptions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["bp", "fy", "code", "status"])]

    def __str__(self) -> str:
        return f"FY{self.fy} {self.bp_id} {self.code} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("techservices:exception", args=[self.pk])


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ServiceRequestQuerySet(OfficeScoped):
    def counting(self):
        """Requests that use an entitlement: every one not cancelled."""
        return self.exclude(status=RequestStatus.CANCELLED)


class ServiceRequest(models.Model):
    """One free technical service for a customer: request → schedule → done."""

    bp = models.ForeignKey(
        "customers.BusinessPartner",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    ca = models.ForeignKey(
        "customers.ContractAccount",
        verbose_name=_("contract account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    office = models.ForeignKey(
        OrgUnit, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    fy = models.PositiveIntegerField(_("fiscal year"))
    code = models.CharField(_("service"), max_length=8, choices=Fms.choices)
    segment = models.CharField(_("segment"), max_length=10)
    supplement = models.BooleanField(_("Status (supplement)"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.REQUESTED
    )
    requested_on = models.DateField(_("requested on"))
    purpose = models.TextField(_("what the customer asks for"), blank=True)
    contact_name = models.CharField(_("customer contact"), max_length=200, blank=True)
    scheduled_for = models.DateField(_("scheduled for"), null=True, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible staff"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    ack_name = models.CharField(_("acknowledged by (customer)"), max_length=200, blank=True)
    ack_date = models.DateField(_("acknowledged on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    exception = models.OneToOneField(
        EntitlementException,
        verbose_name=_("exception used"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="used_by",
    )
    # Reminders already sent (the daily job is idempotent): the scheduled day reminded
    # of, and the day of the last overdue reminder.
    upcoming_reminded_for = models.DateField(null=True, blank=True, editable=False)
    overdue_reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-requested_on", "-id"]
        indexes = [
            models.Index(fields=["bp", "fy", "code"]),
            models.Index(fields=["fy", "office", "status"]),
            models.Index(fields=["status", "scheduled_for"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.bp_id} FY{self.fy}"

    def get_absolute_url(self) -> str:
        return reverse("techservices:detail", args=[self.pk])

    @property
    def number(self) -> str:
        return f"TS-{self.fy}-{self.pk:05d}"


def attachment_path(instance: ServiceAttachment, filename: str) -> str:
    return f"techservices/{instance.request.fy}/{instance.request_id}/{filename}"


class AttachmentScoped(ScopedQuerySet):
    scope_field = "request__office"


class ServiceAttachment(models.Model):
    request = models.ForeignKey(
        ServiceRequest,
        verbose_name=_("service request"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    file_name = models.CharField(_("file name"), max_length=255)
    file_type = models.CharField(_("type"), max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = AttachmentScoped.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return self.file_name
