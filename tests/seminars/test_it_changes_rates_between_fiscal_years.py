"""Rates and caps are settings effective per fiscal year: an event is priced with the
rules of the year it starts in (FY2569 = Oct 2025–Sep 2026)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crmplus.seminars.rules_settings import rules_for_fy, rules_save
from crmplus.seminars.services import budget_line_save, event_save, event_submit
from tests.seminars.conftest import plan

FY2570_DAY = dt.date(2026, 10, 5)  # FY2570 starts on 1 Oct 2026


def _raise_food_rates_from_2570(org):
    rates = rules_for_fy(2570).rates.to_dict()
    rates["food"] = {"executive": "1500.00", "operational": "1100.00"}
    rules_save(fy=2570, rules={"rates": rates, "event_cap": "120000.00"}, by=org.hq_admin)


def _food(event, by):
    return budget_line_save(
        event=event, by=by, category="food", attendees_executive=2, attendees_operational=10, days=1
    )


def test_it_prices_each_event_with_its_own_years_rates(org):
    _raise_food_rates_from_2570(org)
    old = plan(org)
    new = plan(org, starts_on=FY2570_DAY, ends_on=FY2570_DAY)
    assert (old.fy, new.fy) == (2569, 2570)
    assert _food(old, org.area_admin_n1).planned_amount == Decimal("11900.00")  # 2×1200+10×950
    assert _food(new, org.area_admin_n1).planned_amount == Decimal("14000.00")  # 2×1500+10×1100
    assert rules_for_fy(2571).rates.rate("food", "executive") == Decimal("1500.00")  # carries on


def test_it_applies_each_years_cap(org):
    _raise_food_rates_from_2570(org)
    old = plan(org, lines=["110000.00"])
    with pytest.raises(ValidationError):
        event_submit(event=old, by=org.area_admin_n1)
    new = plan(org, starts_on=FY2570_DAY, ends_on=FY2570_DAY, lines=["110000.00"])
    assert event_submit(event=new, by=org.area_admin_n1).status == "submitted"


def test_it_reprices_and_flags_lines_when_the_event_moves_to_a_cheaper_year(org):
    rates = rules_for_fy(2570).rates.to_dict()
    rates["food"] = {"executive": "1000.00", "operational": "800.00"}
    rules_save(fy=2570, rules={"rates": rates}, by=org.hq_admin)
    event = plan(org, starts_on=dt.date(2026, 9, 29), ends_on=dt.date(2026, 9, 29))
    line = _food(event, org.area_admin_n1)
    assert not line.is_exception
    event_save(
        by=org.area_admin_n1, event=event, kind="seminar", unit=org.n1, title=event.title,
        starts_on=FY2570_DAY, ends_on=FY2570_DAY,
    )  # fmt: skip
    line.refresh_from_db()
    assert line.regulation_amount == Decimal("10000.00")  # 2×1000 + 10×800
    assert line.planned_amount == Decimal("11900.00") and line.is_exception


def test_it_lets_only_hq_admins_change_the_rules(org):
    with pytest.raises(PermissionDenied):
        rules_save(fy=2570, rules={"event_cap": "1.00"}, by=org.area_admin_n1)
    assert rules_for_fy(2570).event_cap == Decimal("100000.00")


def test_it_refuses_unusable_rules(org):
    with pytest.raises(ValidationError):
        rules_save(fy=2570, rules={"event_cap": "-1"}, by=org.hq_admin)
    with pytest.raises(ValidationError):
        rules_save(fy=2570, rules={"rates": {"food": {"executive": "1"}}}, by=org.hq_admin)


def test_it_moves_the_executive_threshold_per_year(org):
    rules_save(fy=2570, rules={"executive_level": 9}, by=org.hq_admin)
    assert rules_for_fy(2569).executive_level == 8
    assert rules_for_fy(2570).executive_level == 9
