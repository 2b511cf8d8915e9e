"""Who approves what (BRIEF §1): the area's approver for units under an area,
the HQ approver for HQ itself and for units under no area (regions)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from crmplus.approvals.models import SUBMIT_ACTIONS, ApprovalRequest
from crmplus.core.models import OrgUnit, OrgUnitKind, Role, User


def approver_unit_for(unit: OrgUnit) -> OrgUnit:
    """The unit whose approvers decide requests owned by `unit`."""
    area = unit.area()
    if area is not None:
        return area
    if unit.is_hq:
        return unit
    for ancestor in unit.ancestors():
        if ancestor.is_hq:
            return ancestor
    hq = OrgUnit.objects.filter(kind=OrgUnitKind.HQ).order_by("pk").first()
    if hq is None:
        raise ImproperlyConfigured("The organisation has no head-office unit to approve requests.")
    return hq


def is_approver_of(user: User, unit_id: int | None) -> bool:
    """An active approver whose home unit is exactly that approving unit."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == Role.APPROVER
        and user.home_unit_id is not None
        and user.home_unit_id == unit_id
    )


def has_submitted(user: User, request: ApprovalRequest) -> bool:
    """Did the user submit any round of this request? Then they never decide it."""
    if request.submitted_by_id == user.pk:
        return True
    return request.events.filter(actor=user, action__in=SUBMIT_ACTIONS).exists()


def may_decide(user: User, request: ApprovalRequest) -> bool:
    """Segregation of duties: the approving unit's approver, and not a submitter."""
    return is_approver_of(user, request.approver_unit_id) and not has_submitted(user, request)


def can_decide(user: User, request: ApprovalRequest) -> bool:
    """May decide, and there is something to decide."""
    return request.is_pending and may_decide(user, request)


def approvers_of(unit: OrgUnit):
    """Everyone who decides requests routed to `unit`."""
    return User.objects.filter(is_active=True, role=Role.APPROVER, home_unit=unit).order_by("pk")
