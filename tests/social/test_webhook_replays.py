"""A replayed event (same LINE webhookEventId, same Facebook mid) is ignored."""

import pytest

from crmplus.social.models import Case, Message, WebhookDelivery
from tests.social.helpers import (
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


def test_it_ignores_a_redelivered_line_event(org, client):
    assert post_line(client, line_body(line_event(1))).status_code == 200
    r = post_line(client, line_body(line_event(1, redelivery=True), line_event(2)))
    assert r.status_code == 200
    assert Message.objects.count() == 2
    second = WebhookDelivery.objects.order_by("id").last()
    assert (second.events_total, second.events_new, second.events_duplicate) == (2, 1, 1)


def test_it_ignores_a_replayed_facebook_mid(org, client):
    body = fb_body(fb_message(7))
    for _ in range(3):
        assert post_fb(client, body).status_code == 200
    assert Message.objects.count() == 1
    assert WebhookDelivery.objects.count() == 3  # every call is kept, processed once


def test_it_threads_a_person_s_messages_into_their_open_case(org, client):
    post_line(client, line_body(line_event(1), line_event(2, text="ยังดับอยู่")))
    post_line(client, line_body(line_event(3, user="Uother")))
    assert Case.objects.count() == 2
    case = Case.objects.get(identity__platform_user_id="U4af4980629")
    assert [m.text for m in case.messages.all()] == ["ไฟดับค่ะ", "ยังดับอยู่"]
