"""Tele CRM: inquiry, job-status follow-up, problem solving, news, logged against the
customer after it happens (never planned ahead), on the page and through the API."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crmplus.core.models import ApiToken
from crmplus.engagement.models import TeleCrmEntry
from crmplus.engagement.services import telecrm_log


def test_it_logs_the_four_kinds(eng):
    for kind in ("inquiry", "job_status", "problem", "news"):
        telecrm_log(bp=eng.bp_n1, kind=kind, summary="…", by=eng.kamr_n1)
    assert TeleCrmEntry.objects.filter(bp=eng.bp_n1, office=eng.n1_office).count() == 4
    with pytest.raises(ValidationError):
        telecrm_log(bp=eng.bp_n1, kind="visit", summary="…", by=eng.kamr_n1)


def test_it_refuses_a_contact_in_the_future(eng):
    with pytest.raises(ValidationError) as e:
        telecrm_log(
            bp=eng.bp_n1,
            kind="inquiry",
            summary="…",
            by=eng.kamr_n1,
            at=timezone.now() + dt.timedelta(days=2),
        )
    assert "at" in e.value.error_dict
    assert not TeleCrmEntry.objects.exists()


def test_it_logs_from_the_page_and_lists_it(client, eng):
    client.force_login(eng.kamr_n1)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    r = client.post(
        "/engagement/calls/new/",
        {
            "bp_number": eng.bp_n1.bp_number,
            "kind": "problem",
            "channel": "line",
            "at": now,
            "summary": "แรงดันตก",
        },
    )
    assert r.status_code == 302
    page = client.get("/engagement/calls/?kind=problem")
    assert page.context["page"].paginator.count == 1
    assert client.get("/engagement/calls/?kind=news").context["page"].paginator.count == 0


def test_it_logs_and_lists_through_the_api(client, eng):
    _, raw = ApiToken.issue(user=eng.kamr_n1, name="t")
    auth = {"Authorization": f"Bearer {raw}"}
    body = {"bp_number": eng.bp_n1.bp_number, "kind": "news", "summary": "แจ้งดับไฟ"}
    r = client.post(
        "/api/v1/engagement/telecrm",
        json.dumps(body),
        content_type="application/json",
        headers=auth,
    )
    assert r.status_code == 201, r.content
    assert r.json()["kind"] == "news"
    r = client.get("/api/v1/engagement/telecrm", headers=auth)
    assert r.json()["count"] == 1
    body["kind"] = "visit"
    r = client.post(
        "/api/v1/engagement/telecrm",
        json.dumps(body),
        content_type="application/json",
        headers=auth,
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "payload", "kind"]
