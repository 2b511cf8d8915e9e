"""Social inbox as staff use it (issue 10's acceptance): a LINE message arrives through
the signed webhook and waits in the area's triage queue; the area admin opens it from
the inbox, sets the category, links the customer's CA (which assigns the office),
answers with a canned reply and closes the case within the SLA; a KAMR of another
area cannot open it."""

import json
import re
import time
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from crmplus.social.models import Case, Direction, SendStatus
from crmplus.social.signatures import line_signature
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "browser-test-line-secret"


def _line_message(base_url: str, text: str) -> None:
    now = int(time.time() * 1000)
    body = json.dumps(
        {
            "destination": "Ubrowser",
            "events": [
                {
                    "type": "message",
                    "mode": "active",
                    "timestamp": now,
                    "source": {"type": "user", "userId": "U1234567890abcdef1234567890abcdef"},
                    "webhookEventId": "01JBROWSERTEST000000000001",
                    "deliveryContext": {"isRedelivery": False},
                    "replyToken": "browser-reply-token",
                    "message": {"id": "1", "type": "text", "text": text},
                }
            ],
        }
    ).encode()
    url = f"{base_url}/webhooks/line/"
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - live test server
    request.add_header("Content-Type", "application/json")
    request.add_header("X-Line-Signature", line_signature(SECRET, body))
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - live test server
        assert response.status == 200


def test_an_admin_answers_a_line_case_with_a_canned_reply_within_sla(
    page: Page, org_tx, live_server, settings
):
    settings.CRMPLUS_LINE_CHANNEL_SECRET = SECRET
    settings.CRMPLUS_SOCIAL_TRIAGE_UNIT = "N1"
    settings.CRMPLUS_SOCIAL_OUTBOUND_ENABLED = "false"
    _line_message(live_server.url, "ไฟดับทั้งซอยค่ะ ช่วยด้วย")
    case = Case.objects.get()

    log_in(page, "admin_n1", org_tx.password)
    page.goto("/social/?triage=on")
    row = page.get_by_test_id("case-row").filter(has_text=case.reference)
    expect(row).to_contain_text("LINE")
    expect(row.get_by_test_id("row-sla-first")).to_have_attribute("data-state", "running")
    row.get_by_test_id("case-open").click()
    expect(page.get_by_test_id("thread")).to_contain_text("ไฟดับทั้งซอยค่ะ ช่วยด้วย")

    page.get_by_test_id("case-category").select_option("outage")
    page.get_by_test_id("case-category-save").click()
    expect(page.get_by_test_id("case-category")).to_have_value("outage")
    page.get_by_test_id("case-ca").fill(org_tx.ca_n1.ca_number)
    page.get_by_test_id("case-ca-save").click()
    expect(page.get_by_test_id("case-ca")).to_have_value(org_tx.ca_n1.ca_number)

    page.get_by_test_id("canned-send-outage-0").click()
    expect(page.get_by_test_id("msg-out")).to_contain_text("ไฟฟ้าขัดข้อง")
    expect(page.get_by_test_id("send-status")).to_be_visible()
    expect(page.get_by_test_id("sla-first")).to_have_attribute("data-state", "met")

    page.get_by_test_id("case-close").click()
    expect(page.get_by_test_id("case-status")).to_have_text(re.compile("ปิดแล้ว|Closed"))
    expect(page.get_by_test_id("sla-resolution")).to_have_attribute("data-state", "met")

    case.refresh_from_db()
    assert case.unit == org_tx.n1_office and case.ca == org_tx.ca_n1
    assert case.category == "outage" and case.status == "closed"
    assert case.first_response_at <= case.first_response_due
    assert case.closed_at <= case.resolution_due
    reply = case.messages.get(direction=Direction.OUT)
    assert reply.canned and reply.send_status == SendStatus.QUEUED

    page.context.clear_cookies()
    log_in(page, "kamr_c1", org_tx.password)
    assert page.goto(f"/social/cases/{case.pk}/").status == 404
