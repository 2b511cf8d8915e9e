"""The rules page (HQ admins edit, others read) and the run form's what-if draft."""

import pytest
from django.urls import reverse

from crmplus.core.models import SettingValue
from crmplus.keyaccounts.forms import RulesForm
from crmplus.keyaccounts.models import SelectionRun
from crmplus.keyaccounts.rules import SelectionRules
from crmplus.keyaccounts.rules_settings import rules_for_fy
from crmplus.keyaccounts.services import selection_run_create
from tests.keyaccounts.selection_fixtures import LIST_FY, media, selection_world  # noqa: F401

RULES_URL = reverse("keyaccounts:rules") + f"?fy={LIST_FY}"


def rules_post(prefix="r", **changes) -> dict:
    """The form's data for the rules in force, with some fields changed."""
    form = RulesForm(prefix=prefix, rules=SelectionRules())
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        key = f"{prefix}-{name}"
        if isinstance(value, list):
            data[key] = value
        else:
            data[key] = "" if value is None else str(value)
    data.update({f"{prefix}-{k}": v for k, v in changes.items()})
    return data


def test_it_lets_an_hq_admin_change_the_rules_of_a_year(client, org):
    client.force_login(org.hq_admin)
    data = rules_post(
        pooled_threshold="1,500,000",
        attractiveness_gm_bands="0:10; 3,000,000:50; 10000000:100",
        points_star="3.5",
        note="ปรับเกณฑ์ตามมติ",
    )
    r = client.post(RULES_URL, data, follow=True)
    assert r.status_code == 200
    rules = rules_for_fy(LIST_FY)
    assert rules.pooled_threshold == 1_500_000 and rules.segment_points["star"] == 3.5
    gm = next(c for c in rules.attractiveness if c.key == "gm")
    assert gm.bands == ((0, 10), (3_000_000, 50), (10_000_000, 100))
    assert rules_for_fy(LIST_FY - 1).pooled_threshold == 1_000_000  # earlier years keep theirs
    assert "3" in str(list(r.context["messages"])[0])  # three values changed
    assert SettingValue.objects.filter(note="ปรับเกณฑ์ตามมติ").count() == 3
    body = r.content.decode()
    assert "1,500,000" in body and 'data-testid="rules-sources"' in body


def test_it_saves_nothing_when_the_form_is_unchanged(client, org):
    # The defaults' "whatever the value" bound (-1e18) is written "min" and read back.
    assert rules_post()["r-attractiveness_gm_growth_bands"].startswith("min:0; -10:25")
    client.force_login(org.hq_admin)
    r = client.post(RULES_URL, rules_post(), follow=True)
    assert r.status_code == 200 and not SettingValue.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"attractiveness_gm_bands": "0:20; 2000000 40"},
        {"attractiveness_gm_bands": "0:20; 2000000:140"},
        {"attractiveness_gm_bands": "0:20; 0:40"},
        {"attractiveness_gm_bands": ""},
        {"strength_risk_level_bands": "1:nan"},
        {"pooled_threshold": "-5"},
        {"points_status": "0"},  # the rules themselves refuse: supplements are Status
        {"supplement_lower_points": "9"},
        {"attractiveness_gm_weight": "0", "attractiveness_gm_growth_weight": "0",
         "attractiveness_demand_kw_weight": "0"},
    ],
)  # fmt: skip
def test_it_refuses_bad_rules_and_saves_nothing(client, org, changes):
    client.force_login(org.hq_admin)
    r = client.post(RULES_URL, rules_post(**changes))
    assert r.status_code == 200
    assert r.context["form"].errors
    assert 'data-testid="rules-errors"' in r.content.decode()
    assert not SettingValue.objects.exists()


def test_it_shows_the_rules_to_an_area_admin_but_refuses_their_change(client, org):
    client.force_login(org.area_admin_n1)
    r = client.get(RULES_URL)
    assert r.status_code == 200 and r.context["form"] is None
    assert 'data-testid="rules-tables"' in r.content.decode()
    r = client.post(RULES_URL, rules_post(pooled_threshold="1"))
    assert r.status_code == 403
    assert not SettingValue.objects.exists()


def test_it_starts_an_official_run_for_hq(client, org, tmp_path, media):  # noqa: F811
    extract = selection_world(org, tmp_path)
    client.force_login(org.hq_admin)
    r = client.post(
        reverse("keyaccounts:run_new"), {"fy": LIST_FY, "extract": extract.pk, "mode": "rules"}
    )
    run = SelectionRun.objects.get()
    assert r.status_code == 302 and r["Location"] == run.get_absolute_url()
    assert not run.is_draft and run.rules == rules_for_fy(LIST_FY).to_dict()


def test_it_starts_a_what_if_draft_with_the_forms_rules(client, org, tmp_path, media):  # noqa: F811
    extract = selection_world(org, tmp_path)
    client.force_login(org.area_admin_n1)
    data = {"fy": LIST_FY, "extract": extract.pk, "mode": "draft"}
    data.update(rules_post(pooled_threshold="3000000"))
    # Billing extracts are HQ's: an area admin tries rules on those HQ's runs used.
    r = client.post(reverse("keyaccounts:run_new"), data)
    assert r.status_code == 200 and "extract" in r.context["form"].errors
    official = selection_run_create(fy=LIST_FY, extract=extract, by=org.hq_admin, enqueue=False)
    r = client.post(reverse("keyaccounts:run_new"), {**data, "compare_to": ""})
    assert r.status_code == 302
    run = SelectionRun.objects.exclude(pk=official.pk).get()
    assert run.is_draft and run.rules["pooled_threshold"] == 3_000_000


def test_it_shows_draft_rule_errors_on_the_run_form(client, org, tmp_path, media):  # noqa: F811
    extract = selection_world(org, tmp_path)
    client.force_login(org.hq_admin)
    data = {"fy": LIST_FY, "extract": extract.pk, "mode": "draft"}
    data.update(rules_post(strength_tenure_years_bands="zero:20"))
    r = client.post(reverse("keyaccounts:run_new"), data)
    assert r.status_code == 200 and "strength_tenure_years_bands" in r.context["rules_form"].errors
    r = client.post(
        reverse("keyaccounts:run_new"), {"fy": "2026", "extract": extract.pk, "mode": "rules"}
    )
    assert r.status_code == 200 and "fy" in r.context["form"].errors
    assert not SelectionRun.objects.exists()


def test_it_leaves_official_runs_to_hq_and_runs_to_admins(client, org, tmp_path, media):  # noqa: F811
    extract = selection_world(org, tmp_path)
    official = selection_run_create(fy=LIST_FY, extract=extract, by=org.hq_admin, enqueue=False)
    client.force_login(org.area_admin_n1)
    r = client.post(
        reverse("keyaccounts:run_new"), {"fy": LIST_FY, "extract": extract.pk, "mode": "rules"}
    )
    assert r.status_code == 403
    for user in [org.kamr_n1, org.auditor]:
        client.force_login(user)
        assert client.get(reverse("keyaccounts:run_new")).status_code == 403
        assert (
            'data-testid="new-run"' not in client.get(reverse("keyaccounts:home")).content.decode()
        )
    assert list(SelectionRun.objects.all()) == [official]


def test_it_refreshes_the_draft_rules_for_another_year(client, org):
    SettingValue.objects.create(key="keyaccounts.pooled_threshold", effective_fy=2571, value=7e6)
    client.force_login(org.hq_admin)
    r = client.get(
        reverse("keyaccounts:run_new"),
        {"fy": 2571},
        headers={"HX-Request": "true", "HX-Target": "draft-rules"},
    )
    assert r.templates[0].name == "keyaccounts/_draft_rules.html"
    assert 'value="7,000,000"' in r.content.decode()
