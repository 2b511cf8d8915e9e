"""`{{ timer|sla_text }}`: "Due in 2 d 9 h" / "Overdue by 15 min", as the live script
writes it every 30 s (so the page reads right before the script runs, or without it)."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def sla_text(timer) -> str:
    seconds = abs(int(timer.seconds_left))
    d, h, m = seconds // 86400, (seconds % 86400) // 3600, (seconds % 3600) // 60
    parts = []
    if d:
        parts.append(f"{d} {_('d')}")
    if h:
        parts.append(f"{h} {_('h')}")
    if not d:
        parts.append(f"{m} {_('min')}")
    lead = _("Due in") if timer.seconds_left >= 0 else _("Overdue by")
    return f"{lead} {' '.join(parts)}"
