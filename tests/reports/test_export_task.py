"""A list exported in the background: the real worker, the filtered rows, the owner only."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from crmplus.reports.models import ExportJob
from tests.factories import BusinessPartnerFactory, ContractAccountFactory
from tests.reports.helpers import approve


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _run_worker():
    call_command(
        "worker", batch=True, startup_delay=False, reload=False, verbosity=0, worker_id="test"
    )


def _rows(client, job):
    r = client.get(reverse("reports:export_download", args=[job.pk]))
    assert r.status_code == 200
    assert "attachment" in r["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_it_exports_the_filtered_customer_list_in_the_worker(org_tx, client):
    other = BusinessPartnerFactory(name_th="ก ลูกค้าอีกราย", home_office=org_tx.n1_office2)
    ContractAccountFactory(bp=other, office=org_tx.n1_office2, tariff="5")
    client.force_login(org_tx.area_admin_n1)
    r = client.post(
        reverse("reports:export_start", args=["customers"]),
        {"query": "tariff=5&page=3", "next": "/customers/?tariff=5"},
    )
    job = ExportJob.objects.get()
    assert r.status_code == 302 and r.url == job.get_absolute_url()
    assert (job.status, job.params, job.source_url) == (
        "queued",
        {"tariff": ["5"]},
        "/customers/?tariff=5",
    )
    assert job.task_id
    page = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b'hx-trigger="every 1s"' in page.content  # polls while it waits

    _run_worker()

    job.refresh_from_db()
    assert job.status == "done", job.error
    assert (job.row_count, job.total_rows, job.progress) == (1, 1, 100)
    header, rows = _rows(client, job)
    assert header[0] == "เลขที่ BP" or header[0]
    assert [r[0] for r in rows] == [other.bp_number]  # tariff 5 only, in the admin's area
    page = client.get(job.get_absolute_url() + "?watching=1", headers={"HX-Request": "true"})
    assert b"every 1s" not in page.content and page["HX-Refresh"] == "true"
    assert reverse("reports:export_download", args=[job.pk]).encode() in page.content


def test_it_exports_a_runs_accounts_as_rows_with_their_filters(org_tx, client):
    run = approve(
        org_tx,
        2564,
        [
            (org_tx.n1_office, org_tx.n1, "star"),
            (org_tx.n1_office2, org_tx.n1, "status"),
            (org_tx.c1_office, org_tx.c1, "star"),
        ],
    )
    client.force_login(org_tx.area_admin_n1)
    client.post(
        reverse("reports:export_start", args=["keyaccounts.candidates"]),
        {"query": f"run={run.pk}&segment=star"},
    )
    _run_worker()
    job = ExportJob.objects.get()
    assert job.status == "done", job.error
    _header, rows = _rows(client, job)
    assert [(r[3], r[5]) for r in rows] == [("N1-OF1", "Star")]  # not C1's star: out of scope


def test_only_the_owner_sees_or_downloads_an_export(org_tx, client):
    client.force_login(org_tx.kamr_n1)
    client.post(reverse("reports:export_start", args=["customers"]), {"query": ""})
    _run_worker()
    job = ExportJob.objects.get()
    assert job.status == "done"
    for user in (org_tx.hq_admin, org_tx.area_admin_n1, org_tx.kamr_c1):
        client.force_login(user)
        assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404
        assert client.get(job.get_absolute_url()).status_code == 404
        assert job.get_absolute_url().encode() not in client.get(reverse("reports:exports")).content
    client.force_login(org_tx.kamr_n1)
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 200
    assert job.get_absolute_url().encode() in client.get(reverse("reports:exports")).content


def test_it_refuses_an_unknown_list_and_a_get(org, client):
    client.force_login(org.kamr_n1)
    r = client.post(reverse("reports:export_start", args=["nope"]), {"query": ""}, follow=True)
    assert not ExportJob.objects.exists()
    assert r.status_code == 200
    assert client.get(reverse("reports:export_start", args=["customers"])).status_code == 405


def test_it_exports_the_process_calendar_of_the_users_scope(org_tx, client):
    approve(org_tx, 2569, [(org_tx.n1_office, org_tx.n1, "star")])
    client.force_login(org_tx.area_admin_n1)
    page = client.get(reverse("reports:process"), {"fy": 2569})
    assert b'data-testid="export-start-reports.process"' in page.content
    client.post(
        reverse("reports:export_start", args=["reports.process"]),
        {"query": "fy=2569"},
    )
    _run_worker()
    job = ExportJob.objects.get()
    assert job.status == "done", job.error
    _header, rows = _rows(client, job)
    assert {r[1] for r in rows} == {"N1"}  # the area admin's area only (no HQ, no C1)
    hvc = [r for r in rows if "(HVC)" in r[0]]
    assert hvc and hvc[0][5] == "เสร็จสิ้น"  # N1's list is approved: done
    assert len([r for r in rows if r[3]]) == 12  # the allowance ledger, month by month
