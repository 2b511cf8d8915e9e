"""Cases and identities for the social tests, placed where a test needs them."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from crmplus.social.models import Case, Direction, Message, SocialIdentity
from crmplus.social.sla import DEFAULT_SLA

_n = itertools.count(1)


def make_case(
    unit,
    *,
    channel: str = "line",
    category: str = "",
    opened_minutes_ago: int = 10,
    text: str = "ไฟดับค่ะ",
    name: str = "คุณมาลี",
    user_id: str | None = None,
) -> Case:
    n = next(_n)
    opened = timezone.now() - dt.timedelta(minutes=opened_minutes_ago)
    identity = SocialIdentity.objects.create(
        channel=channel,
        platform_user_id=user_id or f"Utest{n:028d}",
        display_name=name,
        first_contact_at=opened,
        last_contact_at=opened,
        retention_until=(opened + dt.timedelta(days=730)).date(),
    )
    target = DEFAULT_SLA[category or "other"]
    case = Case.objects.create(
        channel=channel,
        identity=identity,
        unit=unit,
        category=category,
        opened_at=opened,
        last_message_at=opened,
        first_response_due=opened + dt.timedelta(minutes=target["first_response_minutes"]),
        resolution_due=opened + dt.timedelta(minutes=target["resolution_minutes"]),
    )
    Message.objects.create(
        case=case,
        direction=Direction.IN,
        at=opened,
        text=text,
        event_id=f"{channel}:test-{n}",
        reply_token=f"token-{n}",
    )
    return case
