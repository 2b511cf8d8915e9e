"""The matrix is a setting per fiscal year: HQ admins change it, code holds the default."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crmplus.core.models import SettingValue
from crmplus.risk.matrix_settings import MATRIX_KEY, matrix_for_fy, matrix_parse, matrix_save
from crmplus.risk.scoring import MatrixRules


def test_it_applies_a_matrix_from_its_fiscal_year_on(org):
    custom = MatrixRules(impact_combine="weighted_mean")
    assert matrix_save(fy=2570, matrix=custom, by=org.hq_admin, note="ปรับตามมติ")
    assert matrix_for_fy(2569) == MatrixRules()
    assert matrix_for_fy(2570) == custom
    assert matrix_for_fy(2575) == custom
    assert not matrix_save(fy=2570, matrix=custom, by=org.hq_admin)
    row = SettingValue.objects.get(key=MATRIX_KEY)
    assert (row.effective_fy, row.updated_by, row.note) == (2570, org.hq_admin, "ปรับตามมติ")


def test_it_lets_only_hq_admins_change_the_matrix(org):
    with pytest.raises(PermissionDenied):
        matrix_save(fy=2570, matrix=MatrixRules(), by=org.area_admin_n1)


def test_it_refuses_a_broken_matrix_with_a_clear_error():
    with pytest.raises(ValidationError, match="level_table"):
        matrix_parse({**MatrixRules().to_dict(), "level_table": [[1]]})
