"""Office points and Status (supplement) for offices at 4–5 points (BRIEF §4.4, M-3.2)."""

import polars as pl

from crmplus.keyaccounts.analytics import select_key_accounts
from crmplus.keyaccounts.rules import SelectionRules
from tests.keyaccounts.billing_rows import extract, offices

# Default points: Strategic 4, Star 3, Status 2, Streamline 1. With no strength figure
# an account counts as strong, and 1.5 M baht with small demand is low attractiveness:
# every qualified account below is Status (2 points).
KA = 1_500_000


def run(cas, office_classes, hq_bps=()):
    return select_key_accounts(
        extract(cas, peak_kw=100.0),
        rules=SelectionRules(),
        offices=offices(**office_classes),
        hq_bps=hq_bps,
    )


def office(result, code):
    return result.offices.filter(pl.col("office") == code).row(0, named=True)


def test_it_tops_up_an_office_at_four_points_with_the_next_largest_customer():
    cas = [(1, 10, "A", KA), (2, 11, "A", KA), (3, 12, "A", 300_000), (4, 13, "A", 500_000)]
    result = run(cas, {"A": "b2"})
    supplements = result.accounts.filter("supplement")
    assert supplements["bp"].to_list() == [13]  # the larger of the two candidates
    assert supplements["segment"].to_list() == ["status"]
    assert office(result, "A")["points"] == 6
    assert office(result, "A")["status"] == "supplemented"
    assert "Status (supplement)" in supplements["explain_en"][0]
    assert "FMS 1–5" in supplements["explain_th"][0]


def test_it_leaves_offices_below_four_points_for_review_when_class_1_to_3():
    cas = [(1, 10, "A", KA), (2, 11, "A", 500_000), (3, 20, "S", KA), (4, 21, "S", 500_000)]
    result = run(cas, {"A": "b1", "S": "sub"})
    assert result.accounts.filter("supplement").is_empty()
    assert office(result, "A")["status"] == "review"
    assert office(result, "S")["status"] == "below"


def test_it_lists_a_class_1_to_3_office_with_no_key_account_for_review():
    result = run([(1, 10, "A", KA)], {"A": "b1", "EMPTY": "b3", "SMALL": "small"})
    assert office(result, "EMPTY")["status"] == "review"
    assert office(result, "SMALL")["status"] == "below"


def test_it_supplements_sub_branches_but_not_provincial_offices():
    cas = [(1, 10, "S", KA), (2, 11, "S", KA), (3, 12, "S", 50_000)]
    cas += [(4, 20, "P", KA), (5, 21, "P", KA), (6, 22, "P", 50_000)]
    result = run(cas, {"S": "sub", "P": "pro"})
    assert result.accounts.filter("supplement")["bp"].to_list() == [12]


def test_it_does_not_count_hq_accounts_in_office_points():
    cas = [(1, 10, "A", KA), (2, 11, "A", KA), (3, 12, "A", 50_000)]
    result = run(cas, {"A": "b1"}, hq_bps=[10])
    assert office(result, "A")["points"] == 2
    assert result.accounts.filter(pl.col("bp") == 10)["owner"].to_list() == ["HQ"]
    assert result.accounts.filter("supplement").is_empty()


def test_it_needs_a_ca_above_the_floor_to_be_a_candidate():
    cas = [(1, 10, "A", KA), (2, 11, "A", KA), (3, 12, "A", 9_000)]
    result = run(cas, {"A": "b1"})
    assert result.accounts.filter("supplement").is_empty()
    assert office(result, "A")["status"] == "review"
