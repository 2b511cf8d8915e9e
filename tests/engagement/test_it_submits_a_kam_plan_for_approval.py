"""A KAM plan per key account per fiscal year: planned visits and benefits by month,
budget, approved through the approvals workflow by the area's approver; plan vs actual."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from crmplus.approvals.services import approval_approve, approval_for, approval_reject
from crmplus.engagement import selectors
from crmplus.engagement.models import KamPlan, PlanStatus
from crmplus.engagement.services import visit_record_outcome
from crmplus.engagement.services_plans import plan_save, plan_submit
from tests.engagement.conftest import plan_visit

LINES = {("VISIT", 1): 1, ("VISIT", 2): 2, ("FMS4", 3): 1, ("RBA2", 4): 1}


def _plan(eng) -> KamPlan:
    return plan_save(
        key_account=eng.ka_n1, objectives="รักษาฐานลูกค้า", budget="25000", lines=LINES, by=eng.kamr_n1
    )


def test_it_saves_a_plan_with_lines_by_month(eng):
    plan = _plan(eng)
    assert (plan.fy, plan.bp, plan.owner, plan.segment) == (
        eng.fy,
        eng.bp_n1,
        eng.n1_office,
        "strategic",
    )
    assert plan.budget == Decimal("25000.00")
    assert {(line.code, line.month): line.planned for line in plan.lines.all()} == LINES
    with pytest.raises(ValidationError):
        _plan(eng)  # one plan per key account and year


def test_it_refuses_unknown_items_and_empty_plans(eng):
    with pytest.raises(ValidationError) as e:
        plan_save(key_account=eng.ka_n1, objectives="x", lines={("GOLF", 1): 1}, by=eng.kamr_n1)
    assert "lines" in e.value.error_dict
    with pytest.raises(ValidationError):
        plan_save(key_account=eng.ka_n1, objectives="x", lines={}, by=eng.kamr_n1)
    assert not KamPlan.objects.exists()


def test_it_routes_the_plan_to_the_area_approver(eng):
    plan = plan_submit(plan=_plan(eng), by=eng.kamr_n1)
    assert plan.status == PlanStatus.SUBMITTED
    request = approval_for(plan)
    assert request.kind == "engagement.plan" and request.approver_unit == eng.n1
    with pytest.raises(ValidationError):
        plan_save(plan=plan, objectives="y", lines=LINES, by=eng.kamr_n1)
    approval_reject(request=request, by=eng.approver_n1, reason="เพิ่มงบ")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REJECTED
    plan_save(plan=plan, objectives="ปรับแล้ว", budget="30000", lines=LINES, by=eng.kamr_n1)
    plan_submit(plan=plan, by=eng.kamr_n1)
    approval_approve(request=approval_for(plan), by=eng.approver_n1)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_it_tracks_done_visits_against_the_plan(eng, monkeypatch):
    plan = _plan(eng)
    visit = plan_visit(eng, days=-1)
    visit_record_outcome(
        visit=visit, by=eng.kamr_n1, attendees_pea="a", attendees_customer="b", topics="c"
    )
    rows, _available = selectors.plan_vs_actual(plan)
    visits = next(r for r in rows if r.code == "VISIT")
    assert visits.planned_total == 3 and visits.actual_total == 1
    fms4 = next(r for r in rows if r.code == "FMS4")
    assert fms4.planned_total == 1


def test_it_shows_services_as_unknown_when_the_counts_are_missing(eng, monkeypatch):
    plan = _plan(eng)
    monkeypatch.setattr(selectors, "done_services", lambda bp_ids, fy: None)
    rows, available = selectors.plan_vs_actual(plan)
    assert available is False
    assert next(r for r in rows if r.code == "FMS4").actual_total is None
    monkeypatch.setattr(selectors, "done_services", lambda bp_ids, fy: {(plan.bp_id, "FMS4"): 1})
    rows, available = selectors.plan_vs_actual(plan)
    assert available and next(r for r in rows if r.code == "FMS4").actual_total == 1


def test_it_writes_and_submits_the_plan_from_the_pages(client, eng):
    client.force_login(eng.kamr_n1)
    listing = client.get(f"/engagement/plans/?fy={eng.fy}")
    assert listing.context["missing_count"] == 1
    form = {
        "objectives": "แผนปีนี้",
        "budget": "1000",
        "l-VISIT-1": "1",
        "l-FMS1-2": "1",
        "submit": "1",
    }
    r = client.post(f"/engagement/plans/new/{eng.ka_n1.pk}/", form)
    assert r.status_code == 302
    plan = KamPlan.objects.get()
    assert plan.status == PlanStatus.SUBMITTED
    page = client.get(plan.get_absolute_url())
    assert page.status_code == 200 and b"approval-panel" in page.content
    assert client.get(f"/engagement/plans/export.xlsx?fy={eng.fy}").status_code == 200


def test_it_counts_rba_and_com_activities_done(client, eng):
    import datetime as dt

    from django.utils import timezone

    from crmplus.engagement.services_plans import activity_record

    plan = _plan(eng)
    today = timezone.localdate()
    activity_record(plan=plan, code="RBA2", date=today, note="ส่งของที่ระลึก", by=eng.kamr_n1)
    with pytest.raises(ValidationError):
        activity_record(plan=plan, code="FMS4", date=today, by=eng.kamr_n1)  # a service
    with pytest.raises(ValidationError):
        activity_record(plan=plan, code="COM1", date=today + dt.timedelta(days=2), by=eng.kamr_n1)
    rows, _available = selectors.plan_vs_actual(plan)
    rba2 = next(r for r in rows if r.code == "RBA2")
    assert (rba2.planned_total, rba2.actual_total) == (1, 1)
    client.force_login(eng.kamr_c1)
    r = client.post(f"/engagement/plans/{plan.pk}/activity/", {"code": "COM1", "date": today})
    assert r.status_code == 404
    client.force_login(eng.kamr_n1)
    r = client.post(f"/engagement/plans/{plan.pk}/activity/", {"code": "COM1", "date": today})
    assert r.status_code == 302
    assert plan.activities.count() == 2
