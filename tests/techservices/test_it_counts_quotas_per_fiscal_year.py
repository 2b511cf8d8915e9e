"""Yearly quotas count per fiscal year (1 Oct – 30 Sep), from the year's key account."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from crmplus.techservices.models import ServiceRequest
from tests.techservices.conftest import book, key_account


def test_it_refuses_over_the_quota_in_one_year_and_starts_again_the_next(org):
    key_account(org, org.bp_n1, segment="strategic", fy=2569)
    key_account(org, org.bp_n1, segment="strategic", fy=2570)
    # Strategic FMS4: 2 a year (default settings).
    book(org, "FMS4", day=dt.date(2025, 10, 1))  # first day of FY2569
    book(org, "FMS4", day=dt.date(2026, 9, 30))  # last day of FY2569
    with pytest.raises(ValidationError) as e:
        book(org, "FMS4", day=dt.date(2026, 9, 30))
    err = e.value.error_dict["code"][0]
    assert err.code == "quota"
    fresh = book(org, "FMS4", day=dt.date(2026, 10, 1))  # FY2570
    assert fresh.fy == 2570
    assert ServiceRequest.objects.filter(fy=2569).count() == 2


def test_it_uses_the_segment_of_the_bookings_year(org):
    key_account(org, org.bp_n1, segment="streamline", fy=2569)
    key_account(org, org.bp_n1, segment="strategic", fy=2570)
    with pytest.raises(ValidationError) as e:
        book(org, "FMS7", day=dt.date(2026, 9, 1))
    assert e.value.error_dict["code"][0].code == "not_entitled"
    assert book(org, "FMS7", day=dt.date(2026, 10, 2)).segment == "strategic"


def test_it_refuses_a_customer_without_a_key_account_that_year(org):
    key_account(org, org.bp_n1, segment="strategic", fy=2570)
    with pytest.raises(ValidationError) as e:
        book(org, "FMS1", day=dt.date(2026, 1, 5))
    assert e.value.error_dict["code"][0].code == "no_key_account"
    assert not ServiceRequest.objects.exists()
