"""Invitations, RSVP, check-in and satisfaction (1–5); attendance rate per key-account
segment of the event's fiscal year."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crmplus.approvals.services import approval_approve, approval_for
from crmplus.keyaccounts.models import Candidate, KeyAccount, ProposedList, SelectionRun
from crmplus.seminars.models import EventStatus, Rsvp
from crmplus.seminars.selectors import NOT_A_KEY_ACCOUNT, attendance_by_segment
from crmplus.seminars.services import (
    attendance_record,
    event_close,
    event_submit,
    invitation_create,
    invitation_set_rsvp,
)
from tests.factories import BusinessPartnerFactory
from tests.seminars.conftest import plan


def _key_account(org, bp, fy, segment):
    from crmplus.billing.models import BillingExtract

    extract = BillingExtract.objects.first() or BillingExtract.objects.create(
        fy=fy, name="t", file="billing/extracts/t.parquet", sha256="0" * 64, rows=0, cas=0,
        bps=0, total_kwh=0, total_gm=0, total_revenue=0,
    )  # fmt: skip
    run = SelectionRun.objects.create(
        fy=fy, extract=extract, rules={}, rules_source="x", created_by=org.hq_admin
    )
    plist = ProposedList.objects.create(run=run, unit=org.n1, status="approved", accounts=1)
    office = org.n1_office
    candidate = Candidate.objects.create(
        run=run, bp_number=bp.bp_number, bp=bp, office=office, owner=office, owner_area=org.n1,
        gm=1, pooled_gm=1, n_cas=1, n_pooled=1, segment=segment, points=2, explain_en="-",
        explain_th="-",
    )  # fmt: skip
    KeyAccount.objects.create(
        fy=fy, bp=bp, office=office, owner=office, owner_area=org.n1, segment=segment,
        source_list=plist, candidate=candidate, approved_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def approved_event(approvers):
    org = approvers
    event = plan(org, lines=["30000.00"])
    event_submit(event=event, by=org.area_admin_n1)
    approval_approve(request=approval_for(event), by=org.approver_n1)
    event.refresh_from_db()
    return event


def test_it_records_rsvp_attendance_and_satisfaction(approvers, approved_event):
    org = approvers
    inv = invitation_create(
        event=approved_event, bp=org.bp_n1, contact=org.contact_n1, by=org.area_admin_n1
    )
    inv = invitation_set_rsvp(invitation=inv, rsvp=Rsvp.ACCEPTED, by=org.area_admin_n1)
    inv = attendance_record(invitation=inv, attended=True, satisfaction=5, by=org.area_admin_n1)
    assert (inv.rsvp, inv.attended, inv.satisfaction) == (Rsvp.ACCEPTED, True, 5)
    approved_event.refresh_from_db()
    assert approved_event.status == EventStatus.HELD
    with pytest.raises(ValidationError):
        event_close(event=approved_event, by=org.area_admin_n1)  # actuals missing


def test_it_refuses_attendance_before_approval_or_a_bad_score(approvers, approved_event):
    org = approvers
    inv = invitation_create(event=approved_event, bp=org.bp_n1, by=org.area_admin_n1)
    for score in (0, 6, "4.5"):
        with pytest.raises(ValidationError):
            attendance_record(
                invitation=inv, attended=True, satisfaction=score, by=org.area_admin_n1
            )
    with pytest.raises(ValidationError):
        attendance_record(invitation=inv, attended=False, satisfaction=3, by=org.area_admin_n1)
    draft = plan(org, title="ร่าง")
    draft_inv = invitation_create(event=draft, bp=org.bp_n1, by=org.area_admin_n1)
    with pytest.raises(ValidationError):
        attendance_record(invitation=draft_inv, attended=True, by=org.area_admin_n1)
    inv.refresh_from_db()
    assert not inv.attended and inv.satisfaction is None


def test_it_refuses_attendance_before_the_event_starts(approvers):
    org = approvers
    later = timezone.localdate() + dt.timedelta(days=3)
    event = plan(org, starts_on=later, ends_on=later, lines=["1000.00"])
    event_submit(event=event, by=org.area_admin_n1)
    approval_approve(request=approval_for(event), by=org.approver_n1)
    inv = invitation_create(event=event, bp=org.bp_n1, by=org.area_admin_n1)
    with pytest.raises(ValidationError):
        attendance_record(invitation=inv, attended=True, by=org.area_admin_n1)


def test_it_refuses_a_customer_invited_twice(approvers, approved_event):
    org = approvers
    invitation_create(event=approved_event, bp=org.bp_n1, by=org.area_admin_n1)
    with pytest.raises(ValidationError):
        invitation_create(event=approved_event, bp=org.bp_n1, by=org.area_admin_n1)


def test_it_rates_attendance_per_segment_of_the_events_year(approvers, approved_event):
    org = approvers
    star = BusinessPartnerFactory(home_office=org.n1_office)
    strategic = org.bp_n1
    plain = BusinessPartnerFactory(home_office=org.n1_office)
    _key_account(org, strategic, 2569, "strategic")
    _key_account(org, star, 2569, "star")
    _key_account(org, plain, 2568, "strategic")  # last year's status does not count
    for bp, came in ((strategic, True), (star, False), (plain, True)):
        inv = invitation_create(event=approved_event, bp=bp, by=org.area_admin_n1)
        attendance_record(invitation=inv, attended=came, by=org.area_admin_n1)
    rows = {r.segment: r for r in attendance_by_segment(user=org.area_admin_n1, fy=2569)}
    assert set(rows) == {"strategic", "star", NOT_A_KEY_ACCOUNT}
    assert (rows["strategic"].invited, rows["strategic"].attended) == (1, 1)
    assert rows["star"].rate == 0.0
    assert rows[NOT_A_KEY_ACCOUNT].rate == 1.0
    assert rows["strategic"].accepted == 1  # checked in without an answer: attending
