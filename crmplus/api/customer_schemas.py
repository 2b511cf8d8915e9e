"""Request and response schemas for the customers API.

Input schemas check shape and type only (lengths are read from the models, so
they cannot drift); the business rules (tax-ID check digit, 12-digit CA numbers,
uniqueness, scope, PDPA consent) stay in the models and services, and come back
as 422s on the same field names. Units and industrial estates are referenced
by their code, the identifier users see on screen and in SAP extracts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from django.conf import settings
from django.db import models
from ninja import Field, ModelSchema, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, create_model

from crmplus.customers.models import (
    CONTACT_EDITABLE_FIELDS,
    BusinessPartner,
    BusinessType,
    CaStatus,
    Contact,
    ContractAccount,
    LawfulBasis,
    TariffClass,
)
from crmplus.customers.selectors import DEFAULT_SORT, SORTS

MAX_LIMIT = 200
# Far beyond any real list, yet inside a 64-bit SQL integer (SQLite overflows past it).
MAX_OFFSET = 1_000_000_000


def _max(model: type[models.Model], field: str) -> int:
    return model._meta.get_field(field).max_length


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text: refuse it here instead of answering 500.
    if "\x00" in value:
        raise ValueError("Text cannot contain NUL characters.")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
# `?tariff=` is what a cleared filter sends: it means "all", as on the list page.
BlankIsNone = BeforeValidator(lambda value: None if value == "" else value)


class ErrorOut(Schema):
    detail: str


class FieldError(Schema):
    loc: list[str | int] = Field(
        description='Path to the field, e.g. ["body", "payload", "tax_id"]'
    )
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldError]


class _In(Schema):
    # A misspelt or read-only field (bp_number on PATCH) is an error, not silently ignored.
    model_config = ConfigDict(extra="forbid")


def _partial(schema: type[Schema], name: str, *, exclude: tuple[str, ...] = ()) -> type[Schema]:
    """A PATCH body: every field optional, only the fields sent are changed.

    Fields keep their type and constraints, so `null` is refused where the model
    has no null (ninja's PatchDict would let it through as Optional).
    """
    fields = {}
    for field_name, info in schema.model_fields.items():
        if field_name in exclude:
            continue
        annotation = (
            Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        )
        fields[field_name] = (annotation, Field(None, description=info.description))
    model = create_model(name, __base__=_In, **fields)
    model.__doc__ = f"Partial update: send only the fields to change. {schema.__doc__ or ''}"
    return model


# --- business partners -----------------------------------------------------------


class CustomerIn(_In):
    """A business partner (BP)."""

    bp_number: Text = Field(
        max_length=_max(BusinessPartner, "bp_number"),
        description="Business partner number; unique, fixed once created.",
    )
    name_th: Text = Field(max_length=_max(BusinessPartner, "name_th"))
    name_en: Text = Field("", max_length=_max(BusinessPartner, "name_en"))
    tax_id: Text = Field(
        "",
        max_length=_max(BusinessPartner, "tax_id"),
        description="13-digit Thai tax ID whose last digit is its mod-11 check digit; "
        "empty if unknown.",
    )
    business_type: BusinessType = BusinessType.OTHER
    industrial_estate_code: Text | None = Field(
        None, description="Code of the industrial estate the customer sits in, or null."
    )
    home_office_code: Text = Field(
        description="Code of the home unit (an office, area or the head office) inside "
        "your scope, e.g. `N1-OF1`."
    )
    address: Text = ""


CustomerPatch = _partial(CustomerIn, "CustomerPatch", exclude=("bp_number",))


class ContractAccountOut(ModelSchema):
    office_code: str = Field(description="Code of the office that serves this account.")

    class Meta:
        model = ContractAccount
        fields = [
            "id",
            "ca_number",
            "tariff",
            "is_tou",
            "contracted_demand_kw",
            "status",
            "site_name",
            "created_at",
            "updated_at",
        ]

    @staticmethod
    def resolve_office_code(obj: ContractAccount) -> str:
        return obj.office.code


class ContactOut(ModelSchema):
    class Meta:
        model = Contact
        fields = ["id", *CONTACT_EDITABLE_FIELDS, "created_at", "updated_at"]


class CustomerOut(ModelSchema):
    """A BP with all its contract accounts and contacts; reading it is PDPA-logged."""

    home_office_code: str
    home_office_name: str
    industrial_estate_code: str | None
    accounts: list[ContractAccountOut]
    contacts: list[ContactOut]

    class Meta:
        model = BusinessPartner
        fields = [
            "id",
            "bp_number",
            "name_th",
            "name_en",
            "tax_id",
            "business_type",
            "address",
            "created_at",
            "updated_at",
        ]

    @staticmethod
    def resolve_home_office_code(obj: BusinessPartner) -> str:
        return obj.home_office.code

    @staticmethod
    def resolve_home_office_name(obj: BusinessPartner) -> str:
        return obj.home_office.name

    @staticmethod
    def resolve_industrial_estate_code(obj: BusinessPartner) -> str | None:
        return obj.industrial_estate.code if obj.industrial_estate_id else None

    @staticmethod
    def resolve_accounts(obj: BusinessPartner) -> list[ContractAccount]:
        return obj.api_accounts

    @staticmethod
    def resolve_contacts(obj: BusinessPartner) -> list[Contact]:
        return obj.api_contacts


class CustomerSummaryOut(ModelSchema):
    """A row of the customer list: no contacts, so no personal data."""

    home_office_code: str
    home_office_name: str
    ca_count: int
    total_contracted_demand_kw: Decimal

    class Meta:
        model = BusinessPartner
        fields = ["id", "bp_number", "name_th", "name_en", "tax_id", "business_type", "updated_at"]

    @staticmethod
    def resolve_home_office_code(obj: BusinessPartner) -> str:
        return obj.home_office.code

    @staticmethod
    def resolve_home_office_name(obj: BusinessPartner) -> str:
        return obj.home_office.name


class CustomerPage(Schema):
    count: int = Field(description="Customers matching the filters, over all pages.")
    limit: int
    offset: int
    items: list[CustomerSummaryOut]


class CustomerListQuery(Schema):
    q: Text = Field("", max_length=200, description="Name, BP number, tax ID or CA number.")
    area: Text | None = Field(None, description="Area code, e.g. `N1`.")
    office: Text | None = Field(None, description="Office code, e.g. `N1-OF1`.")
    tariff: Annotated[TariffClass | None, BlankIsNone] = Field(
        None, description="Customers with a CA in this tariff."
    )
    sort: Literal[tuple(SORTS)] = Field(DEFAULT_SORT)  # type: ignore[valid-type]
    limit: int = Field(settings.CRMPLUS_PAGE_SIZE, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    page: int | None = Field(
        None, ge=1, le=MAX_OFFSET // MAX_LIMIT, description="1-based page number; overrides offset."
    )


# --- contract accounts -----------------------------------------------------------


class ContractAccountIn(_In):
    """A contract account (CA) of the customer."""

    ca_number: Text = Field(
        max_length=_max(ContractAccount, "ca_number"),
        description="12-digit contract account number; unique, fixed once created.",
    )
    office_code: Text = Field(description="Code of an office inside your scope, e.g. `N1-OF1`.")
    tariff: TariffClass
    is_tou: bool = False
    contracted_demand_kw: Decimal = Field(
        Decimal(0),
        ge=0,
        max_digits=ContractAccount._meta.get_field("contracted_demand_kw").max_digits,
        decimal_places=ContractAccount._meta.get_field("contracted_demand_kw").decimal_places,
    )
    status: CaStatus = CaStatus.ACTIVE
    site_name: Text = Field("", max_length=_max(ContractAccount, "site_name"))


ContractAccountPatch = _partial(ContractAccountIn, "ContractAccountPatch", exclude=("ca_number",))


# --- contacts --------------------------------------------------------------------


class ContactIn(_In):
    """A contact person at the customer (personal data under the PDPA)."""

    name: Text = Field(max_length=_max(Contact, "name"))
    position: Text = Field("", max_length=_max(Contact, "position"))
    phone: Text = Field(
        "", max_length=_max(Contact, "phone"), description="Thai number, e.g. 081-234-5678."
    )
    email: Text = Field("", max_length=_max(Contact, "email"))
    line_id: Text = Field("", max_length=_max(Contact, "line_id"))
    is_primary: bool = False
    lawful_basis: LawfulBasis = LawfulBasis.CONTRACT
    consent_date: date | None = Field(None, description="Required when lawful_basis is consent.")
    consent_purpose: Text = Field("", max_length=_max(Contact, "consent_purpose"))
    retention_until: date | None = Field(None, description="Not before consent_date.")


ContactPatch = _partial(ContactIn, "ContactPatch")

__all__ = [
    "ContactIn",
    "ContactOut",
    "ContactPatch",
    "ContractAccountIn",
    "ContractAccountOut",
    "ContractAccountPatch",
    "CustomerIn",
    "CustomerListQuery",
    "CustomerOut",
    "CustomerPage",
    "CustomerPatch",
    "CustomerSummaryOut",
    "ErrorOut",
    "FieldError",
    "ValidationErrorOut",
]
