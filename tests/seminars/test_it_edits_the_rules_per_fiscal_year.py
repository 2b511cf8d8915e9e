"""The rules page: everyone reads the FY's caps and rates; only HQ admins change them,
from a fiscal year on, validated, nothing saved on error."""

from decimal import Decimal

from django.urls import reverse

from crmplus.core.models import SettingValue
from crmplus.seminars.rules_settings import rules_for_fy


def _form(**changes):
    data = {
        "event_cap": "100000.00", "hq_year_cap": "100000.00", "executive_level": "8",
        "rate_food_executive": "1200", "rate_food_operational": "950",
        "rate_accommodation_executive": "2400", "rate_accommodation_operational": "1450",
        "rate_transport_executive": "600", "rate_transport_operational": "400",
        "rate_materials_executive": "300", "rate_materials_operational": "300",
    }  # fmt: skip
    data.update(changes)
    return data


def test_it_changes_a_rate_from_a_fiscal_year_on(client, org):
    client.force_login(org.hq_admin)
    url = reverse("seminars:rules")
    r = client.post(url, {"fy": "2570", **_form(rate_food_operational="1,000")})
    assert r.status_code == 302
    assert rules_for_fy(2570).rates.rate("food", "operational") == Decimal("1000.00")
    assert rules_for_fy(2569).rates.rate("food", "operational") == Decimal("950.00")
    html = client.get(url, {"fy": 2570}).content.decode()
    assert "seminars.rates" in html


def test_it_refuses_bad_rules_and_non_hq_admins(client, org):
    client.force_login(org.hq_admin)
    url = reverse("seminars:rules")
    r = client.post(url, {"fy": "2570", **_form(event_cap="-1")})
    assert r.status_code == 200 and 'data-testid="form-errors"' in r.content.decode()
    assert not SettingValue.objects.filter(key__startswith="seminars.").exists()
    client.force_login(org.area_admin_n1)
    assert client.get(url).status_code == 200
    assert client.post(url, {"fy": "2570", **_form(event_cap="1")}).status_code == 403
    assert not SettingValue.objects.filter(key__startswith="seminars.").exists()
