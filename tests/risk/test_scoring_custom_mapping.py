"""A custom matrix: any 5×5 table of levels, other bands, weighted-mean combination."""

import json

import pytest

from crmplus.risk.scoring import Factor, MatrixRules, assess

# A stricter table: anything with P or I at 5 is very high.
TABLE = [
    [1, 1, 2, 2, 4],
    [1, 2, 2, 3, 4],
    [2, 2, 3, 3, 4],
    [2, 3, 3, 4, 4],
    [4, 4, 4, 4, 4],
]
BASE = {"spp_offer": False, "self_generation": 1, "yearly_gm": 100_000}


def test_it_uses_a_custom_table_of_levels():
    rules = MatrixRules(level_table=tuple(tuple(r) for r in TABLE))
    for p in range(1, 6):
        for i, gm in enumerate([0, 1e6, 5e6, 1e7, 2e7], start=1):
            result = assess(rules, {**BASE, "tariff_sensitivity": p, "yearly_gm": gm})
            assert result.level == TABLE[p - 1][i - 1], (p, i)
    assert (
        "Cell P5 × I1 of the level table → very high"
        in assess(rules, {**BASE, "spp_offer": True}).explain_en
    )


def test_it_uses_custom_score_bands():
    rules = MatrixRules(score_bands=((1, 1), (3, 2), (6, 3), (10, 4)))
    assert assess(rules, {**BASE, "tariff_sensitivity": 2, "yearly_gm": 5e6}).level == 3
    assert rules.level_of(2, 5) == 4


def test_it_combines_by_weighted_mean_when_set():
    rules = MatrixRules(
        probability_factors=(
            Factor("a", "ก", "A", kind="choice", weight=3, options=_points()),
            Factor("b", "ข", "B", kind="choice", weight=1, options=_points()),
        ),
        impact_factors=MatrixRules().impact_factors,
        probability_combine="weighted_mean",
        impact_combine="weighted_mean",
    )
    # (3×4 + 1×1) / 4 = 3.25 → 3; impact (4 + 5) / 2 = 4.5 → 5 (half up).
    result = assess(rules, {"a": 4, "b": 1, "yearly_gm": 1e7, "load_mw": 50})
    assert (result.p, result.i) == (3, 5)
    assert "weighted mean" in result.explain_en


def test_it_keeps_a_custom_matrix_through_json():
    rules = MatrixRules(level_table=tuple(tuple(r) for r in TABLE), impact_combine="weighted_mean")
    assert MatrixRules.from_dict(json.loads(json.dumps(rules.to_dict()))) == rules


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"level_table": [[1, 2, 3]] * 5}, "level_table must have 5 rows"),
        ({"level_table": [[1, 2, 3, 4, 5]] * 5}, r"cells must be 1 \(low\) to 4"),
        ({"score_bands": [[2, 1], [8, 3]]}, "starting at 1"),
        ({"probability_combine": "median"}, "probability_combine"),
        ({"colour": "red"}, "unknown matrix part"),
    ],
)
def test_it_refuses_a_broken_matrix(change, why):
    data = {**MatrixRules().to_dict(), **change}
    with pytest.raises(ValueError, match=why):
        MatrixRules.from_dict(data)


def test_it_refuses_factor_scores_off_the_scale():
    with pytest.raises(ValueError, match="scores must lie on the probability scale"):
        MatrixRules(probability_factors=(Factor("x", "x", "X", yes_score=7),))


def _points():
    from crmplus.risk.scoring import Option

    return tuple(Option(n, str(n), str(n)) for n in range(1, 6))
