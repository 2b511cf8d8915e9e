"""QA regression: the allowance screens mixed Gregorian months ("2025-11", a "Year (A.D.)"
filter) into Thai pages where every other date is Buddhist-era; the area admin's build
form also started on an empty unit."""

from django.urls import reverse

from crmplus.workforce.allowance import allowance_ledger_build
from tests.workforce.conftest import D, appoint, employee


def test_it_shows_allowance_ledgers_in_buddhist_era(client, org, approvers):
    appoint(org, approvers, employee(org, org.n1_office, name="ก"), org.n1_office, D(2025, 10, 1))
    ledger = allowance_ledger_build(unit=org.n1, month="2025-11", by=org.area_admin_n1)
    assert ledger.lines.get().rule_th.startswith("11/2568: ")
    assert ledger.lines.get().rule_en.startswith("2025-11: ")

    client.force_login(org.area_admin_n1)
    page = client.get(reverse("workforce:ledger", args=[ledger.pk])).content.decode()
    assert "2568" in page and "2025-11" not in page

    listing = reverse("workforce:ledgers")
    assert client.get(listing, {"year": 2568}).context["page"].paginator.count == 1
    assert client.get(listing, {"year": 2025}).context["page"].paginator.count == 1
    assert client.get(listing, {"year": 2569}).context["page"].paginator.count == 0
    build = client.get(listing).context["build_form"]
    assert build["unit"].value() == org.n1.pk


def test_it_exports_ledgers_with_buddhist_era_months(client, org, approvers):
    import io

    import openpyxl

    appoint(org, approvers, employee(org, org.n1_office, name="ก"), org.n1_office, D(2025, 10, 1))
    ledger = allowance_ledger_build(unit=org.n1, month="2025-11", by=org.area_admin_n1)
    client.force_login(org.area_admin_n1)

    def cells(response):
        book = openpyxl.load_workbook(
            io.BytesIO(
                b"".join(response.streaming_content) if response.streaming else response.content
            )
        )
        return [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]

    listed = cells(client.get(reverse("workforce:ledgers"), {"format": "xlsx"}))
    assert "พฤศจิกายน 2568" in listed and "2025-11" not in listed
    payroll = cells(client.get(reverse("workforce:ledger_export", args=[ledger.pk])))
    assert any("พฤศจิกายน 2568" in str(c) for c in payroll)
