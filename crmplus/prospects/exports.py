"""XLSX exports: the prospect list as filtered, and the funnel report.

Headers are Thai (the sheets go to Thai offices and HQ) and dates Buddhist era as text,
as on screen; money and loads are numbers.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from django.utils import timezone

from crmplus.core.fiscal import format_date
from crmplus.core.models import User
from crmplus.prospects import selectors
from crmplus.prospects.rules import PipelineRules

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 1000
LIST_COLUMNS = [
    ("บริษัท", 40),
    ("ประเภทธุรกิจ", 22),
    ("แหล่งที่มา", 18),
    ("เลขอ้างอิง", 14),
    ("จังหวัด", 14),
    ("นิคมอุตสาหกรรม", 28),
    ("เขต", 10),
    ("การไฟฟ้าที่รับผิดชอบ", 26),
    ("ผู้รับผิดชอบ", 20),
    ("ขั้นตอน", 24),
    ("อยู่ในขั้นตอนตั้งแต่", 14),
    ("ชะงัก", 8),
    ("ความน่าจะเป็น (%)", 10),
    ("โหลดที่คาด (kW)", 14),
    ("โหลดที่คาด (MVA)", 14),
    ("ประเภทอัตราที่คาด", 18),
    ("วันที่คาดว่าจะจ่ายไฟ", 14),
    ("วันที่จ่ายไฟ", 14),
    ("กำไรขั้นต้นที่คาดต่อปี (บาท)", 18),
    ("การดำเนินการถัดไป", 30),
    ("กำหนดการดำเนินการถัดไป", 14),
    ("หมายเลข BP", 13),
    ("เสนอคัดเลือกลูกค้ารายสำคัญ ปีงบประมาณ", 16),
]


def _who(user) -> str:
    return "" if user is None else (user.get_full_name() or user.get_username())


def _d(day) -> str:
    return format_date(day, "th") if day else ""


def prospects_export_xlsx(
    *, user: User, filters: selectors.ProspectFilters, rules: PipelineRules, path: Path
) -> int:
    """Write the prospects `user` sees through `filters` (same rows, same order as the
    list page); the row count."""
    qs = selectors.prospect_list(user=user, filters=filters, rules=rules)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("ลูกค้าที่มีศักยภาพ")
    bold = book.add_format({"bold": True, "bg_color": "#F0ECF5"})
    money = book.add_format({"num_format": "#,##0.00"})
    for col, (title, width) in enumerate(LIST_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, bold)
    sheet.freeze_panes(1, 0)
    n = 0
    for p in qs.iterator(chunk_size=CHUNK):
        n += 1
        stage = rules.stage(p.stage)
        row = [
            p.company_name,
            str(p.get_sector_display()),
            str(p.get_source_display()),
            p.reference,
            p.province,
            p.industrial_estate.name_th if p.industrial_estate_id else "",
            p.area.name_th if p.area_id else "",
            f"{p.office.code} {p.office.name_th}",
            _who(p.responsible),
            stage.label_th if stage else p.stage,
            _d(timezone.localtime(p.stage_entered_at).date()),
            "ใช่" if p.is_stalled else "",
            p.probability,
            float(p.expected_load_kw),
            float(p.expected_load_mva),
            str(p.get_tariff_expected_display()) if p.tariff_expected else "",
            _d(p.expected_connection_date),
            _d(p.connection_date),
            float(p.expected_gm),
            p.next_action,
            _d(p.next_action_date),
            p.bp.bp_number if p.bp_id else "",
            p.proposed_ka_fy or "",
        ]
        for col, value in enumerate(row):
            if col == 18:
                sheet.write_number(n, col, value, money)
            elif isinstance(value, int | float):
                sheet.write_number(n, col, value)
            else:
                sheet.write_string(n, col, value)
    book.close()
    return n


def funnel_export_xlsx(
    *,
    total: selectors.AreaFunnel,
    per_area: list[selectors.AreaFunnel],
    rules: PipelineRules,
    path: Path,
) -> None:
    """Sheet 1: the funnel by stage over the whole selection; sheet 2: per area, one row
    per stage; sheet 3: one row per area with its conversion rate."""
    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True, "bg_color": "#F0ECF5"})
    money = book.add_format({"num_format": "#,##0.00"})
    one = book.add_format({"num_format": "0.0"})
    labels = {s.key: s.label_th for s in rules.stages}
    stage_cols = [
        ("ขั้นตอน", 28),
        ("จำนวน", 10),
        ("ถึงขั้นตอนนี้แล้ว", 14),
        ("ชะงัก", 10),
        ("โหลดที่คาด (MW)", 14),
        ("กำไรขั้นต้นที่คาดต่อปี (บาท)", 20),
        ("กำไรขั้นต้นถ่วงความน่าจะเป็น (บาท)", 22),
        ("เวลาเฉลี่ยในขั้นตอน (วัน)", 16),
    ]

    def stage_rows(sheet, start_row: int, f, prefix: list[str]) -> int:
        r = start_row
        for row in f.funnel.rows:
            values = [
                *prefix,
                labels.get(row.stage, row.stage),
                row.count,
                row.reached,
                row.stalled,
                float(row.load_mw),
                float(row.gm),
                float(row.weighted_gm),
                float(row.avg_days) if row.avg_days is not None else None,
            ]
            for c, v in enumerate(values):
                if v is None:
                    continue
                if isinstance(v, str):
                    sheet.write_string(r, c, v)
                elif c - len(prefix) in (5, 6):
                    sheet.write_number(r, c, v, money)
                elif c - len(prefix) == 7:
                    sheet.write_number(r, c, v, one)
                else:
                    sheet.write_number(r, c, v)
            r += 1
        return r

    sheet = book.add_worksheet("กรวยการขาย")
    for c, (title, width) in enumerate(stage_cols):
        sheet.set_column(c, c, width)
        sheet.write_string(0, c, title, bold)
    r = stage_rows(sheet, 1, total, [])
    sheet.write_string(r + 1, 0, "อัตราการแปลงเป็นลูกค้า (%)", bold)
    rate = total.funnel.conversion_rate
    if rate is not None:
        sheet.write_number(r + 1, 1, float(rate), one)

    sheet = book.add_worksheet("รายเขต-ขั้นตอน")
    sheet.set_column(0, 0, 14)
    sheet.write_string(0, 0, "เขต", bold)
    for c, (title, width) in enumerate(stage_cols, 1):
        sheet.set_column(c, c, width)
        sheet.write_string(0, c, title, bold)
    r = 1
    for f in per_area:
        r = stage_rows(sheet, r, f, [f.area.name_th if f.area else "-"])

    sheet = book.add_worksheet("รายเขต")
    cols = [
        ("เขต", 14),
        ("จำนวนทั้งหมด", 12),
        ("ชะงัก", 10),
        ("จ่ายไฟแล้ว", 12),
        ("แปลงเป็นลูกค้าแล้ว", 14),
        ("อัตราการแปลง (%)", 14),
        ("โหลดที่คาด (MW)", 14),
        ("กำไรขั้นต้นที่คาดต่อปี (บาท)", 20),
    ]
    for c, (title, width) in enumerate(cols):
        sheet.set_column(c, c, width)
        sheet.write_string(0, c, title, bold)
    for r, f in enumerate(per_area, 1):
        sheet.write_string(r, 0, f.area.name_th if f.area else "-")
        sheet.write_number(r, 1, f.funnel.total)
        sheet.write_number(r, 2, f.stalled)
        sheet.write_number(r, 3, f.funnel.reached_connected)
        sheet.write_number(r, 4, f.funnel.converted)
        if f.funnel.conversion_rate is not None:
            sheet.write_number(r, 5, float(f.funnel.conversion_rate), one)
        sheet.write_number(r, 6, float(f.load_mw))
        sheet.write_number(r, 7, float(f.gm), money)
    book.close()
