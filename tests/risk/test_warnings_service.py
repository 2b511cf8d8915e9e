"""The early-warning run over approved key accounts, and queue/dismiss (services)."""

from pathlib import Path

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from crmplus.billing.models import BillingExtract
from crmplus.core.models import SettingValue
from crmplus.risk.models import EarlyWarning
from crmplus.risk.models_warnings import KWH_DROP_KEY
from crmplus.risk.services_warnings import early_warnings_run, warning_dismiss, warning_queue
from tests.risk.test_views_pages import approve
from tests.risk.test_warnings_engine import SCHEMA, months

FY = 2564  # list year: billing of FY2563 against FY2562


def write_extract(media, fy: int, pairs: dict, *, peak=100.0) -> BillingExtract:
    """pairs: {(bp, office code): monthly kWh}; one CA per pair, 12 months."""
    rows = []
    for n, ((bp, office), kwh) in enumerate(pairs.items()):
        for month in months(fy - 543):
            rows.append({"ca": 100 + n, "bp": bp, "office": office, "tariff": "4",
                         "month": month, "kwh": kwh, "peak_kw": peak, "revenue": 0.0,
                         "gm": 0.0})  # fmt: skip
    name = f"billing/extracts/fy{fy}-{BillingExtract.objects.count()}.parquet"
    path = Path(media) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(rows, schema=SCHEMA).write_parquet(path)
    return BillingExtract.objects.create(
        fy=fy, name=name, file=name, sha256="0" * 64, rows=len(rows), cas=len(pairs),
        bps=len(pairs), total_kwh=0, total_gm=0, total_revenue=0,
    )  # fmt: skip


@pytest.fixture
def billing(org, media):
    """FY2563 against FY2562: the N1 customer fell 20 %, the C1 customer grew 5 %."""
    n1, c1 = int(org.bp_n1.bp_number), int(org.bp_c1.bp_number)
    write_extract(media, 2562, {(n1, "N1-OF1"): 10_000.0, (c1, "C1-OF1"): 10_000.0})
    write_extract(media, 2563, {(n1, "N1-OF1"): 8_000.0, (c1, "C1-OF1"): 10_500.0})
    approve(org, org.bp_n1, org.n1_office, org.n1, fy=FY)
    approve(org, org.bp_c1, org.c1_office, org.c1, fy=FY)
    return org


def test_a_run_flags_the_falling_account_once_and_is_idempotent(billing):
    org = billing
    summary = early_warnings_run(fy=FY)
    assert summary["checked"] == 2 and summary["created"] == 1
    w = EarlyWarning.objects.get()
    assert (w.bp, w.office, w.owner, w.kind, w.status) == (
        org.bp_n1,
        org.n1_office,
        org.n1_office,
        "kwh_drop",
        "open",
    )
    assert w.figures["kwh_this"] == [8000.0] * 12 and w.figures["kwh_last"] == [10000.0] * 12
    assert w.figures["kwh_drop_pct"] == 20.0 and w.figures["months"][0] == "2019-10"
    assert "20.0 %" in w.reason_th and "20.0 %" in w.reason_en
    again = early_warnings_run(fy=FY)
    assert again["created"] == 0 and again["unchanged"] == 1
    assert EarlyWarning.objects.count() == 1 and w.history.count() == 1


def test_a_rerun_leaves_a_dismissed_warning_dismissed_and_follows_the_setting(billing):
    org = billing
    early_warnings_run(fy=FY)
    w = EarlyWarning.objects.get()
    warning_dismiss(warning=w, note="ปิดไลน์ผลิตชั่วคราวเพื่อปรับปรุง", by=org.kamr_n1)
    summary = early_warnings_run(fy=FY)
    assert summary["kept_dismissed"] == 1 and summary["created"] == 0
    w.refresh_from_db()
    assert w.status == "dismissed" and w.handled_by == org.kamr_n1
    # HQ raises the bar for FY2564: the 20 % drop no longer flags, nothing new.
    SettingValue.objects.create(key=KWH_DROP_KEY, effective_fy=FY, value=25)
    assert early_warnings_run(fy=FY)["flagged"] == 0


def test_a_run_without_both_extracts_does_nothing(org, media):
    write_extract(media, 2563, {(1, "N1-OF1"): 1.0})
    assert "skipped" in early_warnings_run(fy=FY)
    assert not EarlyWarning.objects.exists()


def test_the_command_and_the_task_run_the_check(billing, capsys):
    call_command("risk_warnings", "--fy", str(FY))
    assert "1 created" in capsys.readouterr().out
    from crmplus.risk.tasks import early_warnings_task

    assert early_warnings_task.call(FY, billing.hq_admin.pk)["unchanged"] == 1


def test_dismiss_needs_a_note_and_queue_needs_scope(billing):
    org = billing
    early_warnings_run(fy=FY)
    w = EarlyWarning.objects.get()
    with pytest.raises(ValidationError):
        warning_dismiss(warning=w, note="  ", by=org.kamr_n1)
    w.refresh_from_db()
    assert w.status == "open"
    with pytest.raises(PermissionDenied):
        warning_queue(warning=w, by=org.kamr_c1)  # another area
    with pytest.raises(PermissionDenied):
        warning_queue(warning=w, by=org.auditor)  # reads only
    warning_queue(warning=w, by=org.kamr_n1)
    w.refresh_from_db()
    assert w.status == "reassessment_queued"
    with pytest.raises(ValidationError):
        warning_queue(warning=w, by=org.kamr_n1)  # already queued
