"""Write a customer-import file (docs/import-format.md) of any size, deterministically.

    .venv/bin/python bench/gen_import_file.py /tmp/imp1m/customers-1m.csv   # 1 000 000 rows
    .venv/bin/python bench/gen_import_file.py /tmp/x.xlsx --rows 100000 --format xlsx

One row per CA, `--cas-per-bp` CAs per BP (the BP columns repeated), one contact
per BP (on its first row), CAs spread over the offices of the bundled PEA tree
(crmplus/core/data/org_units.csv, what `manage.py load_org` loads), so an HQ user
can import the file into a database holding that tree. No Django needed.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "crmplus" / "core" / "data"
HEADER = [
    "bp_number", "name_th", "name_en", "tax_id", "business_type", "industrial_estate_code",
    "home_office_code", "address", "ca_number", "office_code", "tariff", "is_tou",
    "contracted_demand_kw", "status", "site_name", "contact_name", "contact_position",
    "contact_phone", "contact_email", "contact_line_id", "contact_lawful_basis",
    "contact_consent_date", "contact_consent_purpose", "contact_retention_until",
]  # fmt: skip
BUSINESS_TYPES = ["food", "electronics", "automotive", "chemicals", "metals", "textiles",
                  "cement", "paper", "agro", "cold_storage", "data_centre", "hotel",
                  "hospital", "retail", "education", "government", "water", "other"]  # fmt: skip
WORDS_TH = ["สยาม", "ไทย", "รุ่งเรือง", "พัฒนา", "อุตสาหกรรม", "ฟู้ดส์", "อิเล็กทรอนิกส์",
            "สตีล", "พลาสติก", "เคมีคอล", "โลจิสติกส์", "การเกษตร", "ซีเมนต์", "เทคโนโลยี"]  # fmt: skip
WORDS_EN = ["Siam", "Thai", "Rungruang", "Pattana", "Industry", "Foods", "Electronics", "Steel",
            "Plastics", "Chemical", "Logistics", "Agro", "Cement", "Technology"]  # fmt: skip
FIRST_TH = ["สมชาย", "สมหญิง", "วิภา", "ประเสริฐ", "อรุณี", "กิตติ", "นภา", "ธนา"]
LAST_TH = ["ใจดี", "ศรีสุข", "มั่นคง", "รุ่งโรจน์", "วงศ์ไทย", "แสงทอง"]


def tax_id(n: int) -> str:
    first12 = f"0{105600000000 + n:011d}"[:12]
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


def offices() -> list[str]:
    with open(DATA / "org_units.csv", encoding="utf-8") as f:
        return [r["code"] for r in csv.DictReader(f) if r["kind"] == "office"]


def estates() -> list[str]:
    with open(DATA / "industrial_estates.csv", encoding="utf-8") as f:
        return [r["code"] for r in csv.DictReader(f)]


def rows(n_rows: int, cas_per_bp: int, seed: int, bp_base: int = 5_000_000_000):
    rnd = random.Random(seed)
    office_codes, estate_codes = offices(), estates()
    bp = -1
    for i in range(n_rows):
        first = i % cas_per_bp == 0
        if first:
            bp += 1
            words = rnd.sample(range(len(WORDS_TH)), 2)
            office = rnd.choice(office_codes)
            bp_cols = [
                str(bp_base + bp),
                f"บริษัท {WORDS_TH[words[0]]}{WORDS_TH[words[1]]} {bp} จำกัด",
                f"{WORDS_EN[words[0]]} {WORDS_EN[words[1]]} {bp} Co., Ltd.",
                tax_id(bp),
                rnd.choice(BUSINESS_TYPES),
                rnd.choice(estate_codes) if rnd.random() < 0.3 else "",
                office,
                f"{rnd.randint(1, 999)} หมู่ {rnd.randint(1, 12)} ถนนพหลโยธิน",
            ]
        tariff = rnd.choice("3445")
        ca_cols = [
            f"{100_000_000_000 + i:012d}",
            office if rnd.random() < 0.9 else rnd.choice(office_codes),
            tariff,
            "1" if tariff != "3" or rnd.random() < 0.3 else "0",
            f"{rnd.randint(30, 25_000)}.{rnd.randint(0, 99):02d}",
            "active" if rnd.random() < 0.97 else "suspended",
            f"สาขา {i % cas_per_bp + 1}",
        ]
        if first:
            contact = [
                f"คุณ{rnd.choice(FIRST_TH)} {rnd.choice(LAST_TH)} {bp}",
                "ผู้จัดการโรงงาน",
                f"08{rnd.randint(10_000_000, 99_999_999)}",
                f"contact{bp}@example.co.th",
                "",
                "contract",
                "",
                "",
                "",
            ]
        else:
            contact = [""] * 9
        yield bp_cols + ca_cols + contact


def main(argv: list[str] | None = None) -> Path:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("out", type=Path)
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--cas-per-bp", type=int, default=10)
    p.add_argument("--format", choices=["csv", "xlsx"], default=None)
    p.add_argument("--seed", type=int, default=2569)
    a = p.parse_args(argv)
    fmt = a.format or a.out.suffix.lstrip(".") or "csv"
    a.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if fmt == "xlsx":
        import xlsxwriter

        book = xlsxwriter.Workbook(
            str(a.out), {"constant_memory": True, "strings_to_numbers": False}
        )
        sheet = book.add_worksheet("customers")
        sheet.write_row(0, 0, HEADER)
        for n, r in enumerate(rows(a.rows, a.cas_per_bp, a.seed), start=1):
            sheet.write_row(n, 0, r)
        book.close()
    else:
        with open(a.out, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            w.writerows(rows(a.rows, a.cas_per_bp, a.seed))
    size = a.out.stat().st_size / 1e6
    print(f"{a.out}: {a.rows:,} rows, {size:,.0f} MB in {time.perf_counter() - started:,.1f} s",
          file=sys.stderr)  # fmt: skip
    return a.out


if __name__ == "__main__":
    main()
