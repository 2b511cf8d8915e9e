"""The pure early-warning check (crmplus.risk.warnings) on tiny frames."""

import polars as pl
import pytest

from crmplus.risk.warnings import billing_warnings, slot_labels

SCHEMA = {
    "ca": pl.Int64, "bp": pl.Int64, "office": pl.String, "tariff": pl.String,
    "month": pl.String, "kwh": pl.Float64, "peak_kw": pl.Float64, "revenue": pl.Float64,
    "gm": pl.Float64,
}  # fmt: skip


def months(fy_ce_end: int) -> list[str]:
    return [f"{fy_ce_end - 1}-{m:02d}" for m in (10, 11, 12)] + [
        f"{fy_ce_end}-{m:02d}" for m in range(1, 10)
    ]


def extract(year: int, kwh, peak=None, *, bp=1, office="A", ca=10) -> pl.LazyFrame:
    """One CA's 12 months (None skips a month); a list of frames can be concatenated."""
    peak = peak if peak is not None else [100.0] * 12
    rows = [
        {"ca": ca, "bp": bp, "office": office, "tariff": "4", "month": m, "kwh": k,
         "peak_kw": p, "revenue": 0.0, "gm": 0.0}
        for m, k, p in zip(months(year), kwh, peak, strict=True)
        if k is not None
    ]  # fmt: skip
    return pl.DataFrame(rows, schema=SCHEMA).lazy()


def run(current, previous, pairs=((1, "A"),), **kw):
    params = {"kwh_drop_pct": 15.0, "demand_change_pct": 30.0, "min_months": 6, **kw}
    frame = pl.DataFrame(list(pairs), schema={"bp": pl.Int64, "office": pl.String}, orient="row")
    return billing_warnings(current, previous, pairs=frame, **params)


def test_a_drop_of_exactly_the_threshold_is_not_flagged():
    out = run(extract(2020, [8500.0] * 12), extract(2019, [10000.0] * 12))
    row = out.row(0, named=True)
    assert row["kwh_drop_pct"] == 15.0 and row["months_common"] == 12
    assert row["kwh_flag"] is False and row["reason_en"] == ""


def test_a_drop_just_above_the_threshold_is_flagged_with_reasons():
    out = run(extract(2020, [8499.0] * 12), extract(2019, [10000.0] * 12))
    row = out.row(0, named=True)
    assert row["kwh_drop_pct"] == 15.01 and row["kwh_flag"] is True
    assert "15.0 %" in row["kwh_reason_en"] and "above 15 %" in row["kwh_reason_en"]
    assert "ลดลง" in row["kwh_reason_th"] and "12 เดือน" in row["kwh_reason_th"]
    assert row["reason_th"] == row["kwh_reason_th"]
    # The peak stayed while kWh fell 15 %: the load factor fell 15 %, below 30 %.
    assert row["lf_change_pct"] == pytest.approx(-15.01) and row["demand_flag"] is False


def test_only_the_common_months_are_compared():
    # Last year billed only Oct-Mar; this year's later months (much lower) do not count.
    last = [1000.0] * 6 + [None] * 6
    this = [1000.0] * 6 + [10.0] * 6
    row = run(extract(2020, this), extract(2019, last)).row(0, named=True)
    assert row["months_common"] == 6 and row["kwh_drop_pct"] == 0.0 and not row["kwh_flag"]
    assert row["kwh_last_12"][6:] == [None] * 6 and row["kwh_this_12"][6:] == [10.0] * 6


def test_fewer_common_months_than_the_minimum_say_nothing():
    last = [1000.0] * 5 + [None] * 7
    this = [100.0] * 12  # a 90 % drop, but over 5 common months only
    row = run(extract(2020, this), extract(2019, last)).row(0, named=True)
    assert row["months_common"] == 5 and row["kwh_drop_pct"] == 90.0
    assert row["kwh_flag"] is False and row["demand_flag"] is False
    row = run(extract(2020, this), extract(2019, last), min_months=5).row(0, named=True)
    assert row["kwh_flag"] is True


def test_a_sharp_load_factor_change_flags_the_demand_pattern():
    # Same kWh, the peak up 50 %: the load factor falls by a third.
    out = run(extract(2020, [50_000.0] * 12, [150.0] * 12), extract(2019, [50_000.0] * 12))
    row = out.row(0, named=True)
    assert row["kwh_flag"] is False and row["demand_flag"] is True
    assert row["lf_change_pct"] == pytest.approx(-33.33)
    assert (
        "Load factor fell" in row["demand_reason_en"]
        and "peak kW +50.0 %" in row["demand_reason_en"]
    )
    assert "solar" not in row["demand_reason_en"]  # energy did not fall: no solar hint
    assert "load factor" in row["demand_reason_th"]
    # kWh down 40 % with the peak steady: both flags, and the solar hint.
    row = run(extract(2020, [30_000.0] * 12), extract(2019, [50_000.0] * 12)).row(0, named=True)
    assert row["kwh_flag"] and row["demand_flag"] and "solar" in row["demand_reason_en"]
    assert "โซลาร์" in row["demand_reason_th"] and row["reason_en"].count("\n") == 1
    # A change of exactly the threshold is not flagged (either way).
    row = run(
        extract(2020, [50_000.0] * 12, [100.0] * 12),
        extract(2019, [50_000.0] * 12, [130.0] * 12),
        demand_change_pct=30.0,
    ).row(0, named=True)
    assert row["lf_change_pct"] == 30.0 and row["demand_flag"] is False


def test_it_pools_the_cas_of_a_pair_and_checks_only_the_given_pairs():
    this = pl.concat([extract(2020, [400.0] * 12, ca=1), extract(2020, [400.0] * 12, ca=2),
                      extract(2020, [1.0] * 12, bp=2, ca=3)])  # fmt: skip
    last = pl.concat([extract(2019, [500.0] * 12, ca=1), extract(2019, [500.0] * 12, ca=2),
                      extract(2019, [1000.0] * 12, bp=2, ca=3)])  # fmt: skip
    out = run(this, last, pairs=[(1, "A"), (9, "A")])
    assert out["bp"].to_list() == [1]  # bp 2 not asked for; bp 9 has no billing
    row = out.row(0, named=True)
    assert row["kwh_this"] == 9600.0 and row["kwh_last"] == 12000.0 and row["kwh_flag"]
    assert row["peak_this_12"] == [200.0] * 12  # the CAs' peaks add up
    assert row["months"][0] == "2019-10" and row["months"][-1] == "2020-09"


def test_no_pairs_give_an_empty_frame_and_labels_start_in_october():
    out = run(extract(2020, [1.0] * 12), extract(2019, [1.0] * 12), pairs=[])
    assert out.height == 0 and "kwh_flag" in out.columns
    assert slot_labels("en")[0] == "Oct" and slot_labels("th")[0] == "ต.ค."
