"""The "training compliance" dashboard panel: due and overdue counts for the scope."""

import datetime as dt

from django.test import RequestFactory

from crmplus.core.extensions import DashboardScope, dashboard_panels
from crmplus.workforce.panels import training_panel
from tests.workforce.conftest import appoint, employee


def test_the_panel_counts_the_scopes_overdue_appointees(org, approvers):
    long_ago = dt.date.today() - dt.timedelta(days=200)
    person = employee(org, org.n1_office, name="ค้างอบรม นานแล้ว")
    appoint(org, approvers, person, org.n1_office, long_ago)
    assert "workforce.training" in [p.key for p in dashboard_panels()]
    request = RequestFactory().get("/reports/")
    request.user = org.area_admin_n1
    html = training_panel(request, DashboardScope("area", org.n1, [org.n1.pk], 2569))
    assert 'data-testid="panel-training-compliance"' in html and "ค้างอบรม นานแล้ว" in html
    request.user = org.area_admin_c1
    html = training_panel(request, DashboardScope("area", org.c1, [org.c1.pk], 2569))
    assert "ค้างอบรม นานแล้ว" not in html
