"""The dashboard's "visits: plan vs actual" panel counts in the database (two aggregate
queries whatever the scope), by local (Bangkok) month, formats its numbers and links each
month's done count to the visit list; an empty year says so."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from crmplus.core.extensions import DashboardScope
from crmplus.engagement.dashboard import visits_panel
from crmplus.engagement.models import KamPlan, KamPlanLine
from crmplus.engagement.rules import fy_month_start
from crmplus.engagement.selectors import visits_plan_vs_actual
from crmplus.engagement.services import visit_plan, visit_record_outcome


def _done_visit(eng, when: dt.datetime):
    visit = visit_plan(
        bp=eng.bp_n1, starts_at=when, mode="online", objective_code="news", by=eng.kamr_n1
    )
    return visit_record_outcome(
        visit=visit, by=eng.kamr_n1, attendees_pea="a", attendees_customer="b", topics="c"
    )


def _local(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_it_counts_done_visits_by_local_month_in_two_queries(eng):
    fy = eng.fy - 1  # a past year: every visit of it can be done
    december = fy_month_start(fy, 3)
    _done_visit(eng, _local(december, 0, 30))  # 17:30 UTC on 30 November: December here
    _done_visit(eng, _local(december - dt.timedelta(days=1), 23, 30))  # November
    _done_visit(eng, _local(fy_month_start(fy, 12) + dt.timedelta(days=29), 23, 0))  # 30 Sep
    plan = KamPlan.objects.create(
        fy=fy, bp=eng.bp_n1, office=eng.n1_office, owner=eng.n1_office, created_by=eng.kamr_n1
    )
    KamPlanLine.objects.create(plan=plan, code="VISIT", month=3, planned=1500)

    for unit_ids in (None, list(eng.n1.subtree_ids())):
        with CaptureQueriesContext(connection) as queries:
            data = visits_plan_vs_actual(unit_ids=unit_ids, fy=fy)
        assert len(queries.captured_queries) == 2
        assert data["done"] == [0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]
        assert data["planned"][2] == 1500 and data["done_total"] == 3
    other = visits_plan_vs_actual(unit_ids=list(eng.c1.subtree_ids()), fy=fy)
    assert other["done_total"] == 0 and other["planned_total"] == 0


def test_it_formats_and_links_the_numbers(rf, eng):
    fy = eng.fy - 1
    december = fy_month_start(fy, 3)
    _done_visit(eng, _local(december + dt.timedelta(days=4), 10, 0))
    plan = KamPlan.objects.create(
        fy=fy, bp=eng.bp_n1, office=eng.n1_office, owner=eng.n1_office, created_by=eng.kamr_n1
    )
    KamPlanLine.objects.create(plan=plan, code="VISIT", month=3, planned=1500)
    request = rf.get("/")
    request.user = eng.area_admin_n1
    with translation.override("en"):
        html = visits_panel(request, DashboardScope("area", eng.n1, eng.n1.subtree_ids(), fy))
    assert "1 done of 1,500 planned" in html  # thousands separator, not "1500"
    assert ">1,500<" in html
    link = (
        f"/engagement/visits/?status=done&amp;date_from={december.isoformat()}"
        f"&amp;date_to={december.replace(day=31).isoformat()}&amp;unit={eng.n1.pk}"
    )
    assert link in html and 'data-testid="visits-done-3"' in html


def test_it_says_when_the_year_has_no_visits(rf, eng):
    request = rf.get("/")
    request.user = eng.hq_admin
    with translation.override("en"):
        html = visits_panel(request, DashboardScope("nation", None, [], eng.fy - 5))
    assert 'data-testid="visits-empty"' in html and "No visits planned or done" in html
