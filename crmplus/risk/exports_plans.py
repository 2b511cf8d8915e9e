"""XLSX export of the special-risk list with retention plans, and of their actions.

Two sheets, Thai headers, Buddhist-era dates as text, as crmplus.risk.exports does:
"แผนรักษาลูกค้า" (one row per special-risk assessment, with or without a plan) and
"กิจกรรม" (one row per action of those plans).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlsxwriter

from crmplus.core.fiscal import format_date
from crmplus.core.models import User
from crmplus.risk import selectors_plans
from crmplus.risk.exports import CHUNK, LEVELS_TH, STATUS_TH, _date, _who
from crmplus.risk.models_plans import ActionStatus, PlanStatus, RetentionAction

PLAN_STATUS_TH = {
    PlanStatus.DRAFT: "ร่าง",
    PlanStatus.SUBMITTED: "รออนุมัติ",
    PlanStatus.APPROVED: "อนุมัติแล้ว",
    PlanStatus.REJECTED: "ไม่อนุมัติ",
    PlanStatus.CLOSED: "ปิดแผนแล้ว",
}
ACTION_STATUS_TH = {
    ActionStatus.OPEN: "ดำเนินการอยู่",
    ActionStatus.DONE: "เสร็จแล้ว",
    ActionStatus.DROPPED: "ยกเลิก",
}
PLAN_COLUMNS = [
    ("ปีงบประมาณ", 10),
    ("หมายเลข BP", 13),
    ("ชื่อลูกค้า", 40),
    ("รหัสการไฟฟ้า", 12),
    ("การไฟฟ้า", 26),
    ("คะแนน (P×I)", 11),
    ("ระดับความเสี่ยง", 13),
    ("สถานะการประเมิน", 14),
    ("สถานะแผน", 14),
    ("วัตถุประสงค์ของแผน", 40),
    ("จำนวนกิจกรรม", 12),
    ("กิจกรรมเกินกำหนด", 14),
    ("ผู้จัดทำแผน", 20),
    ("ปรับปรุงล่าสุด", 14),
]
ACTION_COLUMNS = [
    ("หมายเลข BP", 13),
    ("ชื่อลูกค้า", 40),
    ("การไฟฟ้า", 26),
    ("กิจกรรม", 50),
    ("ผู้รับผิดชอบ", 20),
    ("กำหนดเสร็จ", 14),
    ("สถานะ", 14),
    ("เกินกำหนด", 10),
    ("ผลการดำเนินการ", 40),
]


def _header(book, sheet, columns) -> None:
    bold = book.add_format({"bold": True, "bg_color": "#F0ECF5"})
    for col, (title, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, bold)
    sheet.freeze_panes(1, 0)


def _write(sheet, n: int, row: list[Any]) -> None:
    for col, value in enumerate(row):
        if isinstance(value, int | float) and not isinstance(value, bool):
            sheet.write_number(n, col, value)
        else:
            sheet.write_string(n, col, "" if value is None else str(value))


def plans_export_xlsx(*, user: User, values: dict, path: Path) -> int:
    """Write the special-risk list `user` sees through `values` (the list page's filters)
    and the actions of its plans; the number of special-risk rows."""
    qs = selectors_plans.special_list(user=user, **values)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    plans = book.add_worksheet("แผนรักษาลูกค้า")
    actions = book.add_worksheet("กิจกรรม")
    _header(book, plans, PLAN_COLUMNS)
    _header(book, actions, ACTION_COLUMNS)
    n = 0
    plan_ids = []
    for a in qs.iterator(chunk_size=CHUNK):
        n += 1
        plan = getattr(a, "retention_plan", None)
        if plan is not None:
            plan_ids.append(plan.pk)
        _write(plans, n, [
            a.fy, a.bp.bp_number, a.bp.name_th, a.office.code, a.office.name_th, a.score,
            LEVELS_TH.get(a.level, str(a.level)), STATUS_TH.get(a.status, a.status),
            PLAN_STATUS_TH.get(plan.status, plan.status) if plan else "ยังไม่มีแผน",
            plan.objective if plan else "", a.n_actions, a.n_overdue,
            _who(plan.created_by) if plan else "", _date(plan.updated_at) if plan else "",
        ])  # fmt: skip
    rows = (
        RetentionAction.objects.for_user(user)
        .filter(plan_id__in=plan_ids)
        .select_related("plan__assessment__bp", "plan__assessment__office", "plan", "owner")
        .order_by("plan__assessment__office__path", "plan__assessment__bp__bp_number", "due_date")
    )
    for m, action in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        a = action.plan.assessment
        _write(actions, m, [
            a.bp.bp_number, a.bp.name_th, a.office.name_th, action.description,
            _who(action.owner), format_date(action.due_date, "th"),
            ACTION_STATUS_TH.get(action.status, action.status),
            "ใช่" if action.is_overdue else "", action.outcome,
        ])  # fmt: skip
    book.close()
    return n
