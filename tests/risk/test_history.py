"""Every version of an assessment stays in its history (who, when, what changed)."""

from crmplus.risk.services import assessment_confirm, assessment_submit
from tests.risk.conftest import LOW, assess_n1


def test_it_keeps_every_version_including_the_confirmed_one(org):
    a = assess_n1(org)
    assessment_submit(assessment=a, by=org.kamr_n1)
    assessment_confirm(assessment=a, by=org.senior_n1)
    a = assess_n1(org, values=LOW)  # a reassessment reopens it as a draft
    assert (a.level, a.status, a.reviewed_by) == (1, "draft", None)
    versions = list(a.history.order_by("history_date", "history_id"))
    assert [v.status for v in versions] == ["draft", "submitted", "confirmed", "draft"]
    assert [v.level for v in versions] == [4, 4, 4, 1]
    assert [v.history_change_reason for v in versions] == [
        "assessed",
        "submitted",
        "confirmed",
        "reassessed",
    ]
    assert [v.history_user for v in versions] == [
        org.kamr_n1,
        org.kamr_n1,
        org.senior_n1,
        org.kamr_n1,
    ]
    assert versions[2].reviewed_by_id == org.senior_n1.pk
