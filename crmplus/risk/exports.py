"""XLSX export of the risk-assessment list, streamed: constant memory whatever its length.

Headers are Thai (the sheet goes to Thai offices and HQ), dates Buddhist era as text
(`25 พ.ย. 2569`), as on screen.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from django.utils import timezone

from crmplus.core.fiscal import format_date
from crmplus.core.models import User
from crmplus.risk import selectors
from crmplus.risk.models import AssessmentStatus

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 1000
LEVELS_TH = {1: "ต่ำ", 2: "ปานกลาง", 3: "สูง", 4: "สูงมาก"}
STATUS_TH = {
    AssessmentStatus.DRAFT: "ร่าง",
    AssessmentStatus.SUBMITTED: "รอการทบทวน",
    AssessmentStatus.CONFIRMED: "ยืนยันแล้ว",
    AssessmentStatus.RETURNED: "ส่งกลับแก้ไข",
}
COLUMNS = [
    ("ปีงบประมาณ", 10),
    ("หมายเลข BP", 13),
    ("ชื่อลูกค้า", 40),
    ("รหัสการไฟฟ้า", 12),
    ("การไฟฟ้า", 26),
    ("หน่วยงานเจ้าของ", 14),
    ("โอกาส (P)", 9),
    ("ผลกระทบ (I)", 10),
    ("คะแนน (P×I)", 11),
    ("ระดับความเสี่ยง", 13),
    ("สถานะ", 14),
    ("ผู้ประเมิน", 20),
    ("วันที่ส่งทบทวน", 14),
    ("ผู้ทบทวน", 20),
    ("วันที่ทบทวน", 14),
    ("หมายเหตุการทบทวน", 40),
    ("ปรับปรุงล่าสุด", 14),
]


def _who(user) -> str:
    return "" if user is None else (user.get_full_name() or user.get_username())


def _date(moment) -> str:
    if moment is None:
        return ""
    return format_date(timezone.localtime(moment).date(), "th")


def assessments_export_xlsx(*, user: User, filters: selectors.AssessmentFilters, path: Path) -> int:
    """Write the assessments `user` sees through `filters` to an XLSX file; the row count
    (the same rows, in the same order, as the list page)."""
    qs = selectors.assessment_list(user=user, filters=filters)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("การประเมินความเสี่ยง")
    bold = book.add_format({"bold": True, "bg_color": "#F0ECF5"})
    for col, (title, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, bold)
    sheet.freeze_panes(1, 0)
    n = 0
    for a in qs.iterator(chunk_size=CHUNK):
        n += 1
        row = [
            a.fy,
            a.bp.bp_number,
            a.bp.name_th,
            a.office.code,
            a.office.name_th,
            a.owner.code,
            a.p,
            a.i,
            a.score,
            LEVELS_TH.get(a.level, str(a.level)),
            STATUS_TH.get(a.status, a.status),
            _who(a.assessed_by),
            _date(a.submitted_at),
            _who(a.reviewed_by),
            _date(a.reviewed_at),
            a.review_note,
            _date(a.updated_at),
        ]
        for col, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(n, col, value)
            else:
                # Text cells: BP numbers keep their leading zeros.
                sheet.write_string(n, col, value)
    sheet.autofilter(0, 0, max(n, 1), len(COLUMNS) - 1)
    book.close()
    return n
