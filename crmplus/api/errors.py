"""Turn Django ValidationErrors from services into ninja's 422 error shape.

Schema errors carry `loc` paths such as ["body", "payload", "name_th"]; service
rules raise on model field names. The API answers both in one shape, so a client
reads one list of field errors whether the schema or a service refused the input.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from ninja.errors import ValidationError as NinjaValidationError

BODY = ("body", "payload")


def field_errors(
    exc: DjangoValidationError,
    *,
    loc: Sequence[str] = BODY,
    aliases: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """One ninja-style error per message; `aliases` maps model fields to schema fields."""
    aliases = aliases or {}
    if not hasattr(exc, "error_dict"):
        return [_error(list(loc), e) for e in exc.error_list]
    errors = []
    for field, errs in exc.error_dict.items():
        path = list(loc) if field == NON_FIELD_ERRORS else [*loc, aliases.get(field, field)]
        errors.extend(_error(path, e) for e in errs)
    return errors


def _error(loc: list[str], error: DjangoValidationError) -> dict[str, Any]:
    message = error.message % error.params if error.params else error.message
    return {"loc": loc, "msg": str(message), "type": error.code or "value_error"}


def invalid(loc: Sequence[str], message: str, code: str = "value_error") -> NinjaValidationError:
    """A 422 for one field, e.g. `raise invalid(("query", "area"), "Unknown area.")`."""
    return NinjaValidationError([{"loc": list(loc), "msg": str(message), "type": code}])


@contextmanager
def service_errors(
    aliases: Mapping[str, str] | None = None, loc: Sequence[str] = BODY
) -> Iterator[None]:
    """Re-raise a service's ValidationError as a 422 whose paths name schema fields."""
    try:
        yield
    except DjangoValidationError as exc:
        raise NinjaValidationError(field_errors(exc, loc=loc, aliases=aliases)) from exc
