"""Billing extract pages: list, upload with its job progress, detail, delete.

Billing data is national: only users whose home unit is HQ see these pages;
anyone else gets a 404, as for any record outside their scope.
"""

from __future__ import annotations

import polars as pl
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crmplus.billing import selectors
from crmplus.billing.forms import ExtractFilterForm, ExtractUploadForm, order_by_of
from crmplus.billing.messages import report_rows
from crmplus.billing.models import BillingExtract, BillingImportJob
from crmplus.billing.services import billing_extract_delete
from crmplus.billing.tasks import billing_job_create, billing_job_enqueue
from crmplus.core.history import history_entries
from crmplus.core.permissions import require_hq_admin
from crmplus.core.scoping import unit_ids_for

RECENT_JOBS = 10


def _require_hq(request: HttpRequest) -> None:
    if not request.user.home_unit_id or unit_ids_for(request.user) is not None:
        raise Http404


@require_GET
def extract_list(request: HttpRequest) -> HttpResponse:
    _require_hq(request)
    extracts = BillingExtract.objects.for_user(request.user)
    years = sorted(set(extracts.values_list("fy", flat=True)), reverse=True)
    form = ExtractFilterForm(request.GET or None, years=years)
    fy = form.cleaned_data.get("fy") if form.is_valid() else None
    sort, order_by = order_by_of(request.GET.get("sort") or "")
    qs = extracts.select_related("uploaded_by").order_by(*order_by)
    if fy:
        qs = qs.filter(fy=fy)
    page = Paginator(qs, settings.CRMPLUS_PAGE_SIZE).get_page(request.GET.get("page"))
    jobs = BillingImportJob.objects.for_user(request.user).select_related("user")[:RECENT_JOBS]
    return render(
        request,
        "billing/list.html",
        {"form": form, "page": page, "sort": sort, "jobs": jobs},
    )


@require_http_methods(["GET", "POST"])
def extract_upload(request: HttpRequest) -> HttpResponse:
    _require_hq(request)
    require_hq_admin(request.user)
    form = ExtractUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                job = billing_job_create(
                    by=request.user,
                    upload=data["file"],
                    fy=data["fy"],
                    name=data["name"],
                    note=data["note"],
                )
                billing_job_enqueue(job)
        except ValidationError as e:
            for field, errors in getattr(e, "error_dict", {None: e.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect(job)
    return render(request, "billing/upload.html", {"form": form})


@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's page; htmx polls it for the progress panel alone while the job runs."""
    _require_hq(request)
    job = get_object_or_404(
        BillingImportJob.objects.for_user(request.user).select_related("user", "extract"), pk=pk
    )
    context = {"job": job, "errors": report_rows(job.report) if job.report else []}
    if request.htmx:
        return render(request, "billing/_job_progress.html", context)
    return render(request, "billing/job.html", context)


@require_GET
def extract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_hq(request)
    extract = get_object_or_404(
        BillingExtract.objects.for_user(request.user).select_related("uploaded_by"), pk=pk
    )
    entries = history_entries(BillingExtract.history.filter(id=extract.pk))
    return render(
        request,
        "billing/detail.html",
        {"extract": extract, "entries": entries, "file_exists": extract.path.is_file()},
    )


@require_GET
def extract_months(request: HttpRequest, pk: int) -> HttpResponse:
    """Rows and sums per month, read from the Parquet file (htmx fragment of the detail page)."""
    _require_hq(request)
    extract = get_object_or_404(BillingExtract.objects.for_user(request.user), pk=pk)
    if not extract.path.is_file():
        return render(request, "billing/_months.html", {"missing": True})
    try:
        rows = selectors.extract_months(extract)
    except (OSError, pl.exceptions.PolarsError):
        # Missing or damaged on disk: say so on the page rather than fail it.
        return render(request, "billing/_months.html", {"missing": True})
    return render(request, "billing/_months.html", {"rows": rows, "extract": extract})


@require_POST
def extract_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require_hq(request)
    extract = get_object_or_404(BillingExtract.objects.for_user(request.user), pk=pk)
    try:
        billing_extract_delete(extract=extract, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect(extract)
    messages.success(request, _("Billing extract deleted."))
    return redirect("billing:list")
