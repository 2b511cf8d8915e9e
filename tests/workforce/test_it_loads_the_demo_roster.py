"""The demo roster matches PEA's 2021 table per area (memo 2.3): area KAMRs, office
KAMRs (HQ's counted as office level) and Senior KAMRs."""

import io

import pytest
from django.core.management import call_command

from crmplus.approvals.models import ApprovalRequest
from crmplus.core.models import User
from crmplus.keyaccounts.models import KeyAccount
from crmplus.workforce.demo import FY_START, demo_workforce_load, table_2021
from crmplus.workforce.models import AccountAssignment, Appointment, AppointmentStatus
from crmplus.workforce.selectors import (
    key_accounts_without_kamr,
    offices_without_kamr,
    training_overdue_list,
)


@pytest.mark.django_db(transaction=True)
def test_it_loads_the_2021_roster_per_area():
    out = io.StringIO()
    call_command("demo_data", "--seed", "1", "--customers", "300", stdout=out)
    assert "KAMR workforce: 6" in out.getvalue()  # demo_data loads the roster
    result = demo_workforce_load(seed=1)
    assert not result.created  # and a second load stores nothing
    table = table_2021()
    assert result.by_area == table
    assert sum(r["kamr_area"] for r in table.values()) == 44
    assert sum(r["kamr_office"] for r in table.values()) == 428  # HQ's 8 included
    assert sum(r["senior"] for r in table.values()) == 195
    # Mid-year replacements went through the right approver and took the accounts over.
    assert result.replacements >= 3
    for replacement in Appointment.objects.filter(replaces__isnull=False):
        request = ApprovalRequest.objects.get(kind="workforce.appointment",
                                              object_id=replacement.pk)  # fmt: skip
        area = replacement.unit.area()
        assert request.decided_by.username == f"approver_{area.code.lower()}"
        predecessor = replacement.replaces
        assert predecessor.status == AppointmentStatus.ENDED
        assert (
            not AccountAssignment.objects.open_from(replacement.start)
            .filter(employee=predecessor.employee)
            .exists()
        )
    # Demo users are linked to their roster entries.
    for username in ("kamr_n1", "senior_n1", "kamr_c2"):
        assert User.objects.get(username=username).employee is not None
    # Some are overdue, every key account but a few has a KAMR.
    assert result.overdue > 0
    hq_admin = User.objects.get(username="hq_admin")
    assert len(training_overdue_list(user=hq_admin)) == result.overdue
    key_accounts = KeyAccount.objects.filter(fy=2564).count()
    unassigned = len(key_accounts_without_kamr(user=hq_admin, fy=2564, on=FY_START))
    assert 0 < unassigned < key_accounts * 0.1  # a few left without a KAMR on purpose
    assert result.assignments >= key_accounts - unassigned
    assert isinstance(offices_without_kamr(user=hq_admin), list)
    # Running it again changes nothing.
    again = demo_workforce_load(seed=1)
    assert not again.created
    assert (again.employees, again.appointments) == (result.employees, result.appointments)
