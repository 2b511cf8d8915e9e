"""Bad input gets a 422 naming the field, writes nothing, and never a 500."""

import json

import pytest

from crmplus.customers.models import BusinessPartner, Contact, ContractAccount
from tests.api.conftest import loc_of

BODY = ["body", "payload"]
GOOD_BP = {"bp_number": "1009990003", "name_th": "บริษัท ใหม่ จำกัด", "home_office_code": "N1-OF1"}
GOOD_CA = {"ca_number": "020000077777", "office_code": "N1-OF1", "tariff": "4"}


def snapshot():
    return (
        list(BusinessPartner.objects.values().order_by("pk")),
        list(ContractAccount.objects.values().order_by("pk")),
        list(Contact.objects.values().order_by("pk")),
    )


@pytest.fixture
def api(org, api_as):
    return api_as(org.kamr_n1)


def refused(response, *fields: str, type_: str | None = None) -> None:
    assert response.status_code == 422, response.content
    assert loc_of(response) == [[*BODY, f] for f in fields]
    if type_ is not None:
        assert [e["type"] for e in response.json()["detail"]] == [type_] * len(fields)


def test_it_answers_malformed_json_without_a_500(org, api):
    before = snapshot()
    r = api.post("", '{"bp_number": "1009990003", "name_th": ')
    assert r.status_code in {400, 422}
    assert "detail" in r.json()
    assert snapshot() == before


def test_it_names_missing_fields(org, api):
    r = api.post("", {"bp_number": "1009990003"})
    assert r.status_code == 422
    assert sorted(loc_of(r)) == [[*BODY, "home_office_code"], [*BODY, "name_th"]]


def test_it_names_fields_of_the_wrong_type(org, api):
    before = snapshot()
    refused(api.post("", {**GOOD_BP, "name_th": 123}), "name_th")
    refused(api.post(f"{org.bp_n1.pk}/accounts", {**GOOD_CA, "is_tou": "maybe"}), "is_tou")
    refused(
        api.post(f"{org.bp_n1.pk}/accounts", {**GOOD_CA, "contracted_demand_kw": "lots"}),
        "contracted_demand_kw",
    )
    refused(api.post("", {**GOOD_BP, "business_type": "casino"}), "business_type")
    assert snapshot() == before


def test_it_refuses_a_body_that_is_not_an_object(org, api):
    r = api.post("", [GOOD_BP])
    assert r.status_code == 422
    assert not BusinessPartner.objects.filter(bp_number=GOOD_BP["bp_number"]).exists()


def test_it_refuses_an_unknown_office_code(org, api):
    before = snapshot()
    refused(
        api.post("", {**GOOD_BP, "home_office_code": "NOPE"}),
        "home_office_code",
        type_="unknown_reference",
    )
    refused(api.post(f"{org.bp_n1.pk}/accounts", {**GOOD_CA, "office_code": "NOPE"}), "office_code")
    refused(api.post("", {**GOOD_BP, "industrial_estate_code": "NOPE"}), "industrial_estate_code")
    assert snapshot() == before


def test_it_refuses_an_area_as_the_office_of_a_contract_account(org, api_as):
    # The UI offers offices only for a CA; the API follows the same rule.
    r = api_as(org.area_admin_n1).post(f"{org.bp_n1.pk}/accounts", {**GOOD_CA, "office_code": "N1"})
    refused(r, "office_code")


def test_it_refuses_a_tax_id_with_a_bad_check_digit(org, api):
    good = org.bp_n1.tax_id
    bad = good[:12] + str((int(good[12]) + 1) % 10)
    before = snapshot()
    refused(api.post("", {**GOOD_BP, "tax_id": bad}), "tax_id", type_="tax_id_checksum")
    refused(api.patch(f"{org.bp_n1.pk}", {"tax_id": bad}), "tax_id")
    refused(api.post("", {**GOOD_BP, "tax_id": "12345"}), "tax_id", type_="tax_id_format")
    refused(api.post("", {**GOOD_BP, "tax_id": "12345678901234"}), "tax_id")
    assert snapshot() == before


def test_it_refuses_a_ca_number_of_11_digits(org, api):
    before = snapshot()
    refused(
        api.post(f"{org.bp_n1.pk}/accounts", {**GOOD_CA, "ca_number": "02000007777"}), "ca_number"
    )
    assert snapshot() == before


def test_it_refuses_a_duplicate_ca_number(org, api):
    before = snapshot()
    r = api.post(f"{org.bp_n1.pk}/accounts", {**GOOD_CA, "ca_number": org.ca_c1.ca_number})
    refused(r, "ca_number", type_="unique")
    assert snapshot() == before


def test_it_refuses_a_duplicate_bp_number(org, api):
    before = snapshot()
    refused(api.post("", {**GOOD_BP, "bp_number": org.bp_c1.bp_number}), "bp_number")
    assert snapshot() == before


def test_it_reports_every_field_error_at_once(org, api):
    r = api.post(f"{org.bp_n1.pk}/accounts", {**GOOD_CA, "ca_number": "1", "tariff": "9"})
    assert r.status_code == 422
    assert [*BODY, "tariff"] in loc_of(r)


def test_it_refuses_read_only_and_unknown_fields(org, api):
    before = snapshot()
    refused(api.patch(f"{org.bp_n1.pk}", {"bp_number": "1"}), "bp_number", type_="extra_forbidden")
    refused(
        api.patch(f"{org.bp_n1.pk}/accounts/{org.ca_n1.pk}", {"ca_number": "020000077777"}),
        "ca_number",
    )
    refused(api.post("", {**GOOD_BP, "colour": "blue"}), "colour")
    assert snapshot() == before


def test_it_refuses_null_for_a_required_field_on_patch(org, api):
    before = snapshot()
    refused(api.patch(f"{org.bp_n1.pk}", {"name_th": None}), "name_th")
    refused(api.patch(f"{org.bp_n1.pk}", {"name_th": "   "}), "name_th")
    assert snapshot() == before


def test_it_applies_the_contact_rules_of_the_ui(org, api):
    before = snapshot()
    url = f"{org.bp_n1.pk}/contacts"
    refused(api.post(url, {"name": "คุณเอ", "lawful_basis": "consent"}), "consent_date")
    refused(api.post(url, {"name": "คุณเอ", "phone": "12345"}), "phone")
    refused(api.post(url, {"name": "คุณเอ", "email": "not-an-email"}), "email")
    refused(api.post(url, {"name": "คุณเอ", "consent_date": "25/11/2569"}), "consent_date")
    refused(
        api.post(
            url,
            {"name": "คุณเอ", "consent_date": "2025-11-25", "retention_until": "2025-01-01"},
        ),
        "retention_until",
    )
    refused(
        api.patch(f"{org.bp_n1.pk}/contacts/{org.contact_n1.pk}", {"line_id": "no spaces!"}),
        "line_id",
    )
    assert snapshot() == before


def test_it_refuses_nul_characters_and_overlong_text(org, api):
    before = snapshot()
    refused(api.post("", {**GOOD_BP, "name_th": "บริษัท\x00"}), "name_th")
    refused(api.post("", {**GOOD_BP, "name_th": "ก" * 251}), "name_th", type_="string_too_long")
    refused(api.patch(f"{org.bp_n1.pk}", {"address": "\x00"}), "address")
    assert snapshot() == before


def test_it_refuses_a_negative_or_too_precise_demand(org, api):
    url = f"{org.bp_n1.pk}/accounts"
    refused(api.post(url, {**GOOD_CA, "contracted_demand_kw": -1}), "contracted_demand_kw")
    refused(api.post(url, {**GOOD_CA, "contracted_demand_kw": "1.005"}), "contracted_demand_kw")
    refused(api.post(url, {**GOOD_CA, "contracted_demand_kw": "NaN"}), "contracted_demand_kw")
    refused(api.post(url, {**GOOD_CA, "contracted_demand_kw": 1e12}), "contracted_demand_kw")
    assert not ContractAccount.objects.filter(ca_number=GOOD_CA["ca_number"]).exists()


@pytest.mark.parametrize(
    "params,field",
    [
        ({"sort": "tax_id"}, "sort"),
        ({"tariff": "9"}, "tariff"),
        ({"limit": 0}, "limit"),
        ({"limit": 100_000}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 10**30}, "offset"),
        ({"page": 10**30}, "page"),
        ({"page": "two"}, "page"),
        ({"office": "NOPE"}, "office"),
    ],
)
def test_it_names_bad_list_parameters(org, api, params, field):
    r = api.get("", params)
    assert r.status_code == 422, r.content
    assert loc_of(r) == [["query", field]]


def test_it_answers_404_to_ids_that_do_not_exist(org, api):
    assert api.get("999999").status_code == 404
    assert api.get(str(10**30)).status_code == 404
    assert api.patch(f"{10**30}", {"name_en": "x"}).status_code == 404
    assert api.patch(f"{org.bp_n1.pk}/accounts/{10**30}", {"status": "active"}).status_code == 404


def test_it_answers_json_to_an_id_that_is_not_a_number(org, api):
    r = api.get("abc")
    assert r.status_code == 422
    assert loc_of(r) == [["path", "bp_id"]]


def test_it_reads_an_empty_tariff_filter_as_all(org, api):
    assert api.get("", {"tariff": ""}).json()["count"] == 1


def test_it_turns_a_stray_service_error_into_a_422_with_field_paths(rf):
    # The fallback for endpoints that call a service without translating its errors.
    from django.core.exceptions import ValidationError

    from crmplus.api.api import validation_error

    error = ValidationError(
        {"tax_id": ValidationError("bad", code="tax_id_checksum"), "__all__": "clash"}
    )
    r = validation_error(rf.post("/api/v1/customers/"), error)
    assert r.status_code == 422
    assert json.loads(r.content)["detail"] == [
        {"loc": [*BODY, "tax_id"], "msg": "bad", "type": "tax_id_checksum"},
        {"loc": BODY, "msg": "clash", "type": "value_error"},
    ]
