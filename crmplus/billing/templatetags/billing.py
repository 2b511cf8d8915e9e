"""Month labels for billing pages: `2025-10` is shown `ต.ค. 2568` in Thai, `Oct 2025` in English."""

from django import template
from django.utils.translation import get_language

from crmplus.core.fiscal import EN_MONTHS_SHORT, TH_MONTHS_SHORT, be_year

register = template.Library()


@register.filter
def month_label(value: str) -> str:
    try:
        year, month = (int(part) for part in str(value).split("-"))
        if not 1 <= month <= 12:
            raise ValueError
    except ValueError:
        return str(value)
    if (get_language() or "th").startswith("th"):
        return f"{TH_MONTHS_SHORT[month - 1]} {be_year(year)}"
    return f"{EN_MONTHS_SHORT[month - 1]} {year}"


@register.filter
def month_labels(values) -> str:
    return ", ".join(month_label(v) for v in values or [])
