"""Import and export of the customer registry: upload, job progress, report, XLSX export."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

import xlsxwriter
from django import forms
from django.conf import settings
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from crmplus.core.forms import BootstrapMixin
from crmplus.core.permissions import require_write
from crmplus.customers import exports
from crmplus.customers.forms import CustomerFilterForm
from crmplus.customers.import_format import template_headers
from crmplus.customers.models_import import ImportJob
from crmplus.customers.tasks import import_format_of, import_job_create, import_job_enqueue
from crmplus.customers.views import _filters_from

RECENT_JOBS = 20
XLSX_MAGIC = b"PK\x03\x04"


class ImportUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        file_format = import_format_of(upload.name)
        limit = settings.CRMPLUS_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
            )
        if file_format == "xlsx":
            head = upload.read(4)
            upload.seek(0)
            if head != XLSX_MAGIC:
                raise forms.ValidationError(_("This file is not an Excel workbook (.xlsx)."))
        return upload


def _recent_jobs(request: HttpRequest):
    return ImportJob.objects.for_user(request.user).select_related("user")[:RECENT_JOBS]


@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """The upload form and the recent jobs; auditors see the jobs only."""
    if request.method == "POST":
        require_write(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            job = import_job_create(by=request.user, upload=form.cleaned_data["file"])
            import_job_enqueue(job)
        return redirect(job)
    return render(
        request,
        "customers/import.html",
        {"form": form, "jobs": _recent_jobs(request), "max_mb": _max_mb()},
    )


def _max_mb() -> int:
    return settings.CRMPLUS_IMPORT_MAX_BYTES // (1024 * 1024)


@require_GET
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's page; htmx polls it for the progress panel alone while the job runs."""
    job = get_object_or_404(ImportJob.objects.for_user(request.user), pk=pk)
    if request.htmx:
        response = render(request, "customers/_import_progress.html", {"job": job})
        if not job.is_running:
            # The job just ended: reload once so the recent-jobs table shows it too.
            response["HX-Refresh"] = "true"
        return response
    form = ImportUploadForm() if request.user.can_write else None
    return render(
        request,
        "customers/import.html",
        {"job": job, "form": form, "jobs": _recent_jobs(request), "max_mb": _max_mb()},
    )


@require_GET
def import_report(request: HttpRequest, pk: int) -> FileResponse:
    job = get_object_or_404(ImportJob.objects.for_user(request.user), pk=pk)
    if not job.report:
        raise Http404
    suffix = Path(job.report.name).suffix
    return FileResponse(
        job.report.open("rb"), as_attachment=True, filename=f"rejected-rows-{job.pk}{suffix}"
    )


@require_GET
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """An empty file with the import columns, to fill in."""
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerow(template_headers())
        response = HttpResponse(
            ("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet("customers")
        text = book.add_format({"num_format": "@"})
        # Text columns, so Excel keeps the leading zeros of CA numbers and tax IDs.
        sheet.set_column(0, len(template_headers()) - 1, 18, text)
        sheet.write_row(0, 0, template_headers(), book.add_format({"bold": True}))
        book.close()
        response = HttpResponse(buffer.getvalue(), content_type=exports.XLSX_TYPE)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="crmplus-customers-import.{fmt}"'
    return response


@require_GET
def customer_export(request: HttpRequest) -> FileResponse:
    """The customer list as filtered on the list page, as XLSX."""
    form = CustomerFilterForm(request.GET or None, user=request.user)
    filters = _filters_from(form)
    fd, path = tempfile.mkstemp(prefix="crmplus-export-", suffix=".xlsx")
    os.close(fd)
    try:
        exports.customers_export_xlsx(user=request.user, filters=filters, path=Path(path))
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        # Unlinked at once: the open handle keeps the data until the response is sent.
        os.unlink(path)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(handle, as_attachment=True, filename=f"crmplus-customers-{stamp}.xlsx")
