"""billing_extract_import: the file is checked, then stored whole with its row, or nothing is."""

from decimal import Decimal

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError

from crmplus.billing.models import BillingExtract
from crmplus.billing.services import (
    ExtractRejected,
    billing_extract_delete,
    billing_extract_import,
    extract_reference_check_register,
    extract_reference_check_unregister,
)
from tests.billing.conftest import stored_files
from tests.billing.rows import FY, good_rows, write_csv, write_parquet


def test_it_stores_a_valid_extract_as_parquet_with_its_figures(org, tmp_path, settings):
    source = write_csv(tmp_path / "pea-fy2569.csv", good_rows(cas=3))
    extract = billing_extract_import(source=source, fy=FY, by=org.hq_admin, note=" first ")
    assert (extract.fy, extract.name, extract.note) == (FY, "pea-fy2569", "first")
    assert (extract.rows, extract.cas, extract.bps) == (6, 3, 2)
    assert extract.months == ["2025-10", "2025-11"]
    assert extract.total_gm == Decimal("4800.00")
    assert extract.file.name.startswith(f"billing/extracts/{FY}/")
    assert extract.path.is_file() and stored_files(settings) == [extract.path]
    assert pl.read_parquet(extract.path).height == 6
    assert len(extract.sha256) == 64 and extract.size_bytes == extract.path.stat().st_size
    record = extract.history.get()
    assert (record.history_type, record.history_user) == ("+", org.hq_admin)


def test_it_stores_nothing_from_a_rejected_file(org, tmp_path, settings):
    rows = good_rows()
    rows[1]["ca"] = "123"
    rows[2]["office"] = "NOPE"
    source = write_parquet(tmp_path / "bad.parquet", rows, typed=False)
    with pytest.raises(ExtractRejected) as caught:
        billing_extract_import(source=source, fy=FY, by=org.hq_admin)
    assert {e.code for e in caught.value.report.errors} == {"bad_ca", "unknown_office"}
    assert not BillingExtract.objects.exists()
    assert stored_files(settings) == []


def test_it_leaves_no_file_when_the_row_cannot_be_written(org, tmp_path, settings, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(BillingExtract, "save", fail)
    with pytest.raises(RuntimeError):
        billing_extract_import(source=write_csv(tmp_path / "a.csv", good_rows()), fy=FY, by=None)
    assert stored_files(settings) == []


def test_it_lets_only_hq_admins_import_and_wants_a_buddhist_era_year(org, tmp_path):
    source = write_csv(tmp_path / "a.csv", good_rows())
    for user in (org.auditor, org.area_admin_n1, org.hq_approver):
        with pytest.raises(PermissionDenied):
            billing_extract_import(source=source, fy=FY, by=user)
    with pytest.raises(ValidationError):
        billing_extract_import(source=source, fy=2026, by=org.hq_admin)
    assert not BillingExtract.objects.exists()


def test_it_deletes_an_extract_and_its_file_unless_something_uses_it(
    org, tmp_path, settings, django_capture_on_commit_callbacks
):
    extract = billing_extract_import(
        source=write_csv(tmp_path / "a.csv", good_rows()), fy=FY, by=None
    )

    def used_by_a_run(e):
        return ["selection run #7"] if e.pk == extract.pk else []

    extract_reference_check_register(used_by_a_run)
    try:
        with pytest.raises(ValidationError, match="selection run #7"):
            billing_extract_delete(extract=extract, by=org.hq_admin)
    finally:
        extract_reference_check_unregister(used_by_a_run)
    with pytest.raises(PermissionDenied):
        billing_extract_delete(extract=extract, by=org.auditor)
    assert extract.path.is_file()

    with django_capture_on_commit_callbacks(execute=True):
        billing_extract_delete(extract=extract, by=org.hq_admin)
    assert not BillingExtract.objects.exists()
    assert stored_files(settings) == []
    assert BillingExtract.history.filter(history_type="-").get().history_user == org.hq_admin


def test_it_refuses_to_delete_an_extract_a_protected_key_holds(org, tmp_path, monkeypatch):
    extract = billing_extract_import(
        source=write_csv(tmp_path / "a.csv", good_rows()), fy=FY, by=None
    )

    def protected(self, *args, **kwargs):
        raise ProtectedError("protected", {"SelectionRun FY2570"})

    monkeypatch.setattr(BillingExtract, "delete", protected)
    with pytest.raises(ValidationError, match="SelectionRun FY2570"):
        billing_extract_delete(extract=extract, by=org.hq_admin)
    assert extract.path.is_file()
