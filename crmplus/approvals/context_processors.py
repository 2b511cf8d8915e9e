"""Navbar counts: requests the user can decide, and unread notifications.

The counts are lazy: an htmx fragment that never shows the navbar runs no
query, a full page runs at most two COUNTs, and an anonymous visitor none.
"""

from django.utils.functional import SimpleLazyObject

from crmplus.approvals.selectors import pending_count_for, unread_count_for


def approvals(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"approvals_pending_count": 0, "notifications_unread_count": 0}
    return {
        "approvals_pending_count": SimpleLazyObject(lambda: pending_count_for(user)),
        "notifications_unread_count": SimpleLazyObject(lambda: unread_count_for(user)),
    }
