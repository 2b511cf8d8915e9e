"""XLSX downloads of the workforce lists (the list as filtered, every page)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(
    name: str,
    sheet: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    notes: Sequence[str] = (),
) -> HttpResponse:
    """One sheet: optional note lines, a bold header row, then the rows."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True, "bg_color": "#EDE7F6", "border": 1})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    money = book.add_format({"num_format": "#,##0.00"})
    r = 0
    for note in notes:
        ws.write(r, 0, str(note))
        r += 1
    if notes:
        r += 1
    for c, h in enumerate(headers):
        ws.write(r, c, str(h), bold)
    ws.freeze_panes(r + 1, 0)
    widths = [max(10, len(str(h)) + 2) for h in headers]
    for row in rows:
        r += 1
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
            elif isinstance(value, Decimal):
                ws.write_number(r, c, float(value), money)
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value)
            elif isinstance(value, int | float):
                ws.write_number(r, c, value)
            elif value is None:
                ws.write_blank(r, c, None)
            else:
                ws.write_string(r, c, str(value))
                if c < len(widths):
                    widths[c] = min(60, max(widths[c], len(str(value)) + 2))
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    book.close()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="crmplus-{name}-{stamp}.xlsx"'
    return response
