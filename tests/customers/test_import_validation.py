"""The customer import: all or nothing per file, a report naming each rejected row."""

import csv
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crmplus.customers import importer
from crmplus.customers.models import (
    BusinessPartner,
    Contact,
    ContractAccount,
    PersonalDataAccess,
)
from tests.customers.import_rows import (
    HEADER,
    good_rows,
    report_rows,
    row,
    run,
    write_csv,
    write_xlsx,
)
from tests.factories import ContractAccountFactory


def _snapshot():
    return (
        BusinessPartner.objects.count(),
        ContractAccount.objects.count(),
        Contact.objects.count(),
        BusinessPartner.history.count(),
        ContractAccount.history.count(),
        Contact.history.count(),
    )


def test_it_imports_bps_cas_and_contacts(org, tmp_path):
    out = run(write_csv(tmp_path / "good.csv", good_rows()), org.senior_n1, tmp_path)
    assert out.status == "done", out
    assert out.counts["bp_created"] == 3
    assert out.counts["ca_created"] == 5
    assert out.counts["contact_created"] == 3
    bp = BusinessPartner.objects.get(bp_number="3000000001")
    assert bp.home_office == org.n1_office
    assert bp.search_text == bp.build_search_text()
    assert sorted(bp.accounts.values_list("ca_number", flat=True)) == [
        "400000000001",
        "400000000002",
        "400000000003",
    ]
    ca = ContractAccount.objects.get(ca_number="400000000004")
    assert (ca.office, ca.tariff, ca.is_tou) == (org.n1_office2, "4", True)
    assert ca.contracted_demand_kw == Decimal("1500.50")
    contact = bp.contacts.get()
    assert contact.phone == "0812345678"  # normalised like the contact form does
    assert bp.history.get().history_user == org.senior_n1
    assert PersonalDataAccess.objects.filter(contact=contact, channel="import").exists()


def test_it_imports_nothing_when_one_row_is_bad_and_reports_that_row(org, tmp_path):
    rows = good_rows()
    rows[3]["tax_id"] = "1234567890123"  # fails the check digit; spreadsheet row 5
    before = _snapshot()
    out = run(write_csv(tmp_path / "bad.csv", rows), org.senior_n1, tmp_path)
    assert out.status == "rejected"
    assert out.error_count == 1
    assert _snapshot() == before
    assert out.errors_preview == [{"row": 5, "reason": out.errors_preview[0]["reason"]}]
    assert "tax_id" in out.errors_preview[0]["reason"]
    assert "check digit" in out.errors_preview[0]["reason"]
    report = report_rows(out.report_path)
    assert report[0][:3] == ["Row", "Reason", "bp_number"]
    assert len(report) == 2
    assert report[1][0] == "5"
    assert "check digit" in report[1][1]
    assert report[1][2 + HEADER.index("tax_id")] == "1234567890123"


def test_it_changes_nothing_when_the_same_file_is_imported_again(org, tmp_path):
    path = write_csv(tmp_path / "good.csv", good_rows())
    assert run(path, org.senior_n1, tmp_path).status == "done"
    stamps = list(BusinessPartner.objects.order_by("pk").values_list("updated_at", flat=True))
    before = _snapshot()
    with CaptureQueriesContext(connection) as queries:
        out = run(path, org.senior_n1, tmp_path)
    assert out.status == "done"
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
    assert out.counts == {
        "bp_created": 0,
        "bp_updated": 0,
        "bp_unchanged": 3,
        "ca_created": 0,
        "ca_updated": 0,
        "ca_unchanged": 5,
        "contact_created": 0,
        "contact_updated": 0,
        "contact_unchanged": 3,
    }
    assert _snapshot() == before
    assert (
        list(BusinessPartner.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
    )


def test_it_updates_a_changed_name_and_records_it(org, tmp_path):
    assert run(write_csv(tmp_path / "a.csv", good_rows()), org.senior_n1, tmp_path).status == "done"
    rows = [r | {"name_th": "บริษัท ชื่อใหม่ จำกัด"} if r["bp_number"] == "3000000002" else r
            for r in good_rows()]  # fmt: skip
    out = run(write_csv(tmp_path / "b.csv", rows), org.senior_n1, tmp_path, reason="import #7")
    assert out.status == "done"
    assert (out.counts["bp_updated"], out.counts["bp_unchanged"]) == (1, 2)
    assert out.counts["ca_unchanged"] == 5
    bp = BusinessPartner.objects.get(bp_number="3000000002")
    assert bp.name_th == "บริษัท ชื่อใหม่ จำกัด"
    assert "ชื่อใหม่" in bp.search_text
    latest = bp.history.latest("history_date")
    assert (latest.history_type, latest.history_change_reason) == ("~", "import #7")
    assert bp.history.count() == 2


def test_it_updates_an_existing_ca_and_leaves_absent_columns_alone(org, tmp_path):
    header = ["bp_number", "name_th", "home_office_code", "ca_number", "office_code", "tariff"]
    ca = org.ca_n1
    rows = [{"bp_number": org.bp_n1.bp_number, "name_th": org.bp_n1.name_th,
             "home_office_code": "N1-OF1", "ca_number": ca.ca_number, "office_code": "N1-OF2",
             "tariff": "5"}]  # fmt: skip
    out = run(write_csv(tmp_path / "few.csv", rows, header=header), org.senior_n1, tmp_path)
    assert out.status == "done", out
    assert out.counts["ca_updated"] == 1 and out.counts["bp_unchanged"] == 1
    fresh = ContractAccount.objects.get(pk=ca.pk)
    assert (fresh.office, fresh.tariff) == (org.n1_office2, "5")
    assert fresh.contracted_demand_kw == ca.contracted_demand_kw  # no column: untouched
    assert BusinessPartner.objects.get(pk=org.bp_n1.pk).name_en == org.bp_n1.name_en


def test_it_reads_xlsx_with_typed_cells_like_csv(org, tmp_path):
    rows = good_rows()
    for r in rows:
        r.update(is_tou=True, contracted_demand_kw=1500.5, tariff=4, contact_lawful_basis="consent",
                 contact_consent_date=dt.date(2569, 1, 15))  # fmt: skip
    out = run(write_xlsx(tmp_path / "good.xlsx", rows), org.senior_n1, tmp_path)
    assert out.status == "done", out
    assert out.counts["ca_created"] == 5
    ca = ContractAccount.objects.get(ca_number="400000000005")
    assert (ca.tariff, ca.is_tou, ca.contracted_demand_kw) == ("4", True, Decimal("1500.50"))
    # A Buddhist-era year is read as one: 15 Jan 2569 B.E. is 15 Jan 2026.
    assert Contact.objects.filter(consent_date=dt.date(2026, 1, 15)).count() == 3


def test_it_reports_a_bad_xlsx_row_in_an_xlsx_report(org, tmp_path):
    rows = good_rows()
    rows[1]["contact_email"] = "not-an-email"
    rows[1]["contact_name"] = "คุณอีกคน"
    out = run(write_xlsx(tmp_path / "bad.xlsx", rows), org.senior_n1, tmp_path)
    assert out.status == "rejected"
    assert not BusinessPartner.objects.filter(bp_number__startswith="30000000").exists()
    assert out.report_path.suffix == ".xlsx"
    report = report_rows(out.report_path)
    assert [r[0] for r in report[1:]] == ["3"]
    assert "contact_email" in report[1][1]
    assert report[1][2 + HEADER.index("ca_number")] == "400000000002"  # leading zeros kept


def test_it_refuses_an_office_outside_the_importers_scope(org, tmp_path):
    rows = [row(1, 1), row(2, 2, office="C1-OF1")]
    out = run(write_csv(tmp_path / "scope.csv", rows), org.kamr_n1, tmp_path)
    assert out.status == "rejected"
    assert [e["row"] for e in out.errors_preview] == [3]
    assert "outside your organisation scope" in out.errors_preview[0]["reason"]
    assert not BusinessPartner.objects.filter(bp_number="3000000001").exists()
    # The same file is fine for HQ.
    assert run(write_csv(tmp_path / "hq.csv", rows), org.hq_admin, tmp_path).status == "done"


def test_it_refuses_to_take_over_another_areas_customer(org, tmp_path):
    rows = [row(9, 9, bp_number=org.bp_c1.bp_number, name_th=org.bp_c1.name_th)]
    out = run(write_csv(tmp_path / "take.csv", rows), org.kamr_n1, tmp_path)
    assert out.status == "rejected"
    assert "outside your scope" in out.errors_preview[0]["reason"]
    assert BusinessPartner.objects.get(pk=org.bp_c1.pk).home_office == org.c1_office


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"office_code": "NOPE"}, "Unknown unit code"),
        ({"office_code": "N1"}, "is not an office"),
        ({"industrial_estate_code": "NOPE"}, "Unknown industrial estate"),
        ({"tariff": "9"}, "tariff"),
        ({"status": "sleeping"}, "status"),
        ({"ca_number": "12345"}, "12 digits"),
        ({"contact_phone": "12345"}, "contact_phone"),
        ({"contact_email": "nope"}, "contact_email"),
        ({"contact_lawful_basis": "consent"}, "consent date"),
        ({"is_tou": "maybe"}, "is_tou"),
        ({"contracted_demand_kw": "-5"}, "contracted_demand_kw"),
        ({"name_th": ""}, "name_th"),
        ({"ca_number": "", "contact_name": ""}, "ca_number is empty"),
    ],
)
def test_it_rejects_a_bad_value_with_its_reason(org, tmp_path, change, reason):
    rows = [row(1, 1), row(2, 2, **change)]
    out = run(write_csv(tmp_path / "bad.csv", rows), org.senior_n1, tmp_path)
    assert out.status == "rejected"
    assert [e["row"] for e in out.errors_preview] == [3]
    assert reason in out.errors_preview[0]["reason"]
    assert not BusinessPartner.objects.filter(bp_number__startswith="30000000").exists()


def test_it_rejects_a_duplicate_ca_row(org, tmp_path):
    rows = [row(1, 1), row(1, 2), row(1, 1)]
    out = run(write_csv(tmp_path / "dup.csv", rows), org.senior_n1, tmp_path)
    assert [e["row"] for e in out.errors_preview] == [4]
    assert "already on row 2" in out.errors_preview[0]["reason"]


def test_it_rejects_conflicting_bp_data_inside_the_file(org, tmp_path):
    rows = [row(1, 1), row(1, 2, name_th="อีกชื่อ", tax_id="")]
    out = run(write_csv(tmp_path / "conflict.csv", rows), org.senior_n1, tmp_path)
    assert [e["row"] for e in out.errors_preview] == [3]
    assert "other values on row 2: name_th, tax_id" in out.errors_preview[0]["reason"]


def test_it_names_every_row_of_a_bad_customer(org, tmp_path):
    rows = [row(1, 1, tax_id="1111111111111"), row(1, 2, tax_id="1111111111111"), row(2, 3)]
    out = run(write_csv(tmp_path / "bad-bp.csv", rows), org.senior_n1, tmp_path)
    assert [e["row"] for e in out.errors_preview] == [2, 3]


def test_it_rejects_a_ca_that_belongs_to_another_bp(org, tmp_path):
    rows = [row(1, 1, ca_number=org.ca_n1.ca_number)]
    out = run(write_csv(tmp_path / "move.csv", rows), org.hq_admin, tmp_path)
    assert out.status == "rejected"
    assert f"already belongs to BP {org.bp_n1.bp_number}" in out.errors_preview[0]["reason"]


def test_it_rejects_a_file_with_missing_or_unknown_columns(org, tmp_path):
    header = [h for h in HEADER if h != "tariff"] + ["tarif"]
    out = run(write_csv(tmp_path / "cols.csv", [row(1, 1)], header=header), org.senior_n1, tmp_path)
    assert out.status == "rejected"
    assert "Missing columns: tariff" in out.message
    assert "Unknown columns: tarif" in out.message
    assert out.report_path is None


def test_it_adds_a_second_contact_on_a_row_without_a_ca(org, tmp_path):
    empty_ca = {"ca_number": "", "office_code": "", "tariff": "", "is_tou": "",
                "contracted_demand_kw": "", "status": "", "site_name": ""}  # fmt: skip
    rows = [row(1, 1), row(1, 0, contact_name="คุณสอง", contact_email="two@example.co.th",
                               **empty_ca)]  # fmt: skip
    out = run(write_csv(tmp_path / "two.csv", rows, bom=False), org.senior_n1, tmp_path)
    assert out.status == "done", out
    bp = BusinessPartner.objects.get(bp_number="3000000001")
    assert bp.accounts.count() == 1
    assert sorted(bp.contacts.values_list("name", flat=True)) == ["คุณสมหญิง 1", "คุณสอง"]


def test_it_refuses_an_auditor(org, tmp_path):
    with pytest.raises(PermissionDenied):
        run(write_csv(tmp_path / "good.csv", good_rows()), org.auditor, tmp_path)
    assert not BusinessPartner.objects.filter(bp_number__startswith="30000000").exists()


def test_it_reads_a_thai_windows_csv_with_semicolons(org, tmp_path):
    path = tmp_path / "excel.csv"
    with open(path, "w", encoding="cp874", newline="") as f:
        csv.writer(f, delimiter=";").writerows(
            [HEADER, *[[r[h] for h in HEADER] for r in good_rows()]]
        )
    out = run(path, org.senior_n1, tmp_path)
    assert out.status == "done", out
    assert BusinessPartner.objects.get(bp_number="3000000001").name_th == "บริษัท นำเข้า 1 จำกัด"


def test_it_writes_nothing_when_the_registry_changes_during_the_write(org, tmp_path, monkeypatch):
    original = importer.Writer._cas

    def _cas_after_a_clash(self, chunk, fields):
        ContractAccountFactory(ca_number=chunk[0][1], bp=org.bp_n1)  # someone else, meanwhile
        return original(self, chunk, fields)

    monkeypatch.setattr(importer.Writer, "_cas", _cas_after_a_clash)
    with pytest.raises(importer.ImportConflict):
        run(write_csv(tmp_path / "good.csv", good_rows()), org.senior_n1, tmp_path)
    assert not BusinessPartner.objects.filter(bp_number__startswith="30000000").exists()
