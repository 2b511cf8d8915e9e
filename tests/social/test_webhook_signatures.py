"""Webhooks accept only bodies signed with the channel/app secret (signature computed
here, over the raw bytes); refused calls are stored flagged and logged."""

import logging

import pytest

from crmplus.social.models import Case, DeliveryStatus, Message, WebhookDelivery
from tests.social.helpers import (
    FB_VERIFY,
    configure,
    fb_body,
    fb_message,
    line_body,
    line_event,
    post_fb,
    post_line,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _secrets(settings):
    configure(settings)


def test_it_accepts_a_correctly_signed_line_body(org, client):
    r = post_line(client, line_body(line_event(1)))
    assert r.status_code == 200
    d = WebhookDelivery.objects.get()
    assert d.signature_ok and d.status == DeliveryStatus.PROCESSED
    assert (d.events_total, d.events_new) == (1, 1)
    msg = Message.objects.get()
    assert msg.text == "ไฟดับค่ะ" and msg.case.channel == "line"
    assert msg.case.unit == org.hq  # waits in the HQ triage queue


def test_it_refuses_a_line_body_signed_with_another_secret(org, client, caplog):
    with caplog.at_level(logging.WARNING, logger="crmplus.social.webhooks"):
        r = post_line(client, line_body(line_event(1)), secret="wrong-secret")
    assert r.status_code == 403
    d = WebhookDelivery.objects.get()
    assert not d.signature_ok and d.status == DeliveryStatus.REJECTED
    assert d.error == "bad signature"
    assert "refused" in caplog.text
    assert not Case.objects.exists()


def test_it_refuses_a_line_body_changed_after_signing(org, client):
    from crmplus.social.signatures import line_signature
    from tests.social.helpers import LINE_SECRET

    signed = line_body(line_event(1))
    tampered = signed.replace(b"reply-token-1", b"reply-token-9")
    assert tampered != signed
    r = post_line(client, tampered, signature=line_signature(LINE_SECRET, signed))
    assert r.status_code == 403
    assert not Message.objects.exists()


def test_it_refuses_an_unsigned_call(org, client):
    r = post_line(client, line_body(line_event(1)), signature="")
    assert r.status_code == 403
    assert WebhookDelivery.objects.get().error == "no signature"
    r = post_fb(client, fb_body(fb_message(1)), signature="")
    assert r.status_code == 403
    assert not Message.objects.exists()


def test_it_refuses_everything_when_no_secret_is_configured(org, client, settings):
    settings.CRMPLUS_LINE_CHANNEL_SECRET = ""
    r = post_line(client, line_body(line_event(1)), secret="")
    assert r.status_code == 403
    assert WebhookDelivery.objects.get().error == "not configured"


def test_it_keeps_only_the_start_of_a_refused_body(org, client, settings):
    settings.CRMPLUS_SOCIAL_REJECTED_KEEP_BYTES = 100
    body = line_body(*[line_event(n) for n in range(20)])
    post_line(client, body, secret="wrong")
    d = WebhookDelivery.objects.get()
    assert d.body_truncated and len(d.body.encode()) <= 100 and d.body_size == len(body)


def test_it_accepts_a_correctly_signed_facebook_body(org, client):
    r = post_fb(client, fb_body(fb_message(1)))
    assert r.status_code == 200
    msg = Message.objects.get()
    assert msg.case.channel == "facebook" and msg.text == "บิลค่าไฟแพงครับ"
    assert msg.event_id == "facebook:m_00000000000000000001"


def test_it_refuses_a_facebook_signature_without_the_sha256_prefix(org, client):
    from crmplus.social.signatures import facebook_signature
    from tests.social.helpers import FB_SECRET

    body = fb_body(fb_message(1))
    bare = facebook_signature(FB_SECRET, body).removeprefix("sha256=")
    assert post_fb(client, body, signature=bare).status_code == 403
    assert post_fb(client, body, secret="other").status_code == 403
    assert not Message.objects.exists()


def test_it_answers_the_facebook_verification_handshake(org, client):
    ok = client.get(
        "/webhooks/facebook/",
        {"hub.mode": "subscribe", "hub.verify_token": FB_VERIFY, "hub.challenge": "1158201444"},
    )
    assert ok.status_code == 200 and ok.content == b"1158201444"
    bad = client.get(
        "/webhooks/facebook/",
        {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
    )
    assert bad.status_code == 403


def test_it_needs_no_session_and_no_csrf_token(org, settings):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    r = post_line(csrf_client, line_body(line_event(1)))
    assert r.status_code == 200
