"""Another area's prospect is invisible: absent from the board, the list, the funnel and
the API, and a 404 when asked for by id."""

import json

import pytest

from tests.prospects.helpers import make_prospect, move_to


@pytest.fixture
def two(org):
    n1 = make_prospect(org, company_name="บริษัท ภาคเหนือ จำกัด")
    c1 = make_prospect(org, by=org.kamr_c1, office=org.c1_office, company_name="บริษัท ภาคกลาง จำกัด")
    return n1, c1


def test_it_shows_only_the_users_area_on_the_board_and_list(client, org, two):
    client.force_login(org.kamr_n1)
    for url in ("/prospects/", "/prospects/list/", "/prospects/funnel/"):
        body = client.get(url).content.decode()
        if url != "/prospects/funnel/":
            assert "บริษัท ภาคเหนือ จำกัด" in body, url
        assert "บริษัท ภาคกลาง จำกัด" not in body, url


def test_it_answers_404_for_another_areas_prospect(client, org, two):
    n1, c1 = two
    client.force_login(org.kamr_n1)
    for url in (
        f"/prospects/{c1.pk}/",
        f"/prospects/{c1.pk}/edit/",
        f"/prospects/{c1.pk}/convert/",
        f"/prospects/{c1.pk}/competition/new/",
        f"/api/v1/prospects/{c1.pk}",
    ):
        assert client.get(url).status_code == 404, url
    r = client.post(f"/prospects/{c1.pk}/move/", {"stage": "contacted"})
    assert r.status_code == 404
    r = client.post(
        f"/api/v1/prospects/{c1.pk}/move", json.dumps({"stage": "contacted"}), "application/json"
    )
    assert r.status_code == 404
    c1.refresh_from_db()
    assert c1.stage == "identified"


def test_it_shows_everything_to_hq(client, org, two):
    client.force_login(org.auditor)
    body = client.get("/prospects/list/").content.decode()
    assert "บริษัท ภาคเหนือ จำกัด" in body and "บริษัท ภาคกลาง จำกัด" in body


def test_it_shows_the_new_connection_tab_only_within_scope(client, org, two):
    from tests.prospects.test_conversion import convert

    n1, _c1 = two
    move_to(n1, "connected", org.kamr_n1)
    bp = convert(n1, org.kamr_n1)
    client.force_login(org.kamr_n1)
    r = client.get(f"/prospects/customer/{bp.pk}/")
    assert r.status_code == 200 and "บริษัท ภาคเหนือ จำกัด" in r.content.decode()
    client.force_login(org.kamr_c1)
    assert client.get(f"/prospects/customer/{bp.pk}/").status_code == 404
