"""Status (supplement) customers: FMS1–5 only, at most 3 distinct services a year."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from crmplus.techservices.models import PowerQualityProblem, ServiceRequest
from crmplus.techservices.services import service_cancel
from tests.techservices.conftest import book, key_account


@pytest.fixture
def supplement(org):
    key_account(org, org.bp_n1, segment="status", supplement=True)
    PowerQualityProblem.objects.create(
        bp=org.bp_n1, office=org.n1_office, observed_on="2025-11-01", kind="sag",
        description="dips", recorded_by=org.kamr_n1,
    )  # fmt: skip
    return org


@pytest.mark.parametrize("code", ["FMS6", "FMS7"])
def test_it_refuses_fms6_and_fms7(supplement, code):
    with translation.override("en"), pytest.raises(ValidationError) as e:
        book(supplement, code)
    err = e.value.error_dict["code"][0]
    assert err.code == "supplement_range"
    assert "FMS1–5 only" in err.message and "No exception" in err.message
    assert not ServiceRequest.objects.exists()


def test_it_refuses_a_fourth_distinct_service_naming_the_rule_and_the_exception(supplement):
    for code in ("FMS1", "FMS2", "FMS3"):
        book(supplement, code)
    with translation.override("en"), pytest.raises(ValidationError) as e:
        book(supplement, "FMS4")
    err = e.value.error_dict["code"][0]
    assert err.code == "supplement_distinct"
    assert "at most 3 services a year" in err.message
    assert "request an exception" in err.message
    assert ServiceRequest.objects.count() == 3


def test_it_says_it_in_thai(supplement):
    for code in ("FMS1", "FMS2", "FMS3"):
        book(supplement, code)
    with translation.override("th"), pytest.raises(ValidationError) as e:
        book(supplement, "FMS4")
    err = e.value.error_dict["code"][0]
    assert err.code == "supplement_distinct"
    assert "Status (เพิ่มเติม) ไม่เกิน 3 บริการต่อปี" in err.message
    assert "ขออนุมัติยกเว้น" in err.message


def test_a_cancelled_service_frees_its_place(supplement):
    first = book(supplement, "FMS1")
    book(supplement, "FMS2")
    book(supplement, "FMS3")
    service_cancel(request=first, reason="ลูกค้าเลื่อน", by=supplement.kamr_n1)
    assert book(supplement, "FMS4").code == "FMS4"
