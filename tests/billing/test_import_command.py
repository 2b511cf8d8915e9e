"""manage.py billing_import: a summary when stored, the errors and exit code 1 when rejected."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from crmplus.billing.models import BillingExtract
from tests.billing.conftest import stored_files
from tests.billing.rows import good_rows, write_csv, write_parquet


def test_it_imports_a_file_and_prints_its_summary(org, tmp_path, capsys):
    source = write_parquet(tmp_path / "fy2569.parquet", good_rows(cas=3))
    call_command("billing_import", str(source), "--fy", "2569", "--name", "PEA FY2569")
    out = capsys.readouterr().out
    extract = BillingExtract.objects.get()
    assert (extract.name, extract.uploaded_by) == ("PEA FY2569", None)
    for text in ("rows     6", "CAs      3", "BPs      2", "2025-10, 2025-11", "4,800.00 baht",
                 str(extract.path), extract.sha256):  # fmt: skip
        assert text in out


def test_it_prints_the_errors_and_exits_1_on_a_rejected_file(org, tmp_path, capsys, settings):
    rows = good_rows()
    rows[3]["month"] = "2026-10"
    rows[4]["kwh"] = "-5"
    with pytest.raises(CommandError) as caught:
        call_command("billing_import", str(write_csv(tmp_path / "bad.csv", rows)), "--fy", "2569")
    assert caught.value.returncode == 1
    err = capsys.readouterr().err
    assert "- month_outside_fy [month] x1" in err
    assert "- negative_kwh [kwh] x1" in err
    assert "row 4: ca='020000000001'" in err
    assert not BillingExtract.objects.exists() and stored_files(settings) == []


def test_it_exits_1_as_a_process_too(org, tmp_path):
    """The exit status a shell script sees (call_command only raises)."""
    from django.core.management import ManagementUtility

    source = write_csv(tmp_path / "bad.csv", [])
    with pytest.raises(SystemExit) as caught:
        ManagementUtility(["manage.py", "billing_import", str(source), "--fy", "2569"]).execute()
    assert caught.value.code == 1
