"""A rejection needs a reason; it is recorded and shown."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from crmplus.approvals.models import ApprovalStatus, EventAction
from crmplus.approvals.services import approval_reject


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_it_refuses_a_rejection_without_a_reason(submit, approver_n1, kind, reason):
    req = submit()
    with pytest.raises(ValidationError) as e:
        approval_reject(request=req, by=approver_n1, reason=reason)
    assert set(e.value.message_dict) == {"reason"}
    req.refresh_from_db()
    assert req.status == ApprovalStatus.PENDING
    assert kind.rejected == []


def test_it_records_the_reason_and_calls_back(submit, approver_n1, kind, org):
    req = submit()
    approval_reject(request=req, by=approver_n1, reason=" งบประมาณไม่พอ ")
    req.refresh_from_db()
    assert (req.status, req.decision_reason, req.decided_by) == (
        ApprovalStatus.REJECTED,
        "งบประมาณไม่พอ",
        approver_n1,
    )
    assert req.decided_at is not None
    assert [e.action for e in req.events.all()] == [EventAction.SUBMITTED, EventAction.REJECTED]
    assert req.events.last().comment == "งบประมาณไม่พอ"
    assert kind.rejected == [(org.bp_n1, req, approver_n1)]


def test_it_shows_the_missing_reason_on_the_form(client, submit, approver_n1):
    req = submit()
    client.force_login(approver_n1)
    r = client.post(reverse("approvals:reject", args=[req.pk]), {"reason": ""})
    assert r.status_code == 200
    assert "reason" in r.context["reject_form"].errors
    assert b'data-testid="error-reason"' in r.content
    req.refresh_from_db()
    assert req.status == ApprovalStatus.PENDING


def test_it_rejects_from_the_page(client, submit, approver_n1):
    req = submit()
    client.force_login(approver_n1)
    r = client.post(reverse("approvals:reject", args=[req.pk]), {"reason": "ขาดเอกสาร"})
    assert r.status_code == 302
    req.refresh_from_db()
    assert req.status == ApprovalStatus.REJECTED
    page = client.get(req.get_absolute_url()).content.decode()
    assert "ขาดเอกสาร" in page


def test_it_refuses_deciding_twice(submit, approver_n1):
    req = submit()
    approval_reject(request=req, by=approver_n1, reason="no")
    with pytest.raises(ValidationError):
        approval_reject(request=req, by=approver_n1, reason="again")
    assert req.events.count() == 2
