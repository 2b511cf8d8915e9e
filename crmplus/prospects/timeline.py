"""The customer timeline's entries from the pipeline: how the customer was won."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from crmplus.core.extensions import TimelineEntry
from crmplus.prospects.models import Prospect, StageChange
from crmplus.prospects.rules_settings import pipeline_for_fy


def prospect_timeline(bp, user) -> Iterable[TimelineEntry]:
    """Stage moves and the conversion of the prospect that became this BP (the BP is
    already scoped to `user` by the customer page)."""
    prospects = list(Prospect.objects.filter(bp=bp))
    if not prospects:
        return []
    lang = "en" if (get_language() or "th").startswith("en") else "th"
    labels = {s.key: s.label(lang) for s in pipeline_for_fy().stages}
    entries = []
    for p in prospects:
        url = p.get_absolute_url()
        for c in StageChange.objects.filter(prospect=p).select_related("by"):
            entries.append(
                TimelineEntry(
                    at=c.at,
                    kind="prospect",
                    title=_("Prospect: %(stage)s") % {"stage": labels.get(c.to_stage, c.to_stage)},
                    detail=c.note,
                    url=url,
                    icon="▸",
                )
            )
        if p.converted_at:
            entries.append(
                TimelineEntry(
                    at=p.converted_at,
                    kind="prospect",
                    title=_("Converted from a prospect to a customer"),
                    url=url,
                    icon="★",
                )
            )
    return entries
