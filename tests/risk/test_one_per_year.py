"""One current assessment per account (BP, office) per fiscal year."""

import pytest
from django.db import IntegrityError

from crmplus.risk.models import RiskAssessment
from tests.risk.conftest import FY, LOW, assess_n1


def test_it_changes_the_current_assessment_instead_of_adding_one(org):
    first = assess_n1(org)
    second = assess_n1(org, values=LOW)
    assert first.pk == second.pk
    assert RiskAssessment.objects.get().level == 1
    assess_n1(org, fy=FY + 1)
    assert RiskAssessment.objects.count() == 2


def test_it_is_enforced_by_the_database(org):
    a = assess_n1(org)
    a.pk = None
    with pytest.raises(IntegrityError):
        a.save()
