"""The default Risk Assessment Matrix: score P × I, 15–25 very high, 8–12 high, 4–6
medium, 1–3 low (BRIEF §5), checked on every one of its 25 cells through `assess`."""

import pytest

from crmplus.risk.scoring import MatrixRules, assess

LOW, MEDIUM, HIGH, VERY_HIGH = 1, 2, 3, 4
# Rows P = 1…5, columns I = 1…5.
EXPECTED = [
    [LOW, LOW, LOW, MEDIUM, MEDIUM],
    [LOW, MEDIUM, MEDIUM, HIGH, HIGH],
    [LOW, MEDIUM, HIGH, HIGH, VERY_HIGH],
    [MEDIUM, HIGH, HIGH, VERY_HIGH, VERY_HIGH],
    [MEDIUM, HIGH, VERY_HIGH, VERY_HIGH, VERY_HIGH],
]
# A yearly GM in each impact band of the default matrix.
GM_FOR_IMPACT = {1: 500_000, 2: 1_000_000, 3: 7_500_000, 4: 10_000_000, 5: 50_000_000}
CELLS = [(p, i, EXPECTED[p - 1][i - 1]) for p in range(1, 6) for i in range(1, 6)]


@pytest.mark.parametrize(("p", "i", "level"), CELLS, ids=[f"P{p}xI{i}" for p, i, _ in CELLS])
def test_it_maps_every_cell_of_the_default_matrix(p, i, level):
    values = {
        "spp_offer": False,
        "self_generation": 1,
        "tariff_sensitivity": p,  # the highest probability factor: P under "max"
        "yearly_gm": GM_FOR_IMPACT[i],
    }
    result = assess(MatrixRules(), values)
    assert (result.p, result.i, result.score, result.level) == (p, i, p * i, level)
    assert f"Score {p} × {i} = {p * i}" in result.explain_en
    assert f"คะแนน {p} × {i} = {p * i}" in result.explain_th


def test_it_explains_each_factor_in_thai_and_english():
    result = assess(
        MatrixRules(),
        {"spp_offer": True, "self_generation": 4, "yearly_gm": 12_000_000, "load_mw": 2.5},
    )
    assert (result.p, result.i, result.level, result.level_en) == (5, 4, 4, "very high")
    assert "Offer received from an SPP: yes → 5 (Almost certain)" in result.explain_en
    assert "Yearly gross margin: 12,000,000 baht → 4 (Major)" in result.explain_en
    assert "Load: 2.50 MW → 2 (Minor)" in result.explain_en
    assert "Open complaints: not given (skipped)" in result.explain_en
    assert "Probability 5 (Almost certain): the highest factor score" in result.explain_en
    assert "ได้รับข้อเสนอซื้อไฟจากผู้ผลิตไฟฟ้ารายเล็ก (SPP): ใช่ → 5" in result.explain_th
    assert result.level_th == "สูงมาก"
    assert result.values == {
        "spp_offer": True,
        "self_generation": 4,
        "yearly_gm": 12_000_000,
        "load_mw": 2.5,
    }


def test_it_round_trips_the_default_matrix_through_a_dict():
    rules = MatrixRules()
    assert MatrixRules.from_dict(rules.to_dict()) == rules
    assert rules.grid() == EXPECTED
