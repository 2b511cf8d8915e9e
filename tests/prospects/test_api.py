"""Prospects API: the same scope and rules as the pages; 404 outside scope, 403 for
readers, 422 with field paths on rule errors."""

import datetime as dt
import json

from django.utils import timezone

from crmplus.customers.models import BusinessPartner
from crmplus.prospects.models import Prospect
from tests.prospects.helpers import make_prospect

URL = "/api/v1/prospects"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_create_move_convert_and_list(client, org):
    client.force_login(org.kamr_n1)
    r = post(
        client,
        f"{URL}/",
        {
            "company_name": "บริษัท เอพีไอ จำกัด",
            "office_code": "N1-OF1",
            "source": "boi",
            "sector": "automotive",
            "expected_load_kw": "4000",
            "expected_gm": "6000000",
            "responsible": "kamr_n1",
        },
    )
    assert r.status_code == 200, r.json()
    body = r.json()
    pk = body["id"]
    assert (body["stage"], body["probability"], body["area_code"]) == ("identified", 10, "N1")
    r = post(client, f"{URL}/{pk}/move", {"stage": "connected"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "payload", "connection_date"]
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    r = post(client, f"{URL}/{pk}/move", {"stage": "connected", "connection_date": day})
    assert r.status_code == 200 and r.json()["stage"] == "connected"
    r = post(
        client,
        f"{URL}/{pk}/convert",
        {"bp_number": "5800000777", "ca_number": "028000000777", "tariff": "4"},
    )
    assert r.status_code == 200, r.json()
    assert r.json()["bp_number"] == "5800000777"
    assert BusinessPartner.objects.filter(bp_number="5800000777").exists()
    r = post(
        client, f"{URL}/{pk}/convert", {"bp_number": "5800000778", "ca_number": "028000000778"}
    )
    assert r.status_code == 422
    r = client.get(f"{URL}/?converted=true&area=N1")
    assert r.status_code == 200 and [i["id"] for i in r.json()["items"]] == [pk]
    assert [c["to_stage"] for c in client.get(f"{URL}/{pk}").json()["stage_changes"]] == [
        "identified",
        "connected",
    ]


def test_it_answers_422_with_field_paths(client, org):
    client.force_login(org.kamr_n1)
    r = post(client, f"{URL}/", {"company_name": "x", "office_code": "C1-OF1"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "payload", "office_code"]
    r = post(client, f"{URL}/", {"company_name": "x", "office_code": "NOPE"})
    assert r.status_code == 422
    r = post(client, f"{URL}/", {"company_name": "x", "office_code": "N1-OF1", "bogus": 1})
    assert r.status_code == 422
    assert client.get(f"{URL}/?area=ZZ").status_code == 422
    assert client.get(f"{URL}/?stage=nowhere").status_code == 422
    assert client.get(f"{URL}/?q=a%00b").status_code == 422
    assert not Prospect.objects.exists()


def test_it_refuses_readers_and_hides_other_areas(client, org):
    p = make_prospect(org)
    client.force_login(org.auditor)
    assert client.get(f"{URL}/{p.pk}").status_code == 200
    assert post(client, f"{URL}/{p.pk}/move", {"stage": "offer"}).status_code == 403
    client.force_login(org.kamr_c1)
    assert client.get(f"{URL}/{p.pk}").status_code == 404
    assert client.get(f"{URL}/").json()["count"] == 0
    assert client.get(f"{URL}/99999999999999999999").status_code in (404, 422)
