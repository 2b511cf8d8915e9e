"""Workforce fixtures: area approvers, employees, and helpers that appoint someone
through the approvals workflow or make an approved key account."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from crmplus.approvals.services import approval_approve, approval_for
from crmplus.core.models import Role
from crmplus.workforce.models import Employee
from crmplus.workforce.services import appointment_create, appointment_submit, employee_save
from tests.factories import UserFactory

D = dt.date


@dataclass
class Approvers:
    n1: object
    c1: object


@pytest.fixture
def approvers(org) -> Approvers:
    return Approvers(
        n1=UserFactory(username="approver_n1", role=Role.APPROVER, home_unit=org.n1),
        c1=UserFactory(username="approver_c1", role=Role.APPROVER, home_unit=org.c1),
    )


_numbers = iter(range(500000, 600000))


def employee(org, unit, *, name="สมชาย ใจดี", by=None, **fields) -> Employee:
    return employee_save(
        by=by or org.hq_admin,
        employee_number=str(next(_numbers)),
        name_th=name,
        position_level=fields.pop("position_level", 6),
        unit=unit,
        **fields,
    )


def approver_for(org, approvers, unit):
    if unit.is_hq:
        return org.hq_approver
    return approvers.c1 if unit.path.startswith(org.c1.path) else approvers.n1


def appoint(org, approvers, person, unit, start, *, role="kamr_office", end=None, replaces=None):
    """Create, submit and approve an appointment."""
    appointment = appointment_create(
        employee=person, role=role, unit=unit, start=start, end=end, replaces=replaces,
        by=org.hq_admin,
    )  # fmt: skip
    appointment_submit(appointment=appointment, by=org.hq_admin)
    approval_approve(request=approval_for(appointment), by=approver_for(org, approvers, unit))
    appointment.refresh_from_db()
    return appointment


def key_account(org, bp, office, area, fy=2569, *, owner=None):
    """An approved KeyAccount row, with the run and list it needs."""
    from crmplus.billing.models import BillingExtract
    from crmplus.keyaccounts.models import Candidate, KeyAccount, ProposedList, SelectionRun

    extract = BillingExtract.objects.first() or BillingExtract.objects.create(
        fy=fy, name="t", file="billing/extracts/t.parquet", sha256="0" * 64, rows=0, cas=0,
        bps=0, total_kwh=0, total_gm=0, total_revenue=0,
    )  # fmt: skip
    run = SelectionRun.objects.create(
        fy=fy, extract=extract, rules={}, rules_source="x", created_by=org.hq_admin
    )
    plist = ProposedList.objects.create(run=run, unit=area, status="approved", accounts=1)
    owner = owner or office
    candidate = Candidate.objects.create(
        run=run, bp_number=bp.bp_number, bp=bp, office=office, owner=owner, owner_area=area,
        gm=1, pooled_gm=1, n_cas=1, n_pooled=1, segment="status", points=2,
        explain_en="-", explain_th="-",
    )  # fmt: skip
    return KeyAccount.objects.create(
        fy=fy, bp=bp, office=office, owner=owner, owner_area=area, segment="status",
        source_list=plist, candidate=candidate, approved_at=timezone.now(),
    )  # fmt: skip
