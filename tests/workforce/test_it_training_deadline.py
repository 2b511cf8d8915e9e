"""M-3.2: the Key Account course within 3 months of appointment, month ends clamped."""

import datetime as dt

import pytest

from crmplus.workforce.rules import add_months, training_due

D = dt.date


@pytest.mark.parametrize(
    ("appointed", "due"),
    [
        (D(2025, 10, 1), D(2026, 1, 1)),  # plain: the same day three months on
        (D(2025, 8, 31), D(2025, 11, 30)),  # 31 Aug → 30 Nov (November has 30 days)
        (D(2025, 11, 30), D(2026, 2, 28)),  # 30 Nov → 28 Feb in a common year
        (D(2023, 11, 30), D(2024, 2, 29)),  # … and 29 Feb in a leap year
        (D(2023, 11, 29), D(2024, 2, 29)),
        (D(2024, 11, 29), D(2025, 2, 28)),
        (D(2025, 12, 31), D(2026, 3, 31)),  # across the calendar year
        (D(2024, 2, 29), D(2024, 5, 29)),  # from a leap day
        (D(2025, 10, 31), D(2026, 1, 31)),  # across the fiscal year's calendar turn
        (D(2026, 5, 31), D(2026, 8, 31)),
        (D(2026, 3, 31), D(2026, 6, 30)),
    ],
)
def test_it_gives_the_training_deadline_three_months_on(appointed, due):
    assert training_due(appointed) == due


def test_it_uses_another_number_of_months_when_the_setting_says_so():
    assert training_due(D(2025, 8, 31), months=6) == D(2026, 2, 28)
    assert training_due(D(2025, 8, 31), months=0) == D(2025, 8, 31)


def test_it_refuses_a_negative_deadline():
    with pytest.raises(ValueError):
        training_due(D(2025, 8, 31), months=-1)


def test_it_adds_months_back_and_forth_over_years():
    assert add_months(D(2025, 1, 31), 13) == D(2026, 2, 28)
    assert add_months(D(2025, 3, 31), -1) == D(2025, 2, 28)
