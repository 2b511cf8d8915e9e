"""Every visit has a stated objective: a code of the catalogue (a setting), with free
text required for "other"."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from crmplus.core.models import ApiToken
from crmplus.engagement.models import Visit
from crmplus.engagement.rules_settings import rules_save
from tests.engagement.conftest import at, plan_visit


def test_it_refuses_a_visit_without_objective(eng):
    with translation.override("en"), pytest.raises(ValidationError) as e:
        plan_visit(eng, objective_code="", objective="  ")
    assert e.value.error_dict["objective_code"][0].message == "Every visit needs an objective."
    assert not Visit.objects.exists()


def test_it_asks_for_free_text_when_the_objective_is_other(eng):
    with pytest.raises(ValidationError) as e:
        plan_visit(eng, objective_code="other", objective="")
    assert "objective" in e.value.error_dict
    visit = plan_visit(eng, objective_code="other", objective="ตรวจเยี่ยมหลังน้ำท่วม")
    assert visit.objective_text.endswith("ตรวจเยี่ยมหลังน้ำท่วม")


def test_it_refuses_a_code_outside_the_catalogue_of_the_year(eng):
    with pytest.raises(ValidationError) as e:
        plan_visit(eng, objective_code="golf")
    assert "objective_code" in e.value.error_dict


def test_it_uses_the_catalogue_set_by_hq_for_the_year(eng):
    rules_save(fy=eng.fy, objectives=[["audit", "ตรวจสอบ", "Audit"]], by=eng.hq_admin)
    assert plan_visit(eng, objective_code="audit").objective_label in {"ตรวจสอบ", "Audit"}
    with pytest.raises(ValidationError):
        plan_visit(eng, objective_code="needs")


def test_it_answers_422_for_an_api_visit_without_objective(client, eng):
    _, raw = ApiToken.issue(user=eng.kamr_n1, name="t")
    body = {"bp_number": eng.bp_n1.bp_number, "starts_at": at(1).isoformat(), "mode": "onsite"}
    r = client.post(
        "/api/v1/engagement/visits",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "payload", "objective_code"]
    body["objective_code"] = "needs"
    r = client.post(
        "/api/v1/engagement/visits",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert r.status_code == 201, r.content
    assert r.json()["kamr_employee_number"] == eng.emp_n1.employee_number
