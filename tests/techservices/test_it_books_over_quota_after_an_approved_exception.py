"""Over a quota, an exception approved through the approvals workflow lets one booking pass."""

import pytest
from django.core.exceptions import ValidationError

from crmplus.approvals.services import approval_approve, approval_for, approval_reject
from crmplus.techservices.models import ExceptionStatus
from crmplus.techservices.services import exception_request
from tests.techservices.conftest import FY, book, key_account


@pytest.fixture
def full(org):
    key_account(org, org.bp_n1, segment="status", supplement=True)
    for code in ("FMS1", "FMS2", "FMS3"):
        book(org, code)
    return org


def _ask(org, code="FMS4"):
    return exception_request(
        bp=org.bp_n1, code=code, fy=FY, by=org.kamr_n1,
        justification="ลูกค้ามีจุดร้อนที่ตู้ MDB ต้องตรวจด่วน",
    )  # fmt: skip


def test_an_approved_exception_lets_one_booking_pass(full, approver_n1):
    exc = _ask(full)
    assert exc.status == ExceptionStatus.PENDING
    with pytest.raises(ValidationError):
        book(full, "FMS4")  # still pending
    approval_approve(request=approval_for(exc), by=approver_n1)
    exc.refresh_from_db()
    assert exc.status == ExceptionStatus.APPROVED
    req = book(full, "FMS4")
    assert req.exception_id == exc.pk
    with pytest.raises(ValidationError) as e:
        book(full, "FMS5")  # used up: a fifth distinct service is refused again
    assert e.value.error_dict["code"][0].code == "supplement_distinct"


def test_a_rejected_exception_changes_nothing(full, approver_n1):
    exc = _ask(full)
    approval_reject(request=approval_for(exc), by=approver_n1, reason="ไม่จำเป็น")
    exc.refresh_from_db()
    assert exc.status == ExceptionStatus.REJECTED
    with pytest.raises(ValidationError):
        book(full, "FMS4")


def test_no_exception_for_rules_that_are_not_quotas(full):
    with pytest.raises(ValidationError) as e:
        _ask(full, "FMS7")
    assert "code" in e.value.error_dict


def test_no_exception_when_the_booking_would_pass(org):
    key_account(org, org.bp_n1, segment="strategic")
    with pytest.raises(ValidationError):
        _ask(org, "FMS1")


def test_one_pending_exception_at_a_time(full):
    _ask(full)
    with pytest.raises(ValidationError):
        _ask(full)
