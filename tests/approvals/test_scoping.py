"""Another area's approver cannot see a request (404) nor decide it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from crmplus.approvals.models import ApprovalStatus
from crmplus.approvals.selectors import requests_for
from crmplus.approvals.services import approval_approve, approval_reject


def test_it_answers_404_on_the_detail_page_for_another_area(client, submit, approver_c1):
    req = submit()
    client.force_login(approver_c1)
    assert client.get(req.get_absolute_url()).status_code == 404


def test_it_answers_404_to_a_decision_posted_from_another_area(client, submit, approver_c1):
    req = submit()
    client.force_login(approver_c1)
    r = client.post(reverse("approvals:approve", args=[req.pk]), {"comment": "ok"})
    assert r.status_code == 404
    r = client.post(reverse("approvals:reject", args=[req.pk]), {"reason": "no"})
    assert r.status_code == 404
    req.refresh_from_db()
    assert req.status == ApprovalStatus.PENDING


def test_it_answers_404_on_the_api_for_another_area(org, submit, approver_c1, api_as):
    req = submit()
    api = api_as(approver_c1)
    assert api.get(f"{req.pk}").status_code == 404
    assert api.post(f"{req.pk}/approve", {"comment": ""}).status_code == 404
    assert api.post(f"{req.pk}/reject", {"reason": "no"}).status_code == 404


def test_it_refuses_a_decision_by_another_areas_approver_in_the_service(submit, approver_c1):
    req = submit()
    with pytest.raises(PermissionDenied):
        approval_approve(request=req, by=approver_c1)
    with pytest.raises(PermissionDenied):
        approval_reject(request=req, by=approver_c1, reason="no")
    req.refresh_from_db()
    assert req.status == ApprovalStatus.PENDING
    assert req.events.count() == 1


def test_it_lists_only_requests_in_scope(org, submit, approver_n1, approver_c1):
    n1 = submit()
    c1 = submit(subject=org.bp_c1, unit=org.c1_office, by=org.kamr_c1)
    assert list(requests_for(approver_n1)) == [n1]
    assert list(requests_for(approver_c1)) == [c1]
    assert list(requests_for(org.kamr_n1)) == [n1]
    assert set(requests_for(org.auditor)) == {n1, c1}
