from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def customer_tab_url(tab, bp) -> str:
    """The URL a registered customer tab loads its content from."""
    return reverse(tab.url_name, args=[bp.pk])
