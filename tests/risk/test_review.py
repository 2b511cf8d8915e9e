"""Review: a Senior KAMR or area admin of the scope confirms or sends back; never the
assessor; sending back needs a note (BRIEF §1, §5)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from crmplus.risk.models import AssessmentStatus, RiskAssessment
from crmplus.risk.services import (
    assessment_confirm,
    assessment_return,
    assessment_submit,
    evidence_add,
)
from tests.risk.conftest import LOW, VERY_HIGH, assess_n1, submitted_n1


def test_it_confirms_a_submitted_assessment(org):
    a = submitted_n1(org)
    assert a.status == AssessmentStatus.SUBMITTED and a.submitted_at
    assessment_confirm(assessment=a, by=org.senior_n1, note="ตรวจแล้ว")
    a.refresh_from_db()
    assert (a.status, a.reviewed_by, a.review_note) == ("confirmed", org.senior_n1, "ตรวจแล้ว")
    assert a.reviewed_at is not None


def test_it_needs_a_note_to_send_back(org):
    a = submitted_n1(org)
    with pytest.raises(ValidationError) as caught:
        assessment_return(assessment=a, by=org.area_admin_n1, note="  ")
    assert "note" in caught.value.message_dict
    assert RiskAssessment.objects.get().status == AssessmentStatus.SUBMITTED
    assessment_return(assessment=a, by=org.area_admin_n1, note="แนบหนังสือเสนอราคาด้วย")
    a.refresh_from_db()
    assert a.status == AssessmentStatus.RETURNED
    # The assessor changes it and submits again.
    a = assess_n1(org, values={**VERY_HIGH, "load_mw": 12})
    assert a.review_note == "แนบหนังสือเสนอราคาด้วย"  # still shown while they fix it
    assessment_submit(assessment=a, by=org.kamr_n1)
    assert RiskAssessment.objects.get().status == AssessmentStatus.SUBMITTED


def test_it_refuses_the_assessor_confirming_their_own(org):
    a = assess_n1(org, by=org.senior_n1)
    assessment_submit(assessment=a, by=org.senior_n1)
    with pytest.raises(PermissionDenied):
        assessment_confirm(assessment=a, by=org.senior_n1)
    with pytest.raises(PermissionDenied):
        assessment_return(assessment=a, by=org.senior_n1, note="ของตัวเอง")
    assert RiskAssessment.objects.get().status == AssessmentStatus.SUBMITTED
    assessment_confirm(assessment=a, by=org.area_admin_n1)


@pytest.mark.parametrize("name", ["kamr_n1", "auditor", "area_admin_c1", "hq_approver"])
def test_it_refuses_reviewers_without_the_role_or_scope(org, name):
    a = submitted_n1(org)
    with pytest.raises(PermissionDenied):
        assessment_confirm(assessment=a, by=getattr(org, name))
    assert RiskAssessment.objects.get().status == AssessmentStatus.SUBMITTED


def test_it_reviews_only_submitted_assessments(org):
    a = assess_n1(org)
    with pytest.raises(ValidationError):
        assessment_confirm(assessment=a, by=org.senior_n1)
    a = submitted_n1(org, values=LOW)
    with translation.override("en"), pytest.raises(ValidationError, match="waiting for review"):
        assess_n1(org)  # frozen while the reviewer looks at it
    with pytest.raises(ValidationError):
        assessment_submit(assessment=a, by=org.kamr_n1)


def test_it_refuses_to_submit_without_the_evidence_the_matrix_asks_for(org):
    a = assess_n1(org)
    # The evidence disappeared after saving (a note cleared outside the service).
    RiskAssessment.objects.filter(pk=a.pk).update(notes={})
    a.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        assessment_submit(assessment=a, by=org.kamr_n1)
    assert "spp_offer" in caught.value.message_dict
    assert RiskAssessment.objects.get().status == AssessmentStatus.DRAFT
    evidence_add(assessment=a, factor="spp_offer", note="สำเนาหนังสือเสนอ", by=org.kamr_n1)
    assessment_submit(assessment=a, by=org.kamr_n1)
    assert RiskAssessment.objects.get().status == AssessmentStatus.SUBMITTED
