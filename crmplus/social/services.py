"""Writes on social-media cases: categorise, link a CA, assign, reply, close, reopen.

Every function checks the user may write and sees the case (defence in depth: the
views and the API already looked it up through `Case.objects.for_user`), validates,
and changes everything in one transaction. A reply is stored as queued and handed to
the outbound adapter after commit (crmplus.social.outbound).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.core.permissions import require_write
from crmplus.customers.models import ContractAccount
from crmplus.social import conf
from crmplus.social.models import (
    Case,
    CaseStatus,
    Category,
    Direction,
    Message,
    SendStatus,
)
from crmplus.social.rules_settings import fy_of, sla_targets
from crmplus.social.sla import due_at

REPLY_MAX = 2000
OUTBOUND_OFF_NOTE = gettext_lazy(
    "Outbound sending is off (CRMPLUS_SOCIAL_OUTBOUND_ENABLED): the reply waits in the queue."
)  # Facebook's limit for a text message (LINE allows 5,000)


def _check(case: Case, by: User) -> None:
    require_write(by)
    if not Case.objects.for_user(by).filter(pk=case.pk).exists():
        raise PermissionDenied(_("This case is not in your area."))


def _touch(case: Case, by: User, fields: list[str]) -> None:
    case._history_user = by
    case.save(update_fields=fields)


def case_categorise(*, case: Case, category: str, by: User) -> Case:
    """Set the category; the SLA due times follow that category's targets."""
    _check(case, by)
    if category not in Category.values:
        raise ValidationError({"category": _("Choose a category from the list.")})
    target = sla_targets(fy_of(case.opened_at))[category]
    with transaction.atomic():
        case.category = category
        case.first_response_due = due_at(case.opened_at, target.first_response_minutes)
        case.resolution_due = due_at(case.opened_at, target.resolution_minutes)
        _touch(case, by, ["category", "first_response_due", "resolution_due"])
    return case


def case_link_ca(*, case: Case, ca_number: str, by: User) -> Case:
    """Link the customer's contract account (one the user sees); an unassigned case
    goes to the CA's office at the same time."""
    _check(case, by)
    digits = "".join(ch for ch in str(ca_number or "") if ch.isdigit())
    if not digits:
        with transaction.atomic():
            case.ca = None
            _touch(case, by, ["ca"])
        return case
    ca = (
        ContractAccount.objects.for_user(by)
        .select_related("office")
        .filter(ca_number=digits)
        .first()
    )
    if ca is None:
        raise ValidationError(
            {"ca": _("No contract account %(n)s in your area.") % {"n": digits[:12]}}
        )
    with transaction.atomic():
        case.ca = ca
        fields = ["ca"]
        if not case.is_assigned:
            case.unit = ca.office
            fields.append("unit")
        _touch(case, by, fields)
    return case


def assignable_units(user: User):
    """Offices a user may hand a case to: the offices in their scope."""
    return OrgUnit.objects.for_user(user).filter(kind=OrgUnitKind.OFFICE, is_active=True)


def case_assign(*, case: Case, unit: OrgUnit, by: User) -> Case:
    _check(case, by)
    if not assignable_units(by).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("Choose an office in your area.")})
    with transaction.atomic():
        case.unit = unit
        _touch(case, by, ["unit"])
    return case


def case_reply(*, case: Case, text: str, by: User, canned: bool = False) -> Message:
    """Queue a reply to the customer; the first one stops the first-response timer."""
    _check(case, by)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the reply or choose a canned reply.")})
    if len(text) > REPLY_MAX:
        raise ValidationError(
            {"text": _("A reply is at most %(n)s characters.") % {"n": f"{REPLY_MAX:,}"}}
        )
    if case.is_closed:
        raise ValidationError({"text": _("This case is closed: reopen it to reply.")})
    if case.identity.erased_at:
        raise ValidationError({"text": _("This person's data was erased: no reply can be sent.")})
    now = timezone.now()
    enabled = conf.outbound_enabled()
    with transaction.atomic():
        message = Message.objects.create(
            case=case,
            direction=Direction.OUT,
            at=now,
            text=text,
            sent_by=by,
            canned=canned,
            send_status=SendStatus.QUEUED,
            send_note="" if enabled else str(OUTBOUND_OFF_NOTE),
        )
        fields = ["last_message_at"]
        case.last_message_at = now
        if case.first_response_at is None:
            case.first_response_at = now
            fields.append("first_response_at")
        if case.status == CaseStatus.NEW:
            case.status = CaseStatus.OPEN
            fields.append("status")
        _touch(case, by, fields)
        if enabled:
            from crmplus.social.outbound import reply_enqueue

            reply_enqueue(message)
    return message


def case_close(*, case: Case, by: User) -> Case:
    _check(case, by)
    if case.is_closed:
        raise ValidationError(_("This case is already closed."))
    if not case.category:
        raise ValidationError({"category": _("Set the category before closing the case.")})
    with transaction.atomic():
        case.status = CaseStatus.CLOSED
        case.closed_at = timezone.now()
        case.closed_by = by
        _touch(case, by, ["status", "closed_at", "closed_by"])
    return case


def case_reopen(*, case: Case, by: User) -> Case:
    """Reopen a closed case (the resolution timer runs again against the same due time),
    unless the person has another open case already."""
    _check(case, by)
    if not case.is_closed:
        raise ValidationError(_("This case is open."))
    if case.identity.cases.exclude(pk=case.pk).exclude(status=CaseStatus.CLOSED).exists():
        raise ValidationError(_("This person has another open case: continue there."))
    with transaction.atomic():
        case.status = CaseStatus.OPEN if case.first_response_at else CaseStatus.NEW
        case.closed_at = None
        case.closed_by = None
        _touch(case, by, ["status", "closed_at", "closed_by"])
    return case
