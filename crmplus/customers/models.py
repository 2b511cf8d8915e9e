"""Customer registry: business partners (BP), contract accounts (CA), contacts (PDPA)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crmplus.core.models import OrgUnit
from crmplus.core.scoping import ScopedQuerySet, unit_ids_for
from crmplus.customers.validators import (
    validate_bp_number,
    validate_ca_number,
    validate_line_id,
    validate_phone,
    validate_tax_id,
)


class BusinessType(models.TextChoices):
    FOOD = "food", _("Food and beverage")
    ELECTRONICS = "electronics", _("Electronics and electrical")
    AUTOMOTIVE = "automotive", _("Automotive and parts")
    CHEMICALS = "chemicals", _("Chemicals, plastics and rubber")
    METALS = "metals", _("Steel and metal products")
    TEXTILES = "textiles", _("Textiles and garments")
    CEMENT = "cement", _("Cement, glass and ceramics")
    PAPER = "paper", _("Paper and packaging")
    AGRO = "agro", _("Agro-industry (rice, sugar, palm oil)")
    COLD_STORAGE = "cold_storage", _("Cold storage and logistics")
    DATA_CENTRE = "data_centre", _("Data centre and telecom")
    HOTEL = "hotel", _("Hotel and resort")
    HOSPITAL = "hospital", _("Hospital")
    RETAIL = "retail", _("Shopping mall and retail")
    EDUCATION = "education", _("University and school")
    GOVERNMENT = "government", _("Government agency")
    WATER = "water", _("Water supply and treatment")
    OTHER = "other", _("Other")


class TariffClass(models.TextChoices):
    """PEA tariff classes 1–8 (key accounts are mostly 3, 4 and 5)."""

    RESIDENTIAL = "1", _("1 Residential")
    SMALL_BUSINESS = "2", _("2 Small business")
    MEDIUM_BUSINESS = "3", _("3 Medium business")
    LARGE_BUSINESS = "4", _("4 Large business")
    SPECIFIC_BUSINESS = "5", _("5 Specific business")
    NON_PROFIT = "6", _("6 Government and non-profit")
    AGRICULTURAL_PUMPING = "7", _("7 Agricultural pumping")
    TEMPORARY = "8", _("8 Temporary")


class CaStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")


class LawfulBasis(models.TextChoices):
    """PDPA section 24 / 19 bases for processing a contact's personal data."""

    CONSENT = "consent", _("Consent")
    CONTRACT = "contract", _("Performance of a contract")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    PUBLIC_TASK = "public_task", _("Public task")


class IndustrialEstate(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    province_th = models.CharField(_("province"), max_length=100, blank=True)
    area = models.ForeignKey(
        OrgUnit, verbose_name=_("area"), null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("industrial estate")
        verbose_name_plural = _("industrial estates")
        ordering = ["name_th"]

    def __str__(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th


class BusinessPartnerQuerySet(ScopedQuerySet):
    def for_user(self, user) -> BusinessPartnerQuerySet:
        """A BP is in scope when its home office is, or when any of its CAs is."""
        ids = unit_ids_for(user)
        if ids is None:
            return self
        if not ids:
            return self.none()
        return self.in_unit(user.home_unit)

    def in_unit(self, unit: OrgUnit) -> BusinessPartnerQuerySet:
        """BPs whose home office or any CA office lies in `unit`'s subtree
        (precomputed in CustomerScope, see crmplus.customers.scope)."""
        if unit.is_hq:
            return self
        return self.filter(id__in=CustomerScope.objects.filter(unit=unit).values("bp_id"))

    def search(self, text: str) -> BusinessPartnerQuerySet:
        text = (text or "").strip()
        if not text:
            return self
        condition = Q(search_text__contains=text.lower())
        digits = text.replace("-", "").replace(" ", "")
        if digits.isdigit() and len(digits) >= 4:
            condition |= Q(
                id__in=ContractAccount.objects.filter(ca_number__startswith=digits).values("bp_id")
            )
        return self.filter(condition)


class BusinessPartner(models.Model):
    bp_number = models.CharField(
        _("BP number"), max_length=12, unique=True, validators=[validate_bp_number]
    )
    name_th = models.CharField(_("name (Thai)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    tax_id = models.CharField(
        _("tax ID"), max_length=13, blank=True, validators=[validate_tax_id], db_index=True
    )
    business_type = models.CharField(
        _("business type"), max_length=20, choices=BusinessType.choices, default=BusinessType.OTHER
    )
    industrial_estate = models.ForeignKey(
        IndustrialEstate,
        verbose_name=_("industrial estate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customers",
    )
    home_office = models.ForeignKey(
        OrgUnit,
        verbose_name=_("home office"),
        on_delete=models.PROTECT,
        related_name="customers",
        limit_choices_to={"kind__in": ["office", "area", "hq"]},
    )
    address = models.TextField(_("address"), blank=True)
    # Lower-cased names and numbers: one indexed-free LIKE instead of four ORs.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    objects = BusinessPartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("business partner")
        verbose_name_plural = _("business partners")
        ordering = ["name_th"]
        indexes = [
            models.Index(fields=["name_th"]),
            models.Index(fields=["home_office", "name_th"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("customers:detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th

    def build_search_text(self) -> str:
        return " ".join([self.name_th, self.name_en, self.bp_number, self.tax_id]).lower()


class ContractAccountQuerySet(ScopedQuerySet):
    scope_field = "office"


class ContractAccount(models.Model):
    ca_number = models.CharField(
        _("CA number"), max_length=12, unique=True, validators=[validate_ca_number]
    )
    bp = models.ForeignKey(
        BusinessPartner,
        verbose_name=_("business partner"),
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    office = models.ForeignKey(
        OrgUnit,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="accounts",
        limit_choices_to={"kind": "office"},
    )
    tariff = models.CharField(_("tariff class"), max_length=2, choices=TariffClass.choices)
    is_tou = models.BooleanField(_("TOU (time of use)"), default=False)
    contracted_demand_kw = models.DecimalField(
        _("contracted demand (kW)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CaStatus.choices, default=CaStatus.ACTIVE
    )
    site_name = models.CharField(_("site"), max_length=250, blank=True)
    # When supply started: the customer's tenure, a relative-strength figure of the 4S matrix.
    connected_on = models.DateField(_("connected on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ContractAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract account")
        verbose_name_plural = _("contract accounts")
        ordering = ["ca_number"]
        indexes = [
            models.Index(fields=["office", "bp"]),
            models.Index(fields=["tariff", "bp"]),
            models.Index(fields=["bp", "ca_number"]),
        ]

    def __str__(self) -> str:
        return self.ca_number

    def get_absolute_url(self) -> str:
        return reverse("customers:detail", args=[self.bp_id]) + f"#ca-{self.pk}"


class ContactQuerySet(models.QuerySet):
    def for_user(self, user) -> ContactQuerySet:
        return self.filter(bp__in=BusinessPartner.objects.for_user(user).values("id"))


class Contact(models.Model):
    bp = models.ForeignKey(
        BusinessPartner,
        verbose_name=_("business partner"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    line_id = models.CharField(
        _("LINE ID"), max_length=41, blank=True, validators=[validate_line_id]
    )
    is_primary = models.BooleanField(_("primary contact"), default=False)
    lawful_basis = models.CharField(
        _("lawful basis"), max_length=24, choices=LawfulBasis.choices, default=LawfulBasis.CONTRACT
    )
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    consent_purpose = models.CharField(_("consent purpose"), max_length=300, blank=True)
    retention_until = models.DateField(_("keep until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("customers:detail", args=[self.bp_id]) + "#contacts"


# The contact fields a person edits (form, API, import): one list for all three.
CONTACT_EDITABLE_FIELDS = (
    "name",
    "position",
    "phone",
    "email",
    "line_id",
    "is_primary",
    "lawful_basis",
    "consent_date",
    "consent_purpose",
    "retention_until",
)


class CustomerScope(models.Model):
    """(unit, BP): the BP's home office or one of its CAs' offices is under `unit`.

    Derived data, rebuilt by crmplus.customers.scope; never edited by hand.
    """

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    bp = models.ForeignKey(BusinessPartner, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "bp"], name="customer_scope_unit_bp")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.bp_id}"


class PersonalDataAccess(models.Model):
    """Who viewed, edited or exported whose personal data (PDPA access log)."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        EDIT = "edit", _("edited")
        EXPORT = "export", _("exported")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    contact = models.ForeignKey(Contact, null=True, on_delete=models.SET_NULL)
    bp = models.ForeignKey(BusinessPartner, null=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=8, choices=Action.choices)
    channel = models.CharField(max_length=8, default="ui")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.contact_id} @ {self.at:%Y-%m-%d %H:%M}"


from crmplus.customers.models_import import ImportJob  # noqa: E402, F401 - customer imports
