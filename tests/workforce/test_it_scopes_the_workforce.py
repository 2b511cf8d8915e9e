"""Scoping is never optional: another area's roster, appointments and ledgers are absent."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crmplus.workforce.allowance import allowance_ledger_build
from crmplus.workforce.models import AllowanceLedger, Appointment, Employee
from crmplus.workforce.selectors import employees_visible
from crmplus.workforce.services import employee_save
from tests.workforce.conftest import D, appoint, employee


def test_it_hides_another_areas_employees(org, approvers):
    n1 = employee(org, org.n1_office, name="พนักงาน เหนือ")
    c1 = employee(org, org.c1_office, name="พนักงาน กลาง")
    appoint(org, approvers, n1, org.n1_office, D(2025, 10, 1))
    assert list(Employee.objects.for_user(org.kamr_c1)) == [c1]
    assert not Appointment.objects.for_user(org.kamr_c1).exists()
    assert list(employees_visible(user=org.senior_n1)) == [n1]
    assert set(Employee.objects.for_user(org.auditor)) == {n1, c1}


def test_it_refuses_an_area_admin_editing_another_areas_employee(org):
    c1 = employee(org, org.c1_office)
    with pytest.raises(ValidationError):
        employee_save(by=org.area_admin_n1, employee=c1, phone="1")
    with pytest.raises(ValidationError):
        employee_save(by=org.area_admin_n1, employee=employee(org, org.n1_office), unit=org.c1)
    with pytest.raises(PermissionDenied):
        employee_save(by=org.kamr_n1, employee_number="1", name_th="x", position_level=3,
                      unit=org.n1_office)  # fmt: skip


def test_it_hides_and_guards_another_areas_ledger(org):
    allowance_ledger_build(unit=org.n1, month="2025-11", by=org.area_admin_n1)
    assert not AllowanceLedger.objects.for_user(org.area_admin_c1).exists()
    with pytest.raises(PermissionDenied):
        allowance_ledger_build(unit=org.n1, month="2025-11", by=org.area_admin_c1)
