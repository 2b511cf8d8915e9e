"""Another area's customer does not exist for you (404); an auditor reads, never writes (403)."""

import pytest
from django.test import Client

from crmplus.customers.models import BusinessPartner, Contact, ContractAccount
from tests.api.conftest import URL, loc_of
from tests.factories import ContractAccountFactory

NEW_BP = {"bp_number": "1009990002", "name_th": "บริษัท ใหม่ จำกัด", "home_office_code": "N1-OF1"}
NEW_CA = {"ca_number": "020000088888", "office_code": "N1-OF1", "tariff": "4"}
NEW_CONTACT = {"name": "คุณใหม่ ทดสอบ"}


def snapshot():
    """Everything a refused write could have touched."""
    return (
        list(BusinessPartner.objects.values().order_by("pk")),
        list(ContractAccount.objects.values().order_by("pk")),
        list(Contact.objects.values().order_by("pk")),
    )


def test_it_lists_only_customers_in_scope(org, api_as):
    body = api_as(org.kamr_n1).get("").json()
    assert body["count"] == 1
    assert [row["id"] for row in body["items"]] == [org.bp_n1.pk]


def test_it_finds_nothing_of_another_area_by_search(org, api_as):
    api = api_as(org.kamr_n1)
    assert api.get("", {"q": org.bp_c1.bp_number}).json()["count"] == 0
    assert api.get("", {"q": org.ca_c1.ca_number}).json()["count"] == 0


def test_it_refuses_another_areas_unit_as_a_filter(org, api_as):
    r = api_as(org.kamr_n1).get("", {"area": "C1"})
    assert r.status_code == 422
    assert loc_of(r) == [["query", "area"]]


def test_it_answers_404_for_another_areas_customer(org, api_as):
    api = api_as(org.kamr_n1)
    assert api.get(f"{org.bp_c1.pk}").status_code == 404
    assert api.get(f"{org.bp_n1.pk}").status_code == 200


def test_it_answers_404_for_another_areas_customer_in_a_session(org):
    client = Client()
    client.force_login(org.kamr_n1)
    assert client.get(f"{URL}{org.bp_c1.pk}").status_code == 404
    assert client.get(org.bp_c1.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "method,path,body",
    [
        ("patch", "{bp_c1}", {"name_en": "Taken over"}),
        ("post", "{bp_c1}/accounts", NEW_CA),
        ("patch", "{bp_c1}/accounts/{ca_c1}", {"status": "terminated"}),
        ("post", "{bp_c1}/contacts", NEW_CONTACT),
        ("patch", "{bp_c1}/contacts/{contact_c1}", {"position": "x"}),
        # Another area's account or contact reached through one's own customer.
        ("patch", "{bp_n1}/accounts/{ca_c1}", {"status": "terminated"}),
        ("patch", "{bp_n1}/contacts/{contact_c1}", {"position": "x"}),
    ],
)
def test_it_answers_404_to_writes_on_another_areas_records(org, api_as, method, path, body):
    before = snapshot()
    ids = {
        "bp_c1": org.bp_c1.pk,
        "bp_n1": org.bp_n1.pk,
        "ca_c1": org.ca_c1.pk,
        "contact_c1": org.contact_c1.pk,
    }
    r = getattr(api_as(org.kamr_n1), method)(path.format(**ids), body)
    assert r.status_code == 404
    assert snapshot() == before


def test_it_refuses_a_home_office_outside_scope(org, api_as):
    r = api_as(org.kamr_n1).post("", {**NEW_BP, "home_office_code": "C1-OF1"})
    assert r.status_code == 422
    assert loc_of(r) == [["body", "payload", "home_office_code"]]
    assert not BusinessPartner.objects.filter(bp_number=NEW_BP["bp_number"]).exists()


def test_it_refuses_moving_a_customer_out_of_scope(org, api_as):
    r = api_as(org.kamr_n1).patch(f"{org.bp_n1.pk}", {"home_office_code": "C1-OF1"})
    assert r.status_code == 422
    org.bp_n1.refresh_from_db()
    assert org.bp_n1.home_office == org.n1_office


def test_it_reads_but_does_not_edit_a_customer_seen_only_through_an_account(org, api_as):
    # A C1 customer with a CA in N1 is visible in N1, but its record belongs to C1.
    ContractAccountFactory(bp=org.bp_c1, office=org.n1_office)
    api = api_as(org.kamr_n1)
    assert api.get(f"{org.bp_c1.pk}").status_code == 200
    r = api.patch(f"{org.bp_c1.pk}", {"name_en": "Taken over"})
    assert r.status_code == 422
    assert loc_of(r) == [["body", "payload", "home_office_code"]]
    org.bp_c1.refresh_from_db()
    assert org.bp_c1.name_en == "Ayutthaya Foods Co., Ltd."


def test_it_lets_an_auditor_read_everything(org, api_as):
    api = api_as(org.auditor)
    assert api.get("").json()["count"] == 2
    assert api.get(f"{org.bp_c1.pk}").status_code == 200


@pytest.mark.parametrize(
    "method,path,body",
    [
        ("post", "", NEW_BP),
        ("patch", "{bp}", {"name_en": "Audited"}),
        ("post", "{bp}/accounts", NEW_CA),
        ("patch", "{bp}/accounts/{ca}", {"status": "terminated"}),
        ("post", "{bp}/contacts", NEW_CONTACT),
        ("patch", "{bp}/contacts/{contact}", {"position": "x"}),
    ],
)
def test_it_refuses_every_write_of_an_auditor(org, api_as, method, path, body):
    before = snapshot()
    path = path.format(bp=org.bp_n1.pk, ca=org.ca_n1.pk, contact=org.contact_n1.pk)
    r = getattr(api_as(org.auditor), method)(path, body)
    assert r.status_code == 403
    assert snapshot() == before
