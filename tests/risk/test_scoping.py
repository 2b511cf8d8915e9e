"""Another area's customers are out of reach: not assessed, not read (BRIEF §2)."""

import pytest
from django.core.exceptions import PermissionDenied

from crmplus.core.models import Role
from crmplus.risk.models import RiskAssessment, RiskEvidence
from crmplus.risk.services import assessment_save
from tests.factories import BusinessPartnerFactory, ContractAccountFactory, UserFactory
from tests.risk.conftest import EVIDENCE, FY, VERY_HIGH, assess_n1


def test_it_refuses_an_assessment_of_another_areas_customer(org):
    with pytest.raises(PermissionDenied):
        assess_n1(org, by=org.kamr_c1)
    assert not RiskAssessment.objects.exists()


def test_it_hides_another_areas_assessment(org):
    a = assess_n1(org)
    RiskEvidence.objects.create(assessment=a, factor="spp_offer", note="x", added_by=org.kamr_n1)
    assert not RiskAssessment.objects.for_user(org.kamr_c1).filter(pk=a.pk).exists()
    assert not RiskAssessment.objects.for_user(org.area_admin_c1).exists()
    assert not RiskEvidence.objects.for_user(org.kamr_c1).exists()
    for user in (org.kamr_n1, org.senior_n1, org.area_admin_n1, org.hq_admin, org.auditor):
        assert RiskAssessment.objects.for_user(user).get() == a
    assert RiskEvidence.objects.for_user(org.senior_n1).count() == 1


@pytest.mark.parametrize("name", ["auditor", "hq_approver", "hq_admin"])
def test_it_lets_only_kam_roles_assess(org, name):
    with pytest.raises(PermissionDenied):
        assess_n1(org, by=getattr(org, name))
    assert not RiskAssessment.objects.exists()


def test_it_gives_hq_owned_accounts_to_hq(org):
    national = BusinessPartnerFactory(home_office=org.hq)
    ContractAccountFactory(bp=national, office=org.n1_office)
    hq_kamr = UserFactory(username="kamr_hq", role=Role.KAMR, home_unit=org.hq)

    def save(by):
        return assessment_save(
            bp=national, office=org.n1_office, fy=FY, values=VERY_HIGH, notes=EVIDENCE, by=by
        )

    with pytest.raises(PermissionDenied):
        save(org.kamr_n1)  # the customer is served in N1, but HQ owns the account
    a = save(hq_kamr)
    assert a.owner == org.hq
    assert not RiskAssessment.objects.for_user(org.area_admin_n1).exists()
