"""Coverage (M-3.2 KAMR rule 2): branch offices class 1–3 without an approved KAMR,
key accounts without a responsible KAMR."""

from crmplus.workforce.selectors import key_accounts_without_kamr, offices_without_kamr
from crmplus.workforce.services import appointment_end, assignment_set
from tests.workforce.conftest import D, appoint, employee, key_account

ON = D(2025, 11, 1)


def test_it_lists_branch_offices_without_an_approved_kamr(org, approvers):
    gaps = offices_without_kamr(user=org.hq_admin, on=ON)
    # The sub-branch is not required to have one; both branches are.
    assert [g.office for g in gaps] == [org.n1_office, org.c1_office]
    appointment = appoint(org, approvers, employee(org, org.n1_office), org.n1_office,
                          D(2025, 10, 1))  # fmt: skip
    assert [g.office for g in offices_without_kamr(user=org.hq_admin, on=ON)] == [org.c1_office]
    # Scoped: N1's admin sees N1's offices only.
    assert offices_without_kamr(user=org.area_admin_n1, on=ON) == []
    assert [g.office for g in offices_without_kamr(user=org.hq_admin, on=ON, unit=org.c1)] == [
        org.c1_office
    ]
    appointment_end(appointment=appointment, end=D(2025, 12, 31), by=org.hq_admin)
    assert org.n1_office in [g.office for g in offices_without_kamr(user=org.hq_admin,
                                                                     on=D(2026, 1, 1))]  # fmt: skip


def test_it_lists_key_accounts_without_a_responsible_kamr(org, approvers):
    ka_n1 = key_account(org, org.bp_n1, org.n1_office, org.n1, fy=2569)
    ka_c1 = key_account(org, org.bp_c1, org.c1_office, org.c1, fy=2569)
    assert key_accounts_without_kamr(user=org.hq_admin, fy=2569, on=ON) == [ka_n1, ka_c1]
    assert key_accounts_without_kamr(user=org.kamr_c1, fy=2569, on=ON) == [ka_c1]
    kamr = appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2025, 10, 1))
    assignment_set(key_account=ka_n1, employee=kamr.employee, start=ON, by=org.senior_n1)
    assert key_accounts_without_kamr(user=org.hq_admin, fy=2569, on=ON) == [ka_c1]
    # Before the assignment started, the account had nobody.
    assert ka_n1 in key_accounts_without_kamr(user=org.hq_admin, fy=2569, on=D(2025, 10, 31))
