"""Confirmed risk levels feed the relative-strength axis of the 4S segmentation.

A run over billing year n (the list of year n + 1) uses the assessments of year n.
"""

import datetime as dt

import polars as pl

from crmplus.keyaccounts import inputs
from crmplus.keyaccounts.rules import SelectionRules
from crmplus.keyaccounts.services import engine_run
from crmplus.risk.selectors import risk_levels_frame
from crmplus.risk.services import assessment_confirm
from tests.keyaccounts.billing_rows import extract
from tests.risk.conftest import FY, submitted_n1


def segment_of_bp_n1(org, billing_fy=FY):
    billing = extract(
        [(int(org.ca_n1.ca_number), int(org.bp_n1.bp_number), "N1-OF1", 30_000_000)],
        peak_kw=12_000.0,
    )
    result = engine_run(billing=billing, billing_fy=billing_fy, rules=SelectionRules())
    return result.accounts.row(0, named=True)


def test_it_turns_a_strong_account_weak_when_confirmed_very_high(org):
    org.ca_n1.connected_on = dt.date(1995, 1, 1)  # 30 years a customer: a strong hold
    org.ca_n1.save()
    assert segment_of_bp_n1(org)["segment"] == "strategic"
    a = submitted_n1(org)
    assert segment_of_bp_n1(org)["segment"] == "strategic"  # not confirmed yet: no effect
    assessment_confirm(assessment=a, by=org.senior_n1)
    row = segment_of_bp_n1(org)
    assert (row["risk_level"], row["segment"]) == (4, "star")
    assert "risk level" in row["explain_en"]
    # Another billing year's run does not use this year's assessment.
    assert segment_of_bp_n1(org, billing_fy=FY + 1)["segment"] == "strategic"


def test_it_gives_an_empty_frame_without_confirmed_assessments(org):
    submitted_n1(org)
    frame = risk_levels_frame(FY)
    assert frame.is_empty()
    assert frame.schema == {"bp": pl.Int64, "office": pl.String, "risk_level": pl.Int64}
    assert risk_levels_frame in inputs._PROVIDERS
    assert "risk_level" not in inputs.attributes_frame(FY).columns
