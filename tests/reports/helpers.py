"""Approved key accounts for the dashboard and calendar tests, without a selection run's engine."""

from __future__ import annotations

from django.utils import timezone

from crmplus.keyaccounts.models import Candidate, KeyAccount, ProposedList, SelectionRun
from tests.factories import BusinessPartnerFactory


def extract():
    from crmplus.billing.models import BillingExtract

    return BillingExtract.objects.first() or BillingExtract.objects.create(
        fy=2563, name="t", file="billing/extracts/t.parquet", sha256="0" * 64, rows=0, cas=0,
        bps=0, total_kwh=0, total_gm=0, total_revenue=0,
    )  # fmt: skip


def approve(org, fy: int, accounts: list[tuple], *, by=None) -> SelectionRun:
    """One run of `fy` whose lists are approved, with KeyAccount rows for `accounts`:
    (office, area, segment[, supplement]) each, for a fresh customer."""
    run = SelectionRun.objects.create(
        fy=fy, extract=extract(), rules={}, rules_source="x", created_by=by or org.hq_admin
    )
    lists = {}
    for office, area, segment, *rest in accounts:
        plist = lists.get(area.pk) or ProposedList.objects.create(
            run=run, unit=area, status="approved", accounts=0
        )
        lists[area.pk] = plist
        bp = BusinessPartnerFactory(home_office=office)
        candidate = Candidate.objects.create(
            run=run, bp_number=bp.bp_number, bp=bp, office=office, owner=office, owner_area=area,
            gm=2_000_000, pooled_gm=2_000_000, n_cas=1, n_pooled=1, segment=segment,
            supplement=bool(rest and rest[0]), points=2, explain_en="-", explain_th="-",
        )  # fmt: skip
        KeyAccount.objects.create(
            fy=fy, bp=bp, office=office, owner=office, owner_area=area, segment=segment,
            supplement=bool(rest and rest[0]), source_list=plist, candidate=candidate,
            approved_at=timezone.now(),
        )  # fmt: skip
    return run
