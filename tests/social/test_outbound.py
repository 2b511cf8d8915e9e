"""The outbound adapter against a local stub of the platforms' APIs: LINE replies with
the fresh reply token (else push with a retry key), Facebook's Send API; retryable
failures back off and are logged on the reply; nothing is sent while switched off."""

import datetime as dt

import pytest
from django.utils import timezone

from crmplus.social import services
from crmplus.social.models import Message, SendStatus
from crmplus.social.outbound import backoff_seconds, reply_send
from tests.social.factories import make_case
from tests.social.helpers import StubPlatform

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbound(settings):
    def switch(stub: StubPlatform) -> None:
        settings.CRMPLUS_SOCIAL_OUTBOUND_ENABLED = "true"
        settings.CRMPLUS_LINE_API_BASE = stub.url
        settings.CRMPLUS_LINE_CHANNEL_ACCESS_TOKEN = "line-token"
        settings.CRMPLUS_FACEBOOK_GRAPH_BASE = stub.url + "/v21.0"
        settings.CRMPLUS_FACEBOOK_PAGE_ACCESS_TOKEN = "page-token"
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    return switch


def _queued(case, user, text="รับเรื่องแล้วค่ะ") -> Message:
    return services.case_reply(case=case, text=text, by=user)


def test_it_replies_on_line_with_the_fresh_reply_token(org, outbound):
    case = make_case(org.n1_office, opened_minutes_ago=0)
    with StubPlatform() as stub:
        outbound(stub)
        reply = reply_send(_queued(case, org.kamr_n1).pk)
    assert reply.send_status == SendStatus.SENT and reply.external_id == "line-msg-1"
    (req,) = stub.requests
    assert req["path"] == "/v2/bot/message/reply"
    assert req["json"]["replyToken"].startswith("token-")
    assert req["json"]["messages"] == [{"type": "text", "text": "รับเรื่องแล้วค่ะ"}]
    assert req["headers"]["Authorization"] == "Bearer line-token"


def test_it_pushes_on_line_when_the_reply_token_is_stale(org, outbound):
    case = make_case(org.n1_office, opened_minutes_ago=30)
    with StubPlatform() as stub:
        outbound(stub)
        reply = reply_send(_queued(case, org.kamr_n1).pk)
    (req,) = stub.requests
    assert req["path"] == "/v2/bot/message/push"
    assert req["json"]["to"] == case.identity.platform_user_id
    assert req["headers"]["X-Line-Retry-Key"]
    assert reply.send_status == SendStatus.SENT


def test_it_sends_to_facebook_s_send_api(org, outbound):
    case = make_case(org.n1_office, channel="facebook", user_id="6789012345")
    with StubPlatform() as stub:
        outbound(stub)
        reply = reply_send(_queued(case, org.kamr_n1).pk)
    (req,) = stub.requests
    assert req["path"] == "/v21.0/me/messages"
    assert req["json"] == {
        "recipient": {"id": "6789012345"},
        "messaging_type": "RESPONSE",
        "message": {"text": "รับเรื่องแล้วค่ะ"},
    }
    assert reply.send_status == SendStatus.SENT and reply.external_id == "m_sent_1"


def test_it_retries_a_server_error_with_backoff_then_sends(org, outbound):
    case = make_case(org.n1_office, channel="facebook")
    with StubPlatform(statuses=[503, 500]) as stub:
        outbound(stub)
        msg = _queued(case, org.kamr_n1)
        first = reply_send(msg.pk)
        assert first.send_status == SendStatus.RETRYING
        wait = (first.next_attempt_at - timezone.now()).total_seconds()
        assert 0 < wait <= backoff_seconds(1)
        second = reply_send(msg.pk)
        assert second.send_status == SendStatus.RETRYING
        assert second.next_attempt_at - timezone.now() > dt.timedelta(seconds=backoff_seconds(1))
        third = reply_send(msg.pk)
    assert third.send_status == SendStatus.SENT and third.attempts == 3
    assert [a["http"] for a in third.attempt_log] == [503, 500, 200]
    assert len(stub.requests) == 3


def test_it_gives_up_on_a_refused_message_or_after_the_last_attempt(org, outbound, settings):
    case = make_case(org.n1_office, channel="facebook")
    with StubPlatform(statuses=[400]) as stub:
        outbound(stub)
        refused = reply_send(_queued(case, org.kamr_n1).pk)
    assert refused.send_status == SendStatus.FAILED and "HTTP 400" in refused.send_note
    settings.CRMPLUS_SOCIAL_SEND_MAX_ATTEMPTS = 2
    with StubPlatform(statuses=[502, 502]) as stub:
        outbound(stub)
        msg = _queued(case, org.kamr_n1, "อีกครั้ง")
        reply_send(msg.pk)
        last = reply_send(msg.pk)
    assert last.send_status == SendStatus.FAILED and last.attempts == 2


def test_it_sends_nothing_while_outbound_is_off(org, settings):
    settings.CRMPLUS_SOCIAL_OUTBOUND_ENABLED = "false"
    case = make_case(org.n1_office)
    with StubPlatform() as stub:
        settings.CRMPLUS_LINE_API_BASE = stub.url
        reply = reply_send(_queued(case, org.kamr_n1).pk)
    assert reply.send_status == SendStatus.QUEUED and reply.attempts == 0
    assert stub.requests == []


def test_it_hands_the_reply_to_the_worker_after_commit(
    org, outbound, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend
    from django_tasks.backends.dummy import DummyBackend  # noqa: F401

    case = make_case(org.n1_office)
    with StubPlatform() as stub:
        outbound(stub)
        with django_capture_on_commit_callbacks(execute=True):
            msg = _queued(case, org.kamr_n1)
        results = default_task_backend.results
        assert [r.args for r in results] == [[msg.pk]]


def test_it_enqueues_the_next_attempt_after_its_backoff(
    org, outbound, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    from crmplus.social.tasks import reply_send_task

    case = make_case(org.n1_office, channel="facebook")
    with StubPlatform(statuses=[503]) as stub:
        outbound(stub)
        msg = _queued(case, org.kamr_n1)
        default_task_backend.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert reply_send_task.call(msg.pk) == SendStatus.RETRYING
    msg.refresh_from_db()
    (queued,) = default_task_backend.results
    assert queued.args == [msg.pk] and queued.task.run_after == msg.next_attempt_at
