"""`{% to_reassess fy %}`: the risk home page's block of early warnings to reassess."""

from __future__ import annotations

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("risk/_warnings_to_reassess.html", takes_context=True)
def to_reassess(context, fy: int) -> dict:
    from crmplus.risk.views_warnings import TO_REASSESS_FILTER
    from crmplus.risk.views_warnings import to_reassess as rows

    user = context["request"].user
    warnings, total = rows(user, fy)
    url = reverse("risk:warnings") + f"?fy={fy}&status={TO_REASSESS_FILTER}"
    return {"warnings": warnings, "total": total, "fy": fy, "list_url": url}
