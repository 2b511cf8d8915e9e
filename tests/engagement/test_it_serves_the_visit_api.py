"""The visit API: plan, list, reschedule, cancel and record the outcome with the same
rules as the pages; another area's visit is a 404, an auditor gets a 403."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from crmplus.core.models import ApiToken
from crmplus.engagement.models import FollowUp, VisitStatus
from tests.engagement.conftest import at, plan_visit


@pytest.fixture
def api(client):
    def call(user, method, path, body=None):
        _, raw = ApiToken.issue(user=user, name="t")
        headers = {"Authorization": f"Bearer {raw}"}
        url = "/api/v1/engagement/" + path
        if method == "get":
            return client.get(url, body or {}, headers=headers)
        return client.post(
            url, json.dumps(body or {}), content_type="application/json", headers=headers
        )

    return call


def test_it_reschedules_cancels_and_lists(api, eng):
    visit = plan_visit(eng, days=2)
    r = api(
        eng.kamr_n1,
        "post",
        f"visits/{visit.pk}/reschedule",
        {"starts_at": at(3).isoformat(), "reason": ""},
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "reason"
    r = api(
        eng.kamr_n1,
        "post",
        f"visits/{visit.pk}/reschedule",
        {"starts_at": at(3).isoformat(), "reason": "ลูกค้าขอเลื่อน"},
    )
    assert r.status_code == 200
    assert dt.datetime.fromisoformat(r.json()["starts_at"]) == at(3)
    r = api(eng.kamr_n1, "post", f"visits/{visit.pk}/cancel", {"reason": "ยกเลิก"})
    assert r.json()["status"] == "cancelled"
    r = api(eng.kamr_n1, "get", "visits", {"status": "cancelled"})
    assert r.json()["count"] == 1
    assert api(eng.kamr_c1, "get", "visits").json()["count"] == 0


def test_it_records_the_outcome_with_follow_ups(api, eng):
    visit = plan_visit(eng, days=-1)
    due = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    body = {
        "attendees_pea": "ก",
        "attendees_customer": "ข",
        "topics": "ค",
        "distance_km": 10,
        "followups": [{"description": "ส่งข้อมูล", "owner": "kamr_n1", "due_date": due}],
    }
    r = api(eng.kamr_n1, "post", f"visits/{visit.pk}/outcome", body)
    assert r.status_code == 200, r.content
    assert r.json()["status"] == VisitStatus.DONE
    assert r.json()["followups"][0]["owner"] == "kamr_n1"
    assert FollowUp.objects.count() == 1


def test_it_hides_other_areas_and_refuses_auditors(api, eng):
    visit = plan_visit(eng, days=2)
    assert api(eng.kamr_c1, "post", f"visits/{visit.pk}/cancel", {"reason": "x"}).status_code == 404
    r = api(eng.auditor, "post", f"visits/{visit.pk}/cancel", {"reason": "x"})
    assert r.status_code == 403
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED
