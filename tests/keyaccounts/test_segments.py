"""4S segmentation: attractiveness × relative strength, settings-driven (BRIEF §4.3)."""

import polars as pl

from crmplus.keyaccounts.analytics import select_key_accounts
from crmplus.keyaccounts.rules import Criterion, SelectionRules
from tests.keyaccounts.billing_rows import extract

BIG, SMALL = 30_000_000, 1_500_000  # pooled GM: high and low attractiveness by GM bands


def attrs(rows):
    return pl.DataFrame(rows, schema={"bp": pl.Int64, "office": pl.String,
                                      "tenure_years": pl.Float64, "satisfaction": pl.Float64,
                                      "risk_level": pl.Int64}, orient="row")  # fmt: skip


def segments(cas, attributes=None, rules=None, peak_kw=12_000.0):
    result = select_key_accounts(
        extract(cas, peak_kw=peak_kw), rules=rules or SelectionRules(), attributes=attributes
    )
    return dict(zip(result.accounts["bp"].to_list(), result.accounts["segment"].to_list(),
                    strict=True)), result  # fmt: skip


def test_it_places_each_quadrant():
    found, _ = segments(
        [(1, 10, "A", BIG), (2, 11, "A", BIG), (3, 12, "A", SMALL), (4, 13, "A", SMALL)],
        attrs(
            [
                (10, "A", 25, 4.8, 1),
                (11, "A", 1, 3.0, 4),
                (12, "A", 25, 4.8, 1),
                (13, "A", 1, 3.0, 4),
            ]
        ),  # fmt: skip
        peak_kw=12_000.0,
    )
    assert found == {10: "strategic", 11: "star", 12: "status", 13: "streamline"}


def test_it_skips_absent_components_and_says_so():
    _, result = segments([(1, 10, "A", BIG)], attrs([(10, "A", 25, None, None)]))
    row = result.accounts.row(0, named=True)
    assert row["strength"] == 100  # tenure alone, its weight taking the whole axis
    assert "no survey result (skipped)" in row["explain_en"]
    assert "no risk assessment (skipped)" in row["explain_en"]
    assert "ไม่มีผลสำรวจความพึงพอใจ" in row["explain_th"]


def test_it_uses_the_setting_when_no_strength_figure_exists():
    weak = SelectionRules(strength_when_unknown="weak")
    found, result = segments([(1, 10, "A", BIG)], rules=weak)
    assert found == {10: "star"}
    assert "placed as weak" in result.accounts["explain_en"][0]


def test_it_follows_custom_weights_and_cutoffs():
    rules = SelectionRules(
        attractiveness=(Criterion("demand_kw", 1.0, ((0, 0), (5_000, 100))),),
        attractiveness_cutoff=50,
    )
    found, _ = segments([(1, 10, "A", SMALL)], rules=rules, peak_kw=6_000.0)
    assert found == {10: "strategic"}
    found, _ = segments([(1, 10, "A", BIG)], rules=rules, peak_kw=100.0)
    assert found == {10: "status"}


def test_it_scores_gm_growth_from_the_previous_year():
    previous = extract([(1, 10, "A", BIG / 2)])
    result = select_key_accounts(
        extract([(1, 10, "A", BIG)]), rules=SelectionRules(), previous=previous
    )
    row = result.accounts.row(0, named=True)
    assert round(row["gm_growth"]) == 100
    assert "GM growth +100.0%" in row["explain_en"]


def test_it_refuses_rules_that_make_no_sense():
    import pytest

    with pytest.raises(ValueError, match="four segments"):
        SelectionRules(segment_points={"strategic": 1})
    with pytest.raises(ValueError, match="unknown rule"):
        SelectionRules.from_dict({"nonsense": 1})
    rules = SelectionRules(ca_floor=5_000)
    assert SelectionRules.from_dict(rules.to_dict()) == rules
