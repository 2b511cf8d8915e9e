"""KAMR workforce (BRIEF §6, manual M-3.2): roster, appointments, account assignment,
training and the monthly allowance.

    Employee ──< Appointment (approvals workflow; `replaces` = mid-year replacement)
        │──< AccountAssignment (responsible or backup for a key account, dated)
        │──< TrainingRecord >── TrainingSession >── Course
        └──< AllowanceLine >── AllowanceLedger (unit × month)
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crmplus.core.models import OrgUnit
from crmplus.core.scoping import ScopedQuerySet


class UnitScopedQuerySet(ScopedQuerySet):
    scope_field = "unit"


class EmployeeQuerySet(UnitScopedQuerySet):
    pass


class Employee(models.Model):
    employee_number = models.CharField(_("employee number"), max_length=20, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    position_level = models.PositiveSmallIntegerField(
        _("position level"), validators=[MinValueValidator(1), MaxValueValidator(13)]
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="employees"
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["unit__path", "employee_number"]

    def __str__(self) -> str:
        return f"{self.employee_number} {self.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("workforce:employee", args=[self.pk])

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th


class AppointmentRole(models.TextChoices):
    KAMR_HQ = "kamr_hq", _("KAMR (head office)")
    KAMR_AREA = "kamr_area", _("KAMR (area)")
    KAMR_OFFICE = "kamr_office", _("KAMR (office)")
    SENIOR = "senior", _("Senior KAMR")


KAMR_ROLES = (AppointmentRole.KAMR_HQ, AppointmentRole.KAMR_AREA, AppointmentRole.KAMR_OFFICE)


class AppointmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Sent back")
    ENDED = "ended", _("Ended")


# An ended appointment was approved: it still counts for the days it ran (allowance,
# history of who was responsible).
EFFECTIVE_STATUSES = (AppointmentStatus.APPROVED, AppointmentStatus.ENDED)


class AppointmentQuerySet(UnitScopedQuerySet):
    def effective(self) -> AppointmentQuerySet:
        return self.filter(status__in=EFFECTIVE_STATUSES)

    def active_on(self, day: dt.date) -> AppointmentQuerySet:
        """Approved (or since ended) appointments running on `day`."""
        return self.effective().filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))

    def overlapping(self, first: dt.date, last: dt.date) -> AppointmentQuerySet:
        return (
            self.effective().filter(start__lte=last).filter(Q(end__isnull=True) | Q(end__gte=first))
        )


class Appointment(models.Model):
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="appointments"
    )
    role = models.CharField(_("role"), max_length=16, choices=AppointmentRole.choices)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="appointments"
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.DRAFT,
        db_index=True,
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    history = HistoricalRecords()

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("KAMR appointment")
        verbose_name_plural = _("KAMR appointments")
        ordering = ["unit__path", "-start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="wf_appointment_end_after_start",
            )
        ]
        indexes = [models.Index(fields=["status", "start", "end"])]

    def __str__(self) -> str:
        return f"{self.employee} · {self.get_role_display()} · {self.unit.code}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("workforce:appointment", args=[self.pk])

    @property
    def is_effective(self) -> bool:
        return self.status in EFFECTIVE_STATUSES

    def active_on(self, day: dt.date) -> bool:
        return self.is_effective and self.start <= day and (self.end is None or day <= self.end)


class AssignmentQuerySet(UnitScopedQuerySet):
    def open_on(self, day: dt.date) -> AssignmentQuerySet:
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))

    def open_from(self, day: dt.date) -> AssignmentQuerySet:
        """Assignments still running on `day` or starting later."""
        return self.filter(Q(end__isnull=True) | Q(end__gte=day))


class AccountAssignment(models.Model):
    """Who is responsible for a key account, from when to when.

    The key account is named by its natural key (fy, BP, office) rather than a foreign
    key: re-approving a year's list replaces its KeyAccount rows, and the assignment
    must survive that.
    """

    fy = models.PositiveIntegerField(_("key-account fiscal year"))
    bp = models.ForeignKey(
        "customers.BusinessPartner",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="kamr_assignments",
    )
    office = models.ForeignKey(
        OrgUnit, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    # The key account's owner (the office, or HQ for national customers): the scope.
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("responsible KAMR"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    backup = models.ForeignKey(
        Employee,
        verbose_name=_("backup KAMR"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="backup_assignments",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("key-account assignment")
        verbose_name_plural = _("key-account assignments")
        ordering = ["fy", "office__path", "bp_id", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="wf_assignment_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(backup=models.F("employee")), name="wf_assignment_backup_differs"
            ),
        ]
        indexes = [models.Index(fields=["fy", "bp", "office"])]

    def __str__(self) -> str:
        return f"FY{self.fy} {self.bp_id}@{self.office_id} → {self.employee_id}"


class CourseKind(models.TextChoices):
    KEY_ACCOUNT = "key_account", _("Key Account course")
    REFRESHER = "refresher", _("Yearly refresher")
    TEST = "test", _("Test")


class Course(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CourseKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="wf_session_end_after_start"
            )
        ]

    def __str__(self) -> str:
        d = self.starts_on  # shown on Thai pages: a Buddhist-era date
        return f"{self.course.code} {d.day:02d}/{d.month:02d}/{d.year + 543}"


class TrainingRecordQuerySet(ScopedQuerySet):
    scope_field = "employee__unit"


class TrainingRecord(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="records")
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="training_records"
    )
    attended_on = models.DateField(_("attended"))
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-attended_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "employee"], name="wf_record_unique")
        ]

    def __str__(self) -> str:
        # Shown in history timelines: the employee number, not the database id.
        return f"{self.employee.employee_number} {self.session}"


class LedgerStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")


class AllowanceLedger(models.Model):
    """The KAMR allowances of one paying unit (HQ or an area) for one month."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), help_text="first day of the month")
    fy = models.PositiveIntegerField(_("fiscal year"))
    status = models.CharField(
        _("status"), max_length=12, choices=LedgerStatus.choices, default=LedgerStatus.DRAFT
    )
    rate = models.DecimalField(_("rate (baht a month)"), max_digits=14, decimal_places=2)
    proration = models.CharField(_("part-month rule"), max_length=40)
    total = models.DecimalField(_("total (baht)"), max_digits=14, decimal_places=2, default=0)
    built_at = models.DateTimeField(_("built"))
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    history = HistoricalRecords()

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("allowance ledger")
        verbose_name_plural = _("allowance ledgers")
        ordering = ["-month", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="wf_ledger_unique")]

    def __str__(self) -> str:
        # Shown on Thai pages (history timeline): a Buddhist-era month.
        return f"{self.unit.code} {self.month.month:02d}/{self.month.year + 543}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("workforce:ledger", args=[self.pk])


class AllowanceLine(models.Model):
    ledger = models.ForeignKey(AllowanceLedger, on_delete=models.CASCADE, related_name="lines")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    appointments = models.JSONField(_("appointments"), default=list)
    days = models.PositiveSmallIntegerField(_("days active"))
    amount = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2)
    rule_th = models.CharField(_("rule (Thai)"), max_length=300)
    rule_en = models.CharField(_("rule (English)"), max_length=300)

    class Meta:
        verbose_name = _("allowance line")
        verbose_name_plural = _("allowance lines")
        ordering = ["ledger", "employee__employee_number"]
        constraints = [
            models.UniqueConstraint(fields=["ledger", "employee"], name="wf_line_unique")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.amount}"

    @property
    def rule_text(self) -> str:
        return self.rule_en if get_language() == "en" else self.rule_th


class NoticeStage(models.TextChoices):
    REMINDER = "reminder", _("Reminder before the deadline")
    OVERDUE = "overdue", _("Escalation: overdue")


class TrainingNotice(models.Model):
    """A training reminder or escalation sent: at most one per person, deadline and stage."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(_("deadline"))
    stage = models.CharField(_("stage"), max_length=10, choices=NoticeStage.choices)
    sent_on = models.DateField(_("sent"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("training notice")
        verbose_name_plural = _("training notices")
        ordering = ["-sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "due_on", "stage"], name="wf_notice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.stage} {self.due_on}"


class DutyCompletionQuerySet(ScopedQuerySet):
    scope_field = "employee__unit"


class DutyCompletion(models.Model):
    """A Senior KAMR duty (a setting) done for one period by one Senior KAMR."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("Senior KAMR"), on_delete=models.PROTECT, related_name="duties"
    )
    duty = models.CharField(_("duty"), max_length=40)
    period = models.CharField(_("period"), max_length=12)  # "2569", "2569-Q1", "2569-M01"
    done_on = models.DateField(_("done on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = DutyCompletionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Senior KAMR duty done")
        verbose_name_plural = _("Senior KAMR duties done")
        ordering = ["period", "employee_id", "duty"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "duty", "period"], name="wf_duty_unique")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.duty} {self.period}"
