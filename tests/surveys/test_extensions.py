"""The survey app's contributions to other pages: customer tab, timeline, dashboard panel,
demo step — registered and scoped."""

from django.test import RequestFactory

from crmplus.core.extensions import (
    DashboardScope,
    customer_tabs,
    dashboard_panels,
    demo_steps,
    timeline_sources,
)
from crmplus.surveys.importer import survey_import
from crmplus.surveys.panels import satisfaction_trend_panel, survey_timeline
from tests.surveys.conftest import FY, csv_file, row


def test_it_registers_its_tab_timeline_panel_and_demo_step():
    assert "satisfaction" in {t.key for t in customer_tabs()}
    assert "surveys" in timeline_sources()
    assert "surveys.trend" in {p.key for p in dashboard_panels()}
    assert {s.name: s.order for s in demo_steps()}["surveys"] == 400


def test_the_timeline_lists_responses_in_the_users_scope(org, accounts):
    survey_import(fy=FY, upload=csv_file([row(org.bp_n1.bp_number)]), by=org.hq_admin)
    entries = list(survey_timeline(org.bp_n1, org.kamr_n1))
    assert len(entries) == 1 and entries[0].kind == "survey" and "4.20" in entries[0].title
    assert list(survey_timeline(org.bp_n1, org.kamr_c1)) == []


def test_the_trend_panel_averages_the_scopes_respondents_per_year(org, accounts):
    survey_import(fy=FY, upload=csv_file([row(org.bp_n1.bp_number, sat=(3, 3, 3, 3, 3)),
                                          row(org.bp_c1.bp_number)]), by=org.hq_admin)  # fmt: skip
    request = RequestFactory().get("/")
    request.user = org.hq_admin
    area = DashboardScope(level="area", unit=org.n1, unit_ids=org.n1.subtree_ids(), fy=FY)
    html = satisfaction_trend_panel(request, area)
    assert "<svg" in html and "3.000" in html and "3.600" not in html
    nation = DashboardScope(level="nation", unit=None, unit_ids=[], fy=FY)
    assert "3.600" in satisfaction_trend_panel(request, nation)
    empty = DashboardScope(level="office", unit=org.c1_office, unit_ids=[], fy=FY)
    assert "<svg" not in satisfaction_trend_panel(request, empty)
