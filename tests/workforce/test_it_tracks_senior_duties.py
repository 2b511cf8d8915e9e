"""Senior KAMR duties: periods of the fiscal year, defaults from the settings, and
completion per Senior KAMR and period."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crmplus.core.models import SettingValue
from crmplus.workforce import rules
from crmplus.workforce.models import DutyCompletion
from crmplus.workforce.rules_settings import SENIOR_DUTIES, senior_duties
from crmplus.workforce.services_duties import duty_mark, duty_unmark
from tests.workforce.conftest import D, appoint, employee


def test_fiscal_periods_start_in_october():
    assert rules.fiscal_period(D(2025, 10, 1), "year") == "2569"
    assert rules.fiscal_period(D(2025, 12, 31), "quarter") == "2569-Q1"
    assert rules.fiscal_period(D(2026, 1, 1), "quarter") == "2569-Q2"
    assert rules.fiscal_period(D(2026, 9, 30), "month") == "2569-M12"
    assert rules.fiscal_period_bounds("2569-Q2") == (D(2026, 1, 1), D(2026, 3, 31))
    assert rules.fiscal_period_bounds("2568-M05") == (D(2025, 2, 1), D(2025, 2, 28))
    assert rules.fiscal_period_bounds("2567-M05") == (D(2024, 2, 1), D(2024, 2, 29))
    assert rules.fiscal_period_bounds("2569") == (D(2025, 10, 1), D(2026, 9, 30))
    with pytest.raises(ValueError):
        rules.fiscal_period_bounds("2569-Q5")


def test_the_duties_are_settings_per_fiscal_year(db):
    assert {d.period for d in senior_duties(2569)} == {"month", "quarter", "year"}
    SettingValue.objects.create(
        key=SENIOR_DUTIES,
        effective_fy=2570,
        value=[{"key": "coach", "period": "month", "th": "สอนงาน"}, {"key": "bad", "period": "x"}],
    )
    assert [d.key for d in senior_duties(2569)][:1] == ["coach"] and len(senior_duties(2569)) > 1
    assert [(d.key, d.th, d.en) for d in senior_duties(2570)] == [("coach", "สอนงาน", "สอนงาน")]


def test_a_senior_kamr_marks_duties_done_per_period(org, approvers):
    person = employee(org, org.n1, user=org.senior_n1)
    appoint(org, approvers, person, org.n1, D(2025, 10, 1), role="senior")
    done = duty_mark(employee=person, duty="plans", period="2569-Q2", done_on=D(2026, 2, 3),
                     by=org.senior_n1)  # fmt: skip
    assert (done.period, done.duty, done.by) == ("2569-Q2", "plans", org.senior_n1)
    # Marking again changes the same row; the area admin may track it too.
    duty_mark(employee=person, duty="plans", period="2569-Q2", done_on=D(2026, 2, 4),
              by=org.area_admin_n1)  # fmt: skip
    assert DutyCompletion.objects.get().done_on == D(2026, 2, 4)
    duty_unmark(employee=person, duty="plans", period="2569-Q2", by=org.senior_n1)
    assert not DutyCompletion.objects.exists()


def test_it_refuses_wrong_duties_periods_and_people(org, approvers):
    person = employee(org, org.n1, user=org.senior_n1)
    appoint(org, approvers, person, org.n1, D(2025, 10, 1), role="senior")
    kamr = employee(org, org.n1_office)
    appoint(org, approvers, kamr, org.n1_office, D(2025, 10, 1))
    for kwargs, field in [
        ({"duty": "nope", "period": "2569-Q2"}, "duty"),
        ({"duty": "plans", "period": "2569-M02"}, "period"),  # a quarterly duty
        ({"duty": "plans", "period": "2568-Q2"}, "employee"),  # not senior then
    ]:
        with pytest.raises(ValidationError) as e:
            duty_mark(employee=person, done_on=D(2026, 2, 3), by=org.hq_admin, **kwargs)
        assert field in e.value.error_dict, kwargs
    with pytest.raises(ValidationError) as e:
        duty_mark(employee=kamr, duty="plans", period="2569-Q2", done_on=D(2026, 2, 3),
                  by=org.hq_admin)  # fmt: skip
    assert "employee" in e.value.error_dict
    with pytest.raises(PermissionDenied):  # another Senior KAMR's checklist
        duty_mark(employee=person, duty="plans", period="2569-Q2", done_on=D(2026, 2, 3),
                  by=org.kamr_n1)  # fmt: skip
    with pytest.raises(PermissionDenied):
        duty_mark(employee=person, duty="plans", period="2569-Q2", done_on=D(2026, 2, 3),
                  by=org.area_admin_c1)  # fmt: skip
