"""The outbound adapter: send queued replies to the platforms' reply APIs.

LINE: POST {CRMPLUS_LINE_API_BASE}/v2/bot/message/reply with the replyToken of the
customer's latest message while it is fresh (free, usable once), otherwise
POST /v2/bot/message/push to the userId with an `X-Line-Retry-Key` (derived from the
reply, so a retried push is never delivered twice); `Authorization: Bearer <channel
access token>`. Facebook: POST {CRMPLUS_FACEBOOK_GRAPH_BASE}/me/messages with the
page access token, `messaging_type` RESPONSE (inside Meta's 24-hour window).

Off by default (CRMPLUS_SOCIAL_OUTBOUND_ENABLED): replies stay queued. Each attempt is
logged on the reply; network errors, 429 and 5xx are retried with exponential backoff
(30 s, 1 min, 2 min … at most 1 h) up to CRMPLUS_SOCIAL_SEND_MAX_ATTEMPTS; other 4xx
fail at once (the platform refused this message).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from crmplus.social import conf
from crmplus.social.models import Direction, Message, SendStatus

logger = logging.getLogger("crmplus.social.outbound")

LINE_REPLY_TOKEN_SECONDS = 50  # LINE asks for replies soon after the event
BACKOFF_FIRST_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600


@dataclass(frozen=True)
class HttpResult:
    status: int  # 0 = no answer (network error, timeout)
    body: str


def _post(url: str, payload: dict, headers: dict[str, str]) -> HttpResult:
    if not url.startswith(("https://", "http://")):
        return HttpResult(0, f"not an http(s) URL: {url[:100]}")
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST")  # noqa: S310 - http(s) only, checked above
    request.add_header("Content-Type", "application/json; charset=utf-8")
    for k, v in headers.items():
        request.add_header(k, v)
    timeout = conf.get_int("CRMPLUS_SOCIAL_SEND_TIMEOUT")
    try:
        # The base URL is an http(s) setting, checked above.
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return HttpResult(response.status, response.read(4000).decode("utf-8", "replace"))
    except urllib.error.HTTPError as e:
        return HttpResult(e.code, e.read(4000).decode("utf-8", "replace"))
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        return HttpResult(0, f"{type(e).__name__}: {e}")


def retry_key(message: Message) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"crmplus-social-reply-{message.pk}"))


def _send_line(message: Message) -> tuple[HttpResult, str]:
    base = conf.get("CRMPLUS_LINE_API_BASE").rstrip("/")
    auth = {"Authorization": f"Bearer {conf.get('CRMPLUS_LINE_CHANNEL_ACCESS_TOKEN')}"}
    texts = [{"type": "text", "text": message.text}]
    latest = (
        Message.objects.filter(case_id=message.case_id, direction=Direction.IN)
        .exclude(reply_token="")
        .order_by("-at")
        .first()
    )
    fresh = latest is not None and (
        timezone.now() - latest.at <= dt.timedelta(seconds=LINE_REPLY_TOKEN_SECONDS)
    )
    if fresh and message.attempts == 1:
        token = latest.reply_token
        # A reply token works once: forget it whatever LINE answers.
        Message.objects.filter(pk=latest.pk).update(reply_token="")
        result = _post(
            f"{base}/v2/bot/message/reply", {"replyToken": token, "messages": texts}, auth
        )
        if 200 <= result.status < 300:
            return result, "reply"
    to = message.case.identity.platform_user_id
    headers = {**auth, "X-Line-Retry-Key": retry_key(message)}
    result = _post(f"{base}/v2/bot/message/push", {"to": to, "messages": texts}, headers)
    if result.status == 409:  # already accepted under this retry key: it was sent
        return HttpResult(200, result.body), "push"
    return result, "push"


def _send_facebook(message: Message) -> tuple[HttpResult, str]:
    base = conf.get("CRMPLUS_FACEBOOK_GRAPH_BASE").rstrip("/")
    token = conf.get("CRMPLUS_FACEBOOK_PAGE_ACCESS_TOKEN")
    payload = {
        "recipient": {"id": message.case.identity.platform_user_id},
        "messaging_type": "RESPONSE",
        "message": {"text": message.text},
    }
    return _post(f"{base}/me/messages", payload, {"Authorization": f"Bearer {token}"}), "send"


def _external_id(channel: str, body: str) -> str:
    try:
        data = json.loads(body or "{}")
    except ValueError:
        return ""
    if channel == "facebook":
        return str(data.get("message_id") or "")[:200]
    sent = data.get("sentMessages") or []
    return str(sent[0].get("id") or "")[:200] if sent and isinstance(sent[0], dict) else ""


def backoff_seconds(attempts: int) -> int:
    return min(BACKOFF_MAX_SECONDS, BACKOFF_FIRST_SECONDS * 2 ** max(0, attempts - 1))


def reply_send(message_id: int) -> Message:
    """One attempt to send a queued reply; returns it with its new status."""
    with transaction.atomic():
        claimed = Message.objects.filter(
            pk=message_id,
            direction=Direction.OUT,
            send_status__in=[SendStatus.QUEUED, SendStatus.RETRYING],
        ).update(send_status=SendStatus.SENDING)
    message = Message.objects.select_related("case__identity").get(pk=message_id)
    if not claimed:
        return message  # sent, failed or being sent by another worker
    if not conf.outbound_enabled():
        message.send_status = SendStatus.QUEUED
        message.save(update_fields=["send_status"])
        return message
    message.attempts += 1
    channel = message.case.channel
    result, route = (_send_line if channel == "line" else _send_facebook)(message)
    now = timezone.now()
    entry = {"n": message.attempts, "at": now.isoformat(), "route": route, "http": result.status}
    if 200 <= result.status < 300:
        message.send_status, message.sent_at = SendStatus.SENT, now
        message.external_id = _external_id(channel, result.body)
        message.next_attempt_at, message.send_note = None, ""
        entry["result"] = "sent"
    else:
        retryable = result.status == 0 or result.status == 429 or result.status >= 500
        entry["result"] = "error"
        entry["error"] = result.body[:300]
        if retryable and message.attempts < conf.get_int("CRMPLUS_SOCIAL_SEND_MAX_ATTEMPTS"):
            message.send_status = SendStatus.RETRYING
            message.next_attempt_at = now + dt.timedelta(seconds=backoff_seconds(message.attempts))
        else:
            message.send_status, message.next_attempt_at = SendStatus.FAILED, None
        message.send_note = f"HTTP {result.status or '—'}: {result.body[:250]}"
        logger.warning("Reply %s to %s failed: %s", message.pk, channel, message.send_note)
    message.attempt_log = [*message.attempt_log, entry]
    message.save(
        update_fields=[
            "send_status", "sent_at", "external_id", "next_attempt_at", "send_note",
            "attempts", "attempt_log",
        ]
    )  # fmt: skip
    return message


def reply_enqueue(message: Message, run_after: dt.datetime | None = None) -> None:
    """Hand the reply to the worker once the transaction that queued it commits."""
    from crmplus.social.tasks import reply_send_task

    def enqueue() -> None:
        task = reply_send_task
        if run_after is not None and task.get_backend().supports_defer:
            task = task.using(run_after=run_after)
        task.enqueue(message.pk)

    transaction.on_commit(enqueue)


def replies_send_due(limit: int = 500) -> int:
    """Enqueue queued replies and retries that are due (after outbound was switched on,
    or when a deferred task was lost); returns how many."""
    if not conf.outbound_enabled():
        return 0
    now = timezone.now()
    due = Message.objects.filter(direction=Direction.OUT, send_status=SendStatus.QUEUED) | (
        Message.objects.filter(
            direction=Direction.OUT, send_status=SendStatus.RETRYING, next_attempt_at__lte=now
        )
    )
    n = 0
    for message in due.order_by("at")[:limit]:
        reply_enqueue(message)
        n += 1
    return n
