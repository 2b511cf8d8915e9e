"""The dashboard's figures, its panel for a dashboard scope, and the demo step
(deterministic, idempotent)."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone

from crmplus.core.extensions import DashboardScope, daily_jobs, dashboard_panels, demo_steps
from crmplus.social import services
from crmplus.social.models import Case
from crmplus.social.rules_settings import fy_of
from crmplus.social.selectors import dashboard
from tests.social.factories import make_case

pytestmark = pytest.mark.django_db


def test_it_counts_volume_sla_and_backlog(org):
    fast = make_case(org.n1_office, category="outage", opened_minutes_ago=30)
    services.case_reply(case=fast, text="รับทราบ", by=org.kamr_n1)  # 30 min > 15: missed
    slow = make_case(org.n1_office, category="bill", opened_minutes_ago=5, channel="facebook")
    services.case_reply(case=slow, text="รับทราบ", by=org.kamr_n1)  # within 60
    services.case_close(case=slow, by=org.kamr_n1)
    make_case(org.hq, opened_minutes_ago=500)  # triage, unanswered past due
    now = timezone.now()
    d = dashboard(cases=Case.objects.all(), since=now - dt.timedelta(days=1), until=now)
    assert d.total == 3
    assert dict(d.by_channel) == {"LINE": 2, "Facebook": 1}
    assert (d.first_response.done, d.first_response.within) == (2, 1)
    assert (d.resolution.done, d.resolution.within) == (1, 1)
    assert (d.backlog, d.backlog_new, d.backlog_triage) == (2, 1, 1)
    assert d.backlog_breached == 2


def test_it_renders_the_dashboard_page_and_panel(org, client):
    make_case(org.n1_office, category="meter")
    client.force_login(org.area_admin_n1)
    r = client.get("/social/dashboard/")
    assert r.status_code == 200 and r.context["d"].total == 1
    panel = next(p for p in dashboard_panels() if p.key == "social")
    request = RequestFactory().get("/")
    request.user = org.area_admin_n1
    scope = DashboardScope(level="area", unit=org.n1, unit_ids=org.n1.subtree_ids(), fy=fy_of())
    html = panel.render(request, scope)
    assert 'data-testid="panel-social"' in html
    assert "social.pdpa_retention" in [j.name for j in daily_jobs()]


def test_it_loads_the_demo_once(org):
    step = next(s for s in demo_steps() if s.name == "social")
    first = step.load(1)
    n = Case.objects.count()
    assert n == 320 and "320 demo cases" in first
    assert step.load(1).startswith("social: 320 demo cases already loaded")
    assert Case.objects.count() == n
    assert Case.objects.open().breached().exists()
    assert Case.objects.filter(unit=org.hq).exists()


def test_it_puts_linked_cases_on_the_customer_timeline(org):
    from crmplus.core.extensions import timeline_sources

    case = make_case(org.n1_office, category="bill")
    services.case_link_ca(case=case, ca_number=org.ca_n1.ca_number, by=org.kamr_n1)
    source = timeline_sources()["social"]
    assert [e.url for e in source(org.bp_n1, org.kamr_n1)] == [case.get_absolute_url()]
    assert list(source(org.bp_n1, org.kamr_c1)) == []
