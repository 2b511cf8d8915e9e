"""Webhook deliveries: store first (own transaction), then process into cases.

`delivery_store` commits the raw body before anything is parsed, so a crash, a bug or
a bad payload loses nothing: `delivery_process` records its outcome (or its error) on
the delivery, and `manage.py social_reprocess` runs failed deliveries again. An event
already seen (same LINE webhookEventId or Facebook mid) is counted as a duplicate and
ignored, however often the platform redelivers it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from crmplus.core.models import OrgUnit, OrgUnitKind
from crmplus.social import conf
from crmplus.social.models import (
    Case,
    CaseStatus,
    DeliveryStatus,
    Direction,
    Message,
    SocialIdentity,
    WebhookDelivery,
)
from crmplus.social.parsing import PARSERS, InboundEvent, PayloadError
from crmplus.social.rules_settings import (
    RETENTION_KEY,
    fy_of,
    int_rule,
    purpose,
    sla_targets,
)
from crmplus.social.sla import due_at

logger = logging.getLogger("crmplus.social.webhooks")

HEADERS_KEPT = (
    "Content-Type",
    "Content-Length",
    "User-Agent",
    "X-Line-Signature",
    "X-Hub-Signature-256",
    "X-Forwarded-For",
)


def delivery_store(
    *, channel: str, body: bytes, headers: dict[str, str], signature_ok: bool, keep_bytes: int
) -> WebhookDelivery:
    """Keep the call as received (at most `keep_bytes` of its body), committed at once."""
    text = body[:keep_bytes].decode("utf-8", errors="replace")
    with transaction.atomic():
        return WebhookDelivery.objects.create(
            channel=channel,
            signature_ok=signature_ok,
            headers={k: str(v)[:300] for k, v in headers.items() if k in HEADERS_KEPT},
            body=text,
            body_size=len(body),
            body_truncated=len(body) > keep_bytes,
            status=DeliveryStatus.RECEIVED if signature_ok else DeliveryStatus.REJECTED,
        )


def delivery_mark(delivery: WebhookDelivery, *, status: str, error: str = "") -> None:
    delivery.status, delivery.error = status, error[:4000]
    delivery.processed_at = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=status, error=delivery.error, processed_at=delivery.processed_at
    )


def triage_unit() -> OrgUnit:
    """Where unassigned cases wait: CRMPLUS_SOCIAL_TRIAGE_UNIT (a unit code), else HQ."""
    code = conf.get("CRMPLUS_SOCIAL_TRIAGE_UNIT").strip()
    unit = OrgUnit.objects.filter(code=code).first() if code else None
    return unit or OrgUnit.objects.filter(kind=OrgUnitKind.HQ).order_by("id").first()


def _identity(event: InboundEvent) -> SocialIdentity:
    fy = fy_of(event.at)
    keep = dt.timedelta(days=int_rule(RETENTION_KEY, fy))
    identity = SocialIdentity.objects.filter(
        channel=event.channel, platform_user_id=event.user_id
    ).first()
    if identity is None:
        try:
            with transaction.atomic():
                identity = SocialIdentity.objects.create(
                    channel=event.channel,
                    platform_user_id=event.user_id,
                    purpose=purpose(fy)[:500],
                    first_contact_at=event.at,
                    last_contact_at=event.at,
                    retention_until=(event.at + keep).date(),
                )
        except IntegrityError:  # created meanwhile by a concurrent delivery
            identity = SocialIdentity.objects.get(
                channel=event.channel, platform_user_id=event.user_id
            )
    if event.at > identity.last_contact_at or identity.retention_until is None:
        last = max(event.at, identity.last_contact_at)
        SocialIdentity.objects.filter(pk=identity.pk).update(
            last_contact_at=last, retention_until=(last + keep).date()
        )
    return identity


def case_open_for(identity: SocialIdentity, at: dt.datetime, unit: OrgUnit) -> Case:
    """The identity's open case, or a new one in triage with its SLA due times."""
    case = identity.cases.exclude(status=CaseStatus.CLOSED).order_by("-opened_at").first()
    if case is not None:
        return case
    target = sla_targets(fy_of(at))["other"]  # until someone sets the category
    return Case.objects.create(
        channel=identity.channel,
        identity=identity,
        unit=unit,
        opened_at=at,
        last_message_at=at,
        first_response_due=due_at(at, target.first_response_minutes),
        resolution_due=due_at(at, target.resolution_minutes),
    )


def event_apply(event: InboundEvent, *, delivery: WebhookDelivery | None, unit: OrgUnit) -> bool:
    """Apply one event; False when it was seen before (a replay)."""
    event_key = f"{event.channel}:{event.event_id}"
    if event.kind != "message":
        identity = _identity(event)
        SocialIdentity.objects.filter(pk=identity.pk).update(followed=event.kind == "follow")
        return True
    if Message.objects.filter(event_id=event_key).exists():
        return False
    try:
        with transaction.atomic():
            identity = _identity(event)
            # One person's concurrent deliveries must not open two cases: serialise on
            # the identity row (PostgreSQL; SQLite's write lock already does).
            identity = SocialIdentity.objects.select_for_update().get(pk=identity.pk)
            case = case_open_for(identity, event.at, unit)
            Message.objects.create(
                case=case,
                direction=Direction.IN,
                at=event.at,
                text=event.text,
                message_type=event.message_type or "text",
                event_id=event_key,
                delivery=delivery,
                reply_token=event.reply_token,
            )
            Case.objects.filter(pk=case.pk, last_message_at__lt=event.at).update(
                last_message_at=event.at
            )
    except IntegrityError:
        if Message.objects.filter(event_id=event_key).exists():
            return False  # the same event arrived twice at the same moment
        raise
    return True


def _finish(delivery: WebhookDelivery, *, status: str, error: str = "", counts=(0, 0, 0)) -> None:
    """Record the outcome of one processing attempt in a single write."""
    delivery.status, delivery.error = status, error[:4000]
    delivery.events_total, delivery.events_new, delivery.events_duplicate = counts
    delivery.processed_at = timezone.now()
    delivery.attempts += 1
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=status,
        error=delivery.error,
        events_total=counts[0],
        events_new=counts[1],
        events_duplicate=counts[2],
        processed_at=delivery.processed_at,
        attempts=F("attempts") + 1,
    )


def delivery_process(delivery: WebhookDelivery, payload: object | None = None) -> WebhookDelivery:
    """Parse and apply a stored delivery; the outcome or the error is kept on it.

    Never raises for a bad payload or a processing bug: the caller has already
    answered (or is about to answer) the platform, and the body is kept for a rerun.
    """
    try:
        if payload is None:
            payload = json.loads(delivery.body)
        events = PARSERS[delivery.channel](payload)
    except (ValueError, PayloadError) as e:
        _finish(delivery, status=DeliveryStatus.MALFORMED, error=f"{type(e).__name__}: {e}")
        return delivery
    new = dup = 0
    try:
        unit = triage_unit()
        if unit is None:
            raise RuntimeError("no organisation unit to hold unassigned cases")
        for event in events:
            if event_apply(event, delivery=delivery, unit=unit):
                new += 1
            else:
                dup += 1
    except Exception as e:  # noqa: BLE001 - recorded on the delivery, retried by reprocess
        logger.exception("Webhook delivery %s failed", delivery.pk)
        _finish(
            delivery,
            status=DeliveryStatus.FAILED,
            error=f"{type(e).__name__}: {e}",
            counts=(len(events), new, dup),
        )
        return delivery
    _finish(delivery, status=DeliveryStatus.PROCESSED, counts=(len(events), new, dup))
    return delivery


def deliveries_reprocess(*, ids: list[int] | None = None, limit: int = 1000) -> dict[str, int]:
    """Run failed (or the given) deliveries with a valid signature again."""
    qs = WebhookDelivery.objects.filter(signature_ok=True)
    qs = qs.filter(pk__in=ids) if ids else qs.filter(status=DeliveryStatus.FAILED)
    counts = {"processed": 0, "failed": 0, "malformed": 0}
    for delivery in qs.order_by("received_at", "id")[:limit]:
        if delivery.body_truncated:
            continue
        delivery_process(delivery)
        key = delivery.status if delivery.status in counts else "failed"
        counts[key] += 1
    return counts
