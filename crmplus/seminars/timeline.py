"""Customer timeline entries: the seminars a customer was invited to, whether they came
and how they rated the event (issue 8 item 6: satisfaction linked to the customer)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from crmplus.core.extensions import TimelineEntry
from crmplus.seminars.models import Invitation, Rsvp


def invitation_entries(bp, user):
    qs = (
        Invitation.objects.for_user(user)
        .filter(bp=bp)
        .select_related("event", "contact")
        .order_by("-event__starts_on")
    )
    for inv in qs[:20]:
        event = inv.event
        at = timezone.make_aware(dt.datetime.combine(event.starts_on, dt.time(9, 0)))
        if inv.attended:
            title = _("Attended %(event)s") % {"event": event.title}
        elif inv.rsvp == Rsvp.DECLINED:
            title = _("Declined the invitation to %(event)s") % {"event": event.title}
        else:
            title = _("Invited to %(event)s") % {"event": event.title}
        details = [event.get_kind_display()]
        if inv.contact_id:
            details.append(inv.contact.name)
        if inv.satisfaction:
            details.append(_("satisfaction %(n)s/5") % {"n": inv.satisfaction})
        yield TimelineEntry(
            at=at,
            kind="seminar",
            title=title,
            detail=" · ".join(str(d) for d in details),
            url=event.get_absolute_url(),
            icon=_("Seminar"),
        )
