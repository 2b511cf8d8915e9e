"""The process calendar's date rules and statuses (pure)."""

import datetime as dt

import pytest

from crmplus.reports.process_rules import (
    DEFAULT_DEADLINES,
    Deadline,
    deadline_from,
    deadlines_from,
    occurrences,
    status_of,
)

D = dt.date


def _yearly(month, day):
    return Deadline("k", "ท", "e", "yearly", day=day, month=month)


def test_it_places_a_yearly_deadline_in_the_right_calendar_year_of_the_fiscal_year():
    # FY2569 = 1 Oct 2025 – 30 Sep 2026.
    assert occurrences(_yearly(9, 15), 2569)[0].due == D(2026, 9, 15)
    assert occurrences(_yearly(10, 0), 2569)[0].due == D(2025, 10, 31)  # "October": its last day
    assert occurrences(_yearly(2, 31), 2568)[0].due == D(2025, 2, 28)  # no 31 Feb: the last day


def test_it_gives_a_monthly_deadline_twelve_dates_from_october():
    d = Deadline("m", "ท", "e", "monthly", day=10, offset_months=1)
    occs = occurrences(d, 2569)
    assert len(occs) == 12
    assert (occs[0].period, occs[0].due) == (D(2025, 10, 1), D(2025, 11, 10))
    assert (occs[-1].period, occs[-1].due) == (D(2026, 9, 1), D(2026, 10, 10))


def test_it_tells_done_due_overdue_upcoming_and_untracked():
    due = D(2026, 9, 15)
    assert status_of(True, due, D(2026, 10, 1), 14) == "done"
    assert status_of(False, due, D(2026, 9, 16), 14) == "overdue"
    assert status_of(False, due, D(2026, 9, 15), 14) == "due"  # the day itself is not late
    assert status_of(False, due, D(2026, 9, 1), 14) == "due"
    assert status_of(False, due, D(2026, 8, 31), 14) == "upcoming"
    assert status_of(None, due, D(2026, 10, 1), 14) == "untracked"


def test_the_defaults_parse_and_cover_the_manuals_deadlines():
    keys = [d.key for d in deadlines_from(DEFAULT_DEADLINES)]
    assert keys == [
        "keyaccount_list",
        "kam_plans",
        "risk_assessments",
        "survey_report",
        "allowances",
    ]
    survey = deadlines_from(DEFAULT_DEADLINES)[3]
    assert occurrences(survey, 2569)[0].due == D(2026, 9, 15)  # the survey report by 15 Sep


@pytest.mark.parametrize(
    "change, field",
    [
        ({"rule": "weekly"}, "rule"),
        ({"month": 13}, "month"),
        ({"day": 32}, "day"),
        ({"responsible": "nobody"}, "responsible"),
        ({"detector": "guess"}, "detector"),
        ({"label_th": ""}, "label_th"),
        ({"key": "a b"}, "key"),
    ],
)
def test_it_refuses_a_bad_deadline_naming_the_field(change, field):
    data = {**DEFAULT_DEADLINES[0], **change}
    with pytest.raises(ValueError, match=field):
        deadline_from(data)


def test_it_refuses_a_key_used_twice():
    with pytest.raises(ValueError, match="twice"):
        deadlines_from([DEFAULT_DEADLINES[0], DEFAULT_DEADLINES[0]])
