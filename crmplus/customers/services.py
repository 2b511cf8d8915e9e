"""Writes for the customer registry. Forms, the API and imports all call these."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crmplus.core.models import OrgUnit, User
from crmplus.core.permissions import require_write
from crmplus.core.scoping import unit_ids_for
from crmplus.customers.models import (
    CONTACT_EDITABLE_FIELDS,
    BusinessPartner,
    Contact,
    ContractAccount,
    LawfulBasis,
    PersonalDataAccess,
)
from crmplus.customers.validators import normalise_phone

BP_FIELDS = {
    "bp_number",
    "name_th",
    "name_en",
    "tax_id",
    "business_type",
    "industrial_estate",
    "home_office",
    "address",
}
CA_FIELDS = {
    "ca_number",
    "bp",
    "office",
    "tariff",
    "is_tou",
    "contracted_demand_kw",
    "status",
    "site_name",
    "connected_on",
}
CONTACT_FIELDS = set(CONTACT_EDITABLE_FIELDS)


def _require_unit_in_scope(user: User, unit: OrgUnit | None, field: str) -> None:
    ids = unit_ids_for(user)
    if unit is not None and ids is not None and unit.pk not in ids:
        raise ValidationError({field: _("This unit is outside your organisation scope.")})


def _apply(instance, fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(instance, name, value)


def bp_create(*, by: User, **fields: Any) -> BusinessPartner:
    require_write(by)
    bp = BusinessPartner()
    _apply(bp, fields, BP_FIELDS)
    _require_unit_in_scope(by, getattr(bp, "home_office", None), "home_office")
    with transaction.atomic():
        bp.full_clean()
        bp._change_reason = "created"
        bp.save()
    return bp


def bp_update(*, bp: BusinessPartner, by: User, **fields: Any) -> BusinessPartner:
    require_write(by)
    _apply(bp, fields, BP_FIELDS - {"bp_number"})
    _require_unit_in_scope(by, bp.home_office, "home_office")
    with transaction.atomic():
        bp.full_clean()
        bp.save()
    return bp


def ca_create(*, by: User, **fields: Any) -> ContractAccount:
    require_write(by)
    ca = ContractAccount()
    _apply(ca, fields, CA_FIELDS)
    _require_unit_in_scope(by, getattr(ca, "office", None), "office")
    with transaction.atomic():
        ca.full_clean()
        ca.save()
    return ca


def ca_update(*, ca: ContractAccount, by: User, **fields: Any) -> ContractAccount:
    require_write(by)
    _apply(ca, fields, CA_FIELDS - {"ca_number", "bp"})
    _require_unit_in_scope(by, ca.office, "office")
    with transaction.atomic():
        ca.full_clean()
        ca.save()
    return ca


def contact_rules_check(*, lawful_basis: str, consent_date, retention_until) -> dict[str, str]:
    """The contact rules that span two fields, as {field: message}: one place for
    forms, the API and imports."""
    errors = {}
    if consent_date and retention_until and retention_until < consent_date:
        errors["retention_until"] = _("Keep-until cannot be before the consent date.")
    if lawful_basis == LawfulBasis.CONSENT and not consent_date:
        errors["consent_date"] = _("With consent as the lawful basis, record the consent date.")
    return errors


def _clean_contact(contact: Contact) -> None:
    contact.phone = normalise_phone(contact.phone) if contact.phone else ""
    contact.full_clean()
    errors = contact_rules_check(
        lawful_basis=contact.lawful_basis,
        consent_date=contact.consent_date,
        retention_until=contact.retention_until,
    )
    if errors:
        raise ValidationError(errors)


def contact_create(*, bp: BusinessPartner, by: User, channel: str = "ui", **fields: Any) -> Contact:
    require_write(by)
    contact = Contact(bp=bp)
    _apply(contact, fields, CONTACT_FIELDS)
    with transaction.atomic():
        _clean_contact(contact)
        contact.save()
        PersonalDataAccess.objects.create(
            user=by, contact=contact, bp=bp, action=PersonalDataAccess.Action.EDIT, channel=channel
        )
    return contact


def contact_update(*, contact: Contact, by: User, channel: str = "ui", **fields: Any) -> Contact:
    require_write(by)
    _apply(contact, fields, CONTACT_FIELDS)
    with transaction.atomic():
        _clean_contact(contact)
        contact.save()
        PersonalDataAccess.objects.create(
            user=by,
            contact=contact,
            bp_id=contact.bp_id,
            action=PersonalDataAccess.Action.EDIT,
            channel=channel,
        )
    return contact


def personal_data_access_log(
    *, by: User, contacts: Iterable[Contact], action: str, channel: str = "ui"
) -> None:
    """Record that `by` saw or exported these contacts' personal data."""
    PersonalDataAccess.objects.bulk_create(
        [
            PersonalDataAccess(user=by, contact=c, bp_id=c.bp_id, action=action, channel=channel)
            for c in contacts
        ]
    )
