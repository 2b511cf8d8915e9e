"""SLA timers (pure) and the SLA settings: due times follow the category, a timer is
running, breached, met or missed, and a broken setting is refused with its reason."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from crmplus.social.rules_settings import fy_of, sla_targets, social_rules_save
from crmplus.social.sla import DEFAULT_SLA, parse_sla, timer

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def test_it_counts_a_timer_down_then_breaches_it():
    due = T0 + dt.timedelta(minutes=15)
    assert timer(due, None, T0 + dt.timedelta(minutes=5)).state == "running"
    assert timer(due, None, T0 + dt.timedelta(minutes=5)).seconds_left == 600
    late = timer(due, None, T0 + dt.timedelta(minutes=20))
    assert late.state == "breached" and late.seconds_left == -300 and late.is_bad


def test_it_says_met_or_missed_once_done():
    due = T0 + dt.timedelta(minutes=15)
    assert timer(due, T0 + dt.timedelta(minutes=15), T0 + dt.timedelta(days=1)).state == "met"
    assert timer(due, T0 + dt.timedelta(minutes=16), T0).state == "missed"


@pytest.mark.parametrize(
    "bad, why",
    [
        ({"outage": {"first_response_minutes": 0, "resolution_minutes": 10}}, "between 1"),
        ({"outage": {"first_response_minutes": 30, "resolution_minutes": 10}}, "before"),
        ({"outage": {"first_response_minutes": "15", "resolution_minutes": 10}}, "whole"),
        ({"weather": DEFAULT_SLA["other"]}, "unknown"),
    ],
)
def test_it_refuses_a_broken_sla_setting(bad, why):
    with pytest.raises(ValueError, match=why):
        parse_sla(bad)


@pytest.mark.django_db
def test_it_lets_only_hq_admins_change_the_rules_and_keeps_them_per_year(org):
    from django.core.exceptions import PermissionDenied

    fy = fy_of()
    sla = dict(DEFAULT_SLA, outage={"first_response_minutes": 5, "resolution_minutes": 60})
    args = dict(fy=fy, sla=sla, canned={"outage": ["รับเรื่องแล้วค่ะ"]}, retention_days=365,
                purpose_text="ตอบคำถามลูกค้า")  # fmt: skip
    with pytest.raises(PermissionDenied):
        social_rules_save(**args, by=org.area_admin_n1)
    assert social_rules_save(**args, by=org.hq_admin) == 4
    assert sla_targets(fy)["outage"].first_response_minutes == 5
    assert sla_targets(fy - 1)["outage"].first_response_minutes == 15  # earlier year unchanged
    with pytest.raises(ValidationError) as e:
        social_rules_save(**{**args, "retention_days": 5}, by=org.hq_admin)
    assert "retention_days" in e.value.message_dict
