"""Rows and files for the customer-import tests (not a test module)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from django.utils import translation

from crmplus.customers.import_format import template_headers
from crmplus.customers.importer import ImportOutcome, customers_import
from crmplus.customers.validators import tax_id_check_digit

HEADER = template_headers()


def tax_id(n: int) -> str:
    first12 = f"0{205500000000 + n:011d}"[:12]
    return first12 + tax_id_check_digit(first12)


def row(bp: int, ca: int, office: str = "N1-OF1", **changes) -> dict[str, str]:
    """One good row: BP `bp` (its data the same on every row) with CA `ca`."""
    values = {
        "bp_number": f"{3000000000 + bp}",
        "name_th": f"บริษัท นำเข้า {bp} จำกัด",
        "name_en": f"Import {bp} Co., Ltd.",
        "tax_id": tax_id(bp),
        "business_type": "electronics",
        "industrial_estate_code": "",
        "home_office_code": office,
        "address": "",
        "ca_number": f"{400000000000 + ca:012d}",
        "office_code": office,
        "tariff": "4",
        "is_tou": "1",
        "contracted_demand_kw": "1500.50",
        "status": "active",
        "site_name": f"โรงงาน {ca}",
        "contact_name": f"คุณสมหญิง {bp}",
        "contact_position": "ผู้จัดการ",
        "contact_phone": "081-234-5678",
        "contact_email": f"c{bp}@example.co.th",
        "contact_line_id": "",
        "contact_lawful_basis": "contract",
        "contact_consent_date": "",
        "contact_consent_purpose": "",
        "contact_retention_until": "",
    }
    values.update(changes)
    return values


def good_rows() -> list[dict[str, str]]:
    """Three BPs, five CAs: BP 1 has three CAs, its contact repeated on each row."""
    return [row(1, 1), row(1, 2), row(1, 3), row(2, 4, office="N1-OF2"), row(3, 5)]


def write_csv(path: Path, rows: list[dict], header: list[str] = HEADER, bom: bool = True) -> Path:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for r in rows:
            writer.writerow([r.get(h, "") for h in header])
    return path


def write_xlsx(path: Path, rows: list[dict], header: list[str] = HEADER) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for r in rows:
        sheet.append([r.get(h, "") for h in header])
    book.save(path)
    return path


def run(path: Path, user, tmp_path: Path, **kwargs) -> ImportOutcome:
    """Import in English, so the tests can read the reasons."""
    file_format = path.suffix.lstrip(".")
    with translation.override("en"):
        return customers_import(
            path=path, file_format=file_format, by=user, report_dir=tmp_path / "report", **kwargs
        )


def report_rows(path: Path) -> list[list[str]]:
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path, read_only=True)
        return [
            ["" if v is None else str(v) for v in r]
            for r in book.active.iter_rows(values_only=True)
        ]
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))
