"""Technical-services fixtures: approved key accounts of a segment, an area approver."""

import datetime as dt

import pytest
from django.utils import timezone

from crmplus.core.models import Role
from tests.factories import UserFactory

FY = 2569
DAY = dt.date(2026, 1, 15)  # in FY2569 (1 Oct 2025 – 30 Sep 2026)


def key_account(org, bp, *, segment="star", supplement=False, fy=FY, office=None, area=None):
    """An approved KeyAccount row (with the run and list it needs)."""
    from crmplus.billing.models import BillingExtract
    from crmplus.keyaccounts.models import Candidate, KeyAccount, ProposedList, SelectionRun

    office = office or org.n1_office
    area = area or org.n1
    extract = BillingExtract.objects.first() or BillingExtract.objects.create(
        fy=fy, name="t", file="billing/extracts/t.parquet", sha256="0" * 64, rows=0, cas=0,
        bps=0, total_kwh=0, total_gm=0, total_revenue=0,
    )  # fmt: skip
    run = SelectionRun.objects.create(
        fy=fy, extract=extract, rules={}, rules_source="x", created_by=org.hq_admin
    )
    plist = ProposedList.objects.create(run=run, unit=area, status="approved", accounts=1)
    candidate = Candidate.objects.create(
        run=run, bp_number=bp.bp_number, bp=bp, office=office, owner=office, owner_area=area,
        gm=1, pooled_gm=1, n_cas=1, n_pooled=1, segment=segment, supplement=supplement,
        points=2, explain_en="-", explain_th="-",
    )  # fmt: skip
    return KeyAccount.objects.create(
        fy=fy, bp=bp, office=office, owner=office, owner_area=area, segment=segment,
        supplement=supplement, source_list=plist, candidate=candidate,
        approved_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def approver_n1(org):
    return UserFactory(username="approver_n1", role=Role.APPROVER, home_unit=org.n1)


def book(org, code, *, day=DAY, by=None, bp=None):
    from crmplus.techservices.services import service_request_create

    return service_request_create(
        bp=bp or org.bp_n1, code=code, requested_on=day, by=by or org.kamr_n1
    )
