"""Another area's request, exception or customer tab is a 404 (pages and API)."""

import pytest
from django.urls import reverse

from tests.techservices.conftest import book, key_account


@pytest.fixture
def req(org):
    key_account(org, org.bp_n1, segment="strategic")
    return book(org, "FMS1")


def test_pages_answer_404_outside_the_scope(client, org, req):
    client.force_login(org.kamr_c1)
    for url in (
        reverse("techservices:detail", args=[req.pk]),
        reverse("techservices:pdf", args=[req.pk]),
        reverse("techservices:customer_tab", args=[org.bp_n1.pk]),
        reverse("techservices:request_new") + f"?bp={org.bp_n1.pk}",
    ):
        assert client.get(url).status_code == 404, url
    r = client.get(reverse("techservices:home") + "?fy=2569")
    assert r.status_code == 200 and req.number not in r.content.decode()


def test_the_api_answers_404_outside_the_scope(client, org, req):
    client.force_login(org.kamr_c1)
    assert client.get(f"/api/v1/technical-services/requests/{req.pk}").status_code == 404
    r = client.get("/api/v1/technical-services/requests")
    assert r.json()["count"] == 0


def test_the_own_area_sees_it(client, org, req):
    client.force_login(org.area_admin_n1)
    assert client.get(reverse("techservices:detail", args=[req.pk])).status_code == 200
