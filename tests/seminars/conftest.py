"""Seminar fixtures: area approvers and a helper that plans an event.

Dates sit in FY2569 (1 Oct 2025 – 30 Sep 2026), before "today", so attendance
can be recorded.
"""

import datetime as dt

import pytest
from django.utils import translation

from crmplus.core.models import Role
from crmplus.seminars.services import budget_line_save, event_save
from tests.factories import UserFactory

FIRST_DAY = dt.date(2026, 3, 10)
LAST_DAY = dt.date(2026, 3, 11)


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in English (Thai is the site default)."""
    with translation.override("en"):
        yield


@pytest.fixture
def approvers(org):
    org.approver_n1 = UserFactory(username="approver_n1", role=Role.APPROVER, home_unit=org.n1)
    org.approver_c1 = UserFactory(username="approver_c1", role=Role.APPROVER, home_unit=org.c1)
    return org


def plan(org, *, unit=None, by=None, lines=(), starts_on=FIRST_DAY, ends_on=LAST_DAY, **kw):
    """An event of `unit` (N1 by default) with lump-sum lines of the given amounts."""
    by = by or org.area_admin_n1
    event = event_save(
        by=by,
        kind=kw.pop("kind", "seminar"),
        unit=unit or org.n1,
        title=kw.pop("title", "สัมมนาลูกค้ารายใหญ่"),
        starts_on=starts_on,
        ends_on=ends_on,
        venue="โรงแรมเชียงใหม่",
        **kw,
    )
    for amount in lines:
        category = "venue"
        if isinstance(amount, tuple):
            category, amount = amount
        budget_line_save(event=event, by=by, category=category, planned_amount=amount)
    return event


def key_account(org, bp, fy, segment, *, area=None, office=None):
    """Make `bp` a key account of `segment` in fiscal year `fy` (N1's office by default)."""
    from django.utils import timezone

    from crmplus.billing.models import BillingExtract
    from crmplus.keyaccounts.models import Candidate, KeyAccount, ProposedList, SelectionRun

    area = area or org.n1
    office = office or org.n1_office
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
        gm=1, pooled_gm=1, n_cas=1, n_pooled=1, segment=segment, points=2, explain_en="-",
        explain_th="-",
    )  # fmt: skip
    return KeyAccount.objects.create(
        fy=fy, bp=bp, office=office, owner=office, owner_area=area, segment=segment,
        source_list=plist, candidate=candidate, approved_at=timezone.now(),
    )  # fmt: skip


def approve(subject, by):
    from crmplus.approvals.services import approval_approve, approval_for

    return approval_approve(request=approval_for(subject), by=by)
