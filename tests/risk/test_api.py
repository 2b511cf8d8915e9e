"""Risk API: the same scope and rules as the pages; 404 outside scope, 403 not allowed,
422 with field paths on rule errors."""

import json

import pytest

from crmplus.risk.models import RiskAssessment
from tests.risk.conftest import EVIDENCE, FY, VERY_HIGH, submitted_n1

URL = "/api/v1/risk/assessments"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def payload(org, **changes):
    return {
        "bp_number": org.bp_n1.bp_number,
        "office_code": "N1-OF1",
        "fy": FY,
        "values": VERY_HIGH,
        "notes": EVIDENCE,
        **changes,
    }


def test_create_submit_and_confirm_by_a_senior_kamr(client, org):
    client.force_login(org.kamr_n1)
    r = post(client, URL, payload(org))
    assert r.status_code == 200, r.json()
    body = r.json()
    assert (body["p"], body["i"], body["score"], body["level"], body["level_name"]) == (
        5, 4, 20, 4, "very_high",
    )  # fmt: skip
    assert body["status"] == "draft" and body["office_code"] == "N1-OF1"
    assert "คะแนน 5 × 4 = 20" in body["explain_th"] and body["notes"] == EVIDENCE
    pk = body["id"]
    r = post(client, f"{URL}/{pk}/submit", {})
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    assert post(client, f"{URL}/{pk}/confirm", {}).status_code == 403  # never the assessor
    client.force_login(org.senior_n1)
    r = post(client, f"{URL}/{pk}/confirm", {"note": "ตรวจแล้ว"})
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["reviewed_by"], r.json()["review_note"]) == (
        "confirmed", "senior_n1", "ตรวจแล้ว",
    )  # fmt: skip
    # An update of a confirmed assessment reopens it (a reassessment).
    client.force_login(org.kamr_n1)
    r = post(client, URL, payload(org, values={**VERY_HIGH, "yearly_gm": 500_000}))
    assert (r.json()["id"], r.json()["i"], r.json()["status"]) == (pk, 1, "draft")


def test_it_lists_and_reads_in_scope_only(client, org):
    a = submitted_n1(org)
    client.force_login(org.senior_n1)
    body = client.get(URL, {"fy": FY, "level": 4, "p": 5, "i": 4, "area": "N1"}).json()
    assert body["count"] == 1 and body["items"][0]["id"] == a.pk
    assert client.get(URL, {"area": "C1"}).json()["count"] == 0
    assert client.get(URL, {"q": org.bp_n1.bp_number[-5:]}).json()["count"] == 1
    detail = client.get(f"{URL}/{a.pk}").json()
    assert detail["values"] == {"spp_offer": True, "self_generation": 1, "yearly_gm": 12_000_000}
    client.force_login(org.kamr_c1)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}/{a.pk}").status_code == 404
    for action in ("submit", "confirm", "return"):
        assert post(client, f"{URL}/{a.pk}/{action}", {"note": "x"}).status_code == 404
    assert post(client, URL, payload(org)).status_code == 404  # the customer is invisible


def test_rule_errors_are_422_with_field_paths_and_save_nothing(client, org):
    client.force_login(org.kamr_n1)
    cases = [
        ({"values": {**VERY_HIGH, "open_complaints": -1}}, ["values", "open_complaints"]),
        ({"values": {**VERY_HIGH, "nonsense": 1}}, ["values", "nonsense"]),
        ({"values": {"spp_offer": True}}, ["values", "self_generation"]),
        ({"notes": {}}, ["values", "spp_offer"]),  # an SPP offer needs evidence
        ({"notes": {"nonsense": "x"}}, ["values", "nonsense"]),
        ({"fy": 1999}, ["fy"]),
        ({"office_code": "N1-OF9"}, ["office_code"]),
    ]
    for changes, path in cases:
        r = post(client, URL, payload(org, **changes))
        assert r.status_code == 422, (changes, r.json())
        assert r.json()["detail"][0]["loc"] == ["body", "payload", *path], changes
    assert not RiskAssessment.objects.exists()
    a = submitted_n1(org)
    client.force_login(org.senior_n1)
    r = post(client, f"{URL}/{a.pk}/return", {"note": " "})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "payload", "note"]
    assert post(client, f"{URL}/{a.pk}/return", {}).status_code == 422
    assert RiskAssessment.objects.get().status == "submitted"
    r = post(client, f"{URL}/{a.pk}/return", {"note": "ขอหลักฐานเพิ่ม"})
    assert r.json()["status"] == "returned"


def test_roles_that_may_not_assess_get_403(client, org):
    client.force_login(org.auditor)
    assert post(client, URL, payload(org)).status_code == 403
    client.force_login(org.hq_admin)
    assert post(client, URL, payload(org)).status_code == 403
    assert not RiskAssessment.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "fy=abc", "fy=99999999999999", "level=9", "status=nope", "p=x", "i=-1", "limit=0",
        "limit=100000", "offset=-1", "offset=99999999999999999999", "area=%00", "q=" + "x" * 300,
        "fy=&level=&status=&p=&i=",
    ],
)  # fmt: skip
def test_odd_parameters_never_answer_500(client, org, query):
    client.force_login(org.kamr_n1)
    assert client.get(f"{URL}?{query}").status_code in (200, 422)


def test_odd_ids_and_bodies_never_answer_500(client, org):
    client.force_login(org.kamr_n1)
    for url in (f"{URL}/99999999999999999999999", f"{URL}/0", f"{URL}/-1", f"{URL}/abc"):
        assert client.get(url).status_code in (404, 422), url
    for body in ("nonsense", "[]", json.dumps({**payload(org), "values": [1]}),
                 json.dumps({**payload(org), "fy": "x"}), json.dumps({**payload(org), "extra": 1}),
                 json.dumps({**payload(org), "bp_number": "\x00"})):  # fmt: skip
        r = client.post(URL, body, content_type="application/json")
        assert r.status_code in (400, 404, 422), body
    assert client.get(URL).status_code == 200


def test_it_needs_authentication(client):
    assert client.get(URL).status_code == 401
