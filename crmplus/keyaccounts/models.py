"""Key-account selection runs, their proposed lists per owning unit, approved status.

    SelectionRun (one extract + one rules snapshot, run as a task)
      ├── Candidate rows: the key accounts the engine chose, with figures and explanation
      ├── OfficeResult rows: points per office and what the office rule did
      └── ProposedList per owning unit (HQ or an area) ──► approvals workflow
                                                          └── on approval: KeyAccount rows

Only key accounts (a few thousand) become rows; the billing extract stays a Parquet
file (crmplus.billing).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crmplus.core.models import OrgUnit
from crmplus.core.scoping import ScopedQuerySet


class Segment(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    STAR = "star", "Star"
    STATUS = "status", "Status"
    STREAMLINE = "streamline", "Streamline"


SEGMENT_ORDER = [s.value for s in Segment]


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class SelectionRunQuerySet(models.QuerySet):
    def for_user(self, user) -> SelectionRunQuerySet:
        """Runs are national (one extract for the whole country): every signed-in user
        sees them; what they show inside is scoped (candidates, offices, lists)."""
        return self if user.is_authenticated else self.none()


class SelectionRun(models.Model):
    fy = models.PositiveIntegerField(_("key-account fiscal year"))
    extract = models.ForeignKey(
        "billing.BillingExtract",
        verbose_name=_("billing extract"),
        on_delete=models.PROTECT,
        related_name="selection_runs",
    )
    previous_extract = models.ForeignKey(
        "billing.BillingExtract",
        verbose_name=_("previous year's extract"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    rules = models.JSONField(_("rules used"))
    rules_source = models.CharField(_("rules from"), max_length=100)
    is_draft = models.BooleanField(
        _("what-if draft"),
        default=False,
        help_text=_("A draft run tries other rules; it can be compared but not submitted."),
    )
    compare_to = models.ForeignKey(
        "self", verbose_name=_("compare with"), null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    progress_text = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["progress", "progress_text", "summary"])

    objects = SelectionRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("selection run")
        verbose_name_plural = _("selection runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} FY{self.fy}"

    def get_absolute_url(self) -> str:
        return reverse("keyaccounts:run", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in {RunStatus.QUEUED, RunStatus.RUNNING}

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class CandidateQuerySet(ScopedQuerySet):
    scope_field = "owner"


class Candidate(models.Model):
    """One key account proposed by a run: a (BP, office) pair and every figure behind it."""

    run = models.ForeignKey(SelectionRun, on_delete=models.CASCADE, related_name="candidates")
    bp_number = models.CharField(_("BP number"), max_length=12)
    bp = models.ForeignKey(
        "customers.BusinessPartner",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    office = models.ForeignKey(
        OrgUnit, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    # The unit whose list the account is on: HQ for national customers, else the office.
    owner = models.ForeignKey(
        OrgUnit, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    owner_area = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", help_text="HQ or the area"
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    gm = models.DecimalField(_("yearly GM"), max_digits=16, decimal_places=2)
    pooled_gm = models.DecimalField(_("pooled GM"), max_digits=16, decimal_places=2)
    pooled_cas = models.JSONField(_("pooled CAs"), default=list)
    n_cas = models.PositiveIntegerField(_("CAs"))
    n_pooled = models.PositiveIntegerField(_("CAs pooled"))
    kwh = models.FloatField(_("kWh"), null=True)
    demand_kw = models.FloatField(_("demand (kW)"), null=True)
    prev_gm = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    gm_growth = models.FloatField(_("GM growth (%)"), null=True)
    tenure_years = models.FloatField(_("tenure (years)"), null=True)
    satisfaction = models.FloatField(_("satisfaction"), null=True)
    risk_level = models.PositiveSmallIntegerField(_("risk level"), null=True)
    attractiveness = models.FloatField(_("attractiveness"), null=True)
    strength = models.FloatField(_("relative strength"), null=True)
    segment = models.CharField(_("segment"), max_length=10, choices=Segment.choices)
    supplement = models.BooleanField(_("Status (supplement)"), default=False)
    points = models.FloatField(_("points"))
    explain_en = models.TextField()
    explain_th = models.TextField()
    # A KAM's proposed override, approved (or not) with the list.
    override_segment = models.CharField(
        _("proposed segment"), max_length=10, choices=Segment.choices, blank=True
    )
    override_reason = models.TextField(_("reason"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(
        excluded_fields=["explain_en", "explain_th", "pooled_cas"], cascade_delete_history=True
    )

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposed key account")
        verbose_name_plural = _("proposed key accounts")
        ordering = ["run", "supplement", "rank", "-pooled_gm", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "bp_number", "office"], name="ka_cand_unique")
        ]
        indexes = [
            models.Index(fields=["run", "owner_area", "segment"]),
            models.Index(fields=["run", "owner"]),
        ]

    def __str__(self) -> str:
        return f"{self.bp_number} @ {self.office.code}"

    def get_absolute_url(self) -> str:
        return reverse("keyaccounts:candidate", args=[self.run_id, self.pk])

    @property
    def final_segment(self) -> str:
        return self.override_segment or self.segment

    @property
    def explanation(self) -> str:
        return self.explain_en if get_language() == "en" else self.explain_th

    @property
    def ca_numbers(self) -> list[str]:
        return [f"{int(c):012d}" for c in self.pooled_cas]


class OfficeResult(models.Model):
    class Status(models.TextChoices):
        OK = "ok", _("Meets the minimum")
        SUPPLEMENTED = "supplemented", _("Met with Status (supplement)")
        REVIEW = "review", _("Below the minimum: review (branch class 1–3)")
        BELOW = "below", _("Below the minimum")

    run = models.ForeignKey(SelectionRun, on_delete=models.CASCADE, related_name="office_results")
    office = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    key_accounts = models.PositiveIntegerField(_("key accounts"))
    supplements = models.PositiveIntegerField(_("supplements"))
    points = models.FloatField(_("points"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["office__path"]
        constraints = [models.UniqueConstraint(fields=["run", "office"], name="ka_office_unique")]

    def __str__(self) -> str:
        return f"{self.office_id}: {self.points:g} ({self.status})"


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Not submitted")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Sent back")
    SUPERSEDED = "superseded", _("Replaced by a later list")


class ProposedListQuerySet(ScopedQuerySet):
    scope_field = "unit"


class ProposedList(models.Model):
    """The part of a run one approver decides: HQ's accounts, or one area's (BRIEF §1)."""

    run = models.ForeignKey(SelectionRun, on_delete=models.CASCADE, related_name="lists")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT)
    status = models.CharField(
        _("status"), max_length=12, choices=ListStatus.choices, default=ListStatus.DRAFT
    )
    accounts = models.PositiveIntegerField(_("key accounts"), default=0)
    history = HistoricalRecords()

    objects = ProposedListQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposed key-account list")
        verbose_name_plural = _("proposed key-account lists")
        ordering = ["run", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["run", "unit"], name="ka_list_unique")]

    def __str__(self) -> str:
        return f"FY{self.run.fy} {self.unit.code}"

    def get_absolute_url(self) -> str:
        return reverse("keyaccounts:list", args=[self.pk])

    def candidates(self):
        return Candidate.objects.filter(run_id=self.run_id, owner_area_id=self.unit_id)


class KeyAccountQuerySet(ScopedQuerySet):
    scope_field = "owner"


class KeyAccount(models.Model):
    """Approved key-account status of a (BP, office) for a fiscal year."""

    fy = models.PositiveIntegerField(_("fiscal year"))
    bp = models.ForeignKey(
        "customers.BusinessPartner", on_delete=models.CASCADE, related_name="key_accounts"
    )
    office = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    owner_area = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    segment = models.CharField(_("segment"), max_length=10, choices=Segment.choices)
    supplement = models.BooleanField(_("Status (supplement)"), default=False)
    overridden = models.BooleanField(_("segment overridden"), default=False)
    source_list = models.ForeignKey(ProposedList, on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved"))
    history = HistoricalRecords()

    objects = KeyAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("key account")
        verbose_name_plural = _("key accounts")
        ordering = ["-fy", "owner_area__path", "segment"]
        constraints = [
            models.UniqueConstraint(fields=["fy", "bp", "office"], name="ka_status_unique")
        ]
        indexes = [models.Index(fields=["fy", "owner_area", "segment"])]

    def __str__(self) -> str:
        return f"FY{self.fy} {self.bp_id} {self.segment}"
