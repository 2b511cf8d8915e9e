"""Background work of seminars: e-mailing many invitation letters (one PDF each) would
hold a request too long, so the screen hands large batches to the worker."""

from __future__ import annotations

from django_tasks import task


@task()
def invitations_email_task(event_id: int, invitation_ids: list[int], user_id: int) -> str:
    """E-mail the letters of `invitation_ids` as `user_id` would (same service, same rules)."""
    from crmplus.core.models import User
    from crmplus.seminars.models import Event
    from crmplus.seminars.services import invitation_email

    user = User.objects.get(pk=user_id)
    event = Event.objects.for_user(user).get(pk=event_id)
    invitations = list(
        event.invitations.filter(pk__in=invitation_ids).select_related("bp", "contact")
    )
    sent, skipped = invitation_email(event=event, invitations=invitations, by=user)
    return f"{sent} sent, {skipped} without e-mail"
