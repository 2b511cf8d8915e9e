"""Writes for invitations, RSVP, check-in and staff attendees (BRIEF §9, issue 8 item 6)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crmplus.core.models import User
from crmplus.core.permissions import require_write
from crmplus.customers.models import BusinessPartner, Contact
from crmplus.seminars import rules
from crmplus.seminars.inputs import locked_event, require_event_in_scope, stamp, text
from crmplus.seminars.models import Event, EventStatus, Invitation, Rsvp, StaffAttendee
from crmplus.seminars.rules_settings import rules_for_fy


def invitation_create(
    *, event: Event, bp: BusinessPartner, contact: Contact | None = None, by: User
) -> Invitation:
    """Invite a customer (and optionally one of its contacts) to an event."""
    require_write(by)
    require_event_in_scope(by, event)
    if bp is None or not BusinessPartner.objects.for_user(by).filter(pk=bp.pk).exists():
        raise ValidationError({"bp": _("Choose a customer in your scope.")})
    if contact is not None and contact.bp_id != bp.pk:
        raise ValidationError({"contact": _("This contact belongs to another customer.")})
    with transaction.atomic():
        event = locked_event(event)
        # A held event still takes walk-in guests at check-in; a closed one does not.
        if event.status == EventStatus.CLOSED:
            raise ValidationError(_("This event is closed."))
        already = Invitation.objects.filter(event=event, bp=bp, contact=contact)
        if already.exists():
            raise ValidationError(_("This customer is already invited."))
        invitation = Invitation(event=event, bp=bp, contact=contact)
        stamp(invitation, by, "invited")
        invitation.save()
    return invitation


def _locked_invitation(by: User, invitation: Invitation) -> Invitation:
    if not Invitation.objects.for_user(by).filter(pk=invitation.pk).exists():
        raise PermissionDenied(_("This event is outside your organisation scope."))
    return Invitation.objects.select_for_update().select_related("event").get(pk=invitation.pk)


def invitation_set_rsvp(*, invitation: Invitation, rsvp: str, by: User) -> Invitation:
    require_write(by)
    if rsvp not in Rsvp.values:
        raise ValidationError({"rsvp": _("Choose an answer.")})
    with transaction.atomic():
        invitation = _locked_invitation(by, invitation)
        if invitation.event.status == EventStatus.CLOSED:
            raise ValidationError(_("This event is closed."))
        invitation.rsvp = rsvp
        stamp(invitation, by, "RSVP")
        invitation.save()
    return invitation


def attendance_record(
    *, invitation: Invitation, attended: bool, satisfaction: Any = None, by: User
) -> Invitation:
    """Check a guest in (or out) and record their satisfaction (1–5) after the event.

    Only for an approved event that has started; the first check-in marks it held.
    """
    require_write(by)
    score = None
    if satisfaction not in (None, ""):
        try:
            score = int(satisfaction)
        except (TypeError, ValueError):
            score = 0
        if not 1 <= score <= 5 or str(satisfaction).strip() not in {str(score), f"{score}.0"}:
            raise ValidationError({"satisfaction": _("Satisfaction is a score from 1 to 5.")})
        if not attended:
            raise ValidationError({"satisfaction": _("Only a guest who attended rates the event.")})
    with transaction.atomic():
        invitation = _locked_invitation(by, invitation)
        event = Event.objects.select_for_update().get(pk=invitation.event_id)
        if event.status not in (EventStatus.APPROVED, EventStatus.HELD):
            raise ValidationError(_("Attendance is recorded for approved events only."))
        if timezone.localdate() < event.starts_on:
            raise ValidationError(_("The event has not started yet."))
        invitation.attended = bool(attended)
        invitation.satisfaction = score
        if attended and invitation.rsvp == Rsvp.PENDING:
            invitation.rsvp = Rsvp.ACCEPTED
        stamp(invitation, by, "attendance")
        invitation.save()
        if event.status == EventStatus.APPROVED and attended:
            event.status = EventStatus.HELD
            stamp(event, by, "held")
            event.save()
    return invitation


def staff_attendee_save(
    *,
    event: Event,
    by: User,
    level: Any,
    user: User | None = None,
    name: str = "",
    attendee: StaffAttendee | None = None,
) -> StaffAttendee:
    """Add (or change) a PEA staff member at the event; level 1–13 sets their rate."""
    require_write(by)
    require_event_in_scope(by, event)
    name = text(name, "name", max_length=200)
    if user is None and not name:
        raise ValidationError({"name": _("Choose a user or give a name.")})
    try:
        staff_level = int(level)
    except (TypeError, ValueError):
        staff_level = 0
    if not rules.STAFF_LEVEL_MIN <= staff_level <= rules.STAFF_LEVEL_MAX:
        raise ValidationError({"level": _("A staff level runs from 1 to 13.")})
    with transaction.atomic():
        event = locked_event(event)
        if event.status == EventStatus.CLOSED:
            raise ValidationError(_("This event is closed."))
        if attendee is None:
            attendee = StaffAttendee(event=event)
        elif attendee.event_id != event.pk:
            raise ValidationError(_("This person is listed for another event."))
        attendee.user, attendee.name, attendee.level = user, name, staff_level
        stamp(attendee, by, "staff")
        attendee.save()
    return attendee


def staff_levels_count(event: Event) -> dict[str, int]:
    """The event's staff per rate level, to fill an attendee line."""
    table = rules_for_fy(event.fy)
    return rules.count_levels(event.staff.values_list("level", flat=True), table.executive_level)


# ── invitation letters and e-mail ───────────────────────────────────────────────

EMAIL_BATCH_MAX = 200


def invitation_letter_pdf(*, event: Event, invitations: list[Invitation]) -> bytes:
    """The Thai invitation letters of `invitations` (one A4 page each) as one PDF."""
    from crmplus.core.pdf import render_pdf
    from crmplus.seminars.letters import letter_context

    return render_pdf("seminars/pdf/invitation.html", letter_context(event, invitations))


def invitation_email(*, event: Event, invitations: list[Invitation], by: User) -> tuple[int, int]:
    """E-mail each invitation's letter (PDF attached) to its contact; returns (sent,
    skipped: no contact e-mail). Marks the invitations e-mailed."""
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.utils import translation

    from crmplus.seminars.letters import letter_context

    require_write(by)
    require_event_in_scope(by, event)
    if event.status not in (EventStatus.APPROVED, EventStatus.HELD):
        raise ValidationError(_("Invitations are sent once the event is approved."))
    invitations = [i for i in invitations if i.event_id == event.pk]
    if len(invitations) > EMAIL_BATCH_MAX:
        raise ValidationError(
            _("At most %(n)s invitations per sending, please.") % {"n": EMAIL_BATCH_MAX}
        )
    sent = skipped = 0
    for invitation in invitations:
        address = invitation.contact.email if invitation.contact_id else ""
        if not address:
            skipped += 1
            continue
        with translation.override("th"):
            context = letter_context(event, [invitation])
            subject = render_to_string("seminars/email/invitation_subject.txt", context).strip()
            body = render_to_string("seminars/email/invitation_body.txt", context)
        message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[address])
        pdf = invitation_letter_pdf(event=event, invitations=[invitation])
        message.attach(f"invitation-{event.pk}-{invitation.pk}.pdf", pdf, "application/pdf")
        message.send()
        with transaction.atomic():
            locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
            locked.emailed_at = timezone.now()
            stamp(locked, by, "e-mailed")
            locked.save()
        sent += 1
    return sent, skipped


def staff_attendee_delete(*, attendee: StaffAttendee, by: User) -> None:
    require_write(by)
    require_event_in_scope(by, attendee.event)
    with transaction.atomic():
        event = locked_event(attendee.event)
        if event.status == EventStatus.CLOSED:
            raise ValidationError(_("This event is closed."))
        current = StaffAttendee.objects.filter(pk=attendee.pk, event=event).first()
        if current is not None:
            stamp(current, by, "removed")
            current.delete()


def staff_attendance_record(*, attendee: StaffAttendee, attended: bool, by: User) -> StaffAttendee:
    """Tick a PEA staff member present (approved or held events, from the first day)."""
    require_write(by)
    require_event_in_scope(by, attendee.event)
    with transaction.atomic():
        event = locked_event(attendee.event)
        if event.status not in (EventStatus.APPROVED, EventStatus.HELD):
            raise ValidationError(_("Attendance is recorded for approved events only."))
        if timezone.localdate() < event.starts_on:
            raise ValidationError(_("The event has not started yet."))
        current = StaffAttendee.objects.select_for_update().get(pk=attendee.pk, event=event)
        current.attended = bool(attended)
        stamp(current, by, "attendance")
        current.save()
    return current
