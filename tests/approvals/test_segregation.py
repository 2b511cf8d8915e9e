"""Only the approving unit's approver decides, and never a request they submitted."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from crmplus.approvals.models import ApprovalStatus
from crmplus.approvals.routing import can_decide
from crmplus.approvals.selectors import inbox_for
from crmplus.approvals.services import approval_approve, approval_reject, approval_submit
from tests.approvals.conftest import KIND, make_approver


def test_it_refuses_the_hq_approver_on_an_area_request(submit, org):
    req = submit()
    assert not can_decide(org.hq_approver, req)
    with pytest.raises(PermissionDenied):
        approval_approve(request=req, by=org.hq_approver)
    req.refresh_from_db()
    assert req.status == ApprovalStatus.PENDING


def test_it_shows_the_hq_approver_the_request_without_decision_forms(client, submit, org):
    req = submit()
    client.force_login(org.hq_approver)
    r = client.get(req.get_absolute_url())
    assert r.status_code == 200
    assert not r.context["can_decide"]
    assert b'data-testid="decision-forms"' not in r.content
    r = client.post(reverse("approvals:approve", args=[req.pk]), follow=True)
    assert r.redirect_chain == [(req.get_absolute_url(), 302)]
    [message] = [str(m) for m in r.context["messages"]]
    assert org.n1.name in message
    req.refresh_from_db()
    assert req.status == ApprovalStatus.PENDING


def test_it_answers_403_to_the_hq_approver_on_the_api(submit, org, api_as):
    req = submit()
    r = api_as(org.hq_approver).post(f"{req.pk}/approve", {"comment": ""})
    assert r.status_code == 403
    assert api_as(org.hq_approver).get(f"{req.pk}").json()["can_decide"] is False


def test_it_refuses_an_approver_deciding_their_own_request(org, approver_n1, kind):
    req = approval_submit(
        subject=org.bp_n1, kind=KIND, unit=org.n1, title="ของตัวเอง", by=approver_n1
    )
    assert req.approver_unit == org.n1
    assert list(inbox_for(approver_n1)) == []
    with pytest.raises(PermissionDenied):
        approval_approve(request=req, by=approver_n1)
    req.refresh_from_db()
    assert req.status == ApprovalStatus.PENDING


def test_it_lets_a_second_approver_decide_what_the_first_submitted(org, approver_n1, kind):
    other = make_approver("approver_n1_b", org.n1)
    req = approval_submit(subject=org.bp_n1, kind=KIND, unit=org.n1, title="t", by=approver_n1)
    assert list(inbox_for(other)) == [req]
    approval_approve(request=req, by=other)
    assert req.status == ApprovalStatus.APPROVED


def test_it_bars_an_earlier_rounds_submitter_from_deciding(org, approver_n1, kind):
    other = make_approver("approver_n1_b", org.n1)
    req = approval_submit(subject=org.bp_n1, kind=KIND, unit=org.n1, title="t", by=approver_n1)
    approval_reject(request=req, by=other, reason="ขาดเอกสาร")
    # A colleague resubmits: the first submitter still may not decide it.
    approval_submit(subject=org.bp_n1, kind=KIND, unit=org.n1, title="t", by=org.area_admin_n1)
    req.refresh_from_db()
    assert req.submitted_by == org.area_admin_n1
    assert not can_decide(approver_n1, req)
    assert list(inbox_for(approver_n1)) == []
    assert list(inbox_for(other)) == [req]


def test_it_refuses_an_auditor(submit, org):
    req = submit(subject=org.hq, unit=org.hq, by=org.hq_admin)
    with pytest.raises(PermissionDenied):
        approval_approve(request=req, by=org.auditor)
