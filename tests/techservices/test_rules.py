"""The pure entitlement rules (crmplus.techservices.rules): no database, milliseconds."""

import pytest

from crmplus.techservices import rules as R
from crmplus.techservices.catalogue import default_benefits

BENEFITS = [
    R.BenefitEntry(b.code, str(b.family), b.label_th, b.label_en) for b in default_benefits()
]
RULES = R.default_rules(BENEFITS)


def check(
    code, *, segment="status", supplement=False, pq=False, booked=None, exc=False, rules=RULES
):
    return R.check(
        rules, segment=segment, supplement=supplement, pq_problem=pq, booked=booked or {},
        code=code, has_exception=exc,
    )  # fmt: skip


@pytest.mark.parametrize("code", ["FMS1", "FMS2", "FMS3", "FMS4", "FMS5"])
def test_it_gives_supplement_customers_fms1_to_5(code):
    assert check(code, supplement=True).allowed


@pytest.mark.parametrize("code", ["FMS6", "FMS7"])
def test_it_refuses_fms6_and_fms7_to_supplement_customers_even_with_an_exception(code):
    d = check(code, supplement=True, pq=True, exc=True)
    assert (d.allowed, d.rule, d.exceptionable) == (False, R.SUPPLEMENT_RANGE, False)


def test_it_gives_fms7_to_an_ordinary_status_customer():
    assert check("FMS7").allowed


def test_it_refuses_a_fourth_distinct_service_to_a_supplement_customer():
    booked = {"FMS1": 1, "FMS2": 1, "FMS3": 1}
    d = check("FMS4", supplement=True, booked=booked)
    assert (d.allowed, d.rule, d.exceptionable) == (False, R.SUPPLEMENT_DISTINCT, True)
    assert d.params["used"] == ["FMS1", "FMS2", "FMS3"]


def test_it_allows_a_third_distinct_service_at_the_boundary():
    assert check("FMS4", supplement=True, booked={"FMS1": 1, "FMS2": 1}).allowed


def test_it_ignores_cancelled_zero_counts_for_distinct_services():
    assert check("FMS4", supplement=True, booked={"FMS1": 1, "FMS2": 1, "FMS3": 0}).allowed


def test_it_allows_a_repeat_of_a_used_service_within_its_quota():
    # Status quota for FMS2 is 2: a second load profile is not a 4th distinct service.
    booked = {"FMS1": 1, "FMS2": 1, "FMS3": 1}
    assert check("FMS2", supplement=True, booked=booked).allowed


def test_it_lets_an_approved_exception_pass_the_distinct_rule():
    d = check("FMS4", supplement=True, booked={"FMS1": 1, "FMS2": 1, "FMS3": 1}, exc=True)
    assert d.allowed and d.uses_exception and d.rule == R.SUPPLEMENT_DISTINCT


def test_it_needs_a_power_quality_problem_for_fms6():
    d = check("FMS6", segment="strategic")
    assert (d.allowed, d.rule, d.exceptionable) == (False, R.PQ_REQUIRED, False)
    assert check("FMS6", segment="strategic", pq=True).allowed


def test_it_refuses_over_the_quota_and_accepts_up_to_it():
    # Strategic FMS4 quota is 2.
    assert check("FMS4", segment="strategic", booked={"FMS4": 1}).allowed
    d = check("FMS4", segment="strategic", booked={"FMS4": 2})
    assert (d.allowed, d.rule, d.params["quota"], d.params["used"]) == (False, R.QUOTA, 2, 2)
    assert check("FMS4", segment="strategic", booked={"FMS4": 2}, exc=True).uses_exception


def test_it_refuses_a_service_the_segment_is_not_entitled_to():
    d = check("FMS7", segment="streamline")
    assert (d.allowed, d.rule) == (False, R.NOT_ENTITLED)
    assert not check("FMS7", segment="streamline", exc=True).allowed


def test_it_refuses_without_a_key_account():
    assert check("FMS1", segment=None).rule == R.NO_KEY_ACCOUNT


def test_it_treats_a_blank_quota_as_no_cap():
    data = RULES.to_dict()
    data["matrix"]["star"]["FMS3"] = {"allowed": True, "quota": None}
    rules = R.EntitlementRules.from_dict(data)
    assert check("FMS3", segment="star", booked={"FMS3": 50}, rules=rules).allowed


def test_it_round_trips_and_validates_stored_rules():
    assert R.EntitlementRules.from_dict(RULES.to_dict()) == RULES
    bad = RULES.to_dict()
    bad["benefits"] = [b for b in bad["benefits"] if b["code"] != "FMS6"]
    with pytest.raises(ValueError, match="FMS6"):
        R.EntitlementRules.from_dict(bad)
    bad = RULES.to_dict()
    bad["matrix"]["star"]["FMS1"]["quota"] = -1
    with pytest.raises(ValueError, match="0–999"):
        R.EntitlementRules.from_dict(bad)
    bad = RULES.to_dict()
    bad["supplement_codes"] = ["RBA1"]
    with pytest.raises(ValueError):
        R.EntitlementRules.from_dict(bad)


def test_it_reports_usage_against_the_quota():
    rows = {
        r["code"]: r for r in R.usage(RULES, segment="status", supplement=True, booked={"FMS1": 1})
    }
    assert rows["FMS1"]["used"] == 1 and rows["FMS1"]["left"] == 0
    assert rows["FMS6"]["entitled"] is False and rows["FMS7"]["quota"] == 0
