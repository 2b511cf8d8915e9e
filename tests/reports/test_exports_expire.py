"""Old export files are deleted by the daily job; the job row stays, marked expired."""

import datetime as dt

from django.utils import timezone

from crmplus.reports.exports import exports_expire
from crmplus.reports.models import ExportJob


def test_it_deletes_files_older_than_the_kept_days(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "exports").mkdir()
    jobs = []
    for age in (10, 2):
        name = f"exports/{age}.xlsx"
        (tmp_path / name).write_bytes(b"x")
        job = ExportJob.objects.create(user=org.kamr_n1, key="customers", status="done", file=name)
        ExportJob.objects.filter(pk=job.pk).update(
            created_at=timezone.now() - dt.timedelta(days=age)
        )
        jobs.append(job)
    summary = exports_expire(timezone.localdate())
    assert summary.startswith("1 export files expired")
    old, new = (ExportJob.objects.get(pk=j.pk) for j in jobs)
    assert (old.status, old.file.name) == ("expired", "")
    assert not (tmp_path / "exports/10.xlsx").exists()
    assert new.status == "done" and (tmp_path / "exports/2.xlsx").exists()
