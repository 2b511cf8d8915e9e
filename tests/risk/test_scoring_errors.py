"""Values the matrix cannot score give an error naming the factor."""

import pytest

from crmplus.risk.scoring import FactorError, MatrixRules, assess

OK = {"spp_offer": False, "self_generation": 1, "yearly_gm": 2_000_000}


@pytest.mark.parametrize(
    ("change", "factor", "code"),
    [
        ({"tariff_sensitivity": 6}, "tariff_sensitivity", "out_of_range"),
        ({"tariff_sensitivity": 0}, "tariff_sensitivity", "out_of_range"),
        ({"self_generation": 2}, "self_generation", "out_of_range"),  # not an option
        ({"office_gm_share": 120}, "office_gm_share", "out_of_range"),
        ({"yearly_gm": -5}, "yearly_gm", "out_of_range"),
        ({"load_mw": "lots"}, "load_mw", "invalid"),
        ({"load_mw": float("nan")}, "load_mw", "invalid"),
        ({"spp_offer": "maybe"}, "spp_offer", "invalid"),
        ({"yearly_gm": None}, "yearly_gm", "missing"),
        ({"spp_offer": ""}, "spp_offer", "missing"),
        ({"weather": 3}, "weather", "unknown"),
    ],
)
def test_it_names_the_factor_it_cannot_score(change, factor, code):
    with pytest.raises(FactorError) as caught:
        assess(MatrixRules(), {**OK, **change})
    assert (caught.value.factor, caught.value.code) == (factor, code)


def test_it_asks_for_evidence_only_when_a_factor_raises_the_risk():
    rules = MatrixRules()
    assess(rules, OK, evidence=set())  # "no SPP offer" needs no evidence
    with pytest.raises(FactorError) as caught:
        assess(rules, {**OK, "spp_offer": True}, evidence={"self_generation"})
    assert (caught.value.factor, caught.value.code) == ("spp_offer", "evidence")
    assert assess(rules, {**OK, "spp_offer": True}, evidence={"spp_offer"}).p == 5
    # Without an evidence set the pure scoring does not check it.
    assert assess(rules, {**OK, "spp_offer": True}).p == 5
