"""XLSX export of the service-request list as filtered (Thai headers, Buddhist-era dates)."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from django.db.models import QuerySet

from crmplus.core.fiscal import format_date
from crmplus.techservices.catalogue import FMS_LABELS_TH
from crmplus.techservices.entitlements import SEGMENT_LABELS
from crmplus.techservices.pdf import STATUS_TH

CHUNK = 1000
COLUMNS = [
    ("เลขที่คำขอ", 14),
    ("ปีงบประมาณ", 10),
    ("หมายเลข BP", 13),
    ("ชื่อลูกค้า", 40),
    ("กลุ่มลูกค้า", 14),
    ("รหัสบริการ", 9),
    ("บริการ", 40),
    ("สถานะ", 16),
    ("วันที่ขอรับบริการ", 14),
    ("วันที่นัดหมาย", 14),
    ("วันที่ดำเนินการเสร็จ", 14),
    ("ผู้รับผิดชอบ", 20),
    ("รหัสการไฟฟ้า", 12),
    ("การไฟฟ้า", 26),
    ("ผู้รับทราบ (ลูกค้า)", 20),
    ("สรุปผล", 50),
]


def _who(user) -> str:
    return "" if user is None else (user.get_full_name() or user.get_username())


def requests_export_xlsx(*, qs: QuerySet, path: Path) -> int:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("บริการเสริม FMS")
    bold = book.add_format({"bold": True, "bg_color": "#F0ECF5"})
    for col, (title, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, bold)
    sheet.freeze_panes(1, 0)
    n = 0
    for r in qs.iterator(chunk_size=CHUNK):
        n += 1
        segment = SEGMENT_LABELS.get(r.segment, r.segment) + (
            " (supplement)" if r.supplement else ""
        )
        row = [
            r.number, r.fy, r.bp.bp_number, r.bp.name_th, segment, r.code,
            FMS_LABELS_TH.get(r.code, r.code), STATUS_TH.get(r.status, r.status),
            format_date(r.requested_on, "th"), format_date(r.scheduled_for, "th"),
            format_date(r.completed_on, "th"), _who(r.staff), r.office.code, r.office.name_th,
            r.ack_name, (r.report or {}).get("summary", ""),
        ]  # fmt: skip
        for col, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(n, col, value)
            else:
                sheet.write_string(n, col, "" if value is None else str(value))
    book.close()
    return n
