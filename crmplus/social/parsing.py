"""Webhook payloads → plain inbound events (pure: no Django import).

LINE Messaging API: `{"destination": ..., "events": [event, ...]}`; each event has
`type` ("message", "follow", "unfollow", "postback", ...), `timestamp` (ms),
`source` ({"type": "user", "userId": ...}), `webhookEventId` (unique per event, the
same on a redelivery: `deliveryContext.isRedelivery`), and for a message
`replyToken` and `message` ({"id", "type", "text"}).

Facebook Messenger Platform: `{"object": "page", "entry": [{"id": PAGE_ID, "time",
"messaging": [{"sender": {"id": PSID}, "recipient": {"id": PAGE_ID}, "timestamp",
"message": {"mid", "text", "attachments"?, "is_echo"?}}]}]}`. The message `mid` is
the event ID; echoes of the page's own messages, delivery and read receipts carry no
customer message and are skipped.

A payload that is valid JSON but not of this shape raises `PayloadError`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MAX_TEXT = 5000


class PayloadError(ValueError):
    """The JSON is not a webhook payload of the platform."""


@dataclass(frozen=True)
class InboundEvent:
    channel: str  # "line" or "facebook"
    kind: str  # "message", "follow", "unfollow"
    event_id: str  # LINE webhookEventId, Facebook message mid
    user_id: str  # LINE userId, Facebook PSID
    at: dt.datetime  # aware, UTC
    text: str = ""
    message_type: str = ""  # "text", "sticker", "image", ...
    reply_token: str = ""
    redelivery: bool = False


def _when(ms) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(int(ms) / 1000, tz=dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise PayloadError(f"bad timestamp: {ms!r}") from None


def _text_of(message_type: str, message: dict) -> str:
    if message_type == "text":
        return str(message.get("text") or "")[:MAX_TEXT]
    return f"[{message_type}]"


def parse_line(payload: object) -> list[InboundEvent]:
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        raise PayloadError("a LINE webhook body is an object with an `events` list")
    out = []
    for raw in payload["events"]:
        if not isinstance(raw, dict):
            raise PayloadError("every LINE event is an object")
        kind = raw.get("type")
        source = raw.get("source") if isinstance(raw.get("source"), dict) else {}
        user_id = str(source.get("userId") or "")
        event_id = str(raw.get("webhookEventId") or "")
        if kind not in {"message", "follow", "unfollow"} or not user_id:
            continue  # postbacks, group joins, beacons... are not conversations
        if source.get("type", "user") != "user":
            continue  # group and room chats are not one customer's conversation
        if not event_id:
            raise PayloadError("a LINE event without webhookEventId")
        context = raw.get("deliveryContext") if isinstance(raw.get("deliveryContext"), dict) else {}
        text = message_type = ""
        if kind == "message":
            message = raw.get("message")
            if not isinstance(message, dict):
                raise PayloadError("a LINE message event without its message")
            message_type = str(message.get("type") or "")
            text = _text_of(message_type, message)
        out.append(
            InboundEvent(
                channel="line",
                kind=kind,
                event_id=event_id[:100],
                user_id=user_id[:100],
                at=_when(raw.get("timestamp")),
                text=text,
                message_type=message_type,
                reply_token=str(raw.get("replyToken") or "")[:200],
                redelivery=bool(context.get("isRedelivery")),
            )
        )
    return out


def parse_facebook(payload: object) -> list[InboundEvent]:
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise PayloadError("a Facebook webhook body is an object with an `entry` list")
    if payload.get("object") not in {"page", None}:
        raise PayloadError("only Page webhooks (object = page) are handled")
    out = []
    for entry in payload["entry"]:
        if not isinstance(entry, dict):
            raise PayloadError("every Facebook entry is an object")
        messaging = entry.get("messaging") or []
        if not isinstance(messaging, list):
            raise PayloadError("`messaging` is a list")
        for raw in messaging:
            if not isinstance(raw, dict):
                raise PayloadError("every messaging item is an object")
            message = raw.get("message")
            sender = raw.get("sender") if isinstance(raw.get("sender"), dict) else {}
            user_id = str(sender.get("id") or "")
            if not isinstance(message, dict) or message.get("is_echo") or not user_id:
                continue  # delivery/read receipts, echoes of our own replies
            mid = str(message.get("mid") or "")
            if not mid:
                raise PayloadError("a Facebook message without mid")
            if message.get("text") is not None:
                message_type, text = "text", str(message["text"])[:MAX_TEXT]
            else:
                attachments = message.get("attachments") or [{}]
                first = attachments[0] if isinstance(attachments, list) and attachments else {}
                message_type = str((first or {}).get("type") or "attachment")
                text = f"[{message_type}]"
            out.append(
                InboundEvent(
                    channel="facebook",
                    kind="message",
                    event_id=mid[:100],
                    user_id=user_id[:100],
                    at=_when(raw.get("timestamp")),
                    text=text,
                    message_type=message_type,
                )
            )
    return out


PARSERS = {"line": parse_line, "facebook": parse_facebook}
