"""XLSX export of the social inbox as filtered on screen (Thai headers, B.E. dates).

The message texts are not exported: the sheet carries counts and times, the display
name only (personal data kept to what the list shows).
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from django.db.models import Count, Q
from django.utils import timezone

from crmplus.core.fiscal import format_datetime
from crmplus.core.models import User
from crmplus.social import selectors
from crmplus.social.models import Direction

CATEGORY_TH = {
    "outage": "ไฟฟ้าขัดข้อง",
    "bill": "ค่าไฟฟ้า",
    "meter": "มิเตอร์",
    "new_connection": "ขอใช้ไฟฟ้าใหม่",
    "complaint": "ร้องเรียน",
    "other": "อื่น ๆ",
}
STATUS_TH = {"new": "ใหม่ (รอตอบ)", "open": "กำลังดำเนินการ", "closed": "ปิดแล้ว"}
TIMER_TH = {"running": "อยู่ในเวลา", "breached": "เกินกำหนด", "met": "ทันเวลา", "missed": "ไม่ทันเวลา"}
COLUMNS = [
    ("เลขที่เรื่อง", 11),
    ("ช่องทาง", 10),
    ("ชื่อที่แสดง", 26),
    ("ประเภทเรื่อง", 16),
    ("สถานะ", 16),
    ("หน่วยงานที่รับผิดชอบ", 28),
    ("หมายเลขผู้ใช้ไฟฟ้า (CA)", 16),
    ("เปิดเรื่อง", 18),
    ("ตอบครั้งแรก", 18),
    ("SLA ตอบครั้งแรก", 14),
    ("ปิดเรื่อง", 18),
    ("SLA แก้ไขเสร็จ", 14),
    ("ข้อความเข้า", 11),
    ("ข้อความตอบ", 11),
]


def _dt(moment) -> str:
    return format_datetime(timezone.localtime(moment), "th") if moment else ""


def cases_export_xlsx(*, user: User, filters: selectors.CaseFilters, path: Path) -> int:
    qs = selectors.case_list(user=user, filters=filters).annotate(
        n_in=Count("messages", filter=Q(messages__direction=Direction.IN)),
        n_out=Count("messages", filter=Q(messages__direction=Direction.OUT)),
    )
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("เรื่องโซเชียล")
    head = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1, "text_wrap": True})
    for col, (title, width) in enumerate(COLUMNS):
        sheet.write(0, col, title, head)
        sheet.set_column(col, col, width)
    now = timezone.now()
    n = 0
    for n, case in enumerate(qs.iterator(chunk_size=1000), 1):
        fr, res = selectors.case_timers(case, now)
        sheet.write_row(
            n,
            0,
            [
                case.reference,
                case.get_channel_display(),
                case.identity.shown_name,
                CATEGORY_TH.get(case.category, "ยังไม่ระบุ"),
                STATUS_TH.get(case.status, case.status),
                f"{case.unit.code} {case.unit.name_th}",
                case.ca.ca_number if case.ca_id else "",
                _dt(case.opened_at),
                _dt(case.first_response_at),
                TIMER_TH[fr.state],
                _dt(case.closed_at),
                TIMER_TH[res.state],
                case.n_in,
                case.n_out,
            ],
        )
    sheet.freeze_panes(1, 0)
    book.close()
    return n
