"""`{% load approvals %}{% approval_panel subject %}`: any app's page shows its record's
approval status (latest request, decision, link) without knowing the workflow."""

from django import template

from crmplus.approvals.services import approval_for

register = template.Library()


@register.inclusion_tag("approvals/_panel.html")
def approval_panel(subject) -> dict:
    return {"approval": approval_for(subject)}


@register.inclusion_tag("approvals/_status_badge.html")
def approval_badge(subject) -> dict:
    """Only the status badge (empty when never submitted)."""
    return {"approval": approval_for(subject)}
