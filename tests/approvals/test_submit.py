"""Submitting checks its input and the submitter's scope."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crmplus.approvals.models import ApprovalRequest, ApprovalStatus, EventAction
from crmplus.approvals.selectors import approvals_for
from crmplus.approvals.services import approval_for


def test_it_submits_a_request(org, submit):
    req = submit(summary="สรุป", title="  ขออนุมัติ  ")
    assert (req.title, req.summary, req.status, req.round) == (
        "ขออนุมัติ",
        "สรุป",
        ApprovalStatus.PENDING,
        1,
    )
    assert req.subject == org.bp_n1
    assert (req.submitted_by, req.unit) == (org.kamr_n1, org.n1_office)
    assert [e.action for e in req.events.all()] == [EventAction.SUBMITTED]


@pytest.mark.parametrize(
    "field,kwargs",
    [
        ("title", {"title": "  "}),
        ("title", {"title": "x" * 201}),
        ("summary", {"summary": "bad\x00text"}),
    ],
)
def test_it_refuses_bad_text(submit, field, kwargs):
    with pytest.raises(ValidationError) as e:
        submit(**kwargs)
    assert set(e.value.message_dict) == {field}
    assert not ApprovalRequest.objects.exists()


def test_it_refuses_a_unit_outside_the_submitters_scope(org, submit):
    with pytest.raises(ValidationError) as e:
        submit(unit=org.c1_office)
    assert set(e.value.message_dict) == {"unit"}


def test_it_refuses_an_auditor(org, submit):
    with pytest.raises(PermissionDenied):
        submit(by=org.auditor, unit=org.hq, subject=org.hq)


def test_it_refuses_an_unsaved_subject(org, submit):
    from crmplus.customers.models import BusinessPartner

    with pytest.raises(ValidationError):
        submit(subject=BusinessPartner(name_th="ใหม่"))


def test_it_finds_the_latest_request_of_a_subject(org, submit, approver_n1):
    assert approval_for(org.bp_n1) is None
    req = submit()
    other = submit(subject=org.bp_c1, unit=org.n1_office)
    assert approval_for(org.bp_n1) == req
    assert approvals_for([org.bp_n1, org.bp_c1, org.ca_n1.bp]) == {
        org.bp_n1.pk: req,
        org.bp_c1.pk: other,
    }
