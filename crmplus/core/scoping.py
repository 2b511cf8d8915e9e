"""Organisation-unit scoping: a user sees the subtree of their home unit.

Every queryset a request touches starts from `Model.objects.for_user(user)`.
Records outside the subtree are simply absent, so views answer 404, not 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from crmplus.core.models import User


def unit_ids_for(user: User) -> list[int] | None:
    """The org-unit ids the user may see, or None for everything (HQ).

    Cached on the user object, which Django keeps for the whole request.
    """
    if not user.is_authenticated or user.home_unit_id is None:
        return []
    cached = getattr(user, "_scope_unit_ids", False)
    if cached is not False:
        return cached
    unit = user.home_unit
    ids = None if unit.is_hq else unit.subtree_ids()
    user._scope_unit_ids = ids
    return ids


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows the path from its model to the owning OrgUnit."""

    scope_field = "office"

    def for_user(self, user: User) -> ScopedQuerySet:
        ids = unit_ids_for(user)
        if ids is None:
            return self
        return self.filter(**{f"{self.scope_field}__in": ids})


def scoped_manager(scope_field: str) -> models.Manager:
    """A manager whose querysets scope through `scope_field` (a path to an OrgUnit)."""
    queryset_class = type(
        f"ScopedQuerySet_{scope_field}", (ScopedQuerySet,), {"scope_field": scope_field}
    )
    return queryset_class.as_manager()
