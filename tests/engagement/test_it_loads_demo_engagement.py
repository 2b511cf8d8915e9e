"""The demo step: a year of plans, visits and calls by segment, deterministic and
idempotent (a second run adds nothing)."""

from crmplus.engagement.demo import FY, demo_engagement_load
from crmplus.engagement.models import KamPlan, TeleCrmEntry, Visit
from crmplus.workforce.models import AccountAssignment
from tests.engagement.conftest import employee_of
from tests.workforce.conftest import key_account


def test_it_loads_a_year_once(org):
    ka = key_account(org, org.bp_n1, org.n1_office, org.n1, fy=FY)
    ka.segment = "strategic"
    ka.save()
    key_account(org, org.bp_c1, org.c1_office, org.c1, fy=FY)
    emp = employee_of(org.kamr_n1)
    emp_c1 = employee_of(org.kamr_c1)
    for bp, office, e in ((org.bp_n1, org.n1_office, emp), (org.bp_c1, org.c1_office, emp_c1)):
        AccountAssignment.objects.create(
            fy=FY,
            bp=bp,
            office=office,
            unit=office,
            employee=e,
            start="2020-10-01",
            created_by=org.hq_admin,
        )
    counts = demo_engagement_load(seed=1)
    assert counts["plans"] == 2
    strategic = Visit.objects.filter(fy=FY, bp=org.bp_n1).count()
    status = Visit.objects.filter(fy=FY, bp=org.bp_c1).count()
    assert strategic > status  # Strategic customers get the most visits
    assert TeleCrmEntry.objects.filter(fy=FY).count() > 0
    assert Visit.objects.filter(fy__gt=FY).exists()  # upcoming visits for the calendar
    before = (Visit.objects.count(), KamPlan.objects.count(), TeleCrmEntry.objects.count())
    demo_engagement_load(seed=1)
    assert (Visit.objects.count(), KamPlan.objects.count(), TeleCrmEntry.objects.count()) == before
