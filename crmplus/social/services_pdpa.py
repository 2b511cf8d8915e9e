"""PDPA for social identities: erase on request or when the retention period ends.

Erasing replaces the person's data with a marker everywhere it is kept: the display
name, profile picture and platform user ID on the identity, the text of every message
of their cases (both directions: a reply quotes the case), the raw webhook bodies
that carried their events, and the history rows of the identity. Cases, message
counts, categories and times stay, so the dashboard's counts do not change. Each
erasure is logged (`Erasure`: who, when, why, how many), without personal data.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crmplus.core.models import Role, User
from crmplus.core.permissions import require_role, require_write
from crmplus.social.models import (
    ERASED_MARK,
    Erasure,
    Message,
    SocialIdentity,
    WebhookDelivery,
)
from crmplus.social.rules_settings import DELIVERY_RETENTION_KEY, fy_of, int_rule

ERASE_ROLES = (Role.AREA_ADMIN, Role.HQ_ADMIN)


def identity_erase(
    *, identity: SocialIdentity, trigger: str, by: User | None, note: str = ""
) -> Erasure:
    """Erase one identity's personal data (by a user on request, or by the daily job)."""
    if by is not None:
        require_write(by)
        require_role(by, *ERASE_ROLES)
        if not SocialIdentity.objects.for_user(by).filter(pk=identity.pk).exists():
            raise ValidationError(_("This person is not in your area."))
        if trigger == Erasure.Trigger.REQUEST and not note.strip():
            raise ValidationError({"note": _("Note the request (how and when it was made).")})
    if identity.erased_at:
        raise ValidationError(_("This person's data is already erased."))
    user_id = identity.platform_user_id
    with transaction.atomic():
        messages = Message.objects.filter(case__identity=identity)
        n_messages = messages.update(text=ERASED_MARK, reply_token="")
        deliveries = WebhookDelivery.objects.filter(
            channel=identity.channel, body__contains=user_id
        ).exclude(body="")
        n_deliveries = deliveries.update(body='{"erased": true}', headers={})
        identity.history.all().update(
            display_name=ERASED_MARK, picture_url="", platform_user_id=f"erased-{identity.pk}"
        )
        identity.display_name = ERASED_MARK
        identity.picture_url = ""
        identity.platform_user_id = f"erased-{identity.pk}"
        identity.erased_at = timezone.now()
        identity.retention_until = None
        identity.skip_history_when_saving = True
        identity.save()
        del identity.skip_history_when_saving
        return Erasure.objects.create(
            identity=identity,
            trigger=trigger,
            note=note.strip()[:300],
            by=by,
            messages=n_messages,
            deliveries=n_deliveries,
        )


def identities_erase_expired(day: dt.date) -> str:
    """The daily job: erase identities kept past their retention date, and drop raw
    webhook bodies older than the delivery retention."""
    erased = 0
    for identity in SocialIdentity.objects.filter(
        erased_at__isnull=True, retention_until__lt=day
    ).order_by("id"):
        identity_erase(identity=identity, trigger=Erasure.Trigger.RETENTION, by=None)
        erased += 1
    keep_days = int_rule(DELIVERY_RETENTION_KEY, fy_of())
    cutoff = timezone.make_aware(dt.datetime.combine(day, dt.time())) - dt.timedelta(days=keep_days)
    dropped = WebhookDelivery.objects.filter(received_at__lt=cutoff).delete()[0]
    return f"{erased} social identities erased, {dropped} old webhook deliveries deleted"
