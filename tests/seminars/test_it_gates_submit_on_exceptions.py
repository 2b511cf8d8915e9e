"""A line above the regulation rate is marked and needs a case-by-case approval with
its justification; an external speaker's fee needs its own (BRIEF §9)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from crmplus.approvals.services import approval_approve, approval_for, approval_reject
from crmplus.seminars.models import EventStatus, ExceptionStatus
from crmplus.seminars.services import budget_line_save, event_submit, exception_request
from tests.seminars.conftest import plan


def _rooms(event, by, amount):
    # 2 executive + 8 operational for 1 night: regulation 2×2400 + 8×1450 = 16,400
    return budget_line_save(
        event=event, by=by, category="accommodation", attendees_executive=2,
        attendees_operational=8, days=1, planned_amount=amount,
    )  # fmt: skip


def test_it_flags_a_line_above_the_rate(org):
    event = plan(org)
    assert not _rooms(event, org.area_admin_n1, "16400.00").is_exception
    line = _rooms(event, org.area_admin_n1, "16400.01")
    assert line.is_exception and line.regulation_amount == Decimal("16400.00")


def test_it_refuses_to_submit_until_the_exception_is_approved(approvers):
    org = approvers
    event = plan(org)
    line = _rooms(event, org.area_admin_n1, "20000.00")
    with pytest.raises(ValidationError) as e:
        event_submit(event=event, by=org.area_admin_n1)
    assert "needs its approved exception" in " ".join(e.value.messages)

    exc = exception_request(line=line, justification="โรงแรมเดียวในพื้นที่", by=org.area_admin_n1)
    request = approval_for(exc)
    assert request.kind == "seminars.exception" and request.approver_unit == org.n1
    with pytest.raises(ValidationError):
        event_submit(event=event, by=org.area_admin_n1)  # still pending
    approval_approve(request=request, by=org.approver_n1)
    exc.refresh_from_db()
    assert exc.status == ExceptionStatus.APPROVED and exc.amount == Decimal("20000.00")
    assert event_submit(event=event, by=org.area_admin_n1).status == EventStatus.SUBMITTED


def test_it_needs_a_new_approval_when_the_line_grows(approvers):
    org = approvers
    event = plan(org)
    line = _rooms(event, org.area_admin_n1, "20000.00")
    exc = exception_request(line=line, justification="โรงแรมเดียวในพื้นที่", by=org.area_admin_n1)
    approval_approve(request=approval_for(exc), by=org.approver_n1)
    line.refresh_from_db()
    _rooms_line = budget_line_save(
        event=event, by=org.area_admin_n1, line=line, category="accommodation",
        attendees_executive=2, attendees_operational=8, days=1, planned_amount="21000.00",
    )  # fmt: skip
    assert _rooms_line.approved_exception() is None
    with pytest.raises(ValidationError):
        event_submit(event=event, by=org.area_admin_n1)


def test_it_keeps_refusing_after_a_rejected_exception(approvers):
    org = approvers
    event = plan(org, lines=[("speaker_fee", "15000.00")])
    line = event.lines.get()
    assert line.is_speaker_fee and line.needs_approval
    exc = exception_request(line=line, justification="วิทยากรภายนอก", by=org.area_admin_n1)
    approval_reject(request=approval_for(exc), by=org.approver_n1, reason="แพงเกินไป")
    exc.refresh_from_db()
    assert exc.status == ExceptionStatus.REJECTED
    with pytest.raises(ValidationError):
        event_submit(event=event, by=org.area_admin_n1)


def test_it_needs_a_justification_and_a_reason_to_ask(org):
    event = plan(org, lines=["5000.00"])
    with pytest.raises(ValidationError):
        exception_request(line=event.lines.get(), justification="x", by=org.area_admin_n1)
    line = _rooms(event, org.area_admin_n1, "17000.00")
    with pytest.raises(ValidationError):
        exception_request(line=line, justification="  ", by=org.area_admin_n1)
    assert not line.exceptions.exists()


def test_it_refuses_a_second_pending_request_for_one_line(org):
    event = plan(org)
    line = _rooms(event, org.area_admin_n1, "17000.00")
    exception_request(line=line, justification="ใกล้สถานที่", by=org.area_admin_n1)
    with pytest.raises(ValidationError):
        exception_request(line=line, justification="ใกล้สถานที่", by=org.area_admin_n1)
    assert line.exceptions.count() == 1
