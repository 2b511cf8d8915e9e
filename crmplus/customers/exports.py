"""XLSX export of the customer list, streamed: constant memory whatever its length."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from crmplus.core.models import User
from crmplus.customers import selectors
from crmplus.customers.models import BusinessPartner

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# BPs read per query, and the size of the per-BP totals' IN (...) list.
CHUNK = 900


def _columns() -> list[tuple[str, int]]:
    return [
        (_("BP number"), 13),
        (_("Name (Thai)"), 40),
        (_("Name (English)"), 34),
        (_("Tax ID"), 15),
        (_("Business type"), 24),
        (_("Industrial estate"), 24),
        (_("Home office code"), 14),
        (_("Home office"), 28),
        (_("CAs"), 7),
        (_("Contracted kW"), 14),
        (_("Updated"), 17),
    ]


def _chunks(qs):
    batch: list[BusinessPartner] = []
    for bp in qs.iterator(chunk_size=CHUNK):
        batch.append(bp)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def customers_export_xlsx(
    *,
    user: User,
    filters: selectors.CustomerFilters,
    path: Path,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the customers `user` sees through `filters` to an XLSX file; the row count.

    XlsxWriter's constant_memory mode flushes every row to disk, and the rows come
    from the database in chunks, so neither side holds the whole list.
    """
    qs = selectors.customer_list(user=user, filters=filters).select_related(
        "home_office", "industrial_estate"
    )
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "remove_timezone": True})
    sheet = book.add_worksheet(_("Customers")[:31])
    bold = book.add_format({"bold": True, "bg_color": "#F0ECF5"})
    integer = book.add_format({"num_format": "#,##0"})
    kw = book.add_format({"num_format": "#,##0.00"})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for i, (title, width) in enumerate(_columns()):
        sheet.set_column(i, i, width)
        sheet.write_string(0, i, title, bold)
    sheet.freeze_panes(1, 0)
    n = 0
    for batch in _chunks(qs):
        totals = selectors.account_totals([bp.pk for bp in batch])
        for bp in batch:
            n += 1
            t = totals.get(bp.pk, {"n": 0, "kw": 0})
            # Text cells: BP numbers and tax IDs keep their leading zeros.
            sheet.write_string(n, 0, bp.bp_number)
            sheet.write_string(n, 1, bp.name_th)
            sheet.write_string(n, 2, bp.name_en)
            sheet.write_string(n, 3, bp.tax_id)
            sheet.write_string(n, 4, str(bp.get_business_type_display()))
            sheet.write_string(n, 5, bp.industrial_estate.name_th if bp.industrial_estate else "")
            sheet.write_string(n, 6, bp.home_office.code)
            sheet.write_string(n, 7, bp.home_office.name)
            sheet.write_number(n, 8, t["n"] or 0, integer)
            sheet.write_number(n, 9, float(t["kw"] or 0), kw)
            sheet.write_datetime(n, 10, timezone.localtime(bp.updated_at), when)
        if progress is not None:
            progress(n)  # a background export's progress bar (crmplus.reports.exports)
    if n:
        sheet.autofilter(0, 0, n, len(_columns()) - 1)
    book.close()
    return n
