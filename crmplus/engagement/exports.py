"""XLSX exports of the filtered visit, Tele CRM and KAM-plan lists (XlsxWriter)."""

from __future__ import annotations

import io
from collections.abc import Iterable

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 200_000


def _book(title: str, headers: list[str], rows: Iterable[list], widths: list[int]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "remove_timezone": True})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True, "bg_color": "#EDE7F6"})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    money = book.add_format({"num_format": "#,##0.00"})
    sheet.write_row(0, 0, headers, bold)
    for i, width in enumerate(widths):
        sheet.set_column(i, i, width)
    n = 0
    for n, row in enumerate(rows, start=1):
        if n > MAX_ROWS:
            break
        for col, value in enumerate(row):
            if hasattr(value, "tzinfo") and hasattr(value, "hour"):
                sheet.write_datetime(n, col, timezone.localtime(value).replace(tzinfo=None), when)
            elif value is not None and type(value).__name__ == "Decimal":
                sheet.write_number(n, col, float(value), money)
            elif value is None:
                sheet.write_blank(n, col, None)
            else:
                sheet.write(n, col, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(n, 1), len(headers) - 1)
    book.close()
    return out.getvalue()


def xlsx_response(data: bytes, stem: str) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.xlsx"'
    return response


def visits_xlsx(qs) -> bytes:
    headers = [
        _("Date"), _("BP number"), _("Customer"), _("Office"), _("Segment"), _("Mode"),
        _("Objective"), _("Responsible KAMR"), _("Status"), _("Topics discussed"),
        _("Customer needs"), _("Distance (km)"), _("Expense (baht)"), _("Cancellation reason"),
    ]  # fmt: skip
    rows = (
        [
            v.starts_at,
            v.bp.bp_number,
            v.bp.name_th,
            v.office.code,
            v.segment,
            v.get_mode_display(),
            v.objective_text,
            v.kamr.name,
            v.get_status_display(),
            v.topics,
            v.customer_needs,
            float(v.distance_km) if v.distance_km is not None else None,
            v.expense,
            v.cancel_reason,
        ]  # fmt: skip
        for v in qs.iterator(chunk_size=2000)
    )
    widths = [17, 13, 36, 10, 11, 13, 36, 24, 11, 36, 30, 10, 12, 30]
    return _book(_("Visits"), headers, rows, widths)


def calls_xlsx(qs) -> bytes:
    headers = [
        _("When"), _("BP number"), _("Customer"), _("Office"), _("Kind"), _("Channel"),
        _("Customer contact"), _("Summary"), _("Logged by"),
    ]  # fmt: skip
    rows = (
        [
            e.at,
            e.bp.bp_number,
            e.bp.name_th,
            e.office.code,
            e.get_kind_display(),
            e.get_channel_display(),
            e.contact_name,
            e.summary,
            e.by.get_full_name() or e.by.username,
        ]  # fmt: skip
        for e in qs.iterator(chunk_size=2000)
    )
    return _book(_("Tele CRM"), headers, rows, [17, 13, 36, 10, 20, 12, 20, 50, 20])


def plans_xlsx(qs) -> bytes:
    headers = [
        _("Fiscal year"), _("BP number"), _("Customer"), _("Office"), _("Segment"),
        _("Status"), _("Budget (baht)"), _("Planned visits"), _("Objectives"),
    ]  # fmt: skip
    rows = (
        [
            p.fy,
            p.bp.bp_number,
            p.bp.name_th,
            p.office.code,
            p.segment,
            p.get_status_display(),
            p.budget,
            p.planned_visits or 0,
            p.objectives,
        ]  # fmt: skip
        for p in qs.iterator(chunk_size=2000)
    )
    return _book(_("KAM plans"), headers, rows, [10, 13, 36, 10, 11, 18, 14, 12, 60])
