"""Saving an assessment derives P, I, score and level from the year's matrix."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from crmplus.risk.matrix_settings import matrix_save
from crmplus.risk.models import AssessmentStatus, RiskAssessment, RiskEvidence
from crmplus.risk.scoring import MatrixRules
from tests.risk.conftest import EVIDENCE, FY, VERY_HIGH, assess_n1


def test_it_derives_the_level_and_keeps_the_matrix_used(org):
    a = assess_n1(org)
    assert (a.p, a.i, a.score, a.level) == (5, 4, 20, 4)
    assert a.status == AssessmentStatus.DRAFT
    assert a.owner == org.n1_office
    assert a.assessed_by == org.kamr_n1
    assert a.matrix == MatrixRules().to_dict()
    assert "Score 5 × 4 = 20 → very high" in a.explain_en
    assert a.notes == {"spp_offer": "หนังสือเสนอราคาจาก SPP ลงวันที่ 3 มี.ค. 2569"}


def test_it_uses_the_matrix_of_the_fiscal_year(org):
    stricter = MatrixRules(score_bands=((1, 1), (2, 2), (3, 3), (4, 4)))
    matrix_save(fy=FY + 1, matrix=stricter, by=org.hq_admin)
    low = {"spp_offer": False, "self_generation": 1, "tariff_sensitivity": 2, "yearly_gm": 1e6}
    assert assess_n1(org, values=low).level == 2  # 2 × 2 = 4: medium in FY2569
    assert assess_n1(org, values=low, fy=FY + 1).level == 4
    assert RiskAssessment.objects.get(fy=FY + 1).matrix == stricter.to_dict()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({**VERY_HIGH, "tariff_sensitivity": 7}, "tariff_sensitivity"),
        ({**VERY_HIGH, "office_gm_share": 101}, "office_gm_share"),
        ({**VERY_HIGH, "yearly_gm": -1}, "yearly_gm"),
        ({"spp_offer": True, "self_generation": 1}, "yearly_gm"),
        ({**VERY_HIGH, "colour": "red"}, "colour"),
    ],
)
def test_it_refuses_values_out_of_range_and_saves_nothing(org, values, field):
    with pytest.raises(ValidationError) as caught:
        assess_n1(org, values=values)
    assert field in caught.value.message_dict
    assert not RiskAssessment.objects.exists()


def test_it_names_the_factor_in_the_users_language(org):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        assess_n1(org, values={**VERY_HIGH, "tariff_sensitivity": 7})
    assert caught.value.message_dict["tariff_sensitivity"] == [
        "Tariff sensitivity: 7 is not one of the choices (1, 2, 3, 4, 5)."
    ]


def test_it_refuses_a_raised_factor_without_evidence_and_saves_nothing(org):
    with pytest.raises(ValidationError) as caught:
        assess_n1(org, notes={})
    assert "spp_offer" in caught.value.message_dict
    assert not RiskAssessment.objects.exists()


def test_it_accepts_a_file_as_evidence(org, media):
    offer = SimpleUploadedFile("spp-offer.pdf", b"%PDF-1.4 offer", content_type="application/pdf")
    a = assess_n1(org, notes={}, attachments={"spp_offer": [offer]})
    evidence = RiskEvidence.objects.get(assessment=a)
    assert (evidence.factor, evidence.file_name, evidence.size) == (
        "spp_offer",
        "spp-offer.pdf",
        14,
    )
    # A later change keeps the attached file as evidence.
    assert assess_n1(org, notes={}, values={**VERY_HIGH, "load_mw": 3}).level == 4


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("offer.exe", b"MZ", "only these file types"),
        ("offer.pdf", b"x" * (1024 * 1024 + 1), "larger than 1 MB"),
        ("offer.pdf", b"", "is empty"),
    ],
)
def test_it_refuses_a_wrong_attachment_and_saves_nothing(org, media, name, content, why):
    from crmplus.core.models import SettingValue

    SettingValue.objects.create(key="risk.evidence_max_mb", effective_fy=FY, value=1)
    upload = SimpleUploadedFile(name, content)
    with translation.override("en"), pytest.raises(ValidationError, match=why):
        assess_n1(org, notes={}, attachments={"spp_offer": [upload]})
    assert not RiskAssessment.objects.exists()
    assert not RiskEvidence.objects.exists()


def test_it_refuses_an_office_the_customer_is_not_served_by(org):
    with pytest.raises(ValidationError) as caught:
        _save_at(org, org.n1_office2)
    assert "office" in caught.value.message_dict
    assert not RiskAssessment.objects.exists()


def _save_at(org, office):
    from crmplus.risk.services import assessment_save

    return assessment_save(
        bp=org.bp_n1, office=office, fy=FY, values=VERY_HIGH, notes=EVIDENCE, by=org.area_admin_n1
    )
