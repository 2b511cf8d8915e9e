"""The yearly report as CSV (the columns of ka-2021-report.csv), XLSX and PDF.

The page, the downloads, the API and `manage.py yearly_report` all print the same
`selectors.yearly_report(...)` rows.
"""

from __future__ import annotations

import csv
import io

import xlsxwriter
from django.utils import timezone

from crmplus.core.fiscal import fiscal_year_bounds, format_date
from crmplus.surveys.rules import SEGMENTS, format_avg
from crmplus.surveys.selectors import YearlyReport

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE_TH = "ผลดำเนินการบริหารลูกค้ารายสำคัญ ประจำปี {fy}"
HEAD_TH = {
    "unit": "สังกัด / กฟข.",
    "groups": ("จำนวนลูกค้ารายสำคัญ (ราย)", "จำนวน KAMR", "ภาพรวมการบริหารลูกค้ารายสำคัญ"),
    "total": "รวม",
    "kamr_area": "KAMR ระดับเขต",
    "kamr_office": "KAMR ระดับการไฟฟ้า",
    "senior_kamr": "Senior KAMR",
    "expectation": "ความคาดหวัง (เฉลี่ย)",
    "satisfaction": "ความพึงพอใจ (เฉลี่ย)",
    "respondents": "ผู้ตอบแบบสำรวจ (ราย)",
}
SEGMENT_LABELS = {"strategic": "Strategic", "star": "Star", "status": "Status",
                  "streamline": "Streamline"}  # fmt: skip


def unit_label_th(report: YearlyReport, row) -> str:
    if row.is_total:
        return "รวมทั้งประเทศ"
    if row.is_hq:
        return "สำนักงานใหญ่"
    return report.names.get(row.area, row.area)


def region_label_th(region: str) -> str:
    return "สำนักงานใหญ่" if region == "HQ" else f"ภาค {region}"


def report_csv(report: YearlyReport) -> bytes:
    """Byte for byte the layout of ka-2021-report.csv: UTF-8, no BOM, LF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(report.csv_lines())
    return out.getvalue().encode("utf-8")


def report_xlsx(report: YearlyReport) -> bytes:
    """One sheet laid out as the memo table: numbers as numbers, averages to 3 decimals."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(f"รายงานประจำปี {report.fy}")
    title = book.add_format({"bold": True, "font_size": 14, "font_color": "#4B0A6E"})
    head = book.add_format(
        {"bold": True, "bg_color": "#EFE6F5", "border": 1, "align": "center",
         "valign": "vcenter", "text_wrap": True}
    )  # fmt: skip
    cell = book.add_format({"border": 1})
    number = book.add_format({"border": 1, "num_format": "#,##0"})
    avg = book.add_format({"border": 1, "num_format": "0.000"})
    bold_number = book.add_format({"border": 1, "num_format": "#,##0", "bold": True})
    bold_avg = book.add_format({"border": 1, "num_format": "0.000", "bold": True})
    bold_cell = book.add_format({"border": 1, "bold": True})
    sheet.write_string(0, 0, TITLE_TH.format(fy=report.fy), title)
    first, last = fiscal_year_bounds(report.fy)
    sheet.write_string(
        1,
        0,
        f"ปีงบประมาณ {report.fy} ({format_date(first, 'th')} – {format_date(last, 'th')}) · "
        f"KAMR นับ ณ วันที่ {format_date(report.counted_on, 'th')} · "
        f"พิมพ์ {format_date(timezone.localdate(), 'th')}",
    )
    sheet.merge_range(3, 0, 4, 0, "ภาค", head)
    sheet.merge_range(3, 1, 4, 1, HEAD_TH["unit"], head)
    sheet.merge_range(3, 2, 3, 6, HEAD_TH["groups"][0], head)
    sheet.merge_range(3, 7, 3, 9, HEAD_TH["groups"][1], head)
    sheet.merge_range(3, 10, 3, 12, HEAD_TH["groups"][2], head)
    sub = [*(SEGMENT_LABELS[s] for s in SEGMENTS), HEAD_TH["total"], HEAD_TH["kamr_area"],
           HEAD_TH["kamr_office"], HEAD_TH["senior_kamr"], HEAD_TH["expectation"],
           HEAD_TH["satisfaction"], HEAD_TH["respondents"]]  # fmt: skip
    for i, text in enumerate(sub, start=2):
        sheet.write_string(4, i, text, head)
    sheet.set_row(4, 32)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, 9, 11)
    sheet.set_column(10, 12, 13)
    r = 5
    for row in report.rows:
        strong = row.is_total
        sheet.write_string(
            r, 0, "" if row.is_total else region_label_th(row.region), bold_cell if strong else cell
        )
        sheet.write_string(r, 1, unit_label_th(report, row), bold_cell if strong else cell)
        values = [*(getattr(row, s) for s in SEGMENTS), row.total, row.kamr_area,
                  row.kamr_office, row.senior_kamr]  # fmt: skip
        for i, v in enumerate(values, start=2):
            sheet.write_number(r, i, v, bold_number if strong else number)
        for i, v in ((10, row.expectation_avg), (11, row.satisfaction_avg)):
            if v is None:
                sheet.write_blank(r, i, None, cell)
            else:
                sheet.write_number(r, i, float(v), bold_avg if strong else avg)
        sheet.write_number(r, 12, row.respondents, bold_number if strong else number)
        r += 1
    sheet.freeze_panes(5, 2)
    book.close()
    return buffer.getvalue()


def report_pdf(report: YearlyReport, lang: str = "th") -> bytes:
    from crmplus.core.pdf import render_pdf

    first, last = fiscal_year_bounds(report.fy)
    spans: dict[str, int] = {}
    for row in report.unit_rows:
        spans[row.region] = spans.get(row.region, 0) + 1
    rows, seen = [], set()
    for row in report.rows:
        opens = row.region not in seen and not row.is_total
        seen.add(row.region)
        rows.append(
            {
                "row": row,
                "span": spans.get(row.region, 1) if opens else 0,
                "region": "" if row.is_total else region_label_th(row.region),
                "label": unit_label_th(report, row),
                "exp": format_avg(row.expectation_avg),
                "sat": format_avg(row.satisfaction_avg),
            }
        )
    return render_pdf(
        "surveys/report_pdf.html",
        {
            "report": report,
            "rows": rows,
            "segments": [SEGMENT_LABELS[s] for s in SEGMENTS],
            "title": TITLE_TH.format(fy=report.fy),
            "period": " – ".join(format_date(d, "th", long=True) for d in (first, last)),
            "counted_on": format_date(report.counted_on, "th", long=True),
            "printed_on": format_date(timezone.localdate(), "th", long=True),
            "head": HEAD_TH,
        },
        lang=lang,
    )
