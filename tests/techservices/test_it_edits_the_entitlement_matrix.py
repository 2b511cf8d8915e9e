"""HQ admins change a year's entitlements on the matrix page; bookings follow; history kept."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from crmplus.core.models import SettingValue
from crmplus.techservices.entitlements import ENTITLEMENTS_KEY, rules_for_fy
from tests.techservices.conftest import book, key_account


def _post(org, **changes):
    rules = rules_for_fy(2569)
    data = {"supplement_max_distinct": str(rules.supplement_max_distinct), "note": "ปรับสิทธิ"}
    for seg, row in rules.matrix.items():
        for code, cell in row.items():
            if cell.allowed:
                data[f"a-{seg}-{code}"] = "on"
            data[f"q-{seg}-{code}"] = "" if cell.quota is None else str(cell.quota)
    for code in rules.supplement_codes:
        data[f"sup-{code}"] = "on"
    data.update(changes)
    return data


def test_hq_changes_a_quota_and_booking_follows(client, org):
    key_account(org, org.bp_n1, segment="streamline")
    client.force_login(org.hq_admin)
    url = reverse("techservices:matrix") + "?fy=2569"
    assert client.get(url).status_code == 200
    r = client.post(url, _post(org, **{"a-streamline-FMS7": "on", "q-streamline-FMS7": "1"}))
    assert r.status_code == 302
    assert rules_for_fy(2569).cell("streamline", "FMS7").quota == 1
    assert rules_for_fy(2568).cell("streamline", "FMS7").allowed is False
    assert book(org, "FMS7").code == "FMS7"
    with pytest.raises(ValidationError):
        book(org, "FMS7")
    row = SettingValue.objects.get(key=ENTITLEMENTS_KEY, effective_fy=2569)
    assert row.updated_by == org.hq_admin and row.history.exists()
    assert "ปรับสิทธิ" in client.get(url).content.decode()


def test_a_bad_quota_is_an_error_and_saves_nothing(client, org):
    client.force_login(org.hq_admin)
    url = reverse("techservices:matrix") + "?fy=2569"
    r = client.post(url, _post(org, **{"q-star-FMS1": "-3"}))
    assert r.status_code == 200 and 'data-testid="matrix-error"' in r.content.decode()
    assert not SettingValue.objects.filter(key=ENTITLEMENTS_KEY).exists()


def test_others_read_but_cannot_change(client, org):
    client.force_login(org.area_admin_n1)
    url = reverse("techservices:matrix") + "?fy=2569"
    assert 'data-testid="matrix-save"' not in client.get(url).content.decode()
    assert client.post(url, _post(org)).status_code == 403
