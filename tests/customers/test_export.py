"""XLSX export of the customer list: the list's filters, the user's scope."""

import io

import openpyxl
from django.urls import reverse

from tests.factories import BusinessPartnerFactory, ContractAccountFactory


def _export(client, query=""):
    r = client.get(reverse("customers:export") + query)
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in r["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_it_exports_only_the_users_scope(org, client):
    client.force_login(org.kamr_n1)
    header, rows = _export(client)
    assert len(header) == 11
    assert [r[0] for r in rows] == [org.bp_n1.bp_number]
    assert rows[0][1] == org.bp_n1.name_th
    assert rows[0][6] == "N1-OF1"
    assert rows[0][8] == 1  # one CA
    assert rows[0][9] == float(org.ca_n1.contracted_demand_kw)


def test_it_exports_the_filtered_list_in_its_order(org, client):
    other = BusinessPartnerFactory(name_th="ก ลูกค้าอีกราย", home_office=org.n1_office2)
    ContractAccountFactory(bp=other, office=org.n1_office2, tariff="5")
    client.force_login(org.hq_admin)
    _header, rows = _export(client)
    assert {r[0] for r in rows} == {org.bp_n1.bp_number, org.bp_c1.bp_number, other.bp_number}
    _header, rows = _export(client, f"?area={org.n1.pk}&sort=-name")
    assert [r[0] for r in rows] == [org.bp_n1.bp_number, other.bp_number]
    _header, rows = _export(client, "?tariff=5")
    assert [r[0] for r in rows] == [other.bp_number]
    _header, rows = _export(client, "?q=อยุธยา")
    assert [r[0] for r in rows] == [org.bp_c1.bp_number]


def test_it_ignores_a_filter_outside_the_users_scope(org, client):
    client.force_login(org.kamr_n1)
    _header, rows = _export(client, f"?area={org.c1.pk}")
    assert org.bp_c1.bp_number not in [r[0] for r in rows]


def test_it_offers_the_export_with_the_lists_query_string(org, client):
    client.force_login(org.kamr_n1)
    page = client.get(reverse("customers:list") + "?tariff=4&q=abc")
    assert b'href="/customers/export.xlsx?tariff=4&amp;q=abc"' in page.content
