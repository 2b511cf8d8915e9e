"""Template filters for dates, numbers and money in the active language.

Loaded as a template builtin, so every template can use them without {% load %}.
"""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from crmplus.core import fiscal

register = template.Library()


def _lang() -> str:
    return get_language() or "th"


@register.filter
def thdate(value: dt.date | dt.datetime | None, style: str = "") -> str:
    """A date: Buddhist era in Thai, CE in English."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return fiscal.format_date(value, _lang(), long=style == "long")


@register.filter
def thdatetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return fiscal.format_datetime(value, _lang())


@register.filter
def num(value, decimals: int = 0) -> str:
    try:
        return fiscal.format_number(value, int(decimals))
    except (TypeError, ValueError):
        return "" if value is None else str(value)


@register.filter
def baht(value) -> str:
    try:
        return fiscal.format_baht(value, _lang())
    except (TypeError, ValueError):
        return "" if value is None else str(value)


@register.filter
def phone(value: str | None) -> str:
    """0812345678 → 081-234-5678; 021234567 → 02-123-4567; 038123456 → 038-123-456."""
    digits = value or ""
    if not digits.isdigit():
        return digits
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if len(digits) == 9 and digits.startswith("02"):
        return f"{digits[:2]}-{digits[2:5]}-{digits[5:]}"
    if len(digits) == 9:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return digits


@register.simple_tag
def current_fiscal_year() -> int:
    return fiscal.fiscal_year(timezone.localdate())


@register.simple_tag(takes_context=True)
def querystring_with(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for sort and page links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.simple_tag(takes_context=True)
def sort_qs(context, key: str) -> str:
    """Query string that sorts by `key`, or by `-key` when already sorted by `key`."""
    current = context["request"].GET.get("sort") or context.get("sort") or ""
    return querystring_with(context, sort=f"-{key}" if current == key else key, page="")


@register.simple_tag(takes_context=True)
def sort_arrow(context, key: str) -> str:
    current = context["request"].GET.get("sort") or context.get("sort") or ""
    return " ▲" if current == key else " ▼" if current == f"-{key}" else ""
