"""The personal calendar feed: the visits of one user as an iCalendar (RFC 5545) file.

Phone and desktop calendars subscribe to `/ics/<token>.ics`; the secret token is the
only credential (no session), so a revoked or unknown token is a 404, and the feed
holds only the token owner's visits (responsible KAMR or assigned staff).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from crmplus.engagement.models import IcsFeedToken, Visit, VisitStatus

PAST_DAYS = 90
FUTURE_DAYS = 400


def visits_feed(user, *, now: dt.datetime | None = None) -> bytes:
    now = now or timezone.now()
    visits = (
        Visit.objects.of_user(user)
        .filter(
            starts_at__gte=now - dt.timedelta(days=PAST_DAYS),
            starts_at__lte=now + dt.timedelta(days=FUTURE_DAYS),
        )
        .select_related("bp", "office", "kamr")
        .order_by("starts_at", "id")
    )
    lang = user.language if user.language in ("th", "en") else settings.LANGUAGE_CODE
    cal = Calendar()
    cal.add("prodid", "-//CRM Plus//Visits//TH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    base = getattr(settings, "CRMPLUS_BASE_URL", "").rstrip("/")
    with translation.override(lang):
        cal.add("x-wr-calname", _("CRM Plus visits"))
        for v in visits:
            ev = Event()
            ev.add("uid", f"visit-{v.pk}@crmplus")
            ev.add("dtstamp", v.updated_at or now)
            ev.add("dtstart", v.starts_at)
            ev.add("dtend", v.ends_at)
            title = f"{v.get_mode_display()}: {v.bp.display_name}"
            if v.status == VisitStatus.CANCELLED:
                title = _("Cancelled") + " – " + title
                ev.add("status", "CANCELLED")
            else:
                ev.add("status", "CONFIRMED")
            ev.add("summary", title)
            lines = [_("Objective") + ": " + v.objective_text, _("KAMR") + ": " + v.kamr.name]
            ev.add("description", "\n".join(lines))
            if v.location:
                ev.add("location", v.location)
            if base:
                ev.add("url", base + v.get_absolute_url())
            cal.add_component(ev)
    return cal.to_ical()


def feed(request: HttpRequest, token: str) -> HttpResponse:
    row = (
        IcsFeedToken.objects.select_related("user")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None or not token:
        raise Http404
    IcsFeedToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    response = HttpResponse(visits_feed(row.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="crmplus-visits.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
