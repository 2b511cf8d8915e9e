"""HQ events go to the HQ approver, area and office events to the area's (BRIEF §9)."""

import pytest
from django.core.exceptions import PermissionDenied

from crmplus.approvals.services import approval_approve, approval_for, approval_reject
from crmplus.seminars.models import EventStatus
from crmplus.seminars.services import event_save, event_submit
from tests.seminars.conftest import plan


def test_it_sends_an_office_event_to_its_areas_approver(approvers):
    org = approvers
    event = plan(org, unit=org.n1_office, by=org.kamr_n1, lines=["30000.00"])
    event_submit(event=event, by=org.kamr_n1)
    request = approval_for(event)
    assert request.kind == "seminars.event" and request.approver_unit == org.n1
    for stranger in (org.approver_c1, org.hq_approver):
        with pytest.raises(PermissionDenied):
            approval_approve(request=request, by=stranger)
    event.refresh_from_db()
    assert event.status == EventStatus.SUBMITTED
    approval_approve(request=request, by=org.approver_n1)
    event.refresh_from_db()
    assert event.status == EventStatus.APPROVED


def test_it_sends_an_hq_event_to_the_hq_approver(approvers):
    org = approvers
    event = plan(org, unit=org.hq, by=org.hq_admin, lines=["30000.00"])
    event_submit(event=event, by=org.hq_admin)
    request = approval_for(event)
    assert request.approver_unit == org.hq
    with pytest.raises(PermissionDenied):
        approval_approve(request=request, by=org.approver_n1)
    approval_approve(request=request, by=org.hq_approver)
    event.refresh_from_db()
    assert event.status == EventStatus.APPROVED


def test_it_reopens_a_rejected_plan_for_changes_and_resubmission(approvers):
    org = approvers
    event = plan(org, lines=["30000.00"])
    event_submit(event=event, by=org.area_admin_n1)
    approval_reject(request=approval_for(event), by=org.approver_n1, reason="ลดงบประมาณ")
    event.refresh_from_db()
    assert event.status == EventStatus.REJECTED
    event = event_save(
        by=org.area_admin_n1, event=event, kind="seminar", unit=org.n1, title="สัมมนา (ปรับ)",
        starts_on=event.starts_on, ends_on=event.ends_on,
    )  # fmt: skip
    event_submit(event=event, by=org.area_admin_n1)
    assert approval_for(event).round == 2
