"""Appointments are approved by the authority of BRIEF §1: HQ → HQ approver; units of
an area → that area's approver. Anyone else is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crmplus.approvals.services import approval_approve, approval_for, approval_reject
from crmplus.workforce.models import AppointmentStatus
from crmplus.workforce.services import appointment_create, appointment_submit
from tests.workforce.conftest import D, appoint, employee


def _submitted(org, unit, role="kamr_office"):
    person = employee(org, unit)
    appointment = appointment_create(
        employee=person, role=role, unit=unit, start=D(2025, 10, 1), by=org.hq_admin
    )
    appointment_submit(appointment=appointment, by=org.hq_admin)
    return appointment


def test_it_refuses_another_areas_approver(org, approvers):
    appointment = _submitted(org, org.n1_office)
    request = approval_for(appointment)
    assert request.approver_unit == org.n1
    for wrong in (approvers.c1, org.hq_approver, org.area_admin_n1):
        with pytest.raises(PermissionDenied):
            approval_approve(request=request, by=wrong)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.SUBMITTED


def test_it_is_approved_by_the_areas_approver(org, approvers):
    appointment = _submitted(org, org.n1_office)
    approval_approve(request=approval_for(appointment), by=approvers.n1)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.APPROVED
    assert appointment.approved_at is not None


def test_it_sends_an_hq_appointment_to_the_hq_approver(org, approvers):
    appointment = _submitted(org, org.hq, role="kamr_hq")
    with pytest.raises(PermissionDenied):
        approval_approve(request=approval_for(appointment), by=approvers.n1)
    approval_approve(request=approval_for(appointment), by=org.hq_approver)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.APPROVED


def test_it_can_be_rejected_and_resubmitted(org, approvers):
    appointment = _submitted(org, org.c1_office)
    approval_reject(request=approval_for(appointment), by=approvers.c1, reason="wrong office")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.REJECTED
    appointment_submit(appointment=appointment, by=org.hq_admin)
    assert approval_for(appointment).round == 2
    with pytest.raises(ValidationError):
        appointment_submit(appointment=appointment, by=org.hq_admin)


def test_it_refuses_an_area_admin_appointing_in_another_area(org, approvers):
    person = employee(org, org.c1_office)
    with pytest.raises(ValidationError) as e:
        appointment_create(
            employee=person, role="kamr_office", unit=org.c1_office, start=D(2025, 10, 1),
            by=org.area_admin_n1,
        )  # fmt: skip
    assert "unit" in e.value.message_dict


def test_it_refuses_a_kamr_or_an_auditor_appointing(org):
    person = employee(org, org.n1_office)
    for user in (org.kamr_n1, org.auditor):
        with pytest.raises(PermissionDenied):
            appointment_create(
                employee=person, role="kamr_office", unit=org.n1_office, start=D(2025, 10, 1),
                by=user,
            )  # fmt: skip


def test_it_checks_the_role_fits_the_unit(org):
    person = employee(org, org.n1)
    with pytest.raises(ValidationError) as e:
        appointment_create(
            employee=person, role="kamr_office", unit=org.n1, start=D(2025, 10, 1), by=org.hq_admin
        )
    assert "unit" in e.value.message_dict
    appoint_ok = appointment_create(
        employee=person, role="kamr_area", unit=org.n1, start=D(2025, 10, 1), by=org.hq_admin
    )
    assert appoint_ok.status == AppointmentStatus.DRAFT


def test_it_does_not_count_a_draft_appointment(org, approvers):
    from crmplus.workforce.models import Appointment

    _submitted(org, org.n1_office)
    assert not Appointment.objects.active_on(D(2025, 11, 1)).exists()
    appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2025, 10, 1))
    assert Appointment.objects.active_on(D(2025, 11, 1)).count() == 1
