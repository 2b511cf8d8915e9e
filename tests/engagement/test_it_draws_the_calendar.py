"""The calendar: month and week views of my visits, an office's or an area's (htmx
partials for navigation), with a + on each day to plan a visit there."""

from django.utils import timezone

from crmplus.core.extensions import DashboardScope
from crmplus.engagement.dashboard import visits_panel
from tests.engagement.conftest import employee_of, plan_visit


def _visit_ids(response) -> set[int]:
    return {v.pk for week in response.context["weeks"] for d in week for v in d["visits"]}


def test_it_shows_my_visits_by_default_and_the_office_on_request(client, eng):
    mine = plan_visit(eng, days=1)
    other = plan_visit(eng, days=1, kamr=employee_of(eng.senior_n1), by=eng.senior_n1)
    client.force_login(eng.kamr_n1)
    day = timezone.localtime(mine.starts_at).date().isoformat()
    r = client.get(f"/engagement/calendar/?date={day}")
    assert r.status_code == 200
    assert _visit_ids(r) == {mine.pk}
    r = client.get(f"/engagement/calendar/?date={day}&who=all&unit={eng.n1.pk}")
    assert _visit_ids(r) == {mine.pk, other.pk}
    r = client.get(f"/engagement/calendar/?date={day}&kamr={eng.emp_n1.pk}")
    assert _visit_ids(r) == {mine.pk}
    assert f'data-testid="add-{day}"'.encode() in r.content


def test_it_navigates_weeks_with_htmx(client, eng):
    visit = plan_visit(eng, days=1)
    client.force_login(eng.kamr_n1)
    day = timezone.localtime(visit.starts_at).date().isoformat()
    r = client.get(f"/engagement/calendar/?view=week&date={day}", headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert b"<html" not in r.content  # the partial only
    assert len(r.context["weeks"]) == 1 and len(r.context["weeks"][0]) == 7
    assert _visit_ids(r) == {visit.pk}


def test_it_renders_the_dashboard_panel(rf, eng):
    visit = plan_visit(eng, days=-1)
    from crmplus.engagement.services import visit_record_outcome

    visit_record_outcome(
        visit=visit, by=eng.kamr_n1, attendees_pea="a", attendees_customer="b", topics="c"
    )
    request = rf.get("/")
    request.user = eng.area_admin_n1
    html = visits_panel(request, DashboardScope("area", eng.n1, eng.n1.subtree_ids(), visit.fy))
    assert 'data-testid="panel-engagement-visits"' in html
    from crmplus.engagement.selectors import visits_plan_vs_actual

    assert visits_plan_vs_actual(unit_ids=eng.n1.subtree_ids(), fy=visit.fy)["done_total"] == 1
    assert visits_plan_vs_actual(unit_ids=eng.c1.subtree_ids(), fy=visit.fy)["done_total"] == 0
