"""QA regression: error messages and approval titles of the workforce printed ISO
dates ("2025-09-01") on Thai pages where every date is Buddhist-era."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from crmplus.approvals.services import approval_for
from crmplus.workforce.services import appointment_create, appointment_submit, date_range_check
from tests.workforce.conftest import D, employee


def test_it_dates_an_inverted_range_as_on_screen():
    with translation.override("th"), pytest.raises(ValidationError) as err:
        date_range_check(D(2025, 10, 1), D(2025, 9, 1))
    message = err.value.message_dict["end"][0]
    assert "1 ก.ย. 2568" in message and "1 ต.ค. 2568" in message
    assert "2025-" not in message
    with translation.override("en"), pytest.raises(ValidationError) as err:
        date_range_check(D(2025, 10, 1), D(2025, 9, 1))
    assert "1 Sep 2025" in err.value.message_dict["end"][0]


def test_it_dates_the_approval_title_as_on_screen(org, approvers):
    person = employee(org, org.n1_office)
    with translation.override("th"):
        a = appointment_create(employee=person, role="kamr_office", unit=org.n1_office,
                               start=D(2025, 10, 1), by=org.hq_admin)  # fmt: skip
        appointment_submit(appointment=a, by=org.hq_admin)
    title = approval_for(a).title
    assert "1 ต.ค. 2568" in title and "2025-10-01" not in title
