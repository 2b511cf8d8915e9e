"""QA regression: a budget line appears in the event's history as its category and
planned amount; the amount showed raw ("31400.00") instead of baht with separators."""

from decimal import Decimal

from crmplus.seminars.models import BudgetLine


def test_it_names_a_budget_line_with_a_formatted_amount():
    line = BudgetLine(category="food", planned_amount=Decimal("31400.00"))
    assert str(line).endswith(" 31,400.00")
    assert str(BudgetLine(category="food", planned_amount=Decimal("950.5"))).endswith(" 950.50")
