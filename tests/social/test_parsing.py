"""Payload parsing (pure): LINE and Facebook event shapes as documented; events that
are not conversations are skipped, a wrong shape raises PayloadError."""

import pytest

from crmplus.social.parsing import PayloadError, parse_facebook, parse_line
from crmplus.social.signatures import (
    facebook_signature,
    facebook_signature_ok,
    line_signature,
    line_signature_ok,
)
from tests.social.helpers import fb_message, line_event


def test_it_reads_a_line_text_message_with_its_ids():
    (e,) = parse_line({"destination": "U1", "events": [line_event(1, redelivery=True)]})
    assert (e.channel, e.kind, e.user_id, e.text) == ("line", "message", "U4af4980629", "ไฟดับค่ะ")
    assert e.event_id == "01HLINE0000000000000000001" and e.reply_token == "reply-token-1"
    assert e.redelivery and e.at.year == 2025


def test_it_marks_non_text_line_messages_and_keeps_follows():
    sticker = line_event(2)
    sticker["message"] = {"id": "9", "type": "sticker", "packageId": "1", "stickerId": "2"}
    follow = {k: v for k, v in line_event(3).items() if k not in ("message", "replyToken")}
    follow["type"] = "follow"
    postback = {**line_event(4), "type": "postback"}
    events = parse_line({"events": [sticker, follow, postback]})
    assert [(e.kind, e.text) for e in events] == [("message", "[sticker]"), ("follow", "")]


def test_it_skips_facebook_echoes_and_receipts():
    echo = fb_message(2)
    echo["message"]["is_echo"] = True
    read = {
        "sender": {"id": "1"},
        "recipient": {"id": "P"},
        "timestamp": 1,
        "read": {"watermark": 1},
    }
    image = fb_message(3)
    image["message"] = {"mid": "m_3", "attachments": [{"type": "image", "payload": {}}]}
    payload = {
        "object": "page",
        "entry": [{"id": "P", "messaging": [fb_message(1), echo, read, image]}],
    }
    events = parse_facebook(payload)
    assert [(e.event_id, e.text) for e in events] == [
        ("m_00000000000000000001", "บิลค่าไฟแพงครับ"),
        ("m_3", "[image]"),
    ]


@pytest.mark.parametrize(
    "payload",
    [[], {"events": {}}, {"events": [1]}, {"events": [{**line_event(1), "webhookEventId": ""}]}],
)
def test_it_refuses_a_wrong_line_shape(payload):
    with pytest.raises(PayloadError):
        parse_line(payload)


def test_it_refuses_a_wrong_facebook_shape():
    with pytest.raises(PayloadError):
        parse_facebook({"object": "instagram", "entry": []})
    with pytest.raises(PayloadError):
        parse_facebook(
            {"object": "page", "entry": [{"messaging": [{"sender": {"id": "1"}, "message": {}}]}]}
        )


def test_it_checks_signatures_over_the_exact_bytes():
    body = b'{"events":[]}'
    assert line_signature_ok("s", body, line_signature("s", body))
    assert not line_signature_ok("s", body + b" ", line_signature("s", body))
    assert not line_signature_ok("", body, line_signature("", body))  # no secret: never
    assert facebook_signature_ok(
        "s", body, facebook_signature("s", body).upper().replace("SHA256", "sha256")
    )
    assert not facebook_signature_ok("s", body, None)


def test_it_skips_group_chats():
    group = line_event(5)
    group["source"] = {"type": "group", "groupId": "C1", "userId": "U9"}
    assert parse_line({"events": [group]}) == []
