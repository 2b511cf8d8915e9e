"""The customer page's timeline: visits, calls, risk changes and approvals in one list,
newest first, from every registered timeline source."""

from django.utils import translation

from crmplus.core.extensions import customer_tabs, timeline_sources
from crmplus.engagement.services import telecrm_log
from crmplus.engagement.services_plans import plan_save, plan_submit
from tests.engagement.conftest import plan_visit


def test_it_registers_the_tab_and_the_sources(eng):
    assert "timeline" in {t.key for t in customer_tabs()}
    assert {"visits", "calls", "risk", "approvals"} <= set(timeline_sources())


def test_it_lists_visits_calls_and_approvals(client, eng):
    plan_visit(eng, days=2)
    telecrm_log(bp=eng.bp_n1, kind="inquiry", summary="สอบถามค่าไฟฟ้า", by=eng.kamr_n1)
    plan = plan_save(key_account=eng.ka_n1, objectives="x", lines={("VISIT", 1): 1}, by=eng.kamr_n1)
    plan_submit(plan=plan, by=eng.kamr_n1)
    client.force_login(eng.kamr_n1)
    r = client.get(f"/engagement/customers/{eng.bp_n1.pk}/timeline/")
    assert r.status_code == 200
    kinds = [e.kind for e in r.context["page"].object_list]
    assert {"visit", "call", "approval"} <= set(kinds)
    assert kinds[0] == "visit"  # the planned visit is the newest entry
    only_calls = client.get(f"/engagement/customers/{eng.bp_n1.pk}/timeline/?kind=call")
    assert {e.kind for e in only_calls.context["page"].object_list} == {"call"}


def test_it_lists_risk_changes_in_scope(eng):
    from crmplus.engagement.timeline import risk_entries
    from crmplus.risk.services import assessment_save

    a = assessment_save(
        bp=eng.bp_n1,
        office=eng.n1_office,
        fy=eng.fy,
        values={"spp_offer": False, "self_generation": 1, "yearly_gm": 500_000},
        notes={},
        by=eng.area_admin_n1,
    )
    assert list(risk_entries(eng.bp_n1, eng.kamr_n1)) == []  # a draft is not news yet
    a.status = "confirmed"
    a._change_reason = "confirmed"
    a.save()
    with translation.override("en"):  # the title is compared in English
        entries = list(risk_entries(eng.bp_n1, eng.kamr_n1))
    assert [e.kind for e in entries] == ["risk"]
    assert f"FY{eng.fy}" in entries[0].title
    assert list(risk_entries(eng.bp_n1, eng.kamr_c1)) == []
