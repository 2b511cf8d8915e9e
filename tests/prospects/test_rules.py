"""The pipeline rules as plain data (no database): moves, the stalled flag, the funnel."""

import datetime as dt
from decimal import Decimal

import pytest

from crmplus.prospects.rules import (
    CONNECTED,
    DEFAULT_STAGES,
    HANDED_TO_KAM,
    PipelineRules,
    StageVisit,
    average_days_in_stage,
    can_convert,
    funnel,
    is_stalled,
    move_problems,
    stage_visits,
)

RULES = PipelineRules()
TODAY = dt.date(2026, 3, 1)


def codes(**kw):
    return {(p.field, p.code) for p in move_problems(RULES, today=TODAY, **kw)}


def test_it_moves_forward_any_number_of_stages_without_a_reason():
    assert codes(current="identified", target="offer") == set()


def test_it_refuses_moving_back_without_a_reason():
    assert codes(current="offer", target="contacted") == {("note", "reason_needed")}
    assert codes(current="offer", target="contacted", reason="customer postponed") == set()
    assert codes(current="offer", target="contacted", reason="   ") == {("note", "reason_needed")}


def test_it_needs_the_connection_date_for_connected_and_never_a_future_one():
    assert codes(current="connection_works", target=CONNECTED) == {
        ("connection_date", "connection_date_needed")
    }
    assert codes(current="connection_works", target=CONNECTED, connection_date=TODAY) == set()
    assert codes(
        current="connection_works", target=CONNECTED, connection_date=TODAY + dt.timedelta(days=1)
    ) == {("connection_date", "connection_date_future")}


def test_it_hands_to_kam_only_after_conversion():
    day = TODAY - dt.timedelta(days=5)
    assert ("stage", "not_converted") in codes(
        current=CONNECTED, target=HANDED_TO_KAM, connection_date=day
    )
    assert (
        codes(current=CONNECTED, target=HANDED_TO_KAM, connection_date=day, converted=True) == set()
    )


def test_it_keeps_a_converted_prospect_at_connected_or_later():
    got = codes(current=CONNECTED, target="offer", reason="x", converted=True)
    assert got == {("stage", "converted_back")}


def test_it_refuses_unknown_and_same_stages():
    assert codes(current="identified", target="nowhere") == {("stage", "unknown_stage")}
    assert codes(current="offer", target="offer") == {("stage", "same_stage")}


def test_it_converts_once_and_only_when_connected():
    assert can_convert(RULES, stage=CONNECTED, converted=False)
    assert not can_convert(RULES, stage=CONNECTED, converted=True)
    assert not can_convert(RULES, stage="connection_works", converted=False)
    assert not can_convert(RULES, stage=HANDED_TO_KAM, converted=False)


def test_it_flags_stalled_only_past_the_stage_threshold():
    days = RULES.stage("contacted").stall_days  # 45 by default
    entered = TODAY - dt.timedelta(days=days)
    assert not is_stalled(RULES, "contacted", entered, TODAY)  # exactly at the threshold
    assert is_stalled(RULES, "contacted", entered - dt.timedelta(days=1), TODAY)
    # 0 days = never stalled (handed to KAM is the end of the pipeline)
    assert not is_stalled(RULES, HANDED_TO_KAM, TODAY - dt.timedelta(days=3000), TODAY)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda s: s[:5] + s[6:], "'connected' must stay"),
        (lambda s: s[:5] + (s[6], s[5]), "must come right after"),
        (lambda s: (s[0], s[0], *s[1:]), "unique"),
    ],
)
def test_it_refuses_pipelines_that_break_the_rules(change, message):
    with pytest.raises(ValueError, match=message):
        PipelineRules(stages=tuple(change(DEFAULT_STAGES)))


def test_it_round_trips_and_validates_settings_data():
    data = RULES.to_dict()
    assert PipelineRules.from_dict(data) == RULES
    data["stages"][0]["probability"] = 120
    with pytest.raises(ValueError, match="probability must be 0 to 100"):
        PipelineRules.from_dict(data)
    with pytest.raises(ValueError, match="unknown fields"):
        PipelineRules.from_dict({"stages": [{"key": "a", "colour": "red"}]})


def at(day: int) -> dt.datetime:
    return dt.datetime(2026, 1, day, tzinfo=dt.UTC)


def test_it_averages_days_in_stage_from_the_change_log():
    log = [
        (1, "", "identified", at(1)),
        (1, "identified", "contacted", at(11)),  # 10 days identified
        (2, "", "identified", at(1)),
        (2, "identified", "contacted", at(21)),  # 20 days identified
        (1, "contacted", "identified", at(15)),  # back: 4 days contacted, then open
    ]
    visits = stage_visits(log)
    assert StageVisit(1, "contacted", at(11), at(15)) in visits
    avg = average_days_in_stage(visits, now=at(31))
    # identified: 10, 20 and the reopened stay 15→31 = 16 → 15.3
    assert avg["identified"] == Decimal("15.3")
    # contacted: 4 (closed) and prospect 2's open stay 21→31 = 10 → 7.0
    assert avg["contacted"] == Decimal("7.0")


def test_it_counts_the_funnel_by_stage_with_load_gm_and_conversion_rate():
    def p(stage, kw, gm, prob, converted=False, days=1):
        return {
            "stage": stage,
            "entered": TODAY - dt.timedelta(days=days),
            "load_kw": Decimal(kw),
            "gm": Decimal(gm),
            "probability": prob,
            "converted": converted,
        }

    f = funnel(
        RULES,
        [
            p("identified", 1000, 1_000_000, 10, days=200),  # stalled (60 days)
            p("identified", 500, 400_000, 10),
            p("offer", 2500, 3_000_000, 60),
            p(CONNECTED, 4000, 5_000_000, 100, converted=True),
        ],
        today=TODAY,
    )
    rows = {r.stage: r for r in f.rows}
    assert [r.stage for r in f.rows] == RULES.keys
    assert rows["identified"].count == 2 and rows["identified"].stalled == 1
    assert rows["identified"].load_mw == Decimal("1.50")
    assert rows["identified"].gm == Decimal(1_400_000)
    assert rows["identified"].weighted_gm == Decimal("140000.00")
    assert rows["offer"].weighted_gm == Decimal("1800000.00")
    assert (rows["identified"].reached, rows["offer"].reached, rows[CONNECTED].reached) == (4, 2, 1)
    assert rows["contacted"].count == 0
    assert (f.total, f.reached_connected, f.converted) == (4, 1, 1)
    assert f.conversion_rate == Decimal("25.0")
    assert funnel(RULES, [], today=TODAY).conversion_rate is None
