"""Input checks and small helpers shared by the seminar services."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from crmplus.core.fiscal import format_number
from crmplus.core.models import User
from crmplus.core.uploads import content_matches
from crmplus.seminars import rules
from crmplus.seminars.models import Event

TEXT_MAX = 5000
MONEY_MAX = Decimal("999999999999.99")  # 14 digits, 2 decimals


def baht(value: Decimal) -> str:
    return format_number(value, 2)


def text(value: Any, field: str, *, required: bool = False, max_length: int = TEXT_MAX) -> str:
    text = "" if value is None else str(value).strip()
    if "\x00" in text:
        raise ValidationError({field: _("Text cannot contain NUL characters.")})
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > max_length:
        raise ValidationError({field: _("At most %(n)s characters, please.") % {"n": max_length}})
    return text


def money(value: Any, field: str, *, required: bool = True) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError({field: _("Enter an amount in baht.")})
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter an amount in baht.")}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("Enter an amount in baht.")})
    if amount < 0:
        raise ValidationError({field: _("An amount cannot be negative.")})
    if amount != amount.quantize(rules.CENT):
        raise ValidationError({field: _("At most two decimals (satang), please.")})
    if amount > MONEY_MAX:
        raise ValidationError({field: _("This amount is too large.")})
    return amount.quantize(rules.CENT)


def count(value: Any, field: str, *, maximum: int = 100_000) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Enter a whole number.")}) from None
    if isinstance(value, float) and value != number:
        raise ValidationError({field: _("Enter a whole number.")})
    if number < 0:
        raise ValidationError({field: _("This cannot be negative.")})
    if number > maximum:
        raise ValidationError({field: _("At most %(n)s, please.") % {"n": maximum}})
    return number


def stamp(record: Any, by: User, reason: str) -> None:
    """Who changed the record and why, for its history (services run outside requests)."""
    record._history_user = by
    record._change_reason = reason


def require_event_in_scope(by: User, event: Event) -> None:
    if event is None or event.pk is None:
        raise ValidationError(_("Save the event first."))
    if not Event.objects.for_user(by).filter(pk=event.pk).exists():
        raise PermissionDenied(_("This event is outside your organisation scope."))


def locked_event(event: Event) -> Event:
    # No select_related: PostgreSQL refuses FOR UPDATE across nullable joins.
    return Event.objects.select_for_update().get(pk=event.pk)


def require_editable(event: Event) -> None:
    if not event.is_editable:
        raise ValidationError(
            _("This event is %(status)s: its plan can no longer change.")
            % {"status": event.get_status_display().lower()},
            code="not_editable",
        )


# Receipts: scans or photos only, small enough to e-mail on.
RECEIPT_TYPES = (".pdf", ".jpg", ".jpeg", ".png")
RECEIPT_MAX_MB = 5


def receipt_check(upload: Any, field: str = "receipt") -> None:
    """A receipt is a PDF, JPEG or PNG of at most 5 MB whose content matches its name."""
    import os

    name = getattr(upload, "name", "") or ""
    ext = os.path.splitext(name)[1].lower()
    if ext not in RECEIPT_TYPES:
        raise ValidationError({field: _("A receipt is a PDF, JPG or PNG file.")})
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise ValidationError({field: _("The file is empty.")})
    if size > RECEIPT_MAX_MB * 1024 * 1024:
        raise ValidationError({field: _("A receipt is at most %(n)s MB.") % {"n": RECEIPT_MAX_MB}})
    if not content_matches(upload, ext):
        raise ValidationError({field: _("The file's content does not match its type.")})
