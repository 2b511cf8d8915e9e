"""Background exports: start one from a list, watch its progress, download it, list mine.

Only the owner of an export sees or downloads it (another user's export is a 404, HQ
included): the file holds the rows of its owner's scope.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from crmplus.reports.exports import export_start
from crmplus.reports.models import ExportJob, ExportStatus


@require_POST
def export_create(request: HttpRequest, key: str) -> HttpResponse:
    """Start the export `key` of a list; `query` is the list's query string (its filters)."""
    try:
        job = export_start(
            user=request.user,
            key=key,
            query=request.POST.get("query", "").lstrip("?"),
            source_url=request.POST.get("next", ""),
        )
    except ValidationError as e:
        for msg in e.messages:
            messages.error(request, msg)
        back = request.POST.get("next", "")
        if back.startswith("/") and not back.startswith("//"):
            return redirect(back)
        return redirect("reports:exports")
    return redirect(job)


@require_GET
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ExportJob.objects.for_user(request.user), pk=pk)
    if request.htmx:
        response = render(request, "reports/_export_progress.html", {"job": job})
        if not job.is_active and request.GET.get("watching"):
            response["HX-Refresh"] = "true"  # finished while watched: show the link once
        return response
    return render(request, "reports/export.html", {"job": job})


@require_GET
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_object_or_404(ExportJob.objects.for_user(request.user), pk=pk)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=job.filename or "export.xlsx")


@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    qs = ExportJob.objects.for_user(request.user)
    status = request.GET.get("status") or ""
    if status in ExportStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, settings.CRMPLUS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": ExportStatus.choices}
    if request.htmx and request.htmx.target == "export-results":
        return render(request, "reports/_export_results.html", context)
    return render(request, "reports/exports.html", context)
