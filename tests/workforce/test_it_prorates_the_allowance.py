"""Allowance (M-1.2 item 4.3): a flat rate per month, the part-month rule a setting,
and a person paid once however many appointments they hold."""

import datetime as dt
from decimal import Decimal

import pytest

from crmplus.workforce.rules import (
    ACTIVE_ON_FIRST_DAY,
    DAILY_PRORATA,
    FULL_MONTH_IF_ACTIVE_ANY_DAY,
    DateRangeError,
    Span,
    allowance_for_month,
    ranges_overlap,
    validate_range,
)

D = dt.date
RATE = Decimal("500")
NOV = D(2025, 11, 1)  # 30 days


def test_it_pays_the_full_rate_for_a_whole_month_under_every_rule():
    for rule in (FULL_MONTH_IF_ACTIVE_ANY_DAY, DAILY_PRORATA, ACTIVE_ON_FIRST_DAY):
        pay = allowance_for_month([Span(D(2025, 10, 1))], NOV, RATE, rule)
        assert (pay.amount, pay.days) == (Decimal("500.00"), 30), rule


@pytest.mark.parametrize(
    ("rule", "start_mid", "end_mid"),
    [
        (FULL_MONTH_IF_ACTIVE_ANY_DAY, "500.00", "500.00"),
        (DAILY_PRORATA, "250.00", "233.33"),  # 15/30 and 14/30 days
        (ACTIVE_ON_FIRST_DAY, "0.00", "500.00"),
    ],
)
def test_it_prorates_a_start_or_end_in_mid_month(rule, start_mid, end_mid):
    starts = allowance_for_month([Span(D(2025, 11, 16))], NOV, RATE, rule)
    ends = allowance_for_month([Span(D(2025, 1, 1), D(2025, 11, 14))], NOV, RATE, rule)
    assert starts.amount == Decimal(start_mid)
    assert ends.amount == Decimal(end_mid)
    assert (starts.days, ends.days) == (15, 14)


def test_it_pays_overlapping_appointments_once():
    held = [Span(D(2025, 11, 1), D(2025, 11, 20)), Span(D(2025, 11, 10))]
    pay = allowance_for_month(held, NOV, RATE, DAILY_PRORATA)
    assert pay.days == 30
    assert pay.amount == Decimal("500.00")
    assert allowance_for_month(held, NOV, RATE, FULL_MONTH_IF_ACTIVE_ANY_DAY).amount == RATE


def test_it_counts_two_separate_stretches_in_one_month():
    held = [(D(2025, 11, 1), D(2025, 11, 5)), (D(2025, 11, 26), None)]
    pay = allowance_for_month(held, "2025-11", RATE, DAILY_PRORATA)
    assert (pay.days, pay.amount) == (10, Decimal("166.67"))


def test_it_pays_nothing_outside_the_appointment():
    pay = allowance_for_month([Span(D(2025, 12, 1))], NOV, RATE, FULL_MONTH_IF_ACTIVE_ANY_DAY)
    assert (pay.days, pay.amount) == (0, Decimal("0.00"))


def test_it_handles_february_of_a_leap_year():
    pay = allowance_for_month([Span(D(2024, 2, 15))], D(2024, 2, 1), RATE, DAILY_PRORATA)
    assert (pay.days, pay.month_days, pay.amount) == (15, 29, Decimal("258.62"))


def test_it_prints_the_rule_used():
    pay = allowance_for_month([Span(D(2025, 11, 16))], NOV, RATE, DAILY_PRORATA)
    assert pay.rule == DAILY_PRORATA
    assert "500.00" in pay.rule_en and "15/30" in pay.rule_en and "2025-11" in pay.rule_en
    assert "15/30" in pay.rule_th and "บาท" in pay.rule_th


def test_it_refuses_an_unknown_rule_or_a_negative_rate():
    with pytest.raises(ValueError):
        allowance_for_month([], NOV, RATE, "weekly")
    with pytest.raises(ValueError):
        allowance_for_month([], NOV, Decimal("-1"), DAILY_PRORATA)


def test_it_refuses_an_inverted_date_range():
    with pytest.raises(DateRangeError) as e:
        validate_range(D(2025, 11, 2), D(2025, 11, 1))
    assert e.value.field == "end"
    with pytest.raises(DateRangeError):
        Span(D(2025, 11, 2), D(2025, 11, 1))
    validate_range(D(2025, 11, 1), D(2025, 11, 1))  # one day is fine
    validate_range(D(2025, 11, 1), None)


def test_it_tells_overlapping_ranges():
    assert ranges_overlap(D(2025, 1, 1), None, D(2030, 1, 1), D(2030, 2, 1))
    assert ranges_overlap(D(2025, 1, 1), D(2025, 1, 31), D(2025, 1, 31), None)
    assert not ranges_overlap(D(2025, 1, 1), D(2025, 1, 30), D(2025, 1, 31), None)
