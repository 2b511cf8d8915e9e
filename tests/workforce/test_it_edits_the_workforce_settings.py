"""Workforce rules as data: HQ admins set them per fiscal year, each value checked;
others read them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from crmplus.workforce.rules_settings import (
    ALLOWANCE_RATE,
    SENIOR_DUTIES,
    allowance_settings,
    senior_duties,
    training_months,
)
from crmplus.workforce.services_settings import workforce_setting_save


def test_hq_sets_a_rate_from_a_fiscal_year(org):
    assert workforce_setting_save(key=ALLOWANCE_RATE, fy=2570, raw="600", by=org.hq_admin)
    assert allowance_settings(2569).rate == 500 and allowance_settings(2571).rate == 600
    assert not workforce_setting_save(key=ALLOWANCE_RATE, fy=2570, raw="600.00", by=org.hq_admin)
    with pytest.raises(PermissionDenied):
        workforce_setting_save(key=ALLOWANCE_RATE, fy=2570, raw="1", by=org.area_admin_n1)


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("workforce.allowance_rate", "-1"),
        ("workforce.allowance_rate", "abc"),
        ("workforce.allowance_proration", "weekly"),
        ("workforce.allowance_roles", "kamr_office, boss"),
        ("workforce.training_deadline_months", "x"),
        ("workforce.training_deadline_months", "99"),
        ("workforce.senior_duties", "[{"),
        ("workforce.senior_duties", '[{"key": "a", "period": "week", "th": "ก"}]'),
        ("workforce.senior_duties", '[{"key": "a", "period": "month"}]'),
    ],
)
def test_a_wrong_value_is_refused_and_nothing_saved(org, key, raw):
    with pytest.raises(ValidationError) as e:
        workforce_setting_save(key=key, fy=2570, raw=raw, by=org.hq_admin)
    assert "value" in e.value.error_dict
    assert training_months(2570) == 3


def test_the_settings_page(client, org):
    client.force_login(org.area_admin_n1)
    assert client.get(reverse("workforce:settings")).status_code == 200
    assert client.post(reverse("workforce:settings"), {"key": SENIOR_DUTIES}).status_code == 403
    client.force_login(org.hq_admin)
    duties = '[{"key": "coach", "period": "month", "th": "สอนงาน", "en": "Coach"}]'
    r = client.post(reverse("workforce:settings"),
                    {"key": SENIOR_DUTIES, "fy": 2570, "value": duties})  # fmt: skip
    assert r.status_code == 302
    assert [d.en for d in senior_duties(2570)] == ["Coach"]
    data = {"key": "workforce.training_reminder_days", "fy": 2570, "value": "-3"}
    r = client.post(reverse("workforce:settings"), data)
    assert r.status_code == 200 and b"setting-errors" in r.content
