"""FMS6 (power-quality check) only for customers with a recorded power-quality problem."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from crmplus.techservices.services import pq_problem_record, pq_problem_resolve
from tests.techservices.conftest import book, key_account


def test_it_refuses_fms6_until_a_problem_is_recorded(org):
    key_account(org, org.bp_n1, segment="strategic")
    with pytest.raises(ValidationError) as e:
        book(org, "FMS6")
    assert e.value.error_dict["code"][0].code == "pq_required"
    pq_problem_record(
        bp=org.bp_n1, observed_on=dt.date(2025, 12, 1), kind="harmonics",
        description="อินเวอร์เตอร์ตัดบ่อย", by=org.kamr_n1,
    )  # fmt: skip
    assert book(org, "FMS6").code == "FMS6"


def test_a_problem_resolved_before_the_year_does_not_count(org):
    key_account(org, org.bp_n1, segment="strategic")
    problem = pq_problem_record(
        bp=org.bp_n1, observed_on=dt.date(2024, 3, 1), kind="sag", description="dips",
        by=org.kamr_n1,
    )  # fmt: skip
    pq_problem_resolve(problem=problem, resolved_on=dt.date(2025, 5, 1), by=org.kamr_n1)
    with pytest.raises(ValidationError) as e:
        book(org, "FMS6")  # FY2569 starts 1 Oct 2025
    assert e.value.error_dict["code"][0].code == "pq_required"


def test_recording_a_problem_needs_a_description_and_a_past_date(org):
    with pytest.raises(ValidationError) as e:
        pq_problem_record(
            bp=org.bp_n1, observed_on=dt.date(2025, 12, 1), kind="sag", description=" ",
            by=org.kamr_n1,
        )  # fmt: skip
    assert "description" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        pq_problem_record(
            bp=org.bp_n1, observed_on=dt.date(2999, 1, 1), kind="sag", description="x",
            by=org.kamr_n1,
        )  # fmt: skip
    assert "observed_on" in e.value.error_dict
