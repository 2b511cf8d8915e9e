"""Survey screens: home (imports and upload), an import's row report, the template
file, the rules (HQ), and the yearly report page with its downloads.

Reads start from `Model.objects.for_user(user)`: another area's import is a 404.
"""

from __future__ import annotations

import csv
import io

import xlsxwriter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crmplus.core.fiscal import fiscal_year, fiscal_year_bounds, format_datetime
from crmplus.keyaccounts.views import fy_value
from crmplus.surveys import importer, report_output, selectors
from crmplus.surveys.forms import SurveyRulesForm, SurveyUploadForm
from crmplus.surveys.models import (
    FollowUpStatus,
    ImportStatus,
    LowSatisfactionFollowUp,
    SurveyImport,
)
from crmplus.surveys.rules_settings import due_days_for, survey_rules_save, threshold_for

XLSX_TYPE = report_output.XLSX_TYPE
# Files above this size are checked by the worker (the page follows its progress).
BACKGROUND_BYTES = 2 * 1024 * 1024


def current_fy() -> int:
    return fiscal_year(timezone.localdate())


def default_fy() -> int:
    years = selectors.report_fys()
    return years[0] if years else current_fy()


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    can_import = importer.can_import(user)
    form = SurveyUploadForm()
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied(_("Only area and HQ admins import survey results."))
        form = SurveyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                upload = form.cleaned_data["file"]
                record = importer.survey_import(
                    fy=form.cleaned_data["fy"],
                    upload=upload,
                    by=user,
                    background=upload.size > BACKGROUND_BYTES,
                )
            except ValidationError as e:
                for field, errors in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                if record.status == "done":
                    messages.success(request, record.message)
                elif record.status == "queued":
                    messages.info(request, _("The file is being checked; this page updates."))
                else:
                    messages.error(request, record.message)
                return redirect(record.get_absolute_url())
    imports, import_fy, import_status = _imports(request)
    page = Paginator(imports, settings.CRMPLUS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    fy = current_fy()
    rules_form = None
    if user.is_hq_admin:
        rules_form = SurveyRulesForm(
            initial={"fy": fy, "threshold": threshold_for(fy), "due_days": due_days_for(fy)}
        )
    open_follow_ups = (
        LowSatisfactionFollowUp.objects.for_user(user).filter(status=FollowUpStatus.OPEN).count()
    )
    return render(
        request,
        "surveys/home.html",
        {
            "form": form,
            "can_import": can_import,
            "page": page,
            "rules_form": rules_form,
            "threshold": threshold_for(fy),
            "due_days": due_days_for(fy),
            "fy": fy,
            "open_follow_ups": open_follow_ups,
            "report_fy": default_fy(),
            "columns": importer.template_header(),
            "import_fy": import_fy,
            "import_status": import_status,
            "import_statuses": ImportStatus.choices,
            "import_years": sorted(
                set(SurveyImport.objects.for_user(user).values_list("fy", flat=True)),
                reverse=True,
            ),
            "query": query.urlencode(),
        },
    )


IMPORT_SORTS = {"new": ("-created_at", "-id"), "old": ("created_at", "id"), "fy": ("-fy", "-id")}


def _imports(request: HttpRequest):
    """The imports the user sees, filtered by fiscal year and status, sorted."""
    qs = SurveyImport.objects.for_user(request.user).select_related("uploaded_by", "unit")
    fy = fy_value(request.GET.get("ify"), 0) or None
    status = request.GET.get("istatus") or ""
    status = status if status in ImportStatus.values else ""
    if fy:
        qs = qs.filter(fy=fy)
    if status:
        qs = qs.filter(status=status)
    return (
        qs.order_by(*IMPORT_SORTS.get(request.GET.get("isort") or "", IMPORT_SORTS["new"])),
        fy,
        status,
    )


@require_GET
def import_export(request: HttpRequest) -> HttpResponse:
    """The filtered imports list as XLSX."""
    qs, fy, _status = _imports(request)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("การนำเข้าผลสำรวจ")
    bold = book.add_format({"bold": True, "bg_color": "#F0ECF5"})
    header = ["#", "ปีงบประมาณ", "ไฟล์", "ผู้นำเข้า", "หน่วยงาน", "วันที่นำเข้า", "สถานะ", "จำนวนแถว",
              "นำเข้าแล้ว", "แถวที่ผิดพลาด", "ข้อความ"]  # fmt: skip
    sheet.write_row(0, 0, header, bold)
    sheet.set_column(2, 2, 36)
    sheet.set_column(10, 10, 60)
    for i, r in enumerate(qs, start=1):
        sheet.write_row(
            i,
            0,
            [r.pk, r.fy, r.original_name, r.uploaded_by.get_full_name() or r.uploaded_by.username,
             r.unit.code, format_datetime(timezone.localtime(r.created_at), "th"),
             str(r.get_status_display()), r.rows, r.imported, r.error_count, r.message],
        )  # fmt: skip
    book.close()
    return _download(buffer.getvalue(), XLSX_TYPE, f"survey-imports-{fy or 'all'}.xlsx")


@require_POST
def rules_save(request: HttpRequest) -> HttpResponse:
    form = SurveyRulesForm(request.POST)
    if not request.user.is_hq_admin:
        raise PermissionDenied(_("Only HQ admins can do this."))
    if form.is_valid():
        try:
            changed = survey_rules_save(
                fy=form.cleaned_data["fy"],
                threshold=form.cleaned_data["threshold"],
                due_days=form.cleaned_data["due_days"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("%(n)s survey rule values changed.") % {"n": changed})
    else:
        messages.error(
            request, " ".join(f"{f}: {' '.join(errs)}" for f, errs in form.errors.items())
        )
    return redirect("surveys:home")


@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(SurveyImport.objects.for_user(request.user), pk=pk)
    rows = Paginator(record.row_report, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/import.html",
        {"record": record, "rows": rows, "responses": record.responses.count()},
    )


def _report_rows(record: SurveyImport) -> tuple[list[str], list[list[str]]]:
    header = [_("Row"), _("Errors"), *(record.header or [])]
    body = [
        [str(r["row"]), " | ".join(r["errors"]), *r.get("cells", [])] for r in record.row_report
    ]
    return header, body


@require_GET
def import_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The rejected rows with their reasons, as CSV (Excel-friendly BOM) or XLSX."""
    record = get_object_or_404(SurveyImport.objects.for_user(request.user), pk=pk)
    header, body = _report_rows(record)
    name = f"survey-import-{record.pk}-errors"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(body)
        return _download(
            out.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", f"{name}.csv"
        )
    if fmt != "xlsx":
        raise Http404
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Rejected rows")[:31])
    bold = book.add_format({"bold": True, "bg_color": "#F0ECF5"})
    sheet.write_row(0, 0, header, bold)
    sheet.set_column(1, 1, 60)
    for i, row in enumerate(body, start=1):
        sheet.write_number(i, 0, int(row[0]))
        for j, value in enumerate(row[1:], start=1):
            if value:
                sheet.write_string(i, j, value)
    sheet.freeze_panes(1, 0)
    book.close()
    return _download(buffer.getvalue(), XLSX_TYPE, f"{name}.xlsx")


TEMPLATE_EXAMPLE = [
    ["5900000001", "", "2021-08-16", 5, 4, 5, 4, 5, 4, 4, 5, 4, 4, "พอใจการบริการ"],
    ["", "029000000101", "16/08/2564", 4, 4, 5, 5, 4, 3, 4, 4, "", 4, ""],
]


@require_GET
def template_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """An empty survey file with the columns and two example rows."""
    header = importer.template_header()
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(TEMPLATE_EXAMPLE)
        return _download(
            out.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", "survey-template.csv"
        )
    if fmt != "xlsx":
        raise Http404
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("survey")
    bold = book.add_format({"bold": True, "bg_color": "#F0ECF5"})
    text = book.add_format({"num_format": "@"})
    sheet.write_row(0, 0, header, bold)
    sheet.set_column(0, 1, 15, text)
    sheet.set_column(2, 2, 12, text)
    sheet.set_column(len(header) - 1, len(header) - 1, 40)
    for i, row in enumerate(TEMPLATE_EXAMPLE, start=1):
        for j, value in enumerate(row):
            if value == "":
                continue
            if isinstance(value, int):
                sheet.write_number(i, j, value)
            else:
                sheet.write_string(i, j, value)
    book.close()
    return _download(buffer.getvalue(), XLSX_TYPE, "survey-template.xlsx")


# --- the yearly report ---------------------------------------------------------------


def _report_for(request: HttpRequest):
    fy = fy_value(request.GET.get("fy"), default_fy())
    return selectors.yearly_report(fy=fy, user=request.user)


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    data = _report_for(request)
    years = sorted(set(selectors.report_fys()) | {data.fy, current_fy()}, reverse=True)
    first, last = fiscal_year_bounds(data.fy)
    return render(
        request,
        "surveys/report.html",
        {
            "report": data,
            "fy": data.fy,
            "years": years,
            "first": first,
            "last": last,
        },
    )


@require_GET
def report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    data = _report_for(request)
    name = f"ka-report-{data.fy}"
    if fmt == "csv":
        return _download(report_output.report_csv(data), "text/csv; charset=utf-8", f"{name}.csv")
    if fmt == "xlsx":
        return _download(report_output.report_xlsx(data), XLSX_TYPE, f"{name}.xlsx")
    if fmt == "pdf":
        return _download(report_output.report_pdf(data), "application/pdf", f"{name}.pdf")
    raise Http404


def report_url(fy: int) -> str:
    return reverse("surveys:report") + f"?fy={fy}"
