"""KAM plans, visits, Tele CRM contacts and calendar feeds (BRIEF §7–8, issue 7 part A).

KamPlan: one per key account (fiscal year, BP, office), scoped by its owner
  └── KamPlanLine: planned count of a visit or a benefit (by code) in a month of the FY
Visit: a planned Onsite or Online-meeting visit (never Tele CRM), scoped by its office
  ├── VisitChange: every reschedule and cancellation, with its reason
  └── FollowUp: an action agreed at the visit, with an owner and a due date
TeleCrmEntry: a logged phone/chat contact (inquiry, job status, problem, news)
IcsFeedToken: the secret of a user's personal calendar feed (revocable)
ReminderSent: which reminder went to whom on which day (reminders are idempotent)
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


class VisitMode(models.TextChoices):
    ONSITE = "onsite", _("Onsite")
    ONLINE = "online", _("Online meeting")


# Tele CRM is a contact channel, never a visit mode (manual 2022, M-3.2 row 3).
TELE_MODE = "tele"


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class TeleKind(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    JOB_STATUS = "job_status", _("Job-status follow-up")
    PROBLEM = "problem", _("Problem solving")
    NEWS = "news", _("News")


class TeleChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    LINE = "line", _("LINE / chat")
    EMAIL = "email", _("E-mail")
    OTHER = "other", _("Other")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class VisitQuerySet(ScopedQuerySet):
    scope_field = "office"

    def of_user(self, user) -> VisitQuerySet:
        """Visits the user takes part in: as the responsible KAMR or as assigned staff."""
        return self.filter(models.Q(kamr__user=user) | models.Q(staff__user=user)).distinct()


class Visit(models.Model):
    fy = models.PositiveIntegerField(_("fiscal year"), db_index=True)
    bp = models.ForeignKey(
        "customers.BusinessPartner",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    # The key account's owner (the office, or HQ for national customers): the scope.
    office = models.ForeignKey(
        OrgUnit, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    segment = models.CharField(_("segment"), max_length=10, blank=True)
    kamr = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("responsible KAMR"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    staff = models.ManyToManyField(
        "workforce.Employee", verbose_name=_("staff"), blank=True, related_name="staff_visits"
    )
    mode = models.CharField(_("mode"), max_length=10, choices=VisitMode.choices)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    location = models.CharField(_("place or meeting link"), max_length=300, blank=True)
    objective_code = models.CharField(_("objective"), max_length=32)
    objective = models.CharField(_("objective details"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    # The outcome, recorded after the visit.
    attendees_pea = models.TextField(_("attendees (PEA)"), blank=True)
    attendees_customer = models.TextField(_("attendees (customer)"), blank=True)
    topics = models.TextField(_("topics discussed"), blank=True)
    customer_needs = models.TextField(_("customer needs"), blank=True)
    outcome_note = models.TextField(_("outcome notes"), blank=True)
    done_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)
    distance_km = models.DecimalField(
        _("distance (km)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    expense = models.DecimalField(
        _("expense (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    expense_rule = models.CharField(_("expense rule"), max_length=300, blank=True)
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[])

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["office", "starts_at"]),
            models.Index(fields=["bp", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
            # The dashboard's plan vs actual: one year's done/planned visits by date.
            models.Index(
                fields=["fy", "status", "office", "starts_at"], name="engagement_visit_fy_st_at"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bp_id} {self.starts_at:%Y-%m-%d %H:%M} {self.mode}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:visit", args=[self.pk])

    @property
    def expense_rule_display(self) -> str:
        """The stored rule (`onsite 300.00 + 51 km × 4.00, cap 1500.00`, written in
        English by rules.visit_expense) in the reader's language."""
        text = self.expense_rule or ""
        for word, label in (
            ("onsite ", f"{_('onsite allowance')} "),
            ("online ", f"{_('online allowance')} "),
            (" km ", f" {_('km')} "),
            (", cap ", f", {_('capped at')} "),
        ):
            text = text.replace(word, label)
        return text

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.duration_minutes or 60)

    @property
    def is_open(self) -> bool:
        return self.status == VisitStatus.PLANNED

    @property
    def objective_label(self) -> str:
        from crmplus.engagement.rules_settings import objective_label

        return objective_label(self.objective_code, self.fy)

    @property
    def objective_text(self) -> str:
        label = self.objective_label
        return f"{label}: {self.objective}" if self.objective else label


class _VisitScoped(ScopedQuerySet):
    scope_field = "visit__office"


class VisitChangeKind(models.TextChoices):
    RESCHEDULED = "rescheduled", _("Rescheduled")
    CANCELLED = "cancelled", _("Cancelled")


class VisitChange(models.Model):
    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("change"), max_length=12, choices=VisitChangeKind.choices)
    old_starts_at = models.DateTimeField(_("was"))
    new_starts_at = models.DateTimeField(_("now"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = _VisitScoped.as_manager()

    class Meta:
        verbose_name = _("visit change")
        verbose_name_plural = _("visit changes")
        ordering = ["visit", "-at", "-id"]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.kind}"


class FollowUpQuerySet(_VisitScoped):
    def overdue(self, today=None) -> FollowUpQuerySet:
        today = today or timezone.localdate()
        return self.filter(done=False, due_date__lt=today)


class FollowUp(models.Model):
    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="followups"
    )
    description = models.TextField(_("follow-up action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="engagement_followups",
    )
    due_date = models.DateField(_("due date"))
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["done", "due_date", "id"]
        indexes = [models.Index(fields=["done", "due_date"])]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_overdue(self) -> bool:
        return not self.done and self.due_date < timezone.localdate()


class TeleCrmQuerySet(ScopedQuerySet):
    scope_field = "office"


class TeleCrmEntry(models.Model):
    fy = models.PositiveIntegerField(_("fiscal year"), db_index=True)
    bp = models.ForeignKey(
        "customers.BusinessPartner",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="telecrm_entries",
    )
    office = models.ForeignKey(
        OrgUnit, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    segment = models.CharField(_("segment"), max_length=10, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=TeleKind.choices)
    channel = models.CharField(
        _("channel"), max_length=8, choices=TeleChannel.choices, default=TeleChannel.PHONE
    )
    at = models.DateTimeField(_("when"), db_index=True)
    contact_name = models.CharField(_("customer contact"), max_length=200, blank=True)
    summary = models.TextField(_("summary"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = TeleCrmQuerySet.as_manager()

    class Meta:
        verbose_name = _("Tele CRM entry")
        verbose_name_plural = _("Tele CRM entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["office", "at"]), models.Index(fields=["bp", "at"])]

    def __str__(self) -> str:
        return f"{self.bp_id} {self.kind} {self.at:%Y-%m-%d}"


class KamPlanQuerySet(ScopedQuerySet):
    scope_field = "owner"


class KamPlan(models.Model):
    fy = models.PositiveIntegerField(_("fiscal year"))
    bp = models.ForeignKey(
        "customers.BusinessPartner",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="kam_plans",
    )
    office = models.ForeignKey(
        OrgUnit, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        OrgUnit, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    segment = models.CharField(_("segment"), max_length=10, blank=True)
    objectives = models.TextField(_("objectives"))
    budget = models.DecimalField(_("budget (baht)"), max_digits=14, decimal_places=2, default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = KamPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("KAM plan")
        verbose_name_plural = _("KAM plans")
        ordering = ["-fy", "owner__path", "bp__name_th", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fy", "bp", "office"], name="kam_plan_unique")
        ]
        indexes = [models.Index(fields=["fy", "owner", "status"])]

    def __str__(self) -> str:
        return f"FY{self.fy} {self.bp_id}@{self.office_id}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:plan", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in {PlanStatus.DRAFT, PlanStatus.REJECTED}


class KamPlanLine(models.Model):
    """Planned count of one item in one month; item is "VISIT" or a benefit code."""

    plan = models.ForeignKey(
        KamPlan, verbose_name=_("KAM plan"), on_delete=models.CASCADE, related_name="lines"
    )
    code = models.CharField(_("item"), max_length=16)
    month = models.PositiveSmallIntegerField(_("month of the fiscal year"))  # 1 = October
    planned = models.PositiveSmallIntegerField(_("planned"))

    class Meta:
        verbose_name = _("KAM plan line")
        verbose_name_plural = _("KAM plan lines")
        ordering = ["plan", "code", "month"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code", "month"], name="kam_plan_line_unique"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="kam_plan_line_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.code} m{self.month}: {self.planned}"


class IcsFeedToken(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="ics_feed",
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user_id} {self.token[:6]}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ReminderSent(models.Model):
    kind = models.CharField(max_length=24)
    object_id = models.PositiveBigIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "user", "day"], name="engagement_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} → {self.user_id} {self.day}"


class PlanActivityQuerySet(ScopedQuerySet):
    scope_field = "plan__owner"


class KamPlanActivity(models.Model):
    """A relationship (RBA) or communication (COM) activity done for a planned account."""

    plan = models.ForeignKey(
        KamPlan, verbose_name=_("KAM plan"), on_delete=models.CASCADE, related_name="activities"
    )
    code = models.CharField(_("activity"), max_length=16)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = PlanActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("KAM plan activity")
        verbose_name_plural = _("KAM plan activities")
        ordering = ["plan", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.code} {self.date}"
