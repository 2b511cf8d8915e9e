"""Large-customer seminars (BRIEF §9): events, budget lines, exceptions, attendance.

Event (organising unit: scoping; fiscal year from its start date)
  ├── BudgetLine × n   planned / actual, attendee costs from the FY's rate table
  │     └── ExceptionRequest × n ──► approvals ("seminars.exception")
  ├── Invitation × n   customer (BP) + contact, RSVP, attended, satisfaction 1–5
  └── StaffAttendee × n
Event ──► approvals ("seminars.event"): HQ → HQ approver, area/office → the area's
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import OrgUnit
from crmplus.core.scoping import ScopedQuerySet
from crmplus.seminars import rules

MONEY = {"max_digits": 14, "decimal_places": 2}


class EventType(models.TextChoices):
    SEMINAR = "seminar", _("Seminar")
    STUDY_TRIP = "study_trip", _("Study trip")
    RECREATION = "recreation", _("Recreation / sports")
    RECEPTION = "reception", _("Reception")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Sent back")
    HELD = "held", _("Held")
    CLOSED = "closed", _("Closed")


# A plan changes only while it is not in an approver's hands or approved.
EDITABLE_STATUSES = (EventStatus.DRAFT, EventStatus.REJECTED)
# Events whose money counts against HQ's yearly cap.
COMMITTED_STATUSES = (
    EventStatus.SUBMITTED,
    EventStatus.APPROVED,
    EventStatus.HELD,
    EventStatus.CLOSED,
)


class Category(models.TextChoices):
    VENUE = rules.VENUE, _("Venue")
    FOOD = rules.FOOD, _("Food and drinks")
    TRANSPORT = rules.TRANSPORT, _("Transport")
    ACCOMMODATION = rules.ACCOMMODATION, _("Accommodation")
    MATERIALS = rules.MATERIALS, _("Materials")
    SOUVENIRS = rules.SOUVENIRS, _("Souvenirs")
    SPEAKER_FEE = rules.SPEAKER_FEE, _("External speaker fee")
    OTHER = rules.OTHER, _("Other")


class EventQuerySet(ScopedQuerySet):
    scope_field = "unit"


class Event(models.Model):
    kind = models.CharField(
        _("type"), max_length=16, choices=EventType.choices, default=EventType.SEMINAR
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    fy = models.PositiveIntegerField(_("fiscal year"), editable=False, db_index=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("seminar event")
        verbose_name_plural = _("seminar events")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["fy", "unit"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="seminar_event_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.fy = fiscal_year(self.starts_on)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("seminars:event", args=[self.pk])

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class BudgetLineQuerySet(ScopedQuerySet):
    scope_field = "event__unit"


class BudgetLine(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="lines"
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    planned_amount = models.DecimalField(_("planned (baht)"), **MONEY)
    actual_amount = models.DecimalField(_("actual (baht)"), null=True, blank=True, **MONEY)
    # Attendee costs: people at each rate level × days, priced from the FY's rate table.
    attendees_executive = models.PositiveIntegerField(_("executive attendees"), default=0)
    attendees_operational = models.PositiveIntegerField(_("operational attendees"), default=0)
    days = models.PositiveSmallIntegerField(_("days"), default=0)
    regulation_amount = models.DecimalField(
        _("regulation amount (baht)"),
        null=True,
        blank=True,
        help_text=_("What the rate table allows; empty for lump sums."),
        **MONEY,
    )
    is_speaker_fee = models.BooleanField(_("external speaker fee"), default=False)
    is_exception = models.BooleanField(_("above the regulation rate"), default=False)
    justification = models.TextField(_("justification"), blank=True)
    receipt = models.FileField(
        _("receipt"), upload_to="seminars/receipts/%Y/%m/", blank=True, max_length=300
    )
    # Optimistic lock: an edit made from a stale copy is refused, never silently lost.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(cascade_delete_history=False)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["event", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_amount__gte=0), name="seminar_line_planned_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(actual_amount__isnull=True) | Q(actual_amount__gte=0),
                name="seminar_line_actual_not_negative",
            ),
        ]

    def __str__(self) -> str:
        # Shown in the history timeline: baht with thousands separators.
        return f"{self.get_category_display()} {self.planned_amount:,.2f}"

    @property
    def needs_approval(self) -> bool:
        """Above the rate, or an external speaker's fee: approved case by case."""
        return self.is_exception or self.is_speaker_fee

    @property
    def amount(self) -> Decimal:
        """What the line costs for the caps: the actual once known, else the plan."""
        return self.actual_amount if self.actual_amount is not None else self.planned_amount

    def approved_exception(self) -> ExceptionRequest | None:
        """The approved request covering the line as it stands now, if any."""
        return (
            self.exceptions.filter(status=ExceptionStatus.APPROVED, amount__gte=self.amount)
            .order_by("-pk")
            .first()
        )


class ExceptionKind(models.TextChoices):
    ABOVE_RATE = "above_rate", _("Above the regulation rate")
    SPEAKER_FEE = "speaker_fee", _("External speaker fee")


class ExceptionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ExceptionRequestQuerySet(ScopedQuerySet):
    scope_field = "line__event__unit"


class ExceptionRequest(models.Model):
    """A case-by-case approval of one budget line, for the amount it had when asked."""

    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("budget line"),
        on_delete=models.CASCADE,
        related_name="exceptions",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ExceptionKind.choices)
    amount = models.DecimalField(_("amount (baht)"), **MONEY)
    regulation_amount = models.DecimalField(
        _("regulation amount (baht)"), null=True, blank=True, **MONEY
    )
    justification = models.TextField(_("justification"))
    status = models.CharField(
        _("status"), max_length=12, choices=ExceptionStatus.choices, default=ExceptionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ExceptionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget exception")
        verbose_name_plural = _("budget exceptions")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.line}"

    def get_absolute_url(self) -> str:
        return reverse("seminars:budget", args=[self.line.event_id]) + f"#line-{self.line_id}"


class Rsvp(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    ACCEPTED = "accepted", _("Attending")
    DECLINED = "declined", _("Not attending")


class InvitationQuerySet(ScopedQuerySet):
    scope_field = "event__unit"


class Invitation(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitations"
    )
    bp = models.ForeignKey(
        "customers.BusinessPartner",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="seminar_invitations",
    )
    contact = models.ForeignKey(
        "customers.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rsvp = models.CharField(_("RSVP"), max_length=10, choices=Rsvp.choices, default=Rsvp.PENDING)
    attended = models.BooleanField(_("attended"), default=False)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    emailed_at = models.DateTimeField(_("invitation e-mailed"), null=True, blank=True)
    history = HistoricalRecords()

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "contact"],
                condition=Q(contact__isnull=False),
                name="seminar_invitation_contact_once",
            ),
            models.UniqueConstraint(
                fields=["event", "bp"],
                condition=Q(contact__isnull=True),
                name="seminar_invitation_bp_once",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__range=(1, 5)),
                name="seminar_invitation_satisfaction_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.bp}"


class StaffAttendeeQuerySet(ScopedQuerySet):
    scope_field = "event__unit"


class StaffAttendee(models.Model):
    """A PEA staff member at the event; the level decides the attendee rate."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="staff"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(
        _("staff level"),
        validators=[
            MinValueValidator(rules.STAFF_LEVEL_MIN),
            MaxValueValidator(rules.STAFF_LEVEL_MAX),
        ],
    )
    attended = models.BooleanField(_("attended"), default=False)
    history = HistoricalRecords()

    objects = StaffAttendeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff attendee")
        verbose_name_plural = _("staff attendees")
        ordering = ["event", "-level", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__range=(rules.STAFF_LEVEL_MIN, rules.STAFF_LEVEL_MAX)),
                name="seminar_staff_level_1_13",
            ),
        ]

    def __str__(self) -> str:
        if self.user_id and not self.name:
            return self.user.get_full_name() or self.user.get_username()
        return self.name
