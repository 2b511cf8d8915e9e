"""Pure rules: visit expense, objective catalogue, months of the fiscal year."""

import datetime as dt
from decimal import Decimal

import pytest

from crmplus.engagement.rules import (
    ExpenseRules,
    fy_month_index,
    fy_month_start,
    parse_objectives,
    visit_expense,
)


def test_it_prices_an_onsite_visit_with_distance_and_cap():
    rules = ExpenseRules(Decimal("300"), Decimal("0"), Decimal("4"), Decimal("500"))
    assert visit_expense("onsite", Decimal("10"), rules)[0] == Decimal("340.00")
    amount, rule = visit_expense("onsite", Decimal("100"), rules)
    assert amount == Decimal("500.00") and "cap" in rule
    assert visit_expense("online", Decimal("100"), rules)[0] == Decimal("0.00")


def test_it_refuses_negative_or_odd_expense_settings():
    with pytest.raises(ValueError):
        ExpenseRules.from_dict({"per_km": "-1"})
    with pytest.raises(ValueError):
        ExpenseRules.from_dict({"per_km": "abc"})


def test_it_keeps_other_in_the_catalogue_and_refuses_duplicates():
    assert parse_objectives([["a", "ก", "A"]])[-1][0] == "other"
    with pytest.raises(ValueError):
        parse_objectives([["a", "ก", "A"], ["a", "ข", "B"]])


def test_it_numbers_the_months_of_the_fiscal_year_from_october():
    assert fy_month_index(dt.date(2020, 10, 5)) == 1
    assert fy_month_index(dt.date(2021, 9, 30)) == 12
    assert fy_month_start(2564, 1) == dt.date(2020, 10, 1)
    assert fy_month_start(2564, 4) == dt.date(2021, 1, 1)
