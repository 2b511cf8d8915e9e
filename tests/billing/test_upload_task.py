"""The upload as HQ admins run it: the form, the real worker, the progress panel, the outcome."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from crmplus.billing.models import BillingExtract, BillingImportJob
from tests.billing.conftest import stored_files
from tests.billing.rows import FY, good_rows, write_csv, write_parquet


def _upload(client, path, **data):
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(reverse("billing:upload"), {"file": upload, "fy": FY, **data})


def _run_worker():
    call_command(
        "worker", batch=True, startup_delay=False, reload=False, verbosity=0, worker_id="test"
    )


def test_it_imports_an_uploaded_extract_in_the_worker(org_tx, client, tmp_path, settings):
    client.force_login(org_tx.hq_admin)
    source = write_parquet(tmp_path / "pea-fy2569.parquet", good_rows(cas=4))
    r = _upload(client, source, name="FY2569 national", note="from the billing system")
    job = BillingImportJob.objects.get()
    assert r.status_code == 302 and r.url == job.get_absolute_url()
    assert (job.status, job.user, job.fy, job.original_name) == (
        "queued",
        org_tx.hq_admin,
        FY,
        "pea-fy2569.parquet",
    )
    assert job.task_id and job.file
    panel = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b'hx-trigger="every 1s"' in panel.content

    _run_worker()

    job.refresh_from_db()
    assert job.status == "done", job.message
    extract = BillingExtract.objects.get()
    assert job.extract == extract and (extract.name, extract.rows) == ("FY2569 national", 8)
    assert extract.uploaded_by == org_tx.hq_admin
    assert not job.file and stored_files(settings) == [extract.path]  # the upload is gone
    panel = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b"every 1s" not in panel.content and b'data-status="done"' in panel.content
    assert extract.get_absolute_url().encode() in panel.content


def test_it_shows_the_errors_of_a_rejected_upload(org_tx, client, tmp_path, settings):
    rows = good_rows()
    rows[0]["ca"] = "12345"
    rows.append(dict(rows[3]))
    client.force_login(org_tx.hq_admin)
    _upload(client, write_csv(tmp_path / "bad.csv", rows))
    _run_worker()
    job = BillingImportJob.objects.get()
    assert job.status == "rejected"
    assert [(e["code"], e["count"]) for e in job.report["errors"]] == [
        ("bad_ca", 1),
        ("duplicate_ca_month", 1),
    ]
    assert not BillingExtract.objects.exists() and stored_files(settings) == []
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    assert (
        b'data-code="bad_ca"' in page.content and b'data-code="duplicate_ca_month"' in page.content
    )
    assert b"12345" in page.content


def test_it_refuses_files_of_other_types_in_the_form(org_tx, client, tmp_path):
    client.force_login(org_tx.hq_admin)
    fake = tmp_path / "fake.parquet"
    fake.write_text("ca,bp\n")
    r = _upload(client, fake)
    assert r.status_code == 200 and "file" in r.context["form"].errors
    xlsx = tmp_path / "billing.xlsx"
    xlsx.write_bytes(b"PK\x03\x04")
    r = _upload(client, xlsx)
    assert r.status_code == 200 and "file" in r.context["form"].errors
    assert not BillingImportJob.objects.exists()
