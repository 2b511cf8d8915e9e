"""Customers through the API: list, read, create and update, by token or by session."""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from crmplus.core.models import ApiToken
from crmplus.customers.models import (
    BusinessPartner,
    Contact,
    ContractAccount,
    PersonalDataAccess,
)
from crmplus.customers.validators import tax_id_check_digit
from tests.api.conftest import URL, ApiClient
from tests.factories import BusinessPartnerFactory, ContractAccountFactory

TAX_ID = "010555012345" + tax_id_check_digit("010555012345")


def new_customer(**overrides) -> dict:
    return {
        "bp_number": "1009990001",
        "name_th": "บริษัท เชียงใหม่ไอซ์ จำกัด",
        "name_en": "Chiang Mai Ice Co., Ltd.",
        "tax_id": TAX_ID,
        "business_type": "cold_storage",
        "home_office_code": "N1-OF1",
        "address": "99 ถ.สันทราย เชียงใหม่",
        **overrides,
    }


def test_it_lists_customers_with_a_bearer_token(org, api_as):
    r = api_as(org.hq_admin).get("")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 2
    assert {row["id"] for row in body["items"]} == {org.bp_n1.pk, org.bp_c1.pk}
    row = next(row for row in body["items"] if row["id"] == org.bp_n1.pk)
    assert row["home_office_code"] == "N1-OF1"
    assert row["ca_count"] == 1
    assert Decimal(str(row["total_contracted_demand_kw"])) == Decimal("1500")
    assert "contacts" not in row


def test_it_pages_the_list_by_offset_or_page(org, api_as):
    api = api_as(org.hq_admin)
    names = [row["name_th"] for row in api.get("", {"sort": "name"}).json()["items"]]
    by_offset = api.get("", {"sort": "name", "limit": 1, "offset": 1}).json()
    by_page = api.get("", {"sort": "name", "limit": 1, "page": 2}).json()
    assert by_offset["count"] == 2
    assert [row["name_th"] for row in by_offset["items"]] == names[1:]
    assert by_page["items"] == by_offset["items"]
    assert by_page["offset"] == 1


def test_it_filters_like_the_customer_list_page(org, api_as):
    other = BusinessPartnerFactory(home_office=org.n1_office2)
    ContractAccountFactory(bp=other, tariff="5")
    api = api_as(org.hq_admin)

    def ids(**params):
        return {row["id"] for row in api.get("", params).json()["items"]}

    assert ids(area="C1") == {org.bp_c1.pk}
    assert ids(office="N1-OF2") == {other.pk}
    assert ids(area="N1") == {org.bp_n1.pk, other.pk}
    assert ids(tariff="5") == {other.pk}
    assert ids(q="lamphun") == {org.bp_n1.pk}
    assert ids(q=org.ca_c1.ca_number) == {org.bp_c1.pk}
    bp_numbers = [row["bp_number"] for row in api.get("", {"sort": "-bp"}).json()["items"]]
    assert bp_numbers == sorted(bp_numbers, reverse=True)


def test_it_shows_a_customer_with_its_accounts_and_contacts(org, api_as):
    r = api_as(org.kamr_n1).get(f"{org.bp_n1.pk}")
    assert r.status_code == 200
    body = r.json()
    assert body["bp_number"] == org.bp_n1.bp_number
    assert body["home_office_code"] == "N1-OF1"
    assert [a["ca_number"] for a in body["accounts"]] == [org.ca_n1.ca_number]
    assert body["accounts"][0]["office_code"] == "N1-OF1"
    assert [c["name"] for c in body["contacts"]] == [org.contact_n1.name]


def test_it_logs_reading_contacts_as_an_api_access(org, api_as):
    api_as(org.kamr_n1).get(f"{org.bp_n1.pk}")
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.contact, log.action, log.channel) == (
        org.kamr_n1,
        org.contact_n1,
        PersonalDataAccess.Action.VIEW,
        "api",
    )


def test_it_does_not_log_a_list_read(org, api_as):
    api_as(org.kamr_n1).get("")
    assert not PersonalDataAccess.objects.exists()


def test_it_creates_a_customer(org, api_as):
    r = api_as(org.kamr_n1).post("", new_customer())
    assert r.status_code == 201, r.content
    bp = BusinessPartner.objects.get(bp_number="1009990001")
    assert r.json()["id"] == bp.pk
    assert bp.home_office == org.n1_office
    assert bp.tax_id == TAX_ID
    assert bp.history.get().history_user == org.kamr_n1


def test_it_updates_only_the_fields_sent(org, api_as):
    r = api_as(org.kamr_n1).patch(f"{org.bp_n1.pk}", {"name_en": "Lamphun Electronics PCL"})
    assert r.status_code == 200, r.content
    org.bp_n1.refresh_from_db()
    assert org.bp_n1.name_en == "Lamphun Electronics PCL"
    assert org.bp_n1.name_th == "บริษัท ลำพูนอิเล็กทรอนิกส์ จำกัด"
    assert r.json()["name_en"] == "Lamphun Electronics PCL"


def test_it_moves_a_customer_to_another_office_by_code(org, api_as):
    r = api_as(org.area_admin_n1).patch(f"{org.bp_n1.pk}", {"home_office_code": "N1-OF2"})
    assert r.status_code == 200, r.content
    org.bp_n1.refresh_from_db()
    assert org.bp_n1.home_office == org.n1_office2


def test_it_adds_and_updates_a_contract_account(org, api_as):
    api = api_as(org.kamr_n1)
    r = api.post(
        f"{org.bp_n1.pk}/accounts",
        {
            "ca_number": "020000099999",
            "office_code": "N1-OF1",
            "tariff": "5",
            "is_tou": True,
            "contracted_demand_kw": "2500.50",
            "site_name": "โรงงาน 2",
        },
    )
    assert r.status_code == 201, r.content
    ca = ContractAccount.objects.get(ca_number="020000099999")
    assert (ca.bp, ca.office, ca.contracted_demand_kw) == (
        org.bp_n1,
        org.n1_office,
        Decimal("2500.50"),
    )
    r = api.patch(f"{org.bp_n1.pk}/accounts/{ca.pk}", {"status": "suspended"})
    assert r.status_code == 200, r.content
    ca.refresh_from_db()
    assert ca.status == "suspended"
    assert ca.tariff == "5"


def test_it_adds_and_updates_a_contact_and_logs_the_edits(org, api_as):
    api = api_as(org.kamr_n1)
    r = api.post(
        f"{org.bp_n1.pk}/contacts",
        {
            "name": "คุณสมศรี ใจงาม",
            "phone": "053-123-456",
            "lawful_basis": "consent",
            "consent_date": "2025-11-25",
        },
    )
    assert r.status_code == 201, r.content
    contact = Contact.objects.get(name="คุณสมศรี ใจงาม")
    assert contact.phone == "053123456"
    r = api.patch(f"{org.bp_n1.pk}/contacts/{contact.pk}", {"position": "ผู้จัดการ"})
    assert r.status_code == 200, r.content
    contact.refresh_from_db()
    assert contact.position == "ผู้จัดการ"
    edits = PersonalDataAccess.objects.filter(contact=contact, action="edit")
    assert list(edits.values_list("channel", flat=True)) == ["api", "api"]


@pytest.fixture
def session_client(org):
    """A browser-like client: signed in, CSRF enforced, CSRF cookie from the docs page."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.kamr_n1)
    assert client.get("/api/v1/docs").status_code == 200
    return client


def test_it_reads_and_writes_with_a_session_and_its_csrf_token(org, session_client):
    assert session_client.get(f"{URL}{org.bp_n1.pk}").status_code == 200
    r = session_client.patch(
        f"{URL}{org.bp_n1.pk}",
        {"name_en": "Lamphun Electronics PCL"},
        content_type="application/json",
        headers={"X-CSRFToken": session_client.cookies["csrftoken"].value},
    )
    assert r.status_code == 200, r.content
    org.bp_n1.refresh_from_db()
    assert org.bp_n1.name_en == "Lamphun Electronics PCL"


def test_it_refuses_a_session_write_without_a_csrf_token(org, session_client):
    r = session_client.patch(
        f"{URL}{org.bp_n1.pk}", {"name_en": "Forged"}, content_type="application/json"
    )
    assert r.status_code == 403
    assert "CSRF" in r.json()["detail"]
    org.bp_n1.refresh_from_db()
    assert org.bp_n1.name_en == "Lamphun Electronics Co., Ltd."


def test_it_needs_no_csrf_token_with_a_bearer_token(org):
    _, raw = ApiToken.issue(user=org.kamr_n1, name="script")
    api = ApiClient(Client(enforce_csrf_checks=True), raw)
    assert api.patch(f"{org.bp_n1.pk}", {"name_en": "Via token"}).status_code == 200


def test_it_refuses_a_revoked_token(org):
    token, raw = ApiToken.issue(user=org.kamr_n1, name="old laptop")
    # CSRF enforced as for a real script: a write with a dead token is a 401, not a CSRF 403.
    api = ApiClient(Client(enforce_csrf_checks=True), raw)
    assert api.get("").status_code == 200
    token.revoked_at = timezone.now()
    token.save()
    assert api.get("").status_code == 401
    assert api.patch(f"{org.bp_n1.pk}", {"name_en": "Revoked"}).status_code == 401
    org.bp_n1.refresh_from_db()
    assert org.bp_n1.name_en == "Lamphun Electronics Co., Ltd."


def test_it_refuses_an_unknown_token_and_no_credentials(org, client):
    assert ApiClient(client, "crm_not-a-token").get("").status_code == 401
    assert ApiClient(client, None).get("").status_code == 401
    assert ApiClient(client, None).post("", new_customer()).status_code == 401
    assert not BusinessPartner.objects.filter(bp_number="1009990001").exists()


def test_it_refuses_the_token_of_a_deactivated_user(org, api_as):
    api = api_as(org.kamr_n1)
    org.kamr_n1.is_active = False
    org.kamr_n1.save()
    assert api.get("").status_code == 401
