"""Each user sees the dashboard of their own scope: another area's unit is a 404."""

import pytest
from django.urls import reverse

from tests.reports.helpers import approve

FY = 2564


def _get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("reports:home"), params)


def test_it_opens_the_users_own_unit_by_default(org, client):
    assert _get(client, org.hq_admin).context["scope"].level == "nation"
    r = _get(client, org.area_admin_n1)
    assert (r.context["scope"].level, r.context["unit"]) == ("area", org.n1)
    r = _get(client, org.kamr_n1)
    assert (r.context["scope"].level, r.context["unit"]) == ("office", org.n1_office)


@pytest.mark.parametrize("unit", ["c1", "c1_office", "hq", "r1", "r3"])
def test_it_answers_404_to_an_area_admin_asking_for_a_unit_outside_the_area(org, client, unit):
    r = _get(client, org.area_admin_n1, unit=getattr(org, unit).pk, fy=FY)
    assert r.status_code == 404


def test_it_lets_an_area_admin_open_an_office_of_the_area(org, client):
    r = _get(client, org.area_admin_n1, unit=org.n1_office2.pk)
    assert r.status_code == 200 and r.context["scope"].level == "office"


def test_it_keeps_a_kamr_to_the_office(org, client):
    assert _get(client, org.kamr_n1, unit=org.n1.pk).status_code == 404
    assert _get(client, org.kamr_n1, unit=org.n1_office2.pk).status_code == 404
    assert _get(client, org.kamr_n1, unit="12abc").status_code == 404


def test_it_lets_hq_open_any_level(org, client):
    for unit, level in [(org.r3, "region"), (org.c1, "area"), (org.c1_office, "office")]:
        r = _get(client, org.hq_admin, unit=unit.pk)
        assert r.status_code == 200 and r.context["scope"].level == level


def test_it_offers_only_units_in_scope_in_the_picker(org, client):
    r = _get(client, org.area_admin_n1)
    assert [o.unit for o in r.context["options"]] == [org.n1, org.n1_office, org.n1_office2]
    r = _get(client, org.hq_admin, unit=org.c1.pk)
    codes = [o.unit.code for o in r.context["options"]]
    assert codes == ["HQ", "R1", "N1", "R3", "C1", "C1-OF1"]  # offices of the chosen area only
    assert [a.code for a in r.context["ancestors"]] == ["HQ", "R3"]
    r = _get(client, org.area_admin_n1, unit=org.n1_office.pk)
    assert [a.code for a in r.context["ancestors"]] == ["N1"]  # HQ and R1 are not theirs


def test_it_counts_segments_of_the_scope_only(org, client):
    run = approve(
        org,
        FY,
        [
            (org.n1_office, org.n1, "star"),
            (org.n1_office, org.n1, "star"),
            (org.n1_office2, org.n1, "status", True),
            (org.c1_office, org.c1, "strategic"),
        ],
    )
    body = _get(client, org.hq_admin, fy=FY).content.decode()
    assert 'data-testid="panel-segment_mix"' in body
    r = _get(client, org.hq_admin, fy=FY)
    total = _mix_total(r)
    assert total.counts == {"star": 2, "status": 1, "strategic": 1} and total.supplements == 1

    r = _get(client, org.area_admin_n1, fy=FY)
    total = _mix_total(r)
    assert total.counts == {"star": 2, "status": 1}
    accounts = reverse("keyaccounts:accounts", args=[run.pk])
    assert total.links["star"] == f"{accounts}?segment=star&area={org.n1.pk}"
    # The number opens the list with exactly these accounts.
    listed = client.get(total.links["star"])
    assert listed.status_code == 200 and listed.context["page"].paginator.count == 2

    r = _get(client, org.kamr_n1, fy=FY)
    assert _mix_total(r).counts == {"star": 2}

    r = _get(client, org.area_admin_c1, fy=FY, unit=org.c1.pk)
    assert _mix_total(r).counts == {"strategic": 1}


def test_it_hints_at_the_newest_year_with_data(org, client):
    approve(org, FY, [(org.n1_office, org.n1, "star")])
    body = _get(client, org.area_admin_n1, fy=2569).content.decode()
    assert 'data-testid="fy-hint"' in body and f"fy={FY}" in body
    body = _get(client, org.area_admin_n1, fy=FY).content.decode()
    assert 'data-testid="fy-hint"' not in body


def _mix_total(response):
    from crmplus.reports.panels import segment_mix

    return segment_mix(response.wsgi_request, response.context["scope"])["total"]


def test_the_risk_heat_map_counts_the_dashboards_unit_only(org, client):
    from crmplus.risk.models import RiskAssessment

    for bp, office, owner in [
        (org.bp_n1, org.n1_office, org.n1_office),
        (org.bp_c1, org.c1_office, org.c1_office),
    ]:
        RiskAssessment.objects.create(
            fy=FY, bp=bp, office=office, owner=owner, p=5, i=4, score=20, level=4, matrix={},
            status="confirmed", values={}, assessed_by=org.kamr_n1,
        )  # fmt: skip
    body = _get(client, org.hq_admin, fy=FY).content.decode()
    assert 'data-testid="risk-total">2<' in body.replace("\n", "")
    body = _get(client, org.hq_admin, fy=FY, unit=org.c1.pk).content.decode()
    assert 'data-testid="risk-total">1<' in body
    body = _get(client, org.area_admin_n1, fy=FY).content.decode()
    assert 'data-testid="risk-total">1<' in body
