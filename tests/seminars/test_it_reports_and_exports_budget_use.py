"""The reports page (budget vs caps per unit, events per area, attendance by segment),
their XLSX exports, and the dashboard panel."""

import io

import openpyxl
from django.urls import reverse

from crmplus.core.extensions import DashboardScope, dashboard_panels
from crmplus.seminars.services import event_submit
from tests.seminars.conftest import approve, plan


def test_it_reports_and_exports_each_table(client, approvers):
    org = approvers
    hq = plan(org, unit=org.hq, by=org.hq_admin, lines=["70000.00", ("speaker_fee", "5000.00")])
    from crmplus.seminars.services import exception_request

    exception_request(line=hq.lines.get(category="speaker_fee"), justification="x", by=org.hq_admin)
    approve(hq.lines.get(category="speaker_fee").exceptions.get(), org.hq_approver)
    event_submit(event=hq, by=org.hq_admin)
    n1 = plan(org, lines=["90000.00"])
    event_submit(event=n1, by=org.area_admin_n1)
    plan(org, unit=org.c1, by=org.area_admin_c1, kind="reception", lines=["1000.00"])
    client.force_login(org.hq_admin)
    html = client.get(reverse("seminars:reports"), {"fy": 2569}).content.decode()
    assert "75,000.00" in html and "25,000.00" in html  # HQ: used, room left
    assert "90,000.00" in html
    r = client.get(reverse("seminars:report_export", args=["budget"]), {"fy": 2569})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.values)
    assert [row[1] for row in rows[1:]] == ["HQ", "N1"]
    assert rows[1][4] == 75000 and rows[1][5] == 5000 and rows[1][9] == 25000
    r = client.get(reverse("seminars:report_export", args=["areas"]), {"fy": 2569})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.values)
    assert len(rows) == 4  # header, HQ, C1, N1
    assert client.get(reverse("seminars:report_export", args=["nope"])).status_code == 404
    # An area admin sees only their area.
    client.force_login(org.area_admin_n1)
    html = client.get(reverse("seminars:reports"), {"fy": 2569}).content.decode()
    assert "90,000.00" in html and "75,000.00" not in html


def test_it_renders_the_dashboard_panel(rf, org):
    plan(org, lines=["95000.00"])
    event = plan(org, lines=["50000.00"])
    event_submit(event=event, by=org.area_admin_n1)
    panel = next(p for p in dashboard_panels() if p.key == "seminars.budget")
    request = rf.get("/")
    request.user = org.area_admin_n1
    scope = DashboardScope(level="area", unit=org.n1, unit_ids=org.n1.subtree_ids(), fy=2569)
    html = panel.render(request, scope)
    assert 'data-testid="seminar-panel"' in html and "50,000.00" in html


def test_it_puts_invitations_and_ratings_on_the_customer_timeline(approvers):
    import datetime as dt

    from crmplus.core.extensions import timeline_sources
    from crmplus.seminars.services import attendance_record, invitation_create

    org = approvers
    today = dt.date.today()
    event = plan(org, lines=["1000.00"], starts_on=today, ends_on=today, title="สัมมนา A")
    inv = invitation_create(event=event, bp=org.bp_n1, contact=org.contact_n1, by=org.area_admin_n1)
    event_submit(event=event, by=org.area_admin_n1)
    approve(event, org.approver_n1)
    attendance_record(invitation=inv, attended=True, satisfaction=4, by=org.area_admin_n1)
    source = timeline_sources()["seminars"]
    (entry,) = list(source(org.bp_n1, org.senior_n1))
    assert "สัมมนา A" in entry.title and "4/5" in entry.detail
    assert list(source(org.bp_n1, org.kamr_c1)) == []
