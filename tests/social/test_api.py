"""The staff API: list (scoped, filtered), detail with the thread, reply (text or
canned), close; 422 with field paths, 403 for read-only roles, 404 out of scope."""

import pytest

from crmplus.social.models import CaseStatus
from tests.social.factories import make_case

pytestmark = pytest.mark.django_db


def test_it_lists_and_shows_cases_in_scope(org, client):
    a = make_case(org.n1_office, category="outage")
    make_case(org.c1_office)
    client.force_login(org.kamr_n1)
    r = client.get("/api/v1/social/cases")
    assert r.status_code == 200 and r.json()["count"] == 1
    item = r.json()["items"][0]
    assert item["reference"] == a.reference and item["first_response_sla"]["state"] == "running"
    d = client.get(f"/api/v1/social/cases/{a.pk}").json()
    assert d["messages"][0]["text"] == "ไฟดับค่ะ" and d["canned_replies"]
    assert client.get("/api/v1/social/cases", {"unit": "C1-OF1"}).status_code == 422


def test_it_replies_and_closes_through_the_api(org, client):
    case = make_case(org.n1_office)
    client.force_login(org.kamr_n1)
    url = f"/api/v1/social/cases/{case.pk}"
    r = client.post(f"{url}/reply", {"text": ""}, content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "text"
    r = client.post(f"{url}/reply", {"canned_index": 0}, content_type="application/json")
    assert r.status_code == 200 and r.json()["messages"][-1]["canned"] is True
    r = client.post(f"{url}/close", content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "category"
    client.post(f"{url}/categorise", {"category": "bill"}, content_type="application/json")
    r = client.post(f"{url}/close", content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == CaseStatus.CLOSED


def test_it_refuses_writes_to_auditors(org, client):
    case = make_case(org.n1_office)
    client.force_login(org.auditor)
    r = client.post(f"/api/v1/social/cases/{case.pk}/reply", {"text": "x"},
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 403
