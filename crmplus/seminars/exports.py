"""XLSX exports of the seminar screens: the event list as filtered and the three
reports. Thai headers (the sheets go to Thai offices and HQ), BE dates as on screen."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from crmplus.core.fiscal import format_date
from crmplus.core.models import User
from crmplus.seminars import selectors
from crmplus.seminars.letters import KIND_TH

STATUS_TH = {
    "draft": "ร่าง",
    "submitted": "รออนุมัติ",
    "approved": "อนุมัติแล้ว",
    "rejected": "ส่งกลับแก้ไข",
    "held": "จัดแล้ว",
    "closed": "ปิดงาน",
}
SEGMENT_TH = {
    "strategic": "Strategic",
    "star": "Star",
    "status": "Status",
    "streamline": "Streamline",
    selectors.NOT_A_KEY_ACCOUNT: "ไม่ใช่ลูกค้ารายสำคัญ",
}


def _book(path: Path, sheet_name: str, columns: list[tuple[str, int]]):
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet(sheet_name)
    bold = book.add_format({"bold": True, "bg_color": "#F0ECF5"})
    money = book.add_format({"num_format": "#,##0.00"})
    pct = book.add_format({"num_format": "0.0%"})
    for col, (title, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, bold)
    sheet.freeze_panes(1, 0)
    return book, sheet, money, pct


def events_xlsx(*, user: User, filters: selectors.EventFilters, path: Path) -> int:
    columns = [
        ("ปีงบประมาณ", 10),
        ("ชื่องาน", 40),
        ("ประเภท", 22),
        ("รหัสหน่วยงาน", 12),
        ("หน่วยงานผู้จัด", 28),
        ("วันที่เริ่ม", 13),
        ("วันที่สิ้นสุด", 13),
        ("สถานที่", 30),
        ("สถานะ", 14),
        ("งบประมาณ (บาท)", 16),
        ("ลูกค้าที่เชิญ", 12),
    ]
    book, sheet, money, _pct = _book(path, "สัมมนาลูกค้ารายใหญ่", columns)
    n = 0
    for event in selectors.event_list(user=user, filters=filters).iterator(chunk_size=500):
        n += 1
        sheet.write_number(n, 0, event.fy)
        sheet.write_string(n, 1, event.title)
        sheet.write_string(n, 2, KIND_TH.get(event.kind, event.kind))
        sheet.write_string(n, 3, event.unit.code)
        sheet.write_string(n, 4, event.unit.name_th)
        sheet.write_string(n, 5, format_date(event.starts_on, "th"))
        sheet.write_string(n, 6, format_date(event.ends_on, "th"))
        sheet.write_string(n, 7, event.venue)
        sheet.write_string(n, 8, STATUS_TH.get(event.status, event.status))
        sheet.write_number(n, 9, float(event.total), money)
        sheet.write_number(n, 10, event.n_invited)
    book.close()
    return n


def budget_use_xlsx(*, user: User, fy: int, path: Path) -> int:
    columns = [
        ("ปีงบประมาณ", 10),
        ("รหัสหน่วยงาน", 12),
        ("หน่วยงาน", 30),
        ("จำนวนงาน", 10),
        ("ใช้ไป (บาท)", 16),
        ("ค่าวิทยากร (บาท)", 16),
        ("วงเงินต่อครั้ง (บาท)", 18),
        ("งานที่เกินวงเงิน", 14),
        ("วงเงิน สนญ. ต่อปี (บาท)", 20),
        ("คงเหลือ (บาท)", 16),
    ]
    book, sheet, money, _pct = _book(path, "งบสัมมนาเทียบวงเงิน", columns)
    rows = selectors.budget_use(user=user, fy=fy)
    for n, row in enumerate(rows, start=1):
        sheet.write_number(n, 0, row.fy)
        sheet.write_string(n, 1, row.unit.code)
        sheet.write_string(n, 2, row.unit.name_th)
        sheet.write_number(n, 3, row.events)
        sheet.write_number(n, 4, float(row.total), money)
        sheet.write_number(n, 5, float(row.speaker_fees), money)
        sheet.write_number(n, 6, float(row.event_cap), money)
        sheet.write_number(n, 7, row.events_over_cap)
        if row.hq_year is not None:
            sheet.write_number(n, 8, float(row.hq_year.cap), money)
            sheet.write_number(n, 9, float(row.hq_year.cap - row.hq_year.used), money)
    book.close()
    return len(rows)


def events_per_area_xlsx(*, user: User, fy: int, path: Path) -> int:
    kinds = list(KIND_TH)
    columns = [("ปีงบประมาณ", 10), ("เขต", 30)]
    columns += [(KIND_TH[k], 16) for k in kinds]
    columns += [("รวม (งาน)", 10), ("งบที่ผูกพัน (บาท)", 18)]
    book, sheet, money, _pct = _book(path, "งานต่อเขต", columns)
    rows = selectors.events_per_area(user=user, fy=fy)
    for n, row in enumerate(rows, start=1):
        sheet.write_number(n, 0, fy)
        sheet.write_string(n, 1, row.area.name_th if row.area else "สำนักงานใหญ่")
        for i, kind in enumerate(kinds):
            sheet.write_number(n, 2 + i, row.by_kind.get(kind, 0))
        sheet.write_number(n, 2 + len(kinds), row.total)
        sheet.write_number(n, 3 + len(kinds), float(row.committed), money)
    book.close()
    return len(rows)


def attendance_xlsx(*, user: User, fy: int, path: Path) -> int:
    columns = [
        ("ปีงบประมาณ", 10),
        ("กลุ่มลูกค้า", 22),
        ("เชิญ", 10),
        ("ตอบรับ", 10),
        ("เข้าร่วม", 10),
        ("อัตราการเข้าร่วม", 16),
    ]
    book, sheet, _money, pct = _book(path, "การเข้าร่วมตามกลุ่ม", columns)
    rows = selectors.attendance_by_segment(user=user, fy=fy)
    for n, row in enumerate(rows, start=1):
        sheet.write_number(n, 0, fy)
        sheet.write_string(n, 1, SEGMENT_TH.get(row.segment, row.segment))
        sheet.write_number(n, 2, row.invited)
        sheet.write_number(n, 3, row.accepted)
        sheet.write_number(n, 4, row.attended)
        if row.rate is not None:
            sheet.write_number(n, 5, row.rate, pct)
    book.close()
    return len(rows)


REPORTS = {
    "budget": budget_use_xlsx,
    "areas": events_per_area_xlsx,
    "attendance": attendance_xlsx,
}
