"""The kind's callback runs inside the decision: if it refuses, nothing is decided."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from crmplus.approvals.models import ApprovalStatus, Notification
from crmplus.approvals.services import approval_approve, approval_submit


def test_it_calls_on_approved_with_subject_request_and_approver(org, submit, approver_n1, kind):
    req = submit()
    approval_approve(request=req, by=approver_n1, comment="เห็นชอบ")
    [(subject, request, by)] = kind.approved
    assert (subject, request, by) == (org.bp_n1, req, approver_n1)
    assert request.status == ApprovalStatus.APPROVED  # already decided when the callback runs
    assert req.decision_reason == "เห็นชอบ"


def test_it_rolls_the_decision_back_when_the_callback_refuses(
    org, submit, approver_n1, kind, django_capture_on_commit_callbacks
):
    req = submit()
    kind.fail_with = "รายชื่อเปลี่ยนไปหลังส่งขออนุมัติ"
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        approval_approve(request=req, by=approver_n1)
    req.refresh_from_db()
    assert (req.status, req.decided_by, req.decided_at) == (ApprovalStatus.PENDING, None, None)
    assert req.events.count() == 1
    assert req.history.count() == 1
    assert not Notification.objects.exists()
    assert mail.outbox == []
    assert len(kind.approved) == 1  # it did run


def test_it_shows_the_callbacks_message_on_the_page(client, submit, approver_n1, kind):
    req = submit()
    kind.fail_with = "รายชื่อเปลี่ยนไปหลังส่งขออนุมัติ"
    client.force_login(approver_n1)
    r = client.post(reverse("approvals:approve", args=[req.pk]), {"comment": "ok"})
    assert r.status_code == 200
    assert "รายชื่อเปลี่ยนไปหลังส่งขออนุมัติ" in [str(m) for m in r.context["messages"]]
    assert r.context["approve_form"]["comment"].value() == "ok"
    req.refresh_from_db()
    assert req.status == ApprovalStatus.PENDING


def test_it_refuses_an_unregistered_kind(org):
    with pytest.raises(ValidationError) as e:
        approval_submit(
            subject=org.bp_n1, kind="nobody.knows", unit=org.n1_office, title="t", by=org.kamr_n1
        )
    assert set(e.value.message_dict) == {"kind"}
