"""Early warnings from billing (issue 5 item 4): one row per (fiscal year, BP, office, kind).

A run of the check (crmplus.risk.services_warnings) creates or refreshes them from the
billing extracts; a person then queues the account for reassessment or dismisses the
warning with a note. History keeps every change.
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


class WarningKind(models.TextChoices):
    KWH_DROP = "kwh_drop", _("kWh drop")
    DEMAND_CHANGE = "demand_change", _("Demand pattern change")


class WarningStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REASSESSMENT_QUEUED = "reassessment_queued", _("Queued for reassessment")
    DISMISSED = "dismissed", _("Dismissed")


TO_REASSESS = [WarningStatus.OPEN, WarningStatus.REASSESSMENT_QUEUED]


class EarlyWarningQuerySet(ScopedQuerySet):
    scope_field = "owner"

    def to_reassess(self) -> EarlyWarningQuerySet:
        return self.filter(status__in=TO_REASSESS)


class EarlyWarning(models.Model):
    fy = models.PositiveIntegerField(_("fiscal year"))
    bp = models.ForeignKey(
        "customers.BusinessPartner",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="early_warnings",
    )
    office = models.ForeignKey(
        OrgUnit, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    # The key account's owner: the office, or HQ for national customers (scoping).
    owner = models.ForeignKey(
        OrgUnit, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=WarningKind.choices)
    # months, kwh_this/kwh_last (12 each, October first), peak_this/peak_last, totals,
    # percentages, the thresholds and the extracts used.
    figures = models.JSONField(_("figures"), default=dict)
    reason_th = models.TextField(_("reason (Thai)"))
    reason_en = models.TextField(_("reason (English)"))
    status = models.CharField(
        _("status"), max_length=20, choices=WarningStatus.choices, default=WarningStatus.OPEN
    )
    dismissed_note = models.TextField(_("dismissal note"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = EarlyWarningQuerySet.as_manager()

    class Meta:
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        ordering = ["-fy", "status", "owner__path", "bp__bp_number", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["fy", "bp", "office", "kind"], name="risk_warning_unique"
            )
        ]
        indexes = [models.Index(fields=["fy", "status", "owner"])]

    def __str__(self) -> str:
        return f"{self.bp.bp_number} · {self.office.code} · FY{self.fy} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse("risk:warning", args=[self.pk])

    @property
    def reason(self) -> str:
        return self.reason_en if get_language() == "en" else self.reason_th

    @property
    def assess_url(self) -> str:
        return reverse("risk:assess", args=[self.bp_id]) + f"?office={self.office_id}&fy={self.fy}"


# -- settings per fiscal year (registered here so they exist wherever models load) -----
KWH_DROP_KEY = "risk.warning_kwh_drop_pct"
DEMAND_CHANGE_KEY = "risk.warning_demand_change_pct"
MIN_MONTHS_KEY = "risk.warning_min_months"


def _register() -> None:
    from crmplus.core.settings_registry import register

    register(
        KWH_DROP_KEY,
        15,
        _("Early warning: kWh drop against last year (%)"),
        _("Flag a key account whose kWh over the same months fell by more than this."),
    )
    register(
        DEMAND_CHANGE_KEY,
        30,
        _("Early warning: load-factor change (%)"),
        _("Flag a key account whose load factor (kWh ÷ peak kW × 730 h) moved by more than "
          "this, either way, over the same months."),
    )  # fmt: skip
    register(
        MIN_MONTHS_KEY,
        6,
        _("Early warning: fewest months billed in both years"),
        _("With fewer common months the check says nothing."),
    )


_register()
