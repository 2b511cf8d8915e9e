"""Engagement fixtures: employees linked to the named KAMR users, an approved key account
of bp_n1 at the N1 office for the current fiscal year, an area approver, and helpers."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import Role
from crmplus.workforce.models import AccountAssignment, Employee
from tests.factories import UserFactory
from tests.workforce.conftest import key_account


def at(days: int = 1, hour: int = 10) -> dt.datetime:
    """An aware datetime `days` from today at `hour` (Bangkok)."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


_numbers = iter(range(700000, 800000))


def employee_of(user, unit=None, name="สมชาย ใจดี") -> Employee:
    return Employee.objects.create(
        employee_number=str(next(_numbers)),
        name_th=name,
        position_level=6,
        unit=unit or user.home_unit,
        user=user,
    )


@pytest.fixture(autouse=True)
def _fresh_objective_cache():
    """Each test's database starts from the defaults: forget catalogues read before."""
    from crmplus.engagement import rules_settings

    rules_settings._cache.clear()
    yield
    rules_settings._cache.clear()


@dataclass
class Eng:
    org: object
    emp_n1: Employee
    emp_c1: Employee
    ka_n1: object
    approver_n1: object
    fy: int

    def __getattr__(self, name):
        return getattr(self.org, name)


@pytest.fixture
def eng(org) -> Eng:
    fy = fiscal_year(timezone.localdate())
    emp_n1 = employee_of(org.kamr_n1, name="กมลา ศรีสันทราย")
    emp_c1 = employee_of(org.kamr_c1, name="ประเสริฐ บางปะอิน")
    ka = key_account(org, org.bp_n1, org.n1_office, org.n1, fy=fy)
    ka.segment = "strategic"
    ka.save()
    key_account(org, org.bp_c1, org.c1_office, org.c1, fy=fy)
    AccountAssignment.objects.create(
        fy=fy,
        bp=org.bp_n1,
        office=org.n1_office,
        unit=org.n1_office,
        employee=emp_n1,
        start=timezone.localdate() - dt.timedelta(days=30),
        created_by=org.hq_admin,
    )
    approver = UserFactory(username="approver_n1", role=Role.APPROVER, home_unit=org.n1)
    return Eng(org, emp_n1, emp_c1, ka, approver, fy)


def plan_visit(
    eng, *, days=1, mode="onsite", objective_code="needs", objective="", by=None, bp=None, kamr=None
):
    from crmplus.engagement.services import visit_plan

    return visit_plan(
        bp=bp or eng.bp_n1,
        starts_at=at(days),
        mode=mode,
        objective_code=objective_code,
        objective=objective,
        by=by or eng.kamr_n1,
        kamr=kamr,
    )
