"""Filters and sorts of the account and office lists: they filter, and odd input never 500s."""

import pytest
from django.urls import reverse

from crmplus.keyaccounts.models import Candidate
from crmplus.keyaccounts.services import selection_run_create, selection_run_execute
from tests.keyaccounts.selection_fixtures import LIST_FY, media, selection_world  # noqa: F401

ODD = ["", "abc", "-1", "0", "99999999999999999999999", "'; drop table x;--", "%00", "ๆๆๆ"]


@pytest.fixture
def run(org, tmp_path, media):  # noqa: F811
    extract = selection_world(org, tmp_path)
    created = selection_run_create(fy=LIST_FY, extract=extract, by=org.hq_admin, enqueue=False)
    return selection_run_execute(run_id=created.pk)


def _numbers(response) -> list[str]:
    return [c.bp_number for c in response.context["page"].object_list]


def test_it_filters_accounts_by_area_office_segment_and_text(client, org, run):
    client.force_login(org.hq_admin)
    url = reverse("keyaccounts:accounts", args=[run.pk])
    assert set(_numbers(client.get(url))) == {org.bp_n1.bp_number, org.bp_c1.bp_number}
    assert _numbers(client.get(url, {"area": org.c1.pk})) == [org.bp_c1.bp_number]
    assert _numbers(client.get(url, {"office": org.n1_office.pk})) == [org.bp_n1.bp_number]
    assert _numbers(client.get(url, {"q": "ลำพูน"})) == [org.bp_n1.bp_number]
    assert _numbers(client.get(url, {"q": "ayutthaya"})) == [org.bp_c1.bp_number]
    assert _numbers(client.get(url, {"q": org.bp_c1.bp_number[-4:]})) == [org.bp_c1.bp_number]
    assert _numbers(client.get(url, {"supplement": "yes"})) == []
    assert _numbers(client.get(url, {"overridden": "yes"})) == []
    n1 = Candidate.objects.get(run=run, bp=org.bp_n1)
    Candidate.objects.filter(pk=n1.pk).update(override_segment="star", override_reason="x")
    assert _numbers(client.get(url, {"segment": "star"})) == [org.bp_n1.bp_number]
    assert _numbers(client.get(url, {"overridden": "yes"})) == [org.bp_n1.bp_number]
    assert org.bp_n1.bp_number not in _numbers(client.get(url, {"segment": n1.segment}))


def test_it_sorts_accounts_both_ways(client, org, run):
    client.force_login(org.hq_admin)
    url = reverse("keyaccounts:accounts", args=[run.pk])
    big, small = org.bp_c1.bp_number, org.bp_n1.bp_number  # 25 M vs 2.7 M pooled GM
    assert _numbers(client.get(url, {"sort": "rank"})) == [big, small]
    assert _numbers(client.get(url, {"sort": "-rank"})) == [small, big]
    assert _numbers(client.get(url, {"sort": "pooled_gm"})) == [small, big]
    assert _numbers(client.get(url, {"sort": "-pooled_gm"})) == [big, small]
    for key in ["gm", "points", "attractiveness", "strength"]:
        for sort in [key, f"-{key}"]:
            assert client.get(url, {"sort": sort}).status_code == 200


def test_it_survives_odd_parameters_on_every_list(client, org, run):
    client.force_login(org.hq_admin)
    lists = {
        reverse("keyaccounts:accounts", args=[run.pk]): [
            "area", "office", "segment", "supplement", "overridden", "q", "sort", "page",
        ],
        reverse("keyaccounts:offices", args=[run.pk]): ["status", "area", "sort", "page"],
        reverse("keyaccounts:home"): ["fy", "page"],
        reverse("keyaccounts:compare", args=[run.pk]): ["other"],
        reverse("keyaccounts:rules"): ["fy"],
        reverse("keyaccounts:run_new"): ["fy", "compare_to"],
    }  # fmt: skip
    for url, params in lists.items():
        for param in params:
            for value in ODD:
                r = client.get(url, {param: value})
                assert r.status_code == 200, (url, param, value, r.status_code)
                r = client.get(url, {param: value}, headers={"HX-Request": "true"})
                assert r.status_code == 200, (url, param, value, "htmx")


def test_it_filters_offices_by_status_and_sorts_by_points(client, org, run):
    client.force_login(org.hq_admin)
    url = reverse("keyaccounts:offices", args=[run.pk])
    r = client.get(url, {"status": "review"})
    review = [o.office for o in r.context["page"].object_list]
    assert org.n1_office in review and all(o.status == "review" for o in r.context["page"])
    assert 'data-testid="office-review"' in r.content.decode()
    points = [o.points for o in client.get(url, {"sort": "-points"}).context["page"]]
    assert points == sorted(points, reverse=True)
    r = client.get(
        url, {"area": org.c1.pk}, headers={"HX-Request": "true", "HX-Target": "office-results"}
    )
    assert r.templates[0].name == "keyaccounts/_office_results.html"
    assert {o.area for o in r.context["page"].object_list} == {org.c1}
