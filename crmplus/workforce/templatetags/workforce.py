"""Template filters of the workforce pages."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import get_language

from crmplus.core import fiscal

register = template.Library()


@register.filter
def thmonth(value: dt.date | None) -> str:
    """`พฤศจิกายน 2569` in Thai (Buddhist era), `Nov 2026` in English."""
    if value is None:
        return ""
    if (get_language() or "th").startswith("th"):
        return f"{fiscal.TH_MONTHS_LONG[value.month - 1]} {fiscal.be_year(value.year)}"
    return f"{fiscal.EN_MONTHS_SHORT[value.month - 1]} {value.year}"
