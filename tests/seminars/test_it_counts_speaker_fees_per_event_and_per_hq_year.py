"""Approved external-speaker fees sit on top of the per-event cap, but HQ's yearly
cap counts them (BRIEF §9)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from crmplus.approvals.services import approval_approve, approval_for
from crmplus.seminars.models import EventStatus
from crmplus.seminars.rules import CapLine, cap_check
from crmplus.seminars.selectors import event_cap_check
from crmplus.seminars.services import event_submit, exception_request
from tests.seminars.conftest import plan

CAP = Decimal("100000.00")


def _approve_speaker_fee(event, by, approver):
    line = event.lines.get(is_speaker_fee=True)
    request = exception_request(line=line, justification="วิทยากรผู้เชี่ยวชาญด้านพลังงาน", by=by)
    approval_approve(request=approval_for(request), by=approver)
    return line


def test_it_leaves_an_approved_speaker_fee_out_of_the_event_cap():
    lines = [CapLine(Decimal("100000.00")), CapLine(Decimal("20000.00"), True, True)]
    assert cap_check(lines=lines, event_cap=CAP).ok


def test_it_counts_a_speaker_fee_not_yet_approved():
    lines = [CapLine(Decimal("100000.00")), CapLine(Decimal("20000.00"), True, False)]
    assert cap_check(lines=lines, event_cap=CAP).event.over == Decimal("20000.00")


def test_it_counts_speaker_fees_in_hqs_yearly_cap():
    lines = [CapLine(Decimal("30000.00")), CapLine(Decimal("20000.00"), True, True)]
    check = cap_check(
        lines=lines,
        event_cap=CAP,
        hq_year_cap=CAP,
        hq_year_used_elsewhere=Decimal("50000.01"),
    )
    assert check.event.ok
    assert check.hq_year.used == Decimal("100000.01")
    assert check.hq_year.over == Decimal("0.01")
    assert not check.ok


def test_it_submits_an_area_event_at_the_cap_plus_an_approved_speaker_fee(approvers):
    org = approvers
    event = plan(org, lines=["100000.00", ("speaker_fee", "20000.00")])
    with pytest.raises(ValidationError):
        event_submit(event=event, by=org.area_admin_n1)  # fee not yet approved
    _approve_speaker_fee(event, org.area_admin_n1, org.approver_n1)
    assert event_cap_check(event).event.used == Decimal("100000.00")
    assert event_submit(event=event, by=org.area_admin_n1).status == EventStatus.SUBMITTED


def test_it_refuses_an_hq_event_that_breaks_the_yearly_cap_through_speaker_fees(org):
    first = plan(org, unit=org.hq, by=org.hq_admin, lines=["60000.00", ("speaker_fee", "10000.00")])
    _approve_speaker_fee(first, org.hq_admin, org.hq_approver)
    event_submit(event=first, by=org.hq_admin)
    approval_approve(request=approval_for(first), by=org.hq_approver)

    second = plan(
        org,
        unit=org.hq,
        by=org.hq_admin,
        title="ศึกษาดูงาน",
        lines=["25000.00", ("speaker_fee", "10000.00")],
    )
    _approve_speaker_fee(second, org.hq_admin, org.hq_approver)
    check = event_cap_check(second)
    assert check.event.used == Decimal("25000.00")  # within the per-event cap
    assert check.hq_year.used == Decimal("105000.00")  # 70,000 + 35,000
    with pytest.raises(ValidationError) as e:
        event_submit(event=second, by=org.hq_admin)
    assert "by 5,000.00 baht" in " ".join(e.value.messages)
    second.refresh_from_db()
    assert second.status == EventStatus.DRAFT


def test_it_ignores_other_hq_drafts_in_the_yearly_cap(org):
    plan(org, unit=org.hq, by=org.hq_admin, lines=["90000.00"])  # a draft commits nothing
    event = plan(org, unit=org.hq, by=org.hq_admin, title="รับรอง", lines=["100000.00"])
    assert event_cap_check(event).hq_year.room == Decimal("0.00")
    assert event_submit(event=event, by=org.hq_admin).status == EventStatus.SUBMITTED
