"""The seminars API: scoped events, budget lines under the same cap rules (422 with the
field path, 409 on a stale line), submission refused over the cap, attendance."""

import datetime as dt

from crmplus.seminars.models import EventStatus
from tests.seminars.conftest import approve, plan


def _json(client, method, url, payload=None):
    fn = getattr(client, method)
    if payload is None:
        return fn(url)
    return fn(url, payload, content_type="application/json")


def test_it_lists_and_hides_events_by_scope(client, org):
    event = plan(org, lines=["40000.00"])
    client.force_login(org.senior_n1)
    r = client.get("/api/v1/seminars/events", {"fy": 2569})
    assert r.status_code == 200 and r.json()["count"] == 1
    assert r.json()["items"][0]["total"] == "40000.00"
    detail = client.get(f"/api/v1/seminars/events/{event.pk}").json()
    assert detail["caps"]["event"]["room"] == "60000.00" and detail["caps"]["ok"] is True
    client.force_login(org.kamr_c1)
    assert client.get(f"/api/v1/seminars/events/{event.pk}").status_code == 404
    assert client.get("/api/v1/seminars/events").json()["count"] == 0
    assert client.get("/api/v1/seminars/events", {"q": "a\x00"}).status_code == 422


def test_it_adds_lines_with_the_cap_rules(client, org):
    event = plan(org, lines=["60000.00"])
    client.force_login(org.area_admin_n1)
    url = f"/api/v1/seminars/events/{event.pk}/lines"
    r = _json(client, "post", url, {"category": "venue", "planned_amount": "40000.00"})
    assert r.status_code == 200 and r.json()["caps"]["event"]["room"] == "0.00"
    line = r.json()["line"]
    r = _json(client, "post", url, {"category": "venue", "planned_amount": "-1"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "payload", "planned_amount"]
    r = _json(client, "post", url, {"category": "souvenirs", "planned_amount": "0.01"})
    assert r.json()["caps"]["event"]["over"] == "0.01" and r.json()["caps"]["ok"] is False
    r = _json(client, "post", f"/api/v1/seminars/events/{event.pk}/submit", {})
    assert r.status_code == 422 and "0.01" in r.json()["detail"][0]["msg"]
    change = f"{url}/{line['id']}"
    body = {"category": "venue", "planned_amount": "39999.99", "version": line["version"]}
    r = _json(client, "put", change, body)
    assert r.status_code == 200 and r.json()["caps"]["ok"] is True
    r = _json(client, "put", change, body)  # the same, stale, version again
    assert r.status_code == 409
    r = _json(client, "post", f"/api/v1/seminars/events/{event.pk}/submit", {})
    assert r.status_code == 200 and r.json()["status"] == EventStatus.SUBMITTED


def test_it_records_attendance(client, approvers):
    org = approvers
    from crmplus.seminars.services import event_submit, invitation_create

    today = dt.date.today()
    event = plan(org, lines=["10000.00"], starts_on=today, ends_on=today)
    inv = invitation_create(event=event, bp=org.bp_n1, contact=org.contact_n1, by=org.area_admin_n1)
    event_submit(event=event, by=org.area_admin_n1)
    approve(event, org.approver_n1)
    client.force_login(org.senior_n1)
    url = f"/api/v1/seminars/events/{event.pk}/attendance/{inv.pk}"
    r = _json(client, "post", url, {"attended": True, "satisfaction": 9})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "satisfaction"
    r = _json(client, "post", url, {"attended": True, "satisfaction": 4})
    assert r.status_code == 200
    data = r.json()
    assert data["invitations"][0]["satisfaction"] == 4
    assert data["by_segment"][0]["rate"] == 1.0
    client.force_login(org.auditor)
    assert _json(client, "post", url, {"attended": False}).status_code == 403
