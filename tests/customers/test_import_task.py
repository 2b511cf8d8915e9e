"""The import as users run it: upload on the page, the real worker, the job page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from crmplus.customers.models import BusinessPartner, ContractAccount, ImportJob
from tests.customers.import_rows import good_rows, report_rows, write_csv


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(client, path, name=None):
    data = SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/csv")
    return client.post(reverse("customers:import"), {"file": data})


def _run_worker():
    call_command(
        "worker", batch=True, startup_delay=False, reload=False, verbosity=0, worker_id="test"
    )


def test_it_imports_an_uploaded_file_in_the_worker(org_tx, client, tmp_path):
    client.force_login(org_tx.senior_n1)
    r = _upload(client, write_csv(tmp_path / "registry.csv", good_rows()))
    job = ImportJob.objects.get()
    assert r.status_code == 302 and r.url == job.get_absolute_url()
    assert (job.status, job.user, job.original_name) == ("queued", org_tx.senior_n1, "registry.csv")
    assert job.task_id
    page = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b'hx-trigger="every 1s"' in page.content  # polls while it waits

    _run_worker()

    job.refresh_from_db()
    assert job.status == "done", job.message
    assert (job.total_rows, job.processed_rows) == (5, 5)
    assert (job.bp_created, job.ca_created, job.contact_created) == (3, 5, 3)
    assert job.started_at <= job.finished_at
    assert ContractAccount.objects.filter(bp__bp_number="3000000001").count() == 3
    assert not job.progress_path().exists()
    page = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert page.status_code == 200
    assert b"every 1s" not in page.content  # finished: the polling stops
    assert b'data-status="done"' in page.content
    assert page["HX-Refresh"] == "true"  # and the page reloads once to list the job


def test_it_rejects_a_file_with_a_bad_row_and_offers_the_report(org_tx, client, tmp_path):
    rows = good_rows()
    rows[2]["contact_phone"] = "12"
    client.force_login(org_tx.senior_n1)
    _upload(client, write_csv(tmp_path / "bad.csv", rows))
    _run_worker()
    job = ImportJob.objects.get()
    assert job.status == "rejected"
    assert job.error_count == 1
    assert [e["row"] for e in job.errors_preview] == [4]
    assert not BusinessPartner.objects.filter(bp_number__startswith="30000000").exists()
    page = client.get(job.get_absolute_url())
    assert reverse("customers:import_report", args=[job.pk]).encode() in page.content
    r = client.get(reverse("customers:import_report", args=[job.pk]))
    assert r.status_code == 200
    download = tmp_path / "report.csv"
    download.write_bytes(b"".join(r.streaming_content))
    assert report_rows(download)[1][0] == "4"


def test_it_shows_jobs_to_their_owner_and_hq_only(org_tx, client, tmp_path):
    client.force_login(org_tx.senior_n1)
    _upload(client, write_csv(tmp_path / "registry.csv", good_rows()))
    job = ImportJob.objects.get()
    client.force_login(org_tx.kamr_c1)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("customers:import_report", args=[job.pk])).status_code == 404
    client.force_login(org_tx.auditor)
    assert client.get(job.get_absolute_url()).status_code == 200


def test_it_refuses_an_auditors_upload(org_tx, client, tmp_path):
    client.force_login(org_tx.auditor)
    page = client.get(reverse("customers:import"))
    assert page.status_code == 200 and b'name="file"' not in page.content
    r = _upload(client, write_csv(tmp_path / "registry.csv", good_rows()))
    assert r.status_code == 403
    assert not ImportJob.objects.exists()


def test_it_refuses_a_file_over_the_size_limit_or_of_another_type(
    org_tx, client, tmp_path, settings
):
    client.force_login(org_tx.senior_n1)
    settings.CRMPLUS_IMPORT_MAX_BYTES = 100
    r = _upload(client, write_csv(tmp_path / "registry.csv", good_rows()))
    assert r.status_code == 200 and "file" in r.context["form"].errors
    settings.CRMPLUS_IMPORT_MAX_BYTES = 10**6
    r = _upload(client, write_csv(tmp_path / "registry.csv", good_rows()), name="registry.xls")
    assert r.status_code == 200 and "file" in r.context["form"].errors
    r = _upload(client, write_csv(tmp_path / "registry.csv", good_rows()), name="fake.xlsx")
    assert r.status_code == 200 and "file" in r.context["form"].errors
    assert not ImportJob.objects.exists()


def test_it_runs_the_same_import_from_the_command_line(org_tx, tmp_path, capsys):
    path = write_csv(tmp_path / "registry.csv", good_rows())
    call_command("import_customers", str(path), user="senior_n1")
    assert "3 created" in capsys.readouterr().out
    job = ImportJob.objects.get()
    assert (job.status, job.ca_created) == ("done", 5)
    rows = good_rows()
    rows[0]["office_code"] = "NOPE"
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_customers", str(write_csv(tmp_path / "b.csv", rows)), user="senior_n1")
    assert "Report of the rejected rows: " in capsys.readouterr().err


def test_it_shows_the_write_progress_from_the_progress_file(org, client, tmp_path):
    job = ImportJob.objects.create(
        user=org.senior_n1, file="imports/x.csv", original_name="x.csv", file_format="csv",
        status="importing", total_rows=1000, processed_rows=1000,
    )  # fmt: skip
    job.progress_write(50, 200)
    client.force_login(org.senior_n1)
    page = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b'aria-valuenow="25"' in page.content
    assert b'hx-trigger="every 1s"' in page.content
    assert b'data-status="importing"' in page.content
    job.progress_clear()
