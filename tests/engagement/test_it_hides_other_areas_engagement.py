"""Scoping: another area's visit, Tele CRM entry and plan are invisible (404, not 403),
on the pages and through the API; lists show only the user's scope."""

from crmplus.core.models import ApiToken
from crmplus.engagement.services import telecrm_log
from tests.engagement.conftest import plan_visit


def test_it_hides_other_areas_visits(client, eng):
    visit = plan_visit(eng)
    client.force_login(eng.kamr_c1)
    assert client.get(visit.get_absolute_url()).status_code == 404
    assert client.post(f"/engagement/visits/{visit.pk}/cancel/", {"reason": "x"}).status_code == 404
    assert client.get("/engagement/visits/").context["page"].paginator.count == 0
    _, raw = ApiToken.issue(user=eng.kamr_c1, name="t")
    r = client.get(
        f"/api/v1/engagement/visits/{visit.pk}", headers={"Authorization": f"Bearer {raw}"}
    )
    assert r.status_code == 404


def test_it_shows_the_area_admin_the_visits_of_the_area(client, eng):
    visit = plan_visit(eng)
    client.force_login(eng.area_admin_n1)
    assert client.get(visit.get_absolute_url()).status_code == 200
    page = client.get("/engagement/visits/")
    assert [v.pk for v in page.context["page"].object_list] == [visit.pk]


def test_it_hides_other_areas_calls_and_timeline(client, eng):
    telecrm_log(bp=eng.bp_n1, kind="inquiry", summary="สอบถามค่าไฟ", by=eng.kamr_n1)
    client.force_login(eng.kamr_c1)
    assert client.get("/engagement/calls/").context["page"].paginator.count == 0
    assert client.get(f"/engagement/customers/{eng.bp_n1.pk}/timeline/").status_code == 404


def test_it_refuses_to_plan_for_a_customer_outside_the_scope(eng):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as e:
        plan_visit(eng, bp=eng.bp_n1, by=eng.kamr_c1, kamr=eng.emp_c1)
    assert "bp" in e.value.error_dict
