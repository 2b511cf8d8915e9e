"""Writes for seminars (BRIEF §9). Screens, the API and imports all call these.

    event = event_save(by=u, kind="seminar", unit=n1, title="…", starts_on=d1, ends_on=d2)
    budget_line_save(event=event, by=u, category="food", attendees_executive=5,
                     attendees_operational=40, days=1)      # priced from the FY's rates
    exception_request(line=line, justification="…", by=u)  # above rate / speaker fee
    event_submit(event=event, by=u)                         # caps + exceptions checked

Every budget write locks the event row first, so two people editing one budget are
serialised: new lines are separate rows (never lost) and an edit made from a stale
copy of a line is refused by its version number.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crmplus.approvals.registry import register_kind
from crmplus.approvals.services import approval_submit
from crmplus.core.models import OrgUnit, User
from crmplus.core.permissions import require_write
from crmplus.core.scoping import unit_ids_for
from crmplus.seminars import rules
from crmplus.seminars.inputs import (
    baht,
    count,
    locked_event,
    money,
    receipt_check,
    require_editable,
    require_event_in_scope,
    stamp,
    text,
)
from crmplus.seminars.models import (
    BudgetLine,
    Category,
    Event,
    EventStatus,
    EventType,
    ExceptionKind,
    ExceptionRequest,
    ExceptionStatus,
)
from crmplus.seminars.rules_settings import rules_for_fy
from crmplus.seminars.selectors import event_cap_check, event_lines, line_is_covered

# Invitations, RSVP, check-in and staff live beside these; one import point for callers.
from crmplus.seminars.services_attendance import (  # noqa: F401
    attendance_record,
    invitation_create,
    invitation_email,
    invitation_letter_pdf,
    invitation_set_rsvp,
    staff_attendance_record,
    staff_attendee_delete,
    staff_attendee_save,
    staff_levels_count,
)

EVENT_KIND = "seminars.event"
EXCEPTION_KIND = "seminars.exception"


# ── events ──────────────────────────────────────────────────────────────────────


def event_save(
    *,
    by: User,
    event: Event | None = None,
    kind: str,
    unit: OrgUnit,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    venue: str = "",
    agenda: str = "",
) -> Event:
    """Create (no `event`) or change a draft or sent-back event.

    The fiscal year follows the first day; moving the event re-prices its
    attendee lines from that year's rate table.
    """
    require_write(by)
    if kind not in EventType.values:
        raise ValidationError({"kind": _("Choose a type of event.")})
    title = text(title, "title", required=True, max_length=200)
    venue = text(venue, "venue", max_length=300)
    agenda = text(agenda, "agenda")
    if unit is None or unit.pk is None:
        raise ValidationError({"unit": _("Choose the organising unit.")})
    ids = unit_ids_for(by)
    if ids is not None and unit.pk not in ids:
        raise ValidationError({"unit": _("This unit is outside your organisation scope.")})
    for field, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise ValidationError({field: _("Enter a date.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
    with transaction.atomic():
        if event is None:
            event = Event(created_by=by, status=EventStatus.DRAFT)
            reason = "created"
        else:
            require_event_in_scope(by, event)
            event = locked_event(event)
            require_editable(event)
            reason = "changed"
        event.kind, event.unit, event.title = kind, unit, title
        event.starts_on, event.ends_on = starts_on, ends_on
        event.venue, event.agenda = venue, agenda
        stamp(event, by, reason)
        event.save()
        _reprice(event, by)
    return event


def _reprice(event: Event, by: User) -> None:
    """Keep attendee lines consistent with the event's (possibly new) year and length."""
    table = rules_for_fy(event.fy)
    for line in event.lines.all():
        if line.days > event.days:
            raise ValidationError(
                {
                    "ends_on": _(
                        "A budget line (%(line)s) counts %(n)s days: more than the event lasts."
                    )
                    % {"line": line.get_category_display(), "n": line.days}
                }
            )
        regulation = _regulation(table, line.category, line)
        exception = regulation is not None and line.planned_amount > regulation
        if (regulation, exception) != (line.regulation_amount, line.is_exception):
            line.regulation_amount, line.is_exception = regulation, exception
            line.version += 1
            stamp(line, by, "re-priced")
            line.save()


def _regulation(table: rules.SeminarRules, category: str, line: BudgetLine) -> Decimal | None:
    if not table.rates.rated(category):
        return None
    return rules.attendee_cost(
        table.rates,
        {rules.EXECUTIVE: line.attendees_executive, rules.OPERATIONAL: line.attendees_operational},
        line.days,
        [category],
    )


def budget_line_save(
    *,
    event: Event,
    by: User,
    line: BudgetLine | None = None,
    version: int | None = None,
    category: str,
    description: str = "",
    planned_amount: Any = None,
    actual_amount: Any = None,
    attendees_executive: Any = 0,
    attendees_operational: Any = 0,
    days: Any = None,
    justification: str = "",
) -> BudgetLine:
    """Add a line (no `line`) or change one of a draft or sent-back plan.

    An attendee cost (a category with a rate) is priced from the fiscal year's rate
    table: people per level × days. Its planned amount defaults to that figure; a
    higher amount marks the line as an exception needing a case-by-case approval.
    Changing a line needs the `version` the editor saw (default: the copy given).
    """
    require_write(by)
    require_event_in_scope(by, event)
    if category not in Category.values:
        raise ValidationError({"category": _("Choose a budget category.")})
    description = text(description, "description", max_length=300)
    justification = text(justification, "justification")
    planned = money(planned_amount, "planned_amount", required=False)
    actual = money(actual_amount, "actual_amount", required=False)
    executive = count(attendees_executive, "attendees_executive")
    operational = count(attendees_operational, "attendees_operational")
    with transaction.atomic():
        event = locked_event(event)
        require_editable(event)
        table = rules_for_fy(event.fy)
        rated = table.rates.rated(category)
        n_days = count(event.days if days in (None, "") and rated else days, "days", maximum=366)
        if rated:
            if executive + operational == 0:
                raise ValidationError(
                    {
                        "attendees_operational": _(
                            "%(category)s is an attendee cost: give the number of attendees "
                            "at each level."
                        )
                        % {"category": Category(category).label}
                    }
                )
            if n_days == 0:
                raise ValidationError({"days": _("Give the number of days.")})
        elif executive or operational:
            raise ValidationError(
                {
                    "category": _("%(category)s has no attendee rate: enter it as a lump sum.")
                    % {"category": Category(category).label}
                }
            )
        if n_days > event.days:
            raise ValidationError({"days": _("The event lasts %(n)s days.") % {"n": event.days}})
        if line is None:
            line = BudgetLine(event=event, created_by=by)
            reason = "created"
        else:
            current = BudgetLine.objects.select_for_update().filter(pk=line.pk, event=event).first()
            if current is None:
                raise ValidationError(_("This budget line no longer exists."), code="gone")
            expected = line.version if version is None else int(version)
            if current.version != expected:
                raise ValidationError(
                    _(
                        "Someone else changed this budget line meanwhile: reload the "
                        "budget and make your change again."
                    ),
                    code="stale",
                )
            line = current
            line.version += 1
            reason = "changed"
        line.category = category
        line.description = description
        line.attendees_executive, line.attendees_operational = executive, operational
        line.days = n_days
        line.regulation_amount = _regulation(table, category, line)
        if planned is None:
            if line.regulation_amount is None:
                raise ValidationError({"planned_amount": _("Enter an amount in baht.")})
            planned = line.regulation_amount
        line.planned_amount = planned
        line.actual_amount = actual
        line.is_speaker_fee = category == rules.SPEAKER_FEE
        line.is_exception = rules.excess_over_rate(planned, line.regulation_amount) > rules.ZERO
        line.justification = justification
        stamp(line, by, reason)
        line.full_clean(exclude=["receipt"])
        line.save()
    return line


def budget_line_delete(*, line: BudgetLine, by: User) -> None:
    """Remove a line from a draft or sent-back plan."""
    require_write(by)
    require_event_in_scope(by, line.event)
    with transaction.atomic():
        event = locked_event(line.event)
        require_editable(event)
        current = BudgetLine.objects.filter(pk=line.pk, event=event).first()
        if current is not None:
            stamp(current, by, "deleted")
            current.delete()


def budget_line_record_actual(
    *, line: BudgetLine, by: User, actual_amount: Any, receipt: Any = None
) -> BudgetLine:
    """Record what a line really cost (and its receipt) once the plan is approved."""
    require_write(by)
    require_event_in_scope(by, line.event)
    actual = money(actual_amount, "actual_amount")
    if receipt is not None:
        receipt_check(receipt)
    with transaction.atomic():
        event = locked_event(line.event)
        if event.status not in (EventStatus.APPROVED, EventStatus.HELD):
            raise ValidationError(_("Actual amounts are recorded for approved events."))
        line = BudgetLine.objects.select_for_update().get(pk=line.pk)
        line.actual_amount = actual
        if receipt is not None:
            line.receipt = receipt
        line.version += 1
        stamp(line, by, "actual recorded")
        line.save()
    return line


def event_submit(*, event: Event, by: User, comment: str = "") -> Event:
    """Send the plan to its approver: HQ's to the HQ approver, others to their area's.

    Refused, saying by how much, while over a cap; refused while a line above the
    rate or a speaker fee lacks its approved exception.
    """
    require_write(by)
    require_event_in_scope(by, event)
    with transaction.atomic():
        event = locked_event(event)
        require_editable(event)
        if event.unit.is_hq:
            # HQ's yearly cap spans its events: two HQ plans are submitted one at a time.
            OrgUnit.objects.select_for_update().only("pk").get(pk=event.unit_id)
        lines = event_lines(event)
        if not lines:
            raise ValidationError(_("Plan the budget before submitting the event."))
        table = rules_for_fy(event.fy)
        check = event_cap_check(event, rules=table, lines=lines)
        errors = []
        if not check.event.ok:
            errors.append(
                ValidationError(
                    _(
                        "The event budget is %(used)s baht, over the %(cap)s baht cap per "
                        "event by %(over)s baht."
                    )
                    % {
                        "used": baht(check.event.used),
                        "cap": baht(check.event.cap),
                        "over": baht(check.event.over),
                    },
                    code="over_event_cap",
                )
            )
        if check.hq_year is not None and not check.hq_year.ok:
            errors.append(
                ValidationError(
                    _(
                        "HQ's seminars of FY%(fy)s would cost %(used)s baht, speaker fees "
                        "included: over the %(cap)s baht yearly cap by %(over)s baht."
                    )
                    % {
                        "fy": event.fy,
                        "used": baht(check.hq_year.used),
                        "cap": baht(check.hq_year.cap),
                        "over": baht(check.hq_year.over),
                    },
                    code="over_hq_year_cap",
                )
            )
        for line in lines:
            if not line_is_covered(line):
                errors.append(
                    ValidationError(
                        _("%(line)s (%(amount)s baht) needs its approved exception first.")
                        % {"line": _line_label(line), "amount": baht(line.planned_amount)},
                        code="exception_missing",
                    )
                )
        if errors:
            raise ValidationError(errors)
        total = sum((ln.amount for ln in lines), rules.ZERO)
        approval_submit(
            subject=event,
            kind=EVENT_KIND,
            unit=event.unit,
            title=_("Seminar: %(title)s (%(unit)s, FY%(fy)s)")
            % {"title": Truncator(event.title).chars(120), "unit": event.unit.name, "fy": event.fy},
            summary=_("%(type)s, %(days)s day(s), budget %(total)s baht")
            % {"type": event.get_kind_display(), "days": event.days, "total": baht(total)},
            by=by,
            comment=comment,
        )
        event.status = EventStatus.SUBMITTED
        stamp(event, by, "submitted")
        event.save()
    return event


def _line_label(line: BudgetLine) -> str:
    label = line.get_category_display()
    return f"{label}: {line.description}" if line.description else str(label)


def exception_request(*, line: BudgetLine, justification: str, by: User) -> ExceptionRequest:
    """Ask the event's approver to allow one line: above the rate, or a speaker fee."""
    require_write(by)
    require_event_in_scope(by, line.event)
    justification = text(justification, "justification", required=True)
    with transaction.atomic():
        event = locked_event(line.event)
        require_editable(event)
        line = BudgetLine.objects.select_for_update().get(pk=line.pk)
        if not line.needs_approval:
            raise ValidationError(_("This line keeps to the regulation: it needs no exception."))
        if line.approved_exception() is not None:
            raise ValidationError(_("This line already has its approved exception."))
        if line.exceptions.filter(status=ExceptionStatus.PENDING).exists():
            raise ValidationError(_("An exception for this line is already waiting."))
        kind = ExceptionKind.SPEAKER_FEE if line.is_speaker_fee else ExceptionKind.ABOVE_RATE
        request = ExceptionRequest(
            line=line,
            kind=kind,
            amount=line.amount,
            regulation_amount=line.regulation_amount,
            justification=justification,
            requested_by=by,
        )
        stamp(request, by, "requested")
        request.save()
        line.justification = justification
        line.version += 1
        stamp(line, by, "exception requested")
        line.save()
        if line.regulation_amount is not None:
            summary = _("%(amount)s baht against %(rate)s baht by the regulation. %(why)s")
            summary %= {
                "amount": baht(line.amount),
                "rate": baht(line.regulation_amount),
                "why": justification,
            }
        else:
            summary = _("%(amount)s baht. %(why)s") % {
                "amount": baht(line.amount),
                "why": justification,
            }
        approval_submit(
            subject=request,
            kind=EXCEPTION_KIND,
            unit=event.unit,
            title=_("%(kind)s: %(line)s, %(event)s")
            % {
                "kind": request.get_kind_display(),
                "line": Truncator(_line_label(line)).chars(60),
                "event": Truncator(event.title).chars(80),
            },
            summary=summary,
            by=by,
        )
    return request


def event_close(*, event: Event, by: User) -> Event:
    """Close a held event once every line has its actual amount."""
    require_write(by)
    require_event_in_scope(by, event)
    with transaction.atomic():
        event = locked_event(event)
        if event.status != EventStatus.HELD:
            raise ValidationError(_("Only an event that has been held can be closed."))
        if event.lines.filter(actual_amount__isnull=True).exists():
            raise ValidationError(_("Record the actual amount of every budget line first."))
        event.status = EventStatus.CLOSED
        stamp(event, by, "closed")
        event.save()
    return event


# ── approval callbacks ──────────────────────────────────────────────────────────


def _event_status(status: str):
    def callback(event: Event, request, by: User) -> None:
        event.status = status
        stamp(event, by, str(status))
        event.save()

    return callback


def _exception_status(status: str):
    def callback(exc: ExceptionRequest, request, by: User) -> None:
        exc.status = status
        stamp(exc, by, str(status))
        exc.save()

    return callback


register_kind(
    EVENT_KIND,
    label=gettext_lazy("Seminar plan"),
    on_approved=_event_status(EventStatus.APPROVED),
    on_rejected=_event_status(EventStatus.REJECTED),
    on_withdrawn=_event_status(EventStatus.DRAFT),
)
register_kind(
    EXCEPTION_KIND,
    label=gettext_lazy("Seminar budget exception"),
    on_approved=_exception_status(ExceptionStatus.APPROVED),
    on_rejected=_exception_status(ExceptionStatus.REJECTED),
    on_withdrawn=_exception_status(ExceptionStatus.WITHDRAWN),
)
