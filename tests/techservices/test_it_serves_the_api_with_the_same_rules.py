"""API: list/create/schedule/complete; a refused booking is a 422 naming the rule."""

import pytest

from crmplus.techservices.models import ServiceRequest
from tests.techservices.conftest import key_account

URL = "/api/v1/technical-services/requests"


@pytest.fixture
def api(client, org):
    key_account(org, org.bp_n1, segment="status", supplement=True)
    client.force_login(org.kamr_n1)
    return client


def _book(api, org, code):
    return api.post(
        URL, {"bp_number": org.bp_n1.bp_number, "code": code, "requested_on": "2026-01-15"},
        content_type="application/json",
    )  # fmt: skip


def test_it_books_schedules_and_completes(api, org):
    r = _book(api, org, "FMS4")
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["code"], body["fy"], body["status"], body["supplement"]) == (
        "FMS4",
        2569,
        "requested",
        True,
    )
    rid = body["id"]
    r = api.post(
        f"{URL}/{rid}/schedule", {"scheduled_for": "2026-02-01"}, content_type="application/json"
    )
    assert r.json()["status"] == "scheduled"
    bad = {
        "completed_on": "2026-02-01",
        "report": {"summary": "x", "hot_spots": [{"location": "TR"}]},
    }
    r = api.post(f"{URL}/{rid}/complete", bad, content_type="application/json")
    assert r.status_code == 422
    locs = [e["loc"] for e in r.json()["detail"]]
    assert ["body", "payload", "report", "hot_spots", "0", "temperature_c"] in locs
    good = {"completed_on": "2026-02-01", "report": {"summary": "ok", "hot_spots": []}}
    r = api.post(f"{URL}/{rid}/complete", good, content_type="application/json")
    assert r.json()["status"] == "done"
    assert api.get(URL + "?fy=2569&code=FMS4").json()["count"] == 1


def test_a_refusal_is_a_422_with_the_rule(api, org):
    r = _book(api, org, "FMS7")
    assert r.status_code == 422
    err = r.json()["detail"][0]
    assert err["loc"] == ["body", "payload", "code"]
    assert err["type"] == "supplement_range"
    for code in ("FMS1", "FMS2", "FMS3"):
        assert _book(api, org, code).status_code == 200
    err = _book(api, org, "FMS5").json()["detail"][0]
    assert err["type"] == "supplement_distinct"
    assert ServiceRequest.objects.count() == 3


def test_an_auditor_cannot_book(client, org):
    key_account(org, org.bp_n1, segment="strategic")
    client.force_login(org.auditor)
    r = client.post(
        URL, {"bp_number": org.bp_n1.bp_number, "code": "FMS1"}, content_type="application/json"
    )
    assert r.status_code == 403
