"""Bad input gets a clear error on the field and saves nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crmplus.seminars.models import BudgetLine, Event, StaffAttendee
from crmplus.seminars.services import (
    budget_line_save,
    event_save,
    invitation_create,
    staff_attendee_save,
)
from tests.seminars.conftest import FIRST_DAY, plan


def _error(call, **kwargs):
    with pytest.raises(ValidationError) as e:
        call(**kwargs)
    return e.value.message_dict


def test_it_refuses_an_event_ending_before_it_starts(org):
    errors = _error(
        event_save, by=org.area_admin_n1, kind="seminar", unit=org.n1, title="สัมมนา",
        starts_on=FIRST_DAY, ends_on=FIRST_DAY - dt.timedelta(days=1),
    )  # fmt: skip
    assert errors == {"ends_on": ["The last day cannot be before the first day."]}
    assert not Event.objects.exists()


def test_it_refuses_an_event_without_title_or_type(org):
    common = {"by": org.area_admin_n1, "unit": org.n1, "starts_on": FIRST_DAY, "ends_on": FIRST_DAY}
    assert "title" in _error(event_save, kind="seminar", title="  ", **common)
    assert "kind" in _error(event_save, kind="party", title="x", **common)
    assert "starts_on" in _error(
        event_save, **{**common, "starts_on": "2026-03-10"}, kind="seminar", title="x"
    )
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-0.01", "An amount cannot be negative."),
        ("-5000", "An amount cannot be negative."),
        ("100.005", "At most two decimals (satang), please."),
        ("abc", "Enter an amount in baht."),
        ("NaN", "Enter an amount in baht."),
        ("1e20", "This amount is too large."),
    ],
)
def test_it_refuses_a_bad_amount(org, amount, message):
    event = plan(org)
    errors = _error(
        budget_line_save, event=event, by=org.area_admin_n1, category="venue", planned_amount=amount
    )
    assert errors == {"planned_amount": [message]}
    assert not BudgetLine.objects.exists()


def test_it_refuses_negative_actuals_and_attendees(org):
    event = plan(org)
    common = {"event": event, "by": org.area_admin_n1}
    assert "actual_amount" in _error(
        budget_line_save, category="venue", planned_amount="1", actual_amount="-1", **common
    )
    assert "attendees_operational" in _error(
        budget_line_save, category="food", attendees_operational=-3, **common
    )
    assert "attendees_operational" in _error(budget_line_save, category="food", **common)
    assert "days" in _error(
        budget_line_save, category="food", attendees_operational=3, days=5, **common
    )  # the event lasts two days
    assert "category" in _error(budget_line_save, category="venue", attendees_executive=2, **common)
    assert "category" in _error(budget_line_save, category="bribe", planned_amount="1", **common)
    assert not BudgetLine.objects.exists()


def test_it_refuses_a_staff_level_outside_1_to_13(org):
    event = plan(org)
    for level in (0, 14, "eight"):
        assert "level" in _error(
            staff_attendee_save, event=event, by=org.area_admin_n1, level=level, name="ก"
        )
    assert "name" in _error(staff_attendee_save, event=event, by=org.area_admin_n1, level=8)
    assert not StaffAttendee.objects.exists()


def test_it_refuses_writes_by_an_auditor(org):
    with pytest.raises(PermissionDenied):
        event_save(
            by=org.auditor, kind="seminar", unit=org.hq, title="x",
            starts_on=FIRST_DAY, ends_on=FIRST_DAY,
        )  # fmt: skip
    assert not Event.objects.exists()


def test_it_refuses_a_contact_of_another_customer(org):
    event = plan(org, by=org.hq_admin)
    assert "contact" in _error(
        invitation_create, event=event, bp=org.bp_n1, contact=org.contact_c1, by=org.hq_admin
    )


def test_it_refuses_changes_once_submitted(org):
    from crmplus.seminars.services import event_submit

    event = plan(org, lines=["1000.00"])
    event_submit(event=event, by=org.area_admin_n1)
    with pytest.raises(ValidationError) as e:
        budget_line_save(event=event, by=org.area_admin_n1, category="venue", planned_amount="1")
    assert e.value.code == "not_editable"
    assert event.lines.count() == 1
