"""The inbox and case pages as staff use them: filters, paging, the XLSX of the
filtered list, a canned reply, closing, field errors shown with nothing saved."""

import io

import openpyxl
import pytest
from django.utils import translation

from crmplus.social.models import CaseStatus, Direction, Message
from tests.social.factories import make_case

pytestmark = pytest.mark.django_db


def test_it_filters_the_inbox_and_exports_what_it_shows(org, client):
    a = make_case(org.n1_office, category="outage", opened_minutes_ago=600)  # breached
    b = make_case(org.n1_office, category="bill", channel="facebook")
    make_case(org.c1_office, category="outage")  # another area
    client.force_login(org.area_admin_n1)
    r = client.get("/social/")
    assert r.status_code == 200 and r.context["page"].paginator.count == 2
    r = client.get("/social/", {"channel": "facebook"})
    assert [c.pk for c in r.context["page"]] == [b.pk]
    r = client.get("/social/", {"breached": "on"})
    assert [c.pk for c in r.context["page"]] == [a.pk]
    x = client.get("/social/export.xlsx", {"category": "outage"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(x.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == a.reference and rows[1][9] == "เกินกำหนด"


def test_it_pages_the_inbox_and_shows_an_empty_state(org, client, settings):
    settings.CRMPLUS_PAGE_SIZE = 2
    for _ in range(3):
        make_case(org.n1_office)
    client.force_login(org.kamr_n1)
    assert len(client.get("/social/").context["page"].object_list) == 2
    assert len(client.get("/social/", {"page": 2}).context["page"].object_list) == 1
    r = client.get("/social/", {"q": "ไม่มีข้อความนี้"})
    assert b'data-testid="social-empty"' in r.content


def test_it_sends_a_canned_reply_and_closes_the_case(org, client):
    case = make_case(org.n1_office, category="outage")
    client.force_login(org.kamr_n1)
    r = client.post(f"/social/cases/{case.pk}/", {"action": "reply", "canned_key": "outage:0"})
    assert r.status_code == 302
    reply = Message.objects.get(case=case, direction=Direction.OUT)
    assert reply.canned and reply.text.startswith("การไฟฟ้าส่วนภูมิภาคได้รับแจ้งไฟฟ้าขัดข้องแล้ว")
    client.post(f"/social/cases/{case.pk}/", {"action": "close"})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_it_shows_field_errors_and_saves_nothing(org, client):
    case = make_case(org.n1_office)
    client.force_login(org.kamr_n1)
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        org.kamr_n1.language = "en"
        org.kamr_n1.save()
        r = client.post(f"/social/cases/{case.pk}/", {"action": "link_ca", "ca_number": "999"})
    assert r.status_code == 200
    assert "No contract account 999 in your area." in r.content.decode()
    r = client.post(f"/social/cases/{case.pk}/", {"action": "reply", "canned_key": "bill:99"})
    assert r.status_code == 200 and b'data-testid="reply-error"' in r.content
    assert not Message.objects.filter(direction=Direction.OUT).exists()


def test_it_keeps_auditors_read_only(org, client):
    case = make_case(org.n1_office)
    client.force_login(org.auditor)
    assert client.get(f"/social/cases/{case.pk}/").status_code == 200
    r = client.post(f"/social/cases/{case.pk}/", {"action": "reply", "text": "x"})
    assert r.status_code == 403


def test_it_shows_raw_deliveries_to_hq_admins_only(org, client):
    client.force_login(org.area_admin_n1)
    assert client.get("/social/deliveries/").status_code == 403
    client.force_login(org.hq_admin)
    assert client.get("/social/deliveries/").status_code == 200


def test_it_lets_hq_admins_edit_sla_and_canned_replies(org, client):
    client.force_login(org.hq_admin)
    page = client.get("/social/rules/")
    data = {}
    for row in page.context["rows"]:
        data[f"first_{row['key']}"] = row["first"]
        data[f"resolution_{row['key']}"] = row["resolution"]
        data[f"canned_{row['key']}"] = row["canned"]
    data.update(retention_days="730", purpose="ตอบคำถาม", first_outage="10",
                canned_outage="ทีมช่างกำลังออกไปแก้ไขค่ะ")  # fmt: skip
    fy = page.context["fy"]
    assert client.post(f"/social/rules/?fy={fy}", data).status_code == 302
    from crmplus.social.rules_settings import canned_replies, sla_targets

    assert sla_targets(fy)["outage"].first_response_minutes == 10
    assert canned_replies(fy)["outage"] == ["ทีมช่างกำลังออกไปแก้ไขค่ะ"]
    r = client.post(f"/social/rules/?fy={fy}", {**data, "first_outage": "abc"})
    assert r.status_code == 200 and r.context["errors"]["sla"]
    client.force_login(org.kamr_n1)
    assert client.post("/social/rules/", data).status_code == 403


def test_it_erases_a_person_from_the_case_page_on_request(org, client):
    case = make_case(org.n1_office, name="สมศรี ใจดี")
    client.force_login(org.area_admin_n1)
    r = client.post(f"/social/cases/{case.pk}/", {"action": "erase", "note": "ขอทางโทรศัพท์"})
    assert r.status_code == 200 and "confirm" in r.context["errors"]  # not ticked: nothing done
    case.identity.refresh_from_db()
    assert case.identity.erased_at is None
    r = client.post(
        f"/social/cases/{case.pk}/", {"action": "erase", "note": "ขอทางโทรศัพท์", "confirm": "on"}
    )
    assert r.status_code == 302
    page = client.get(f"/social/cases/{case.pk}/").content.decode()
    assert "สมศรี" not in page and "ไฟดับค่ะ" not in page
    assert 'data-testid="erased"' in page
