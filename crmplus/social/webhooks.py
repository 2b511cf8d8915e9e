"""Public webhook endpoints of LINE and Facebook (no session: the signature is the
authentication).

Order of work, on purpose: read the raw body → verify its signature over those exact
bytes → store it (committed in its own transaction, refused calls too, size-limited)
→ parse → apply the events → answer. A bad or missing signature answers 403 and is
logged; a valid signature over a body that is not a webhook payload answers 400; a
processing bug is recorded on the stored delivery and answers 200 (the platform
would only redeliver the same events, which the stored copy already holds).
"""

from __future__ import annotations

import json
import logging

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from crmplus.social import conf
from crmplus.social.models import DeliveryStatus
from crmplus.social.parsing import PARSERS, PayloadError
from crmplus.social.services_inbound import (
    delivery_mark,
    delivery_process,
    delivery_store,
)
from crmplus.social.signatures import facebook_signature_ok, line_signature_ok

logger = logging.getLogger("crmplus.social.webhooks")

SIGNATURE_HEADER = {"line": "X-Line-Signature", "facebook": "X-Hub-Signature-256"}
CHECKS = {"line": line_signature_ok, "facebook": facebook_signature_ok}


def _receive(request: HttpRequest, channel: str) -> HttpResponse:
    try:
        body = request.body
    except RequestDataTooBig:
        logger.warning("%s webhook refused: body over the upload limit", channel)
        return JsonResponse({"detail": "body too large"}, status=413)
    limit = conf.get_int("CRMPLUS_SOCIAL_MAX_BODY_BYTES")
    header = request.headers.get(SIGNATURE_HEADER[channel])
    secret = conf.secret_for(channel)
    ok = len(body) <= limit and CHECKS[channel](secret, body, header)
    keep = limit if ok else conf.get_int("CRMPLUS_SOCIAL_REJECTED_KEEP_BYTES")
    delivery = delivery_store(
        channel=channel, body=body, headers=dict(request.headers), signature_ok=ok, keep_bytes=keep
    )
    if len(body) > limit:
        delivery_mark(delivery, status=DeliveryStatus.REJECTED, error="body too large")
        logger.warning("%s webhook #%s refused: %s bytes", channel, delivery.pk, len(body))
        return JsonResponse({"detail": "body too large"}, status=413)
    if not ok:
        why = (
            "not configured" if not secret else ("no signature" if not header else "bad signature")
        )
        delivery_mark(delivery, status=DeliveryStatus.REJECTED, error=why)
        logger.warning(
            "%s webhook #%s refused (%s) from %s",
            channel,
            delivery.pk,
            why,
            request.META.get("REMOTE_ADDR", "?"),
        )
        return JsonResponse({"detail": "invalid signature"}, status=403)
    try:
        payload = json.loads(body)
        PARSERS[channel](payload)
    except (ValueError, PayloadError) as e:
        delivery_mark(delivery, status=DeliveryStatus.MALFORMED, error=f"{type(e).__name__}: {e}")
        logger.warning("%s webhook #%s malformed: %s", channel, delivery.pk, e)
        return JsonResponse({"detail": "malformed payload", "delivery": delivery.pk}, status=400)
    delivery_process(delivery, payload)
    return JsonResponse({"ok": True})


@csrf_exempt
@require_http_methods(["POST"])
def line(request: HttpRequest) -> HttpResponse:
    return _receive(request, "line")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def facebook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        # The subscription handshake: echo hub.challenge when the verify token matches.
        expected = conf.get("CRMPLUS_FACEBOOK_VERIFY_TOKEN")
        mode = request.GET.get("hub.mode", "")
        token = request.GET.get("hub.verify_token", "")
        challenge = request.GET.get("hub.challenge", "")
        if mode == "subscribe" and expected and constant_time_compare(token, expected):
            return HttpResponse(challenge[:200], content_type="text/plain")
        logger.warning("facebook webhook verification refused (mode=%r)", mode[:20])
        return HttpResponse("verification failed", status=403, content_type="text/plain")
    return _receive(request, "facebook")
