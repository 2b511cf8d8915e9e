"""Odd query parameters never answer 500: they are ignored or give a 404."""

import pytest
from django.urls import reverse

from tests.risk.conftest import submitted_n1

ODD = [
    {"fy": "abc"}, {"fy": "99999999999999999999"}, {"fy": "2569\x00"}, {"level": "9"},
    {"level": "x"}, {"status": "nope"}, {"p": "-1"}, {"i": "1e9"}, {"p": "99999999999999999999999"},
    {"area": "abc"}, {"area": "99999999999999999999999"}, {"office": "-4"}, {"unit": "x"},
    {"unit": "99999999999999999999999"}, {"sort": "password"}, {"page": "-1"}, {"page": "zz"},
    {"q": "x" * 500}, {"q": "\x00"}, {"office": "1", "area": "1"},
]  # fmt: skip


@pytest.mark.parametrize("params", ODD)
def test_it_never_answers_500(client, org, params):
    a = submitted_n1(org)
    client.force_login(org.senior_n1)
    for name in ("risk:home", "risk:list", "risk:export"):
        r = client.get(reverse(name), params)
        assert r.status_code == 200, (name, params)
    assess = reverse("risk:assess", args=[org.bp_n1.pk])
    r = client.get(assess, {**params, "office": params.get("office", "x")})
    assert r.status_code in (200, 404), params
    assert client.get(reverse("risk:detail", args=[a.pk]), params).status_code == 200


def test_huge_ids_are_404(client, org):
    client.force_login(org.senior_n1)
    huge = "99999999999999999999999"
    for url in (f"/risk/assessments/{huge}/", f"/risk/evidence/{huge}/", f"/risk/assess/{huge}/"):
        assert client.get(url).status_code == 404, url
    assess = reverse("risk:assess", args=[org.bp_n1.pk])
    for office in ("99999999999999999999999", "x", str(org.n1.pk)):
        assert client.get(assess, {"office": office}).status_code == 404, office
    assert client.get(assess).status_code == 200  # the home office
