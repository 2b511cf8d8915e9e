"""Reads for the approval workflow: inboxes, lists, counts and the status of subjects."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, QuerySet

from crmplus.approvals.models import (
    SUBMIT_ACTIONS,
    ApprovalEvent,
    ApprovalRequest,
    ApprovalStatus,
    Notification,
)
from crmplus.approvals.routing import is_approver_of
from crmplus.core.models import User

LIST_RELATED = ("unit", "approver_unit", "submitted_by", "decided_by")


def _submitted_by(user: User) -> Exists:
    """The user submitted some round of the request."""
    return Exists(
        ApprovalEvent.objects.filter(
            request=OuterRef("pk"), actor_id=user.pk, action__in=SUBMIT_ACTIONS
        )
    )


def _decidable(qs: QuerySet, user: User) -> QuerySet:
    """Pending requests routed to the user's unit that they did not submit (the
    same rule as routing.can_decide, as a query)."""
    if not is_approver_of(user, user.home_unit_id):
        return qs.none()
    return (
        qs.filter(status=ApprovalStatus.PENDING, approver_unit_id=user.home_unit_id)
        .exclude(submitted_by_id=user.pk)
        .exclude(_submitted_by(user))
    )


def inbox_for(user: User) -> QuerySet:
    """Pending requests the user may decide, oldest first (a queue)."""
    qs = _decidable(ApprovalRequest.objects.for_user(user), user)
    return qs.select_related(*LIST_RELATED).order_by("submitted_at", "pk")


def requests_for(user: User, status: str | None = None, mine: bool = False) -> QuerySet:
    """Requests in the user's scope, newest first; `mine`: those they submitted (any round)."""
    qs = ApprovalRequest.objects.for_user(user)
    if status:
        qs = qs.filter(status=status)
    if mine:
        # Every round's submitter has an event, so this also finds the current one.
        qs = qs.filter(_submitted_by(user))
    return qs.select_related(*LIST_RELATED).order_by("-submitted_at", "-pk")


def pending_count_for(user: User) -> int:
    """inbox_for(user).count() in a single query, for the navbar on every page.

    The scope is expressed as a join on the unit path instead of the list of
    subtree ids that for_user() loads first.
    """
    if not user.is_authenticated or not is_approver_of(user, user.home_unit_id):
        return 0
    home = user.home_unit
    qs = ApprovalRequest.objects.all()
    if not home.is_hq:
        qs = qs.filter(unit__path__startswith=home.path)
    return _decidable(qs, user).count()


def unread_count_for(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def notifications_for(user: User) -> QuerySet:
    return Notification.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


def approvals_for(subjects: Iterable[models.Model]) -> dict[int, ApprovalRequest]:
    """The latest request of each subject (all of one model), by subject pk: for lists."""
    subjects = [s for s in subjects if s is not None and s.pk is not None]
    if not subjects:
        return {}
    content_type = ContentType.objects.get_for_model(subjects[0])
    latest: dict[int, ApprovalRequest] = {}
    rows = ApprovalRequest.objects.filter(
        content_type=content_type, object_id__in=[s.pk for s in subjects]
    ).order_by("object_id", "-pk")
    for request in rows:
        latest.setdefault(request.object_id, request)
    return latest
