"""Requests go to the HQ approver for HQ and regions, to the area's approver otherwise."""

from crmplus.approvals.routing import approver_unit_for
from crmplus.approvals.selectors import inbox_for


def test_it_routes_each_kind_of_unit(org):
    assert approver_unit_for(org.hq) == org.hq
    assert approver_unit_for(org.r1) == org.hq
    assert approver_unit_for(org.n1) == org.n1
    assert approver_unit_for(org.n1_office) == org.n1
    assert approver_unit_for(org.c1_office) == org.c1


def test_it_sends_an_hq_request_to_the_hq_approver(org, submit, approver_n1):
    req = submit(subject=org.hq, unit=org.hq, by=org.hq_admin)
    assert req.approver_unit == org.hq
    assert list(inbox_for(org.hq_approver)) == [req]
    assert list(inbox_for(approver_n1)) == []


def test_it_sends_a_regions_request_to_the_hq_approver(org, submit):
    req = submit(subject=org.r1, unit=org.r1, by=org.hq_admin)
    assert req.approver_unit == org.hq
    assert list(inbox_for(org.hq_approver)) == [req]


def test_it_sends_an_offices_request_to_its_areas_approver(org, submit, approver_n1, approver_c1):
    req = submit()
    assert req.unit == org.n1_office
    assert req.approver_unit == org.n1
    assert list(inbox_for(approver_n1)) == [req]
    assert list(inbox_for(approver_c1)) == []
    assert list(inbox_for(org.hq_approver)) == []


def test_it_keeps_non_approvers_inboxes_empty(org, submit):
    submit()
    for user in (org.area_admin_n1, org.senior_n1, org.hq_admin, org.auditor):
        assert list(inbox_for(user)) == []


def test_it_skips_an_inactive_approver(org, submit, approver_n1):
    submit()
    approver_n1.is_active = False
    approver_n1.save()
    assert list(inbox_for(approver_n1)) == []
