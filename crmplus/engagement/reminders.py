"""Daily reminders (registered as a daily job): tomorrow's visits, overdue follow-up
actions and past visits still without an outcome. Each goes to the in-app inbox and by
e-mail (`notify_text`), at most once per item, person and day (`ReminderSent`)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from crmplus.approvals.notify import notify_text
from crmplus.core.fiscal import format_date
from crmplus.engagement.models import FollowUp, ReminderSent, Visit, VisitStatus

OUTCOME_GRACE_DAYS = 3


def _texts(build) -> dict[str, tuple[str, str]]:
    out = {}
    for lang in ("th", "en"):
        with translation.override(lang):
            out[lang] = build(lang)
    return out


def _once(kind: str, object_id: int, user, day: dt.date) -> bool:
    """Record the reminder; False when it was already sent today."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(kind=kind, object_id=object_id, user=user, day=day)
    except IntegrityError:
        return False
    return True


def _visit_people(visit: Visit) -> list:
    people = []
    if visit.kamr.user_id and visit.kamr.user.is_active:
        people.append(visit.kamr.user)
    for emp in visit.staff.all():
        if emp.user_id and emp.user.is_active and emp.user not in people:
            people.append(emp.user)
    return people


def send_reminders(day: dt.date) -> str:
    sent = {"upcoming": 0, "followups": 0, "outcomes": 0}
    tomorrow = day + dt.timedelta(days=1)
    upcoming = (
        Visit.objects.filter(status=VisitStatus.PLANNED, starts_at__date=tomorrow)
        .select_related("bp", "kamr__user")
        .prefetch_related("staff__user")
    )
    for v in upcoming:
        for user in _visit_people(v):
            if not _once("visit_upcoming", v.pk, user, day):
                continue

            def build(lang, v=v):
                title = _("Visit tomorrow: %(customer)s") % {"customer": v.bp.display_name}
                body = _("%(mode)s visit on %(date)s at %(time)s. Objective: %(objective)s") % {
                    "mode": v.get_mode_display(),
                    "date": format_date(tomorrow, lang),
                    "time": timezone.localtime(v.starts_at).strftime("%H:%M"),
                    "objective": v.objective_text,
                }
                return title, body

            with transaction.atomic():
                notify_text([user], _texts(build), v.get_absolute_url())
            sent["upcoming"] += 1

    overdue = FollowUp.objects.filter(done=False, due_date__lt=day).select_related(
        "owner", "visit__bp"
    )
    for f in overdue:
        if not f.owner.is_active or not _once("followup_overdue", f.pk, f.owner, day):
            continue

        def build(lang, f=f):
            title = _("Overdue follow-up: %(customer)s") % {"customer": f.visit.bp.display_name}
            body = _("%(action)s — due %(date)s.") % {
                "action": f.description[:300],
                "date": format_date(f.due_date, lang),
            }
            return title, body

        with transaction.atomic():
            notify_text([f.owner], _texts(build), f.visit.get_absolute_url())
        sent["followups"] += 1

    no_outcome = (
        Visit.objects.filter(
            status=VisitStatus.PLANNED,
            starts_at__date__lt=day - dt.timedelta(days=OUTCOME_GRACE_DAYS - 1),
            starts_at__date__gte=day - dt.timedelta(days=60),
        )
        .select_related("bp", "kamr__user")
        .prefetch_related("staff__user")
    )
    for v in no_outcome:
        user = v.kamr.user if v.kamr.user_id else None
        if user is None or not user.is_active or not _once("visit_outcome", v.pk, user, day):
            continue

        def build(lang, v=v):
            title = _("Record the visit outcome: %(customer)s") % {"customer": v.bp.display_name}
            body = _("The visit of %(date)s has no outcome yet, or should be cancelled.") % {
                "date": format_date(timezone.localtime(v.starts_at).date(), lang)
            }
            return title, body

        with transaction.atomic():
            notify_text([user], _texts(build), v.get_absolute_url())
        sent["outcomes"] += 1
    return (
        f"engagement reminders: {sent['upcoming']} upcoming visits, "
        f"{sent['followups']} overdue follow-ups, {sent['outcomes']} missing outcomes"
    )
