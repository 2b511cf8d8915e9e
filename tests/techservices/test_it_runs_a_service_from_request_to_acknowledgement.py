"""request → schedule → report → done → customer acknowledgement, with attachments."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from crmplus.core.models import SettingValue
from crmplus.techservices.models import RequestStatus, ServiceAttachment
from crmplus.techservices.services import (
    attachment_add,
    service_acknowledge,
    service_complete,
    service_report_save,
    service_schedule,
)
from tests.techservices.conftest import book, key_account

HOT = {
    "summary": "พบจุดร้อน 1 จุด",
    "hot_spots": [{"location": "ตู้ MDB", "temperature_c": "92.5", "severity": "high"}],
}


@pytest.fixture
def req(org):
    key_account(org, org.bp_n1, segment="strategic")
    return book(org, "FMS4")


def test_it_goes_from_request_to_acknowledged(org, req):
    kamr = org.kamr_n1
    service_schedule(request=req, scheduled_for=dt.date(2026, 2, 1), staff=None, by=kamr)
    assert (req.status, req.staff) == (RequestStatus.SCHEDULED, kamr)
    service_report_save(request=req, report=HOT, by=kamr)
    service_complete(request=req, completed_on=dt.date(2026, 2, 1), by=kamr)
    service_acknowledge(request=req, ack_name="คุณวิภา", ack_date=dt.date(2026, 2, 2), by=kamr)
    req.refresh_from_db()
    assert req.status == RequestStatus.DONE
    assert req.report["hot_spots"][0] == {
        "location": "ตู้ MDB", "temperature_c": 92.5, "severity": "high",
    }  # fmt: skip
    assert req.ack_name == "คุณวิภา"
    assert req.history.count() >= 5
    with pytest.raises(ValidationError):
        service_report_save(request=req, report=HOT, by=kamr)  # final once acknowledged


def test_it_checks_the_report_of_each_type(org, req):
    service_schedule(request=req, scheduled_for=dt.date(2026, 2, 1), staff=None, by=org.kamr_n1)
    bad = {
        "summary": "x",
        "hot_spots": [{"location": "TR-1", "temperature_c": "hot", "severity": "high"}],
    }
    with pytest.raises(ValidationError) as e:
        service_report_save(request=req, report=bad, by=org.kamr_n1)
    assert "hot_spots.0.temperature_c" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        service_complete(request=req, completed_on=dt.date(2026, 2, 1), by=org.kamr_n1)
    assert "summary" in e.value.error_dict  # no report yet
    req.refresh_from_db()
    assert req.status == RequestStatus.SCHEDULED


def test_a_load_profile_needs_its_peak(org):
    key_account(org, org.bp_n1, segment="strategic")
    req = book(org, "FMS2")
    service_schedule(request=req, scheduled_for=dt.date(2026, 2, 1), staff=None, by=org.kamr_n1)
    with pytest.raises(ValidationError) as e:
        service_complete(
            request=req, completed_on=dt.date(2026, 2, 1), report={"summary": "ok"}, by=org.kamr_n1
        )
    assert "peak_kw" in e.value.error_dict
    service_complete(
        request=req, completed_on=dt.date(2026, 2, 1), by=org.kamr_n1,
        report={"summary": "ok", "peak_kw": "1250.5", "load_factor": "62"},
    )  # fmt: skip
    assert req.report["peak_kw"] == 1250.5


def test_it_cannot_complete_before_scheduling(org, req):
    with pytest.raises(ValidationError):
        service_complete(request=req, completed_on=dt.date(2026, 2, 1), report=HOT, by=org.kamr_n1)


def test_attachments_keep_to_the_types_and_size_of_the_settings(org, req, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    png = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    att = attachment_add(request=req, file=png, note="ภาพความร้อน", by=org.kamr_n1)
    assert (att.file_type, att.size) == ("png", 108)
    with pytest.raises(ValidationError) as e:
        attachment_add(request=req, file=SimpleUploadedFile("x.exe", b"MZ"), by=org.kamr_n1)
    assert "file" in e.value.error_dict
    with pytest.raises(ValidationError):  # a renamed file is not a PDF
        attachment_add(request=req, file=SimpleUploadedFile("x.pdf", b"hello"), by=org.kamr_n1)
    SettingValue.objects.create(key="techservices.attachment_max_mb", effective_fy=2569, value=1)
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError) as e:
        attachment_add(request=req, file=big, by=org.kamr_n1)
    assert "1 MB" in str(e.value)
    assert ServiceAttachment.objects.count() == 1


def test_auditors_and_other_areas_cannot_write(org, req):
    with pytest.raises(PermissionDenied):
        service_schedule(request=req, scheduled_for=dt.date(2026, 2, 1), staff=None, by=org.auditor)
    with pytest.raises(PermissionDenied):
        service_schedule(request=req, scheduled_for=dt.date(2026, 2, 1), staff=None, by=org.kamr_c1)
