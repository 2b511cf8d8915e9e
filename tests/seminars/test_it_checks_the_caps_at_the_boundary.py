"""An event costs at most 100,000 baht: exactly 100,000.00 passes, 100,000.01 fails
(BRIEF §9), with the exact room left or amount over."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from crmplus.approvals.models import ApprovalRequest
from crmplus.seminars.models import EventStatus
from crmplus.seminars.rules import CapLine, cap_check
from crmplus.seminars.selectors import event_cap_check
from crmplus.seminars.services import event_submit
from tests.seminars.conftest import plan

CAP = Decimal("100000.00")


def test_it_passes_exactly_the_cap():
    check = cap_check(
        lines=[CapLine(Decimal("60000.00")), CapLine(Decimal("40000.00"))], event_cap=CAP
    )
    assert check.ok
    assert check.event.room == Decimal("0.00")
    assert check.event.over == Decimal("0.00")


def test_it_fails_one_satang_over_and_says_by_how_much():
    check = cap_check(
        lines=[CapLine(Decimal("60000.00")), CapLine(Decimal("40000.01"))], event_cap=CAP
    )
    assert not check.ok
    assert check.event.over == Decimal("0.01")
    assert check.event.room == Decimal("0.00")


def test_it_shows_the_room_left():
    check = cap_check(lines=[CapLine(Decimal("87654.32"))], event_cap=CAP)
    assert check.event.room == Decimal("12345.68")


def test_it_submits_a_plan_of_exactly_100000(org):
    event = plan(org, lines=["60000.00", ("souvenirs", "40000.00")])
    assert event_cap_check(event).event.room == Decimal("0.00")
    event = event_submit(event=event, by=org.area_admin_n1)
    assert event.status == EventStatus.SUBMITTED
    assert ApprovalRequest.objects.get(kind="seminars.event").approver_unit == org.n1


def test_it_refuses_a_plan_of_100000_01_with_the_amount_over(org):
    event = plan(org, lines=["60000.00", ("souvenirs", "40000.01")])
    with pytest.raises(ValidationError) as e:
        event_submit(event=event, by=org.area_admin_n1)
    text = " ".join(e.value.messages)
    assert "100,000.01" in text and "by 0.01 baht" in text
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT
    assert not ApprovalRequest.objects.exists()
