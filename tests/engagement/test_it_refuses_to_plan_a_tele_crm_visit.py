"""Tele CRM is logged, never planned (manual 2022, M-3.2 row 3): the service, the form
and the API all refuse a visit in mode "tele", and nothing is written."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from crmplus.core.models import ApiToken
from crmplus.engagement.models import Visit
from tests.engagement.conftest import at, plan_visit


def test_it_refuses_a_tele_crm_visit_in_the_service(eng):
    with translation.override("en"), pytest.raises(ValidationError) as e:
        plan_visit(eng, mode="tele")
    assert "mode" in e.value.error_dict
    assert "logged, not planned" in str(e.value.error_dict["mode"][0].message)
    assert not Visit.objects.exists()


def test_it_plans_onsite_and_online_visits(eng):
    assert plan_visit(eng, mode="onsite").mode == "onsite"
    assert plan_visit(eng, mode="online").mode == "online"
    assert Visit.objects.count() == 2


def test_it_offers_no_tele_crm_mode_on_the_form_and_refuses_one_posted(client, eng):
    client.force_login(eng.kamr_n1)
    page = client.get("/engagement/visits/new/")
    assert page.status_code == 200
    assert b'value="tele"' not in page.content
    day = at(1)
    r = client.post(
        "/engagement/visits/new/",
        {
            "bp_number": eng.bp_n1.bp_number,
            "date": day.date().isoformat(),
            "time": "10:00",
            "duration_minutes": 60,
            "mode": "tele",
            "objective_code": "needs",
            "kamr": eng.emp_n1.pk,
        },
    )
    assert r.status_code == 200
    assert r.context["form"].errors["mode"]
    assert not Visit.objects.exists()


def test_it_answers_422_when_the_api_plans_a_tele_crm_visit(client, eng):
    _, raw = ApiToken.issue(user=eng.kamr_n1, name="t")
    body = {
        "bp_number": eng.bp_n1.bp_number,
        "starts_at": at(1).isoformat(),
        "mode": "tele",
        "objective_code": "needs",
    }
    r = client.post(
        "/api/v1/engagement/visits",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "payload", "mode"]
    assert not Visit.objects.exists()
