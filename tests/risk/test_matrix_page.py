"""The matrix settings page: everyone in scope reads it, only HQ admins change it."""

import json

import pytest
from django.urls import reverse

from crmplus.core.models import SettingValue
from crmplus.risk.matrix_settings import (
    MATRIX_KEY,
    SPECIAL_LEVELS_KEY,
    matrix_for_fy,
    special_levels,
)
from crmplus.risk.scoring import MatrixRules
from tests.risk.conftest import FY, assess_n1

URL = reverse("risk:matrix") + f"?fy={FY}"


def post_data(matrix=None, **changes):
    """The form as an HQ admin would post it, unchanged unless `changes` say so."""
    matrix = matrix or MatrixRules()
    data = {
        "m-probability_combine": matrix.probability_combine,
        "m-impact_combine": matrix.impact_combine,
        "m-band_medium": "4",
        "m-band_high": "8",
        "m-band_very_high": "15",
        "m-special_levels": ["4", "3"],
        "m-note": "",
        "m-advanced": json.dumps(matrix.to_dict(), ensure_ascii=False, indent=2),
    }
    data.update({f"m-{k}": v for k, v in changes.items()})
    return data


@pytest.mark.parametrize("name", ["hq_admin", "area_admin_n1", "auditor"])
def test_it_shows_the_matrix_in_force_to_readers(client, org, name):
    client.force_login(getattr(org, name))
    r = client.get(URL)
    assert r.status_code == 200
    body = r.content.decode()
    assert 'data-testid="matrix-grid"' in body and "risk-very-high" in body
    assert "เกือบแน่นอน" in body and "Almost certain" in body  # the scale, both languages
    assert 'data-testid="factor-spp_offer"' in body
    assert ('data-testid="matrix-form"' in body) == (name == "hq_admin")


def test_the_risk_home_links_to_the_matrix(client, org):
    client.force_login(org.area_admin_n1)
    assert reverse("risk:matrix") in client.get(reverse("risk:home")).content.decode()


def test_hq_admin_saves_new_bands_and_assessments_follow(client, org):
    client.force_login(org.hq_admin)
    r = client.post(
        URL,
        post_data(band_medium="3", band_high="10", band_very_high="25", note="ปรับตามมติ",
                  special_levels=["4"]),
    )  # fmt: skip
    assert r.status_code == 302
    rules = matrix_for_fy(FY)
    assert rules.score_bands == ((1, 1), (3, 2), (10, 3), (25, 4))
    assert special_levels(FY) == {4}
    row = SettingValue.objects.get(key=MATRIX_KEY, effective_fy=FY)
    assert (row.updated_by, row.note) == (org.hq_admin, "ปรับตามมติ")
    assert SettingValue.objects.get(key=SPECIAL_LEVELS_KEY).updated_by == org.hq_admin
    a = assess_n1(org)  # P5 × I4 = 20: very high on the defaults, now high
    assert (a.score, a.level) == (20, 3)
    page = client.get(URL).content.decode()
    assert "ปรับตามมติ" in page and 'data-testid="matrix-history"' in page


def test_the_json_sets_what_the_simple_fields_do_not(client, org):
    client.force_login(org.hq_admin)
    data = MatrixRules().to_dict()
    data["probability_factors"][0]["weight"] = 3
    r = client.post(URL, post_data(advanced=json.dumps(data)))
    assert r.status_code == 302
    assert matrix_for_fy(FY).probability_factors[0].weight == 3


@pytest.mark.parametrize(
    "changes",
    [
        {"advanced": "{not json"},
        {"advanced": json.dumps({**MatrixRules().to_dict(), "level_table": [[1]]})},
        {"band_medium": "8", "band_high": "8", "band_very_high": "15"},
        {"band_medium": "10", "band_high": "8", "band_very_high": "30"},
    ],
)
def test_it_refuses_a_broken_matrix_and_saves_nothing(client, org, changes):
    client.force_login(org.hq_admin)
    before = SettingValue.objects.count()
    r = client.post(URL, post_data(**{"band_medium": "5", **changes}))
    assert r.status_code == 200
    assert 'data-testid="matrix-errors"' in r.content.decode()
    assert SettingValue.objects.count() == before
    assert matrix_for_fy(FY) == MatrixRules()


def test_only_hq_admins_may_change_it(client, org):
    client.force_login(org.area_admin_n1)
    r = client.post(URL, post_data(band_medium="3"))
    assert r.status_code == 403
    assert not SettingValue.objects.filter(key__in=[MATRIX_KEY, SPECIAL_LEVELS_KEY]).exists()
