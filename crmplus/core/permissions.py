"""Write permission checks shared by views, the API and services."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from crmplus.core.models import Role, User


def require_write(user: User) -> None:
    """Auditors (and users without a home unit) read, never write."""
    if not user.can_write:
        raise PermissionDenied(_("Your role is read-only: you cannot change records."))


def require_hq_admin(user: User) -> None:
    if not user.is_hq_admin:
        raise PermissionDenied(_("Only HQ admins can do this."))


def require_role(user: User, *roles: Role) -> None:
    if user.role not in roles:
        raise PermissionDenied(_("Your role does not allow this."))
