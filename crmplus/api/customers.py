"""Customers API: business partners (BP) with their contract accounts (CA) and contacts.

Same rules as the UI, from the same places: every query starts from
`Model.objects.for_user(user)` (another area's customer is a 404, never a 403),
every write goes through crmplus.customers.services, and reading contacts is
written to the PDPA access log with channel "api".
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from crmplus.api.customer_schemas import (
    ContactIn,
    ContactOut,
    ContactPatch,
    ContractAccountIn,
    ContractAccountOut,
    ContractAccountPatch,
    CustomerIn,
    CustomerListQuery,
    CustomerOut,
    CustomerPage,
    CustomerPatch,
    ErrorOut,
    ValidationErrorOut,
)
from crmplus.api.errors import invalid, service_errors
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.core.permissions import require_write
from crmplus.customers import selectors, services
from crmplus.customers.models import (
    BusinessPartner,
    Contact,
    ContractAccount,
    IndustrialEstate,
    PersonalDataAccess,
)

router = Router(tags=["customers"])

CHANNEL = "api"
# Schema field -> model field for the references the API takes by code.
BP_REFS = {"home_office_code": "home_office", "industrial_estate_code": "industrial_estate"}
CA_REFS = {"office_code": "office"}
# The same unit kinds the UI forms offer (crmplus.customers.forms).
HOME_OFFICE_KINDS = [OrgUnitKind.OFFICE, OrgUnitKind.AREA, OrgUnitKind.HQ]
CA_OFFICE_KINDS = [OrgUnitKind.OFFICE]

READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = {**READ, 403: ErrorOut}


def _user(request) -> User:
    # Both auth classes return the user; TokenAuth also sets request.user.
    return request.auth


def _scoped_unit(user: User, code: str, kinds: list[str]) -> OrgUnit | None:
    return (
        OrgUnit.objects.for_user(user).filter(code=code.strip(), kind__in=kinds, is_active=True)
    ).first()


def _resolve_refs(user: User, data: dict[str, Any], refs: dict[str, str]) -> dict[str, Any]:
    """Swap unit and estate codes for the objects the services take.

    An unknown code and a code outside the user's scope get the same answer, so
    the API does not reveal which units exist in other areas.
    """
    errors = {}
    for schema_name, model_name in refs.items():
        if schema_name not in data:
            continue
        code = data.pop(schema_name)
        if model_name == "industrial_estate":
            obj = IndustrialEstate.objects.filter(code=code.strip()).first() if code else None
            if code and obj is None:
                errors[schema_name] = ValidationError(
                    _("Unknown industrial estate code."), code="unknown_reference"
                )
        else:
            kinds = HOME_OFFICE_KINDS if model_name == "home_office" else CA_OFFICE_KINDS
            obj = _scoped_unit(user, code, kinds)
            if obj is None:
                errors[schema_name] = ValidationError(
                    _("Unknown unit code, or a unit outside your scope."), code="unknown_reference"
                )
        data[model_name] = obj
    if errors:
        raise ValidationError(errors)
    return data


def _customers(user: User):
    return BusinessPartner.objects.for_user(user).select_related("home_office", "industrial_estate")


def _get_customer(user: User, bp_id: int) -> BusinessPartner:
    return get_object_or_404(_customers(user), pk=bp_id)


def _customer_out(user: User, bp: BusinessPartner) -> BusinessPartner:
    """The BP with its accounts and contacts loaded, its contacts' viewing logged."""
    bp.api_accounts = list(bp.accounts.select_related("office").order_by("ca_number"))
    bp.api_contacts = list(bp.contacts.all())
    if bp.api_contacts:
        services.personal_data_access_log(
            by=user,
            contacts=bp.api_contacts,
            action=PersonalDataAccess.Action.VIEW,
            channel=CHANNEL,
        )
    return bp


@router.get("/", response={200: CustomerPage, 401: ErrorOut, 422: ValidationErrorOut})
def customer_list(request, filters: Query[CustomerListQuery]):
    """Customers in your scope, filtered and sorted like the customer list page.

    `area` and `office` take unit codes (N1, N1-OF1); a BP matches a unit when its
    home office or any of its contract accounts sits in that unit's subtree.
    Contacts are not listed: read a customer to see them (the read is logged).
    """
    user = _user(request)
    units = {}
    for name, kind in (("area", OrgUnitKind.AREA), ("office", OrgUnitKind.OFFICE)):
        code = getattr(filters, name)
        if code:
            units[name] = _scoped_unit(user, code, [kind])
            if units[name] is None:
                raise invalid(
                    ("query", name), _("Unknown unit code, or a unit outside your scope.")
                )
    qs = selectors.customer_list(
        user=user,
        filters=selectors.CustomerFilters(
            q=filters.q,
            area=units.get("area"),
            office=units.get("office"),
            tariff=filters.tariff or "",
            sort=filters.sort,
        ),
    )
    limit, offset = filters.limit, filters.offset
    if filters.page is not None:
        offset = (filters.page - 1) * limit
    page = list(qs[offset : offset + limit])
    totals = selectors.account_totals([bp.pk for bp in page])
    for bp in page:
        row = totals.get(bp.pk) or {}
        bp.ca_count = row.get("n") or 0
        bp.total_contracted_demand_kw = row.get("kw") or 0
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": page}


@router.get("/{bp_id}", response={200: CustomerOut, **READ})
def customer_detail(request, bp_id: int):
    """One customer with all its contract accounts and contacts (logged as a PDPA view)."""
    user = _user(request)
    return _customer_out(user, _get_customer(user, bp_id))


@router.post("/", response={201: CustomerOut, **WRITE})
def customer_create(request, payload: CustomerIn):
    user = _user(request)
    require_write(user)
    with service_errors(_aliases(BP_REFS)):
        data = _resolve_refs(user, payload.model_dump(), BP_REFS)
        bp = services.bp_create(by=user, **data)
    return Status(201, _customer_out(user, _get_customer(user, bp.pk)))


@router.patch("/{bp_id}", response={200: CustomerOut, **WRITE})
def customer_update(request, bp_id: int, payload: CustomerPatch):
    """Change the fields sent; the BP number never changes."""
    user = _user(request)
    require_write(user)
    bp = _get_customer(user, bp_id)
    with service_errors(_aliases(BP_REFS)):
        data = _resolve_refs(user, payload.model_dump(exclude_unset=True), BP_REFS)
        services.bp_update(bp=bp, by=user, **data)
    return _customer_out(user, _get_customer(user, bp.pk))


@router.post("/{bp_id}/accounts", response={201: ContractAccountOut, **WRITE})
def account_create(request, bp_id: int, payload: ContractAccountIn):
    user = _user(request)
    require_write(user)
    bp = _get_customer(user, bp_id)
    with service_errors(_aliases(CA_REFS)):
        data = _resolve_refs(user, payload.model_dump(), CA_REFS)
        ca = services.ca_create(by=user, bp=bp, **data)
    return Status(201, ca)


@router.patch("/{bp_id}/accounts/{ca_id}", response={200: ContractAccountOut, **WRITE})
def account_update(request, bp_id: int, ca_id: int, payload: ContractAccountPatch):
    """Change the fields sent; the CA number never changes."""
    user = _user(request)
    require_write(user)
    bp = _get_customer(user, bp_id)
    ca = get_object_or_404(
        ContractAccount.objects.for_user(user).select_related("office"), pk=ca_id, bp=bp
    )
    with service_errors(_aliases(CA_REFS)):
        data = _resolve_refs(user, payload.model_dump(exclude_unset=True), CA_REFS)
        services.ca_update(ca=ca, by=user, **data)
    return ca


@router.post("/{bp_id}/contacts", response={201: ContactOut, **WRITE})
def contact_create(request, bp_id: int, payload: ContactIn):
    user = _user(request)
    require_write(user)
    bp = _get_customer(user, bp_id)
    with service_errors():
        contact = services.contact_create(bp=bp, by=user, channel=CHANNEL, **payload.model_dump())
    return Status(201, contact)


@router.patch("/{bp_id}/contacts/{contact_id}", response={200: ContactOut, **WRITE})
def contact_update(request, bp_id: int, contact_id: int, payload: ContactPatch):
    user = _user(request)
    require_write(user)
    bp = _get_customer(user, bp_id)
    contact = get_object_or_404(Contact.objects.for_user(user), pk=contact_id, bp=bp)
    with service_errors():
        services.contact_update(
            contact=contact, by=user, channel=CHANNEL, **payload.model_dump(exclude_unset=True)
        )
    return contact


def _aliases(refs: dict[str, str]) -> dict[str, str]:
    """Model field -> schema field, to put service errors on the names clients sent."""
    return {model: schema for schema, model in refs.items()}
