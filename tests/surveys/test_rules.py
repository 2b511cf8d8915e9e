"""The pure averaging rules of the survey and the yearly report."""

import random
from decimal import Decimal
from fractions import Fraction

import pytest

from crmplus.surveys import rules


def test_it_averages_only_the_answered_items():
    assert rules.item_mean([5, None, 4]) == Fraction(9, 2)
    assert rules.item_mean([None, None]) is None


def test_it_rounds_half_up_to_three_decimals_and_keeps_trailing_zeros():
    assert rules.round_half_up(Fraction(43795, 10000)) == Decimal("4.380")
    assert rules.round_half_up(Fraction(43794, 10000)) == Decimal("4.379")
    assert rules.format_avg(Decimal("4.380")) == "4.380"
    assert rules.format_avg(None) == ""


@pytest.mark.parametrize("text", ["0", "6", "4.5", "x", "-1"])
def test_it_refuses_scores_off_the_scale(text):
    with pytest.raises(ValueError):
        rules.parse_score(text)


def test_it_accepts_whole_scores_and_blanks():
    assert rules.parse_score(" 5 ") == 5
    assert rules.parse_score("3.0") == 3
    assert rules.parse_score("") is None


def test_the_national_total_weighs_every_respondent_not_every_area():
    big = rules.UnitFigures("A", "1", {"status": 3}, expectation=[Fraction(4)] * 3,
                            satisfaction=[Fraction(4)] * 3)  # fmt: skip
    small = rules.UnitFigures("B", "1", {"star": 1}, expectation=[Fraction(5)],
                              satisfaction=[Fraction(5)])  # fmt: skip
    rows = rules.report_rows([big, small])
    total = rows[-1]
    assert total.area == "ALL" and total.total == 4 and total.star == 1
    assert total.satisfaction_avg == Decimal("4.250")  # not (4 + 5) / 2
    assert total.respondents == 4


def test_a_unit_without_respondents_has_no_average():
    rows = rules.report_rows([rules.UnitFigures("A", "1", {"status": 2})])
    assert rows[0].csv_values()[-2:] == ["", ""]
    assert rows[0].csv_values()[:7] == ["1", "A", "0", "0", "2", "0", "2"]


def test_planned_points_reproduce_each_unit_and_the_pooled_target():
    targets = [Decimal("4.698"), Decimal("4.380"), Decimal("4.750")]
    cells = [235, 450, 300]
    totals = rules.plan_point_totals(targets, cells, Decimal("4.569"))
    for t, c, target in zip(totals, cells, targets, strict=True):
        assert rules.round_half_up(Fraction(t, c)) == target
    assert rules.round_half_up(Fraction(sum(totals), sum(cells))) == Decimal("4.569")
    scores = rules.spread_points(totals[0], 47, 5, random.Random(1))
    assert sum(map(sum, scores)) == totals[0]
    assert all(2 <= v <= 5 for s in scores for v in s)


def test_it_says_when_sample_sizes_cannot_reproduce_a_figure():
    with pytest.raises(ValueError):
        rules.plan_point_totals([Decimal("4.751")], [4], Decimal("4.751"))
