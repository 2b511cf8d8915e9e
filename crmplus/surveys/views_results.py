"""Survey results, low-satisfaction follow-ups and the customer page's tab."""

from __future__ import annotations

import io

import xlsxwriter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from crmplus.core.fiscal import format_date
from crmplus.core.history import history_entries
from crmplus.core.models import OrgUnit, OrgUnitKind
from crmplus.customers.models import BusinessPartner
from crmplus.keyaccounts.views import fy_value
from crmplus.surveys import selectors, services
from crmplus.surveys.forms import FollowUpCloseForm
from crmplus.surveys.models import FollowUpStatus, LowSatisfactionFollowUp, SurveyResponse
from crmplus.surveys.report_output import XLSX_TYPE
from crmplus.surveys.rules_settings import threshold_for
from crmplus.surveys.views import _download, default_fy


def _filters(request: HttpRequest) -> selectors.ResponseFilters:
    user = request.user
    fy = fy_value(request.GET.get("fy"), default_fy())
    area = None
    raw = (request.GET.get("area") or "").strip()
    if raw.isdigit():
        area = (
            OrgUnit.objects.for_user(user)
            .filter(pk=int(raw), kind__in=[OrgUnitKind.AREA, OrgUnitKind.HQ])
            .first()
        )
    sort = request.GET.get("sort") or "area"
    return selectors.ResponseFilters(
        fy=fy,
        area=area,
        q=(request.GET.get("q") or "").strip()[:100],
        low=request.GET.get("low") == "1",
        sort=sort if sort in selectors.SORTS else "area",
    )


@require_GET
def response_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    qs = selectors.response_list(user=request.user, filters=filters)
    page = Paginator(qs, settings.CRMPLUS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sortless = query.copy()
    sortless.pop("sort", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "sortless": sortless.urlencode(),
        "years": sorted(set(selectors.report_fys()) | {filters.fy}, reverse=True),
        "areas": OrgUnit.objects.for_user(request.user)
        .filter(kind__in=[OrgUnitKind.AREA, OrgUnitKind.HQ])
        .order_by("path"),
        "threshold": threshold_for(filters.fy),
    }
    template = "surveys/_responses.html" if request.htmx else "surveys/responses.html"
    return render(request, template, context)


@require_GET
def response_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as XLSX (same rows and order as the page)."""
    filters = _filters(request)
    qs = selectors.response_list(user=request.user, filters=filters)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet(f"ผลสำรวจ {filters.fy}")
    bold = book.add_format({"bold": True, "bg_color": "#F0ECF5"})
    avg = book.add_format({"num_format": "0.00"})
    header = ["ปีงบประมาณ", "หมายเลข BP", "ชื่อลูกค้า", "CA", "เขต", "การไฟฟ้า", "กลุ่ม",
              "วันที่สำรวจ", "ความคาดหวัง (เฉลี่ย)", "ความพึงพอใจ (เฉลี่ย)",
              "ความคาดหวัง (รายข้อ)", "ความพึงพอใจ (รายข้อ)", "ข้อคิดเห็น"]  # fmt: skip
    sheet.write_row(0, 0, header, bold)
    sheet.set_column(2, 2, 40)
    sheet.set_column(12, 12, 50)
    for i, r in enumerate(qs.iterator(chunk_size=1000), start=1):
        items = [
            " ".join("-" if v is None else str(v) for v in r.expectation_items),
            " ".join("-" if v is None else str(v) for v in r.satisfaction_items),
        ]
        sheet.write_number(i, 0, r.fy)
        sheet.write_string(i, 1, r.bp.bp_number)
        sheet.write_string(i, 2, r.bp.name_th)
        sheet.write_string(i, 3, r.ca.ca_number if r.ca else "")
        sheet.write_string(i, 4, r.area.code)
        sheet.write_string(i, 5, r.office.name_th)
        sheet.write_string(i, 6, r.segment)
        sheet.write_string(i, 7, format_date(r.survey_date, "th"))
        sheet.write_number(i, 8, float(r.expectation_avg), avg)
        sheet.write_number(i, 9, float(r.satisfaction_avg), avg)
        sheet.write_string(i, 10, items[0])
        sheet.write_string(i, 11, items[1])
        sheet.write_string(i, 12, r.comments)
    sheet.freeze_panes(1, 0)
    book.close()
    return _download(buffer.getvalue(), XLSX_TYPE, f"survey-responses-{filters.fy}.xlsx")


def _follow_up_query(request: HttpRequest):
    fy_raw = request.GET.get("fy")
    fy = fy_value(fy_raw, 0) or None
    status = request.GET.get("status", FollowUpStatus.OPEN)
    status = status if status in FollowUpStatus.values else ""
    mine = request.GET.get("mine") == "1"
    q = (request.GET.get("q") or "").strip()[:100]
    sort = request.GET.get("sort") or ""
    qs = selectors.follow_up_list(
        user=request.user, fy=fy, status=status, mine=mine, q=q, sort=sort
    )
    return qs, fy, status, mine


@require_GET
def follow_up_list(request: HttpRequest) -> HttpResponse:
    qs, fy, status, mine = _follow_up_query(request)
    page = Paginator(qs, settings.CRMPLUS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sortless = query.copy()
    sortless.pop("sort", None)
    return render(
        request,
        "surveys/follow_ups.html",
        {
            "q": (request.GET.get("q") or "").strip()[:100],
            "sort": request.GET.get("sort") or "",
            "sortless": sortless.urlencode(),
            "page": page,
            "fy": fy,
            "status": status,
            "mine": mine,
            "statuses": FollowUpStatus.choices,
            "years": selectors.report_fys(),
            "query": query.urlencode(),
        },
    )


@require_GET
def follow_up_export(request: HttpRequest) -> HttpResponse:
    qs, fy, _status, _mine = _follow_up_query(request)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("ติดตามความพึงพอใจต่ำ")
    bold = book.add_format({"bold": True, "bg_color": "#F0ECF5"})
    header = ["ปีงบประมาณ", "หมายเลข BP", "ชื่อลูกค้า", "ความพึงพอใจ", "เกณฑ์", "KAMR ผู้รับผิดชอบ",
              "กำหนดเสร็จ", "สถานะ", "บันทึก"]  # fmt: skip
    sheet.write_row(0, 0, header, bold)
    sheet.set_column(2, 2, 40)
    sheet.set_column(8, 8, 50)
    for i, f in enumerate(qs, start=1):
        sheet.write_number(i, 0, f.fy)
        sheet.write_string(i, 1, f.bp.bp_number)
        sheet.write_string(i, 2, f.bp.name_th)
        sheet.write_number(i, 3, float(f.response.satisfaction_avg))
        sheet.write_number(i, 4, float(f.threshold))
        sheet.write_string(i, 5, f.kamr.name_th if f.kamr else "")
        sheet.write_string(i, 6, format_date(f.due_date, "th"))
        sheet.write_string(i, 7, "เสร็จแล้ว" if f.status == FollowUpStatus.DONE else "รอดำเนินการ")
        sheet.write_string(i, 8, f.note)
    book.close()
    return _download(buffer.getvalue(), XLSX_TYPE, f"survey-follow-ups-{fy or 'all'}.xlsx")


@require_http_methods(["GET", "POST"])
def follow_up_detail(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(
        LowSatisfactionFollowUp.objects.for_user(request.user).select_related(
            "bp", "kamr", "response", "unit"
        ),
        pk=pk,
    )
    form = FollowUpCloseForm()
    if request.method == "POST":
        form = FollowUpCloseForm(request.POST)
        if form.is_valid():
            try:
                services.follow_up_close(
                    follow_up=follow_up, note=form.cleaned_data["note"], by=request.user
                )
            except ValidationError as e:
                for field, errors in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The follow-up is closed."))
                return redirect(follow_up.get_absolute_url())
    return render(
        request,
        "surveys/follow_up.html",
        {
            "follow_up": follow_up,
            "response": follow_up.response,
            "form": form,
            "can_close": services.can_close_follow_ups(request.user)
            and follow_up.status == FollowUpStatus.OPEN,
            "history": history_entries(follow_up.history.all()),
        },
    )


@require_GET
def customer_tab(request: HttpRequest, bp_pk: int) -> HttpResponse:
    """The customer page's "Satisfaction" tab: every survey year of the customer in scope."""
    bp = get_object_or_404(BusinessPartner.objects.for_user(request.user), pk=bp_pk)
    responses = list(
        SurveyResponse.objects.for_user(request.user)
        .filter(bp=bp)
        .select_related("office", "ca")
        .order_by("-fy")
    )
    follow_ups = {
        f.response_id: f
        for f in LowSatisfactionFollowUp.objects.for_user(request.user)
        .filter(response__in=responses)
        .select_related("kamr")
    }
    rows = [(r, follow_ups.get(r.pk)) for r in responses]
    return render(request, "surveys/_customer_tab.html", {"bp": bp, "rows": rows})
