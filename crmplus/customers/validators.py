"""Field rules for customer data (pure functions plus Django validator wrappers)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CA_RE = re.compile(r"^\d{12}$")
# Thai phone numbers: landline 0X-XXX-XXXX (9 digits) or mobile 0X-XXXX-XXXX (10 digits),
# optionally +66 instead of the leading 0, with an optional extension.
PHONE_RE = re.compile(r"^(?:\+66|0)\d{8,9}(?:(?:#|x|ต่อ)\d{1,5})?$")
LINE_ID_RE = re.compile(r"^@?[a-z0-9._-]{1,40}$", re.IGNORECASE)


def tax_id_is_valid(value: str) -> bool:
    """Thai 13-digit tax/citizen ID: the last digit is a mod-11 check digit."""
    if not re.fullmatch(r"\d{13}", value or ""):
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(value[:12]))
    return (11 - total % 11) % 10 == int(value[12])


def tax_id_check_digit(first12: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return str((11 - total % 11) % 10)


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s\-().]", "", value or "")


def validate_tax_id(value: str) -> None:
    if not re.fullmatch(r"\d{13}", value or ""):
        raise ValidationError(_("A tax ID has exactly 13 digits."), code="tax_id_format")
    if not tax_id_is_valid(value):
        raise ValidationError(
            _("This tax ID fails its check digit: please check the number."),
            code="tax_id_checksum",
        )


def validate_ca_number(value: str) -> None:
    if not CA_RE.match(value or ""):
        raise ValidationError(_("A contract account number has exactly 12 digits."), code="ca")


def validate_bp_number(value: str) -> None:
    if not re.fullmatch(r"\d{1,12}", value or ""):
        raise ValidationError(_("A BP number has up to 12 digits."), code="bp_number")


def validate_phone(value: str) -> None:
    if value and not PHONE_RE.match(normalise_phone(value)):
        raise ValidationError(
            _("Enter a Thai phone number such as 02-590-5555 or 081-234-5678."), code="phone"
        )


def validate_line_id(value: str) -> None:
    if value and not LINE_ID_RE.match(value):
        raise ValidationError(
            _("A LINE ID has up to 40 letters, digits, dots, dashes or underscores."),
            code="line_id",
        )
