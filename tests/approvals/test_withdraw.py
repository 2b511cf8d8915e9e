"""The submitter may withdraw a pending request; nobody else, and not once decided."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from crmplus.approvals.models import ApprovalStatus, EventAction
from crmplus.approvals.selectors import inbox_for
from crmplus.approvals.services import approval_approve, approval_withdraw


def test_it_withdraws_a_pending_request(submit, org, approver_n1, kind):
    req = submit()
    approval_withdraw(request=req, by=org.kamr_n1)
    assert req.status == ApprovalStatus.WITHDRAWN
    assert req.events.last().action == EventAction.WITHDRAWN
    assert list(inbox_for(approver_n1)) == []
    assert kind.withdrawn == [(org.bp_n1, req, org.kamr_n1)]


def test_it_lets_only_the_submitter_withdraw(submit, org, approver_n1):
    req = submit()
    for user in (org.senior_n1, approver_n1, org.hq_admin):
        with pytest.raises(PermissionDenied):
            approval_withdraw(request=req, by=user)
    req.refresh_from_db()
    assert req.status == ApprovalStatus.PENDING


def test_it_cannot_withdraw_a_decided_request(submit, org, approver_n1):
    req = submit()
    approval_approve(request=req, by=approver_n1)
    with pytest.raises(ValidationError):
        approval_withdraw(request=req, by=org.kamr_n1)
    assert req.status == ApprovalStatus.APPROVED


def test_it_withdraws_from_the_page(client, submit, org):
    req = submit()
    client.force_login(org.kamr_n1)
    assert b'data-testid="withdraw"' in client.get(req.get_absolute_url()).content
    assert client.get(reverse("approvals:withdraw", args=[req.pk])).status_code == 405
    r = client.post(reverse("approvals:withdraw", args=[req.pk]))
    assert r.status_code == 302
    req.refresh_from_db()
    assert req.status == ApprovalStatus.WITHDRAWN
    assert b'data-testid="withdraw"' not in client.get(req.get_absolute_url()).content
