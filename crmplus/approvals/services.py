"""Writes for the approval workflow. The UI, the API and every app call these.

    req = approval_submit(subject=ka_list, kind="keyaccounts.list", unit=ka_list.area,
                          title="รายชื่อลูกค้ารายสำคัญ กฟน.1 ปี 2569", by=request.user)
    approval_approve(request=req, by=approver, comment="ok")

Rules, in one place: a kind must be registered; a subject has at most one open
(pending or rejected) request, and submitting a rejected one again resubmits it
(next round, same history); only the approving unit's approver decides, never
someone who submitted it; a rejection gives its reason; only the submitter
withdraws, and only while pending.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crmplus.approvals import notify
from crmplus.approvals.models import (
    OPEN_STATUSES,
    SUBMIT_ACTIONS,
    ApprovalEvent,
    ApprovalRequest,
    ApprovalStatus,
    EventAction,
)
from crmplus.approvals.registry import find_kind, get_kind
from crmplus.approvals.routing import approver_unit_for, approvers_of, may_decide
from crmplus.core.models import OrgUnit, User
from crmplus.core.permissions import require_write
from crmplus.core.scoping import unit_ids_for

TITLE_MAX = ApprovalRequest._meta.get_field("title").max_length
TEXT_MAX = 5000


def _text(value: Any, field: str, *, required: bool = False, max_length: int = TEXT_MAX) -> str:
    text = "" if value is None else str(value).strip()
    if "\x00" in text:
        # PostgreSQL cannot store NUL: refuse it rather than answer 500.
        raise ValidationError({field: _("Text cannot contain NUL characters.")})
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > max_length:
        raise ValidationError({field: _("At most %(n)s characters, please.") % {"n": max_length}})
    return text


def _event(request: ApprovalRequest, action: str, by: User, comment: str = "") -> ApprovalEvent:
    return ApprovalEvent.objects.create(
        request=request,
        action=action,
        round=request.round,
        actor=by,
        at=timezone.now(),
        comment=comment,
    )


def approval_submit(
    *,
    subject: models.Model,
    kind: str,
    unit: OrgUnit,
    title: str,
    summary: str = "",
    by: User,
    comment: str = "",
) -> ApprovalRequest:
    """Ask for approval of `subject`, owned by `unit`; its approvers are notified.

    A rejected request for the same subject is resubmitted (round + 1, with an
    optional `comment` on what changed in the timeline); a pending one is an error.
    """
    require_write(by)
    get_kind(kind)
    title = _text(title, "title", required=True, max_length=TITLE_MAX)
    summary = _text(summary, "summary")
    comment = _text(comment, "comment")
    if subject is None or subject.pk is None:
        raise ValidationError(_("Save the record before asking for its approval."))
    ids = unit_ids_for(by)
    if ids is not None and unit.pk not in ids:
        raise ValidationError({"unit": _("This unit is outside your organisation scope.")})
    content_type = ContentType.objects.get_for_model(subject)
    approver_unit = approver_unit_for(unit)
    now = timezone.now()
    with transaction.atomic():
        request = (
            ApprovalRequest.objects.select_for_update()
            .filter(content_type=content_type, object_id=subject.pk, status__in=OPEN_STATUSES)
            .first()
        )
        if request is not None and request.is_pending:
            raise ValidationError(_("This is already waiting for approval."), code="pending")
        if request is not None and request.kind != kind:
            raise ValidationError(
                {"kind": _("This record has a rejected request of another kind.")}, code="kind"
            )
        if request is None:
            request = ApprovalRequest(content_type=content_type, object_id=subject.pk, kind=kind)
            action = EventAction.SUBMITTED
        else:
            request.round += 1
            action = EventAction.RESUBMITTED
        request.unit = unit
        request.approver_unit = approver_unit
        request.title = title
        request.summary = summary
        request.status = ApprovalStatus.PENDING
        request.submitted_by = by
        request.submitted_at = now
        request.decided_by = None
        request.decided_at = None
        request.decision_reason = ""
        request._change_reason = str(action.label)
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError:
            # Someone submitted the same subject a moment ago.
            raise ValidationError(
                _("This is already waiting for approval."), code="pending"
            ) from None
        _event(request, action, by, comment)
        # Whoever submitted any round cannot decide it: no "for your approval" for them.
        submitters = request.events.filter(action__in=SUBMIT_ACTIONS).values("actor")
        recipients = approvers_of(approver_unit).exclude(pk__in=submitters)
        notify.notify(recipients, request, by, notify.submitted_message)
    return request


def _locked(request: ApprovalRequest) -> ApprovalRequest:
    # No select_related here: PostgreSQL refuses FOR UPDATE across nullable joins.
    return ApprovalRequest.objects.select_for_update().get(pk=request.pk)


def _require_decider(request: ApprovalRequest, by: User) -> None:
    if may_decide(by, request):
        return
    if request.submitted_by_id == by.pk:
        raise PermissionDenied(_("You cannot decide a request you submitted."))
    raise PermissionDenied(
        _("Only the approver of %(unit)s decides this request.")
        % {"unit": request.approver_unit.name}
    )


def _require_pending(request: ApprovalRequest) -> None:
    if not request.is_pending:
        raise ValidationError(
            _("This request is already %(status)s.")
            % {"status": request.get_status_display().lower()},
            code="not_pending",
        )


def _decide(
    *, request: ApprovalRequest, by: User, approve: bool, text: str, field: str
) -> ApprovalRequest:
    with transaction.atomic():
        locked = _locked(request)
        # Who may decide comes first: a stranger learns nothing from the other errors.
        _require_decider(locked, by)
        _require_pending(locked)
        text = _text(text, field)
        if not approve and not text:
            raise ValidationError({field: _("Give the reason for the rejection.")})
        kind = get_kind(locked.kind) if approve else find_kind(locked.kind)
        subject = locked.subject
        if subject is None and approve:
            raise ValidationError(_("The record this request is about no longer exists."))
        action = EventAction.APPROVED if approve else EventAction.REJECTED
        locked.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.decision_reason = text
        locked._change_reason = str(action.label)
        locked.save()
        _event(locked, action, by, text)
        callback = kind and (kind.on_approved if approve else kind.on_rejected)
        if callback is not None and subject is not None:
            callback(subject, locked, by)
        notify.notify([locked.submitted_by], locked, by, notify.decided_message)
    request.refresh_from_db()
    return locked


def approval_approve(*, request: ApprovalRequest, by: User, comment: str = "") -> ApprovalRequest:
    """Approve a pending request; the kind's on_approved runs in the same transaction."""
    return _decide(request=request, by=by, approve=True, text=comment, field="comment")


def approval_reject(*, request: ApprovalRequest, by: User, reason: str) -> ApprovalRequest:
    """Reject a pending request, saying why; the submitter can change and resubmit it."""
    return _decide(request=request, by=by, approve=False, text=reason, field="reason")


def approval_withdraw(*, request: ApprovalRequest, by: User) -> ApprovalRequest:
    """The submitter takes a pending request back; it is closed for good."""
    with transaction.atomic():
        locked = _locked(request)
        if locked.submitted_by_id != by.pk or not by.is_active:
            raise PermissionDenied(_("Only the person who submitted a request can withdraw it."))
        _require_pending(locked)
        locked.status = ApprovalStatus.WITHDRAWN
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked._change_reason = str(EventAction.WITHDRAWN.label)
        locked.save()
        _event(locked, EventAction.WITHDRAWN, by)
        kind = find_kind(locked.kind)
        subject = locked.subject
        if kind is not None and kind.on_withdrawn is not None and subject is not None:
            kind.on_withdrawn(subject, locked, by)
    request.refresh_from_db()
    return locked


def approval_for(subject: models.Model) -> ApprovalRequest | None:
    """The subject's latest request (an open one is always the latest), or None."""
    if subject is None or subject.pk is None:
        return None
    return (
        ApprovalRequest.objects.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        )
        .select_related("approver_unit", "decided_by")
        .order_by("-pk")
        .first()
    )


def notification_mark_read(*, user: User, pk: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; returns how many."""
    qs = user.notifications.filter(read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())


def notifications_mark_read_for(*, user: User, request: ApprovalRequest) -> int:
    """Opening a request reads the user's notifications about it."""
    return user.notifications.filter(read_at__isnull=True, url=request.get_absolute_url()).update(
        read_at=timezone.now()
    )
