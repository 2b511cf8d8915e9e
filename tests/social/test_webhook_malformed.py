"""A signed body that is not JSON (or not a webhook payload) answers 400, is stored for
inspection and never answers 500; a processing error is recorded on the delivery and
`social_reprocess` runs it again."""

import io
from unittest import mock

import pytest
from django.core.management import call_command

from crmplus.social.models import DeliveryStatus, Message, WebhookDelivery
from tests.social.helpers import configure, line_body, line_event, post_fb, post_line

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _secrets(settings):
    configure(settings)


BAD_TIMESTAMP = (
    b'{"events": [{"type": "message", "source": {"userId": "U1"}, "webhookEventId": "e1",'
    b' "timestamp": "x", "message": {"type": "text", "text": "a"}}]}'
)


@pytest.mark.parametrize(
    "body",
    [b'{"events": [', b"\xff\xfe not json", b"[]", b'{"events": "x"}', BAD_TIMESTAMP],
)
def test_it_answers_400_and_keeps_a_malformed_line_body(org, client, body):
    r = post_line(client, body)
    assert r.status_code == 400
    d = WebhookDelivery.objects.get()
    assert d.signature_ok and d.status == DeliveryStatus.MALFORMED and d.error
    assert d.body_size == len(body)
    assert not Message.objects.exists()


def test_it_answers_400_to_a_malformed_facebook_body(org, client):
    r = post_fb(client, b'{"object": "page", "entry": {}}')
    assert r.status_code == 400
    assert WebhookDelivery.objects.get().status == DeliveryStatus.MALFORMED


def test_it_accepts_line_s_empty_verification_call(org, client):
    assert post_line(client, line_body()).status_code == 200


def test_it_records_a_processing_error_and_reprocesses_it(org, client):
    with mock.patch(
        "crmplus.social.services_inbound.case_open_for", side_effect=RuntimeError("db hiccup")
    ):
        r = post_line(client, line_body(line_event(1)))
    assert r.status_code == 200  # stored: the platform must not redeliver it
    d = WebhookDelivery.objects.get()
    assert d.status == DeliveryStatus.FAILED and "db hiccup" in d.error
    assert not Message.objects.exists()
    out = io.StringIO()
    call_command("social_reprocess", stdout=out)
    assert "1 processed" in out.getvalue()
    d.refresh_from_db()
    assert d.status == DeliveryStatus.PROCESSED and d.attempts == 2
    assert Message.objects.count() == 1
