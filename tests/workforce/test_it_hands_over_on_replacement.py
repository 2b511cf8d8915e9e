"""A mid-year replacement ends the predecessor the day before and takes over the
predecessor's open key accounts (responsible and backup)."""

import pytest
from django.core.exceptions import ValidationError

from crmplus.approvals.services import approval_approve, approval_for
from crmplus.workforce.models import AccountAssignment, AppointmentStatus
from crmplus.workforce.selectors import portfolio
from crmplus.workforce.services import (
    appointment_create,
    appointment_submit,
    assignment_set,
    assignments_reassign,
)
from tests.factories import BusinessPartnerFactory
from tests.workforce.conftest import D, appoint, employee, key_account


@pytest.fixture
def setup(org, approvers):
    old = appoint(org, approvers, employee(org, org.n1_office, name="คนเดิม"), org.n1_office,
                  D(2025, 10, 1))  # fmt: skip
    other = appoint(org, approvers, employee(org, org.n1_office2, name="คนอื่น"), org.n1_office2,
                    D(2025, 10, 1))  # fmt: skip
    ka1 = key_account(org, org.bp_n1, org.n1_office, org.n1)
    ka2 = key_account(org, BusinessPartnerFactory(home_office=org.n1_office), org.n1_office, org.n1)
    ka3 = key_account(org, BusinessPartnerFactory(home_office=org.n1_office2), org.n1_office2,
                      org.n1)  # fmt: skip
    assignment_set(key_account=ka1, employee=old.employee, start=D(2025, 10, 1), by=org.hq_admin)
    assignment_set(key_account=ka2, employee=old.employee, start=D(2025, 10, 1), by=org.hq_admin)
    # The predecessor backs up the other KAMR's account.
    assignment_set(key_account=ka3, employee=other.employee, backup=old.employee,
                   start=D(2025, 10, 1), by=org.hq_admin)  # fmt: skip
    return old, other, (ka1, ka2, ka3)


def test_it_ends_the_predecessor_and_hands_over_the_accounts(org, approvers, setup):
    old, other, _kas = setup
    new = appoint(org, approvers, employee(org, org.n1_office, name="คนใหม่"), org.n1_office,
                  D(2026, 3, 16), replaces=old)  # fmt: skip
    old.refresh_from_db()
    assert new.status == AppointmentStatus.APPROVED
    assert (old.status, old.end) == (AppointmentStatus.ENDED, D(2026, 3, 15))
    assert portfolio(employee=old.employee, on=D(2026, 3, 16)).count() == 0
    assert portfolio(employee=old.employee, on=D(2026, 3, 15)).count() == 3
    taken = portfolio(employee=new.employee, on=D(2026, 3, 16))
    assert taken.count() == 3
    assert {a.start for a in taken} == {D(2026, 3, 16)}
    backed = taken.get(employee=other.employee)
    assert backed.backup == new.employee
    # History: the predecessor's rows end the day before, nothing is lost.
    assert AccountAssignment.objects.filter(employee=old.employee, end=D(2026, 3, 15)).count() == 2


def test_it_refuses_a_replacement_in_another_unit_or_before_the_predecessor(org, approvers, setup):
    old, _other, _kas = setup
    person = employee(org, org.n1_office2)
    with pytest.raises(ValidationError) as e:
        appointment_create(employee=person, role="kamr_office", unit=org.n1_office2,
                           start=D(2026, 3, 1), replaces=old, by=org.hq_admin)  # fmt: skip
    assert "replaces" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        appointment_create(employee=person, role="kamr_office", unit=org.n1_office,
                           start=D(2025, 10, 1), replaces=old, by=org.hq_admin)  # fmt: skip
    assert "start" in e.value.message_dict


def test_it_does_not_hand_over_before_approval(org, approvers, setup):
    old, _other, _kas = setup
    draft = appointment_create(employee=employee(org, org.n1_office), role="kamr_office",
                               unit=org.n1_office, start=D(2026, 3, 16), replaces=old,
                               by=org.hq_admin)  # fmt: skip
    appointment_submit(appointment=draft, by=org.hq_admin)
    old.refresh_from_db()
    assert old.end is None
    assert portfolio(employee=old.employee, on=D(2026, 4, 1)).count() == 3
    approval_approve(request=approval_for(draft), by=approvers.n1)
    assert portfolio(employee=old.employee, on=D(2026, 4, 1)).count() == 0


def test_it_reassigns_in_bulk(org, approvers, setup):
    old, other, _kas = setup
    moved = assignments_reassign(from_employee=old.employee, to_employee=other.employee,
                                 on=D(2026, 1, 1), by=org.area_admin_n1)  # fmt: skip
    assert moved == 3
    held = portfolio(employee=other.employee, on=D(2026, 1, 1))
    assert held.count() == 3
    # The account other was responsible for, backed up by old, loses its backup.
    assert held.filter(backup__isnull=False).count() == 0


def test_it_keeps_one_open_assignment_per_account(org, approvers, setup):
    old, other, (ka1, _ka2, _ka3) = setup
    assignment_set(key_account=ka1, employee=other.employee, backup=old.employee,
                   start=D(2025, 12, 1), by=org.area_admin_n1)  # fmt: skip
    rows = AccountAssignment.objects.filter(bp=ka1.bp, office=ka1.office).order_by("start")
    assert [(a.employee_id, a.start, a.end) for a in rows] == [
        (old.employee_id, D(2025, 10, 1), D(2025, 11, 30)),
        (other.employee_id, D(2025, 12, 1), None),
    ]
    # Setting the same again changes nothing.
    assignment_set(key_account=ka1, employee=other.employee, backup=old.employee,
                   start=D(2025, 12, 5), by=org.area_admin_n1)  # fmt: skip
    assert rows.count() == 2


def test_it_refuses_approval_when_the_predecessor_ended_meanwhile(org, approvers, setup):
    from crmplus.workforce.services import appointment_end

    old, _other, _kas = setup
    draft = appointment_create(employee=employee(org, org.n1_office), role="kamr_office",
                               unit=org.n1_office, start=D(2026, 3, 16), replaces=old,
                               by=org.hq_admin)  # fmt: skip
    appointment_submit(appointment=draft, by=org.hq_admin)
    appointment_end(appointment=old, end=D(2026, 1, 31), by=org.hq_admin)
    with pytest.raises(ValidationError):
        approval_approve(request=approval_for(draft), by=approvers.n1)
    draft.refresh_from_db()
    old.refresh_from_db()
    assert draft.status == AppointmentStatus.SUBMITTED
    assert old.end == D(2026, 1, 31)
    assert approval_for(draft).is_pending
