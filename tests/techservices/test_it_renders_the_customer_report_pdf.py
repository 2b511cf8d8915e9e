"""The customer's report is a Thai PDF: Thai text extracts as written, BE dates."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.urls import reverse

from crmplus.techservices.services import service_complete, service_schedule
from tests.techservices.conftest import book, key_account


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
def test_it_renders_thai(client, org, tmp_path):
    key_account(org, org.bp_n1, segment="strategic")
    req = book(org, "FMS4")
    service_schedule(request=req, scheduled_for=dt.date(2026, 2, 1), staff=None, by=org.kamr_n1)
    service_complete(
        request=req, completed_on=dt.date(2026, 2, 1), by=org.kamr_n1,
        report={"summary": "พบจุดร้อนที่ขั้วหม้อแปลง", "hot_spots": [
            {"location": "หม้อแปลง TR-1 เฟส B", "temperature_c": "98.4", "severity": "critical"}]},
    )  # fmt: skip
    client.force_login(org.kamr_n1)
    r = client.get(reverse("techservices:pdf", args=[req.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(r.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    # pdftotext loses the NIKHAHIT of SARA AM (ำ → า): compare without that difference.
    text = _plain(text)
    assert "รายงานผลการให้บริการเสริมด้านเทคนิค" in text
    assert "หม้อแปลง TR-1 เฟส B" in text
    assert "98.4" in text and "วิกฤต" in text
    assert "1 กุมภาพันธ์ 2569" in text  # Buddhist era
    assert f"(BP {org.bp_n1.bp_number})" in text and _plain(org.bp_n1.name_th) in text
    assert "2,569" not in text and "2569" in text


def _plain(text: str) -> str:
    return text.replace("\u0e4d", "").replace("\u0e33", "\u0e32")
