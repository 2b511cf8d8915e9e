"""Invitations (key accounts in scope and their contacts), the Thai letter PDF and its
e-mail, RSVP, the check-in list (printable) and post-event satisfaction 1–5."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crmplus.customers.models import BusinessPartner, Contact
from crmplus.seminars import selectors, services, services_attendance
from crmplus.seminars.models import EventStatus, Invitation, Rsvp, StaffAttendee
from crmplus.seminars.tasks import invitations_email_task
from crmplus.seminars.views import _page_size, get_event, id_or_404

PICK_MAX = 200
# More letters than this are e-mailed by the worker (one PDF each takes a while).
EMAIL_SYNC_MAX = 10


def _invitations(event):
    return list(event.invitations.select_related("bp", "contact").order_by("bp__bp_number", "pk"))


def _parse_pick(value: str) -> tuple[int, int | None] | None:
    bp, _sep, contact = (value or "").partition(":")
    try:
        return int(bp), (int(contact) if contact else None)
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    event = get_event(request, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "invite":
                picks = [p for p in map(_parse_pick, request.POST.getlist("pick")) if p]
                if not picks:
                    raise ValidationError(_("Tick the customers or contacts to invite."))
                if len(picks) > PICK_MAX:
                    raise ValidationError(_("At most %(n)s at a time, please.") % {"n": PICK_MAX})
                bps = BusinessPartner.objects.for_user(user).in_bulk([b for b, _c in picks])
                contacts = Contact.objects.filter(bp__in=bps.values()).in_bulk(
                    [c for _b, c in picks if c]
                )
                added = 0
                for bp_id, contact_id in picks:
                    bp = bps.get(bp_id)
                    contact = contacts.get(contact_id) if contact_id else None
                    if bp is None or (contact_id and contact is None):
                        continue
                    try:
                        services.invitation_create(event=event, bp=bp, contact=contact, by=user)
                        added += 1
                    except ValidationError as e:
                        if "already invited" not in " ".join(e.messages) and added == 0:
                            raise
                messages.success(request, _("%(n)s invitation(s) added.") % {"n": added})
            elif action == "rsvp":
                inv = get_object_or_404(
                    Invitation.objects.filter(event=event),
                    pk=id_or_404(request.POST.get("invitation")),
                )
                services.invitation_set_rsvp(invitation=inv, rsvp=request.POST.get("rsvp"), by=user)
                if request.htmx:
                    inv.refresh_from_db()
                    return render(
                        request,
                        "seminars/_invitation_row.html",
                        {"event": event, "inv": inv, "segments": _segments(event, [inv])},
                    )
                messages.success(request, _("The answer is recorded."))
            elif action == "email":
                chosen = request.POST.getlist("invitation")
                qs = event.invitations.select_related("bp", "contact")
                if chosen:
                    qs = qs.filter(pk__in=[c for c in chosen if c.isdigit()])
                else:
                    qs = qs.filter(emailed_at__isnull=True)
                chosen_invitations = list(qs)
                if len(chosen_invitations) > EMAIL_SYNC_MAX:
                    if event.status not in (EventStatus.APPROVED, EventStatus.HELD):
                        raise ValidationError(_("Invitations are sent once the event is approved."))
                    if not user.can_write:
                        raise PermissionDenied(
                            _("Your role is read-only: you cannot change records.")
                        )
                    ids = [i.pk for i in chosen_invitations]
                    batch = services_attendance.EMAIL_BATCH_MAX
                    for start in range(0, len(ids), batch):
                        invitations_email_task.enqueue(
                            event.pk, ids[start : start + batch], user.pk
                        )
                    messages.success(
                        request,
                        _("%(n)s invitations are being e-mailed in the background.")
                        % {"n": len(chosen_invitations)},
                    )
                else:
                    sent, skipped = services.invitation_email(
                        event=event, invitations=chosen_invitations, by=user
                    )
                    messages.success(
                        request,
                        _("%(sent)s invitation(s) e-mailed; %(skipped)s without a contact e-mail.")
                        % {"sent": sent, "skipped": skipped},
                    )
            else:
                raise ValidationError(_("Choose what to do."))
        except ValidationError as e:
            for message in e.messages:
                messages.error(request, message)
        return redirect("seminars:invitations", event.pk)
    q = (request.GET.get("q") or "").strip().replace("\x00", "")[:100]
    candidates = selectors.key_accounts_to_invite(user=user, event=event, q=q)
    picker = Paginator(candidates, _page_size()).get_page(request.GET.get("page"))
    invited = _invitations(event)
    invited_contacts = {i.contact_id for i in invited if i.contact_id}
    return render(
        request,
        "seminars/invitations.html",
        {
            "event": event,
            "invited": invited,
            "invited_contacts": invited_contacts,
            "segments": _segments(event, invited + list(picker.object_list)),
            "picker": picker,
            "q": q,
            "rsvps": Rsvp.choices,
            "ka_fy": selectors.key_account_fy(event.fy),
            "can_write": user.can_write and event.status != EventStatus.CLOSED,
            "can_email": user.can_write
            and event.status in (EventStatus.APPROVED, EventStatus.HELD),
        },
    )


def _segments(event, items) -> dict[int, str]:
    ids = {getattr(i, "bp_id", None) or i.pk for i in items}
    return selectors.segments_of(ids, event.fy)


@require_GET
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The Thai invitation letters (one page per invitation, or one with ?invitation=)."""
    event = get_event(request, pk)
    qs = event.invitations.select_related("bp", "contact").order_by("bp__bp_number", "pk")
    one = request.GET.get("invitation")
    if one:
        qs = qs.filter(pk=one if one.isdigit() else 0)
    invitations = list(qs)
    if not invitations:
        messages.error(request, _("Invite customers first: there is no letter to print."))
        return redirect("seminars:invitations", event.pk)
    pdf = services.invitation_letter_pdf(event=event, invitations=invitations)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="invitation-{event.pk}.pdf"'
    return response


@require_GET
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """The check-in list: tick who came, then their satisfaction; ?print=1 to print."""
    event = get_event(request, pk)
    invited = _invitations(event)
    context = {
        "event": event,
        "invited": invited,
        "segments": _segments(event, invited),
        "rows_attended": sum(1 for i in invited if i.attended),
        "can_record": request.user.can_write
        and event.status in (EventStatus.APPROVED, EventStatus.HELD)
        and timezone.localdate() >= event.starts_on,
        "by_segment": selectors.event_attendance_by_segment(event),
        "staff": list(event.staff.all()),
    }
    if request.GET.get("print"):
        return render(request, "seminars/checkin_print.html", context)
    return render(request, "seminars/checkin.html", context)


@require_POST
def attendance(request: HttpRequest, pk: int, inv_pk: int) -> HttpResponse:
    """htmx: record one guest's attendance and satisfaction; answers the row."""
    event = get_event(request, pk)
    inv = get_object_or_404(Invitation.objects.filter(event=event), pk=inv_pk)
    attended = request.POST.get("attended") in ("on", "1", "true")
    satisfaction = request.POST.get("satisfaction") or None
    error = ""
    try:
        inv = services.attendance_record(
            invitation=inv, attended=attended, satisfaction=satisfaction, by=request.user
        )
    except ValidationError as e:
        error = " ".join(e.messages)
        inv.refresh_from_db()
    inv = Invitation.objects.select_related("bp", "contact").get(pk=inv.pk)
    event.refresh_from_db()
    context = {
        "event": event,
        "inv": inv,
        "error": error,
        "segments": _segments(event, [inv]),
        "can_record": True,
    }
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("seminars:checkin", event.pk)
    return render(request, "seminars/_checkin_row.html", context)


@require_POST
def staff_attendance(request: HttpRequest, pk: int, staff_pk: int) -> HttpResponse:
    """Tick a PEA staff member present at check-in (htmx answers the row)."""
    event = get_event(request, pk)
    attendee = get_object_or_404(StaffAttendee.objects.filter(event=event), pk=staff_pk)
    error = ""
    try:
        attendee = services.staff_attendance_record(
            attendee=attendee, attended=request.POST.get("attended") == "on", by=request.user
        )
    except ValidationError as e:
        error = " ".join(e.messages)
        attendee.refresh_from_db()
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("seminars:checkin", event.pk)
    return render(
        request,
        "seminars/_staff_row.html",
        {"event": event, "s": attendee, "error": error, "can_record": True},
    )
