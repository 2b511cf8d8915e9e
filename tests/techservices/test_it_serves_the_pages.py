"""The pages: list (filters, sort, XLSX), booking, the request page's actions, the
customer tab, the timeline source and the dashboard panel."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crmplus.core.extensions import DashboardScope, timeline_sources
from crmplus.core.models import OrgUnit
from crmplus.techservices.hooks import dashboard_panel
from crmplus.techservices.models import RequestStatus, ServiceRequest
from tests.techservices.conftest import book, key_account


@pytest.fixture
def setup(org):
    key_account(org, org.bp_n1, segment="strategic")
    return org


def test_the_list_filters_sorts_and_exports(client, setup):
    org = setup
    book(org, "FMS1")
    book(org, "FMS4")
    client.force_login(org.kamr_n1)
    url = reverse("techservices:home")
    r = client.get(url + "?fy=2569&code=FMS4&sort=code")
    body = r.content.decode()
    assert r.status_code == 200 and body.count('data-testid="service-row"') == 1
    assert 'data-testid="services-empty"' in client.get(url + "?fy=2570").content.decode()
    r = client.get(reverse("techservices:export") + "?fy=2569&code=FMS4")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    assert sheet.max_row == 2 and sheet.cell(2, 6).value == "FMS4"


def test_booking_from_the_form_and_refusal_on_the_page(client, setup):
    org = setup
    client.force_login(org.kamr_n1)
    url = reverse("techservices:request_new")
    assert org.bp_n1.bp_number in client.get(url + f"?q={org.bp_n1.bp_number}").content.decode()
    data = {"bp": org.bp_n1.pk, "code": "FMS6", "requested_on": "2026-01-15"}
    r = client.post(url, data)
    assert r.status_code == 200 and 'data-rule="pq_required"' in r.content.decode()
    r = client.post(
        url, {**data, "code": "FMS1", "ca": str(org.ca_n1.pk), "purpose": "ตรวจหม้อแปลง"}
    )
    req = ServiceRequest.objects.get()
    assert r.status_code == 302 and r["Location"] == req.get_absolute_url()
    assert req.ca == org.ca_n1


def test_the_request_page_runs_the_whole_service(client, setup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    org = setup
    req = book(org, "FMS4")
    client.force_login(org.kamr_n1)
    url = req.get_absolute_url()
    assert client.get(url).status_code == 200
    r = client.post(url, {"action": "schedule", "s-scheduled_for": "2026-02-01"})
    assert r.status_code == 302
    rows = {
        "action": "complete", "c-completed_on": "2026-02-01", "r-summary": "พบจุดร้อน",
        "hs-TOTAL_FORMS": "3", "hs-INITIAL_FORMS": "0",
        "hs-0-location": "ตู้ MDB", "hs-0-temperature_c": "88.2", "hs-0-severity": "high",
    }  # fmt: skip
    r = client.post(url, {**rows, "hs-1-location": "TR-1"})  # a row without temperature
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
    req.refresh_from_db()
    assert req.status == RequestStatus.SCHEDULED
    assert client.post(url, rows).status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.DONE and req.report["hot_spots"][0]["temperature_c"] == 88.2
    pdf = SimpleUploadedFile("r.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert client.post(url, {"action": "attach", "f-file": pdf}).status_code == 302
    att = req.attachments.get()
    assert client.get(reverse("techservices:attachment", args=[att.pk])).status_code == 200
    r = client.post(
        url, {"action": "acknowledge", "a-ack_name": "คุณวิภา", "a-ack_date": "2026-02-02"}
    )
    assert r.status_code == 302
    req.refresh_from_db()
    assert req.ack_name == "คุณวิภา"


def test_auditors_read_but_do_not_write(client, setup):
    org = setup
    req = book(org, "FMS1")
    client.force_login(org.auditor)
    assert client.get(req.get_absolute_url()).status_code == 200
    assert client.get(reverse("techservices:request_new")).status_code == 403
    r = client.post(req.get_absolute_url(), {"action": "cancel", "x-cancel_reason": "x"})
    assert r.status_code == 403


def test_the_customer_tab_records_a_power_quality_problem(client, setup):
    org = setup
    book(org, "FMS1")
    client.force_login(org.kamr_n1)
    tab = reverse("techservices:customer_tab", args=[org.bp_n1.pk])
    body = client.get(tab).content.decode()
    assert 'data-testid="usage-FMS1"' in body
    r = client.post(
        reverse("techservices:pq_record", args=[org.bp_n1.pk]),
        {"pq-observed_on": "2026-01-10", "pq-kind": "flicker", "pq-description": "ไฟกระพริบ"},
    )
    assert r.status_code == 302
    assert "ไฟกระพริบ" in client.get(tab + "?fy=2569").content.decode()
    assert book(org, "FMS6").code == "FMS6"


def test_timeline_and_dashboard(rf, setup):
    org = setup
    req = book(org, "FMS2")
    entries = list(timeline_sources()["techservices"](org.bp_n1, org.kamr_n1))
    assert [e.url for e in entries] == [req.get_absolute_url()]
    assert list(timeline_sources()["techservices"](org.bp_n1, org.kamr_c1)) == []
    request = rf.get("/")
    request.user = org.area_admin_n1
    ids = list(OrgUnit.objects.filter(path__startswith=org.n1.path).values_list("id", flat=True))
    html = dashboard_panel(request, DashboardScope("area", org.n1, ids, 2569))
    assert "FMS2" in html and 'data-testid="panel-techservices"' in html
    scope = DashboardScope("area", org.c1, [org.c1.pk, org.c1_office.pk], 2569)
    assert "FMS2" not in dashboard_panel(request, scope)


def test_the_exception_pages(client, setup, approver_n1):
    org = setup
    book(org, "FMS4")
    book(org, "FMS4")
    client.force_login(org.kamr_n1)
    url = reverse("techservices:exception_new") + f"?bp={org.bp_n1.pk}&code=FMS4&fy=2569"
    assert 'data-testid="exception-reason"' in client.get(url).content.decode()
    r = client.post(
        url,
        {
            "bp": org.bp_n1.pk,
            "code": "FMS4",
            "fy": "2569",
            "justification": "ลูกค้าขยายโรงงาน ต้องตรวจเพิ่ม",
        },
    )
    assert r.status_code == 302
    page = client.get(r["Location"]).content.decode()
    assert 'data-testid="approval-panel"' in page
    assert "โควตาต่อปี" in page  # the rule, by name
    again = {"bp": org.bp_n1.pk, "code": "FMS4", "requested_on": "2026-01-20"}
    page = client.post(reverse("techservices:request_new"), again).content.decode()
    assert 'data-testid="pending-exception"' in page
    assert 'data-testid="request-exception"' not in page
