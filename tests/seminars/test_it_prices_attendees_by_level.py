"""Attendee costs follow the rate table at two levels (BRIEF §9): executive from staff
level 8, operational at levels 1–7, per category and per day."""

from decimal import Decimal

import pytest

from crmplus.seminars.rules import (
    EXECUTIVE,
    OPERATIONAL,
    RateTable,
    attendee_cost,
    count_levels,
    level_of,
)
from crmplus.seminars.services import budget_line_save, staff_attendee_save, staff_levels_count
from tests.seminars.conftest import plan

TABLE = RateTable.from_dict(
    {
        "food": {EXECUTIVE: "1200.00", OPERATIONAL: "950.00"},
        "accommodation": {EXECUTIVE: "2400.00", OPERATIONAL: "1450.50"},
    }
)


def test_it_puts_level_7_at_the_operational_rate_and_level_8_at_the_executive_rate():
    assert level_of(7) == OPERATIONAL
    assert level_of(8) == EXECUTIVE
    assert level_of(13) == EXECUTIVE
    assert count_levels([1, 7, 7, 8, 11]) == {EXECUTIVE: 2, OPERATIONAL: 3}


def test_it_moves_the_threshold_when_the_setting_does():
    assert level_of(8, executive_from=9) == OPERATIONAL


def test_it_refuses_a_staff_level_outside_1_to_13():
    with pytest.raises(ValueError):
        level_of(14)
    with pytest.raises(ValueError):
        level_of(0)


def test_it_multiplies_rate_by_people_and_days_per_category():
    cost = attendee_cost(TABLE, {EXECUTIVE: 2, OPERATIONAL: 3}, 2, ["food", "accommodation"])
    # food 2×1200×2 + 3×950×2 = 10,500; rooms 2×2400×2 + 3×1450.50×2 = 18,303
    assert cost == Decimal("28803.00")


def test_it_adds_nothing_for_lump_sum_categories():
    assert attendee_cost(TABLE, {EXECUTIVE: 5}, 1, ["venue", "souvenirs"]) == Decimal("0.00")


def test_it_prices_a_line_from_the_staff_levels(org):
    event = plan(org)
    for level in (7, 7, 8):
        staff_attendee_save(event=event, by=org.area_admin_n1, level=level, name=f"L{level}")
    counts = staff_levels_count(event)
    assert counts == {EXECUTIVE: 1, OPERATIONAL: 2}
    line = budget_line_save(
        event=event,
        by=org.area_admin_n1,
        category="food",
        attendees_executive=counts[EXECUTIVE],
        attendees_operational=counts[OPERATIONAL],
    )
    # the event's two days, default rates: (1×1200 + 2×950) × 2
    assert line.days == 2
    assert line.regulation_amount == line.planned_amount == Decimal("6200.00")
    assert not line.is_exception
