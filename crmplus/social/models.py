"""Social-media CRM: raw webhook deliveries, social identities (personal data), cases
(one conversation each), their messages (in and out) and the erasure log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crmplus.core.models import OrgUnit
from crmplus.core.scoping import ScopedQuerySet, unit_ids_for
from crmplus.customers.models import ContractAccount, LawfulBasis

ERASED_MARK = "[ลบตามคำขอ PDPA / erased (PDPA)]"


class Channel(models.TextChoices):
    LINE = "line", "LINE"
    FACEBOOK = "facebook", "Facebook"


class Category(models.TextChoices):
    OUTAGE = "outage", _("Power outage")
    BILL = "bill", _("Bill")
    METER = "meter", _("Meter")
    NEW_CONNECTION = "new_connection", _("New connection")
    COMPLAINT = "complaint", _("Complaint")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New (awaiting reply)")
    OPEN = "open", _("In progress")
    CLOSED = "closed", _("Closed")


class DeliveryStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSED = "processed", _("Processed")
    FAILED = "failed", _("Processing failed")
    MALFORMED = "malformed", _("Malformed JSON")
    REJECTED = "rejected", _("Rejected (signature)")


class SendStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Waiting to retry")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One call to a webhook, stored before anything is parsed, so nothing is lost."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    signature_ok = models.BooleanField(_("signature valid"), default=False)
    headers = models.JSONField(_("headers"), default=dict)
    body = models.TextField(_("body"), blank=True)
    body_size = models.PositiveIntegerField(_("body size (bytes)"), default=0)
    body_truncated = models.BooleanField(_("body truncated"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.RECEIVED
    )
    error = models.TextField(_("error"), blank=True)
    events_total = models.PositiveIntegerField(_("events"), default=0)
    events_new = models.PositiveIntegerField(_("new events"), default=0)
    events_duplicate = models.PositiveIntegerField(_("duplicate events"), default=0)
    attempts = models.PositiveIntegerField(_("processing attempts"), default=0)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk} {self.status}"


class SocialIdentityQuerySet(models.QuerySet):
    def for_user(self, user) -> SocialIdentityQuerySet:
        """Identities with at least one case the user sees."""
        return self.filter(id__in=Case.objects.for_user(user).values("identity_id"))


class SocialIdentity(models.Model):
    """A person on LINE or Facebook: personal data under the PDPA."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    platform_user_id = models.CharField(_("platform user ID"), max_length=100)
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    picture_url = models.URLField(_("profile picture"), max_length=500, blank=True)
    purpose = models.CharField(_("purpose of processing"), max_length=500, blank=True)
    lawful_basis = models.CharField(
        _("lawful basis"),
        max_length=24,
        choices=LawfulBasis.choices,
        default=LawfulBasis.PUBLIC_TASK,
    )
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    followed = models.BooleanField(_("follows the account"), default=True)
    first_contact_at = models.DateTimeField(_("first contact"), default=timezone.now)
    last_contact_at = models.DateTimeField(_("last contact"), default=timezone.now)
    retention_until = models.DateField(_("keep until"), null=True, blank=True, db_index=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    history = HistoricalRecords()

    objects = SocialIdentityQuerySet.as_manager()

    class Meta:
        verbose_name = _("social identity")
        verbose_name_plural = _("social identities")
        ordering = ["-last_contact_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "platform_user_id"], name="social_identity_unique"
            )
        ]

    def __str__(self) -> str:
        return self.shown_name

    @property
    def shown_name(self) -> str:
        if self.erased_at:
            return ERASED_MARK
        return self.display_name or f"{self.get_channel_display()} …{self.platform_user_id[-6:]}"


class CaseQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def for_user(self, user) -> CaseQuerySet:
        # An unassigned case sits at its triage unit (HQ or an area), so the same path
        # scoping shows it to that unit's users and hides it from the offices.
        ids = unit_ids_for(user)
        if ids is None:
            return self
        return self.filter(unit__in=ids)

    def open(self) -> CaseQuerySet:
        return self.exclude(status=CaseStatus.CLOSED)

    def breached(self, now=None) -> CaseQuerySet:
        now = now or timezone.now()
        return self.filter(
            Q(first_response_at__isnull=True, first_response_due__lt=now)
            | Q(
                first_response_at__isnull=False,
                first_response_at__gt=models.F("first_response_due"),
            )
            | Q(closed_at__isnull=True, resolution_due__lt=now)
            | Q(closed_at__isnull=False, closed_at__gt=models.F("resolution_due"))
        )


class Case(models.Model):
    """A conversation with one person, from its first message until it is closed."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    identity = models.ForeignKey(
        SocialIdentity, verbose_name=_("social identity"), on_delete=models.PROTECT,
        related_name="cases",
    )  # fmt: skip
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        related_name="social_cases",
        help_text=_("An office, or HQ/an area while the case waits in triage."),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    ca = models.ForeignKey(
        ContractAccount,
        verbose_name=_("contract account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="social_cases",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=CaseStatus.choices, default=CaseStatus.NEW
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    first_response_due = models.DateTimeField(_("first response due"))
    resolution_due = models.DateTimeField(_("resolution due"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("closed by"),
    )  # fmt: skip
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["last_message_at"])

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("social case")
        verbose_name_plural = _("social cases")
        ordering = ["-last_message_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["identity", "status"]),
            models.Index(fields=["status", "resolution_due"]),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("social:case", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"SC{self.pk:06d}" if self.pk else "SC—"

    @property
    def is_assigned(self) -> bool:
        return self.unit.kind == "office"

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED


class Direction(models.TextChoices):
    IN = "in", _("From the customer")
    OUT = "out", _("Our reply")


class Message(models.Model):
    """One message of a case: received from the platform, or a reply queued to it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    text = models.TextField(_("text"), blank=True)
    message_type = models.CharField(_("message type"), max_length=20, default="text")
    # Inbound: the platform's event ID (LINE webhookEventId, Facebook mid): a replayed
    # event finds its message and is ignored.
    event_id = models.CharField(_("event ID"), max_length=100, blank=True)
    delivery = models.ForeignKey(
        WebhookDelivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    reply_token = models.CharField(max_length=200, blank=True)
    # Outbound
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("by"),
    )  # fmt: skip
    canned = models.BooleanField(_("canned reply"), default=False)
    send_status = models.CharField(
        _("sending"), max_length=10, choices=SendStatus.choices, blank=True
    )
    send_note = models.CharField(_("sending note"), max_length=300, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    attempt_log = models.JSONField(_("attempt log"), default=list, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    external_id = models.CharField(_("platform message ID"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("social message")
        verbose_name_plural = _("social messages")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event_id"],
                condition=~Q(event_id=""),
                name="social_message_event_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.direction} {self.at:%Y-%m-%d %H:%M}"


class Erasure(models.Model):
    """A record that an identity's personal data was erased: who, when, why, how much.

    Holds no personal data itself (the identity row is kept, anonymised, for counts)."""

    class Trigger(models.TextChoices):
        REQUEST = "request", _("Request of the person")
        RETENTION = "retention", _("Retention period ended")

    identity = models.ForeignKey(SocialIdentity, on_delete=models.PROTECT, related_name="erasures")
    trigger = models.CharField(_("why"), max_length=10, choices=Trigger.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("by"),
    )  # fmt: skip
    at = models.DateTimeField(_("time"), default=timezone.now)
    messages = models.PositiveIntegerField(_("messages erased"), default=0)
    deliveries = models.PositiveIntegerField(_("webhook bodies erased"), default=0)

    class Meta:
        verbose_name = _("personal-data erasure")
        verbose_name_plural = _("personal-data erasures")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.identity_id} {self.trigger} {self.at:%Y-%m-%d}"
