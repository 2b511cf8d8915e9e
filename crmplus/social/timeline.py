"""Social-media cases on the customer timeline: cases linked to one of the BP's CAs."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from crmplus.core.extensions import TimelineEntry
from crmplus.social.models import Case

LIMIT = 50


def social_timeline(bp, user) -> Iterable[TimelineEntry]:
    cases = (
        Case.objects.for_user(user)
        .filter(ca__bp=bp)
        .select_related("ca")
        .order_by("-opened_at")[:LIMIT]
    )
    for case in cases:
        yield TimelineEntry(
            at=case.opened_at,
            kind="social",
            title=_("%(channel)s case %(ref)s: %(category)s")
            % {
                "channel": case.get_channel_display(),
                "ref": case.reference,
                "category": case.get_category_display() or _("Not categorised"),
            },
            detail=f"CA {case.ca.ca_number} · {case.get_status_display()}",
            url=case.get_absolute_url(),
            icon=case.get_channel_display(),
        )
