"""A rejected request comes back as the next round of the same request, history kept;
a subject never has two open requests."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from crmplus.approvals.models import ApprovalRequest, ApprovalStatus, EventAction
from crmplus.approvals.services import approval_approve, approval_reject, approval_withdraw


def test_it_resubmits_a_rejected_request_as_the_next_round(submit, approver_n1, org):
    first = submit(summary="รอบแรก")
    approval_reject(request=first, by=approver_n1, reason="ขาดเอกสาร")
    again = submit(summary="แก้ไขแล้ว", comment="แนบเอกสารครบ", by=org.senior_n1)
    assert again.pk == first.pk
    assert (again.round, again.status, again.summary) == (2, ApprovalStatus.PENDING, "แก้ไขแล้ว")
    assert again.submitted_by == org.senior_n1
    assert (again.decided_by, again.decided_at, again.decision_reason) == (None, None, "")
    events = list(again.events.order_by("at", "pk"))
    assert [(e.action, e.round) for e in events] == [
        (EventAction.SUBMITTED, 1),
        (EventAction.REJECTED, 1),
        (EventAction.RESUBMITTED, 2),
    ]
    assert events[1].comment == "ขาดเอกสาร"
    assert events[2].comment == "แนบเอกสารครบ"
    assert ApprovalRequest.objects.count() == 1
    assert again.history.count() == 3


def test_it_shows_every_round_on_the_page(client, submit, approver_n1):
    req = submit()
    approval_reject(request=req, by=approver_n1, reason="ขาดเอกสาร")
    submit()
    approval_approve(request=req, by=approver_n1, comment="ครบถ้วน")
    client.force_login(approver_n1)
    r = client.get(req.get_absolute_url())
    assert len(r.context["events"]) == 4
    page = r.content.decode()
    assert "ขาดเอกสาร" in page and "ครบถ้วน" in page


def test_it_refuses_a_second_submission_while_pending(submit):
    submit()
    with pytest.raises(ValidationError):
        submit()
    assert ApprovalRequest.objects.count() == 1


def test_it_starts_a_new_request_after_approval_or_withdrawal(submit, approver_n1, org):
    first = submit()
    approval_approve(request=first, by=approver_n1)
    second = submit()
    assert second.pk != first.pk and second.round == 1
    approval_withdraw(request=second, by=org.kamr_n1)
    third = submit()
    assert third.pk not in (first.pk, second.pk)


def test_it_has_the_database_refuse_two_open_requests(submit, org):
    req = submit()
    duplicate = ApprovalRequest(
        kind=req.kind,
        content_type=ContentType.objects.get_for_model(org.bp_n1),
        object_id=org.bp_n1.pk,
        unit=org.n1_office,
        approver_unit=org.n1,
        title="race",
        status=ApprovalStatus.REJECTED,
        submitted_by=org.kamr_n1,
        submitted_at=timezone.now(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    duplicate.status = ApprovalStatus.APPROVED
    duplicate.save()  # closed requests may pile up
