"""Bad input gets a clear error and nothing is saved: a duplicated employee number, an
inverted date range."""

import pytest
from django.core.exceptions import ValidationError

from crmplus.workforce.models import AccountAssignment, Appointment, Employee
from crmplus.workforce.services import (
    appointment_create,
    appointment_end,
    assignment_set,
    employee_save,
)
from tests.workforce.conftest import D, appoint, employee, key_account


def test_it_refuses_a_duplicated_employee_number(org):
    employee_save(
        by=org.hq_admin, employee_number="500123", name_th="สมชาย ใจดี", position_level=7,
        unit=org.n1_office,
    )  # fmt: skip
    with pytest.raises(ValidationError) as e:
        employee_save(
            by=org.hq_admin, employee_number=" 500123 ", name_th="สมหญิง รักงาน",
            position_level=5, unit=org.c1_office,
        )  # fmt: skip
    assert "500123" in e.value.message_dict["employee_number"][0]
    assert Employee.objects.count() == 1
    assert not Employee.objects.filter(name_th="สมหญิง รักงาน").exists()


def test_it_refuses_a_position_level_outside_1_to_13(org):
    with pytest.raises(ValidationError) as e:
        employee(org, org.n1_office, position_level=14)
    assert "position_level" in e.value.message_dict
    assert not Employee.objects.exists()


def test_it_updates_an_employee_and_keeps_history(org):
    person = employee(org, org.n1_office, phone="053-000000")
    employee_save(by=org.area_admin_n1, employee=person, phone="053-111111", user=org.kamr_n1)
    person.refresh_from_db()
    assert person.phone == "053-111111"
    assert org.kamr_n1.employee == person
    assert person.history.count() == 2


def test_it_refuses_an_inverted_appointment_and_saves_nothing(org):
    person = employee(org, org.n1_office)
    with pytest.raises(ValidationError) as e:
        appointment_create(
            employee=person, role="kamr_office", unit=org.n1_office, start=D(2025, 12, 1),
            end=D(2025, 11, 30), by=org.hq_admin,
        )  # fmt: skip
    assert "30 พ.ย. 2568" in e.value.message_dict["end"][0]
    assert not Appointment.objects.exists()


def test_it_refuses_ending_an_appointment_before_it_starts(org, approvers):
    appointment = appoint(org, approvers, employee(org, org.n1_office), org.n1_office,
                          D(2025, 10, 1))  # fmt: skip
    with pytest.raises(ValidationError) as e:
        appointment_end(appointment=appointment, end=D(2025, 9, 30), by=org.hq_admin)
    assert "end" in e.value.message_dict
    appointment.refresh_from_db()
    assert appointment.end is None and appointment.status == "approved"


def test_it_refuses_assigning_someone_without_an_approved_appointment(org, approvers):
    ka = key_account(org, org.bp_n1, org.n1_office, org.n1)
    nobody = employee(org, org.n1_office)
    with pytest.raises(ValidationError) as e:
        assignment_set(key_account=ka, employee=nobody, start=D(2025, 11, 1), by=org.hq_admin)
    assert "employee" in e.value.message_dict
    # A C1 KAMR is not eligible for an N1 account either.
    c1 = appoint(org, approvers, employee(org, org.c1_office), org.c1_office, D(2025, 10, 1))
    with pytest.raises(ValidationError):
        assignment_set(key_account=ka, employee=c1.employee, start=D(2025, 11, 1), by=org.hq_admin)
    assert not AccountAssignment.objects.exists()


def test_it_refuses_the_same_appointment_twice_over_the_same_days(org, approvers):
    person = employee(org, org.n1_office)
    appoint(org, approvers, person, org.n1_office, D(2025, 10, 1), end=D(2026, 9, 30))
    with pytest.raises(ValidationError) as e:
        appointment_create(employee=person, role="kamr_office", unit=org.n1_office,
                           start=D(2026, 9, 1), by=org.hq_admin)  # fmt: skip
    assert "1 ต.ค. 2568" in e.value.message_dict["start"][0]
    # The next year's appointment, after the first ends, is fine.
    appointment_create(employee=person, role="kamr_office", unit=org.n1_office,
                       start=D(2026, 10, 1), by=org.hq_admin)  # fmt: skip
    assert Appointment.objects.count() == 2
