"""New-customer support (BRIEF §10, manual 4.2.5 "การสนับสนุนลูกค้ารายใหม่").

Prospect: a prospective large industrial/commercial customer, owned by a responsible
office (its scope) and followed through the pipeline stages (a setting) to connection,
conversion into a BP/CA of the registry and hand-over to a KAM.
  ├── StageChange: every move between stages (time in stage comes from it)
  └── CompetitionAlternative: SPP / self-generation options the prospect considers
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crmplus.core.models import OrgUnit
from crmplus.core.scoping import ScopedQuerySet
from crmplus.customers.models import BusinessType, TariffClass


class ProspectSource(models.TextChoices):
    ESTATE_DEVELOPER = "estate", _("Industrial-estate developer")
    BOI = "boi", _("BOI promotion list")
    WALK_IN = "walk_in", _("Walk-in")
    REFERRAL = "referral", _("Referral")
    OTHER = "other", _("Other")


class AlternativeKind(models.TextChoices):
    SPP = "spp", _("SPP (small power producer)")
    SOLAR = "solar", _("Self-generation: solar")
    COGENERATION = "cogeneration", _("Cogeneration")
    OTHER = "other", _("Other")


class AlternativeStatus(models.TextChoices):
    CONSIDERING = "considering", _("Considering")
    OFFER_RECEIVED = "offer", _("Offer received")
    CONTRACTED = "contracted", _("Contracted / planned")
    INSTALLED = "installed", _("Installed")
    DECLINED = "declined", _("Declined")


class ProspectQuerySet(ScopedQuerySet):
    scope_field = "office"

    def open(self) -> ProspectQuerySet:
        return self.filter(bp__isnull=True)


class Prospect(models.Model):
    company_name = models.CharField(_("company"), max_length=250)
    company_name_en = models.CharField(_("company (English)"), max_length=250, blank=True)
    tax_id = models.CharField(_("tax ID"), max_length=13, blank=True)
    sector = models.CharField(
        _("sector"), max_length=20, choices=BusinessType.choices, default=BusinessType.OTHER
    )
    province = models.CharField(_("province"), max_length=100, blank=True)
    industrial_estate = models.ForeignKey(
        "customers.IndustrialEstate",
        verbose_name=_("industrial estate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prospects",
    )
    address = models.TextField(_("address"), blank=True)
    # The responsible office: whoever sees this office sees the prospect.
    office = models.ForeignKey(
        OrgUnit,
        verbose_name=_("responsible office"),
        on_delete=models.PROTECT,
        related_name="prospects",
    )
    # The office's area, kept for the funnel per area (set by the services).
    area = models.ForeignKey(
        OrgUnit,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prospects",
    )
    source = models.CharField(
        _("source"), max_length=12, choices=ProspectSource.choices, default=ProspectSource.OTHER
    )
    reference = models.CharField(
        _("reference"),
        max_length=40,
        blank=True,
        db_index=True,
        help_text=_("e.g. the BOI project number or the developer's plot number"),
    )
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    expected_load_kw = models.DecimalField(
        _("expected load (kW)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    expected_load_mva = models.DecimalField(
        _("expected load (MVA)"),
        max_digits=10,
        decimal_places=3,
        default=0,
        validators=[MinValueValidator(0)],
    )
    expected_connection_date = models.DateField(
        _("expected connection date"), null=True, blank=True
    )
    connection_date = models.DateField(_("connection date"), null=True, blank=True)
    tariff_expected = models.CharField(
        _("expected tariff class"), max_length=2, choices=TariffClass.choices, blank=True
    )
    stage = models.CharField(_("stage"), max_length=30, db_index=True)
    stage_entered_at = models.DateTimeField(_("in this stage since"))
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    expected_gm = models.DecimalField(
        _("expected yearly GM (baht)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    next_action = models.CharField(_("next action"), max_length=300, blank=True)
    next_action_date = models.DateField(_("next action date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Conversion: the BP/CA created in the registry, and the key-account year it is
    # proposed for (the next selection after connection).
    bp = models.ForeignKey(
        "customers.BusinessPartner",
        verbose_name=_("customer (BP)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prospects",
    )
    ca = models.ForeignKey(
        "customers.ContractAccount",
        verbose_name=_("contract account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    converted_at = models.DateTimeField(_("converted"), null=True, blank=True)
    converted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("converted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_ka_fy = models.PositiveIntegerField(
        _("proposed for key-account selection (FY)"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ProspectQuerySet.as_manager()

    class Meta:
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        ordering = ["company_name", "id"]
        indexes = [
            models.Index(fields=["area", "stage"]),
            models.Index(fields=["office", "stage"]),
            models.Index(fields=["stage", "stage_entered_at"]),
        ]

    def __str__(self) -> str:
        return self.company_name

    def get_absolute_url(self) -> str:
        return reverse("prospects:detail", args=[self.pk])

    @property
    def is_converted(self) -> bool:
        return self.bp_id is not None

    @property
    def expected_load_mw(self):
        return (self.expected_load_kw or 0) / 1000


class StageChangeQuerySet(ScopedQuerySet):
    scope_field = "prospect__office"


class StageChange(models.Model):
    """One move of a prospect; the first row of a prospect is its creation (from = "")."""

    prospect = models.ForeignKey(
        Prospect, verbose_name=_("prospect"), on_delete=models.CASCADE, related_name="changes"
    )
    from_stage = models.CharField(_("from stage"), max_length=30, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=30)
    at = models.DateTimeField(_("at"), db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    backward = models.BooleanField(_("backward"), default=False)

    objects = StageChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["prospect", "at", "id"]

    def __str__(self) -> str:
        return f"{self.prospect_id}: {self.from_stage or '-'} → {self.to_stage}"


class CompetitionQuerySet(ScopedQuerySet):
    scope_field = "prospect__office"


class CompetitionAlternative(models.Model):
    """An SPP or self-generation option the prospect considers instead of (or beside)
    PEA supply; after conversion it is evidence for the risk assessment."""

    prospect = models.ForeignKey(
        Prospect,
        verbose_name=_("prospect"),
        on_delete=models.CASCADE,
        related_name="alternatives",
    )
    kind = models.CharField(_("type"), max_length=14, choices=AlternativeKind.choices)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    capacity_mw = models.DecimalField(
        _("capacity (MW)"),
        max_digits=8,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    offered_price = models.DecimalField(
        _("offered price (baht/kWh)"),
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    discount_pct = models.DecimalField(
        _("discount against PEA tariff (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AlternativeStatus.choices,
        default=AlternativeStatus.CONSIDERING,
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("competing alternative")
        verbose_name_plural = _("competing alternatives")
        ordering = ["prospect", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.provider}".strip()
