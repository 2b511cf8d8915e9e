"""Technical-service screens: the request list (and XLSX), booking, the request page
(schedule, report, complete, acknowledge, cancel, attachments, customer PDF) and the
exceptions over a quota.

Reads start from `for_user(request.user)` (another area's request is a 404); writes go
through crmplus.techservices.services: PermissionDenied is the 403 page, a
ValidationError a form error with nothing saved.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crmplus.core.history import history_entries
from crmplus.customers.models import BusinessPartner
from crmplus.keyaccounts.views import fy_value
from crmplus.techservices import exports, selectors, services
from crmplus.techservices import rules as R
from crmplus.techservices.entitlements import (
    benefit_label,
    refusal_message,
    rule_name,
    segment_label,
)
from crmplus.techservices.forms import (
    AcknowledgeForm,
    AttachmentForm,
    CancelForm,
    CompleteForm,
    ExceptionForm,
    FindingFormSet,
    HotSpotFormSet,
    RequestFilterForm,
    RequestForm,
    ScheduleForm,
    SummaryForm,
    errors_onto,
    rows_from,
)
from crmplus.techservices.models import (
    EntitlementException,
    RequestStatus,
    ServiceAttachment,
    ServiceRequest,
)
from crmplus.techservices.report_data import Severity, report_kind


def _years() -> list[int]:
    now = selectors.current_fy()
    # order_by(): the model's default ordering would enter the DISTINCT and hide years.
    have = set(ServiceRequest.objects.order_by().values_list("fy", flat=True).distinct()[:20])
    return sorted(have | {now, now - 1, now + 1}, reverse=True)


def _list_params(request: HttpRequest) -> tuple[RequestFilterForm, dict]:
    form = RequestFilterForm(request.GET or None, user=request.user, years=_years())
    values = form.values() if request.GET else {**form.values(), "fy": None}
    return form, values


@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    form, values = _list_params(request)
    qs = selectors.request_list(user=request.user, **values)
    page = Paginator(qs, settings.CRMPLUS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "techservices/list.html",
        {
            "form": form,
            "values": values,
            "page": page,
            "sort": values["sort"] or "-requested",
            "export_url": reverse("techservices:export")
            + ("?" + query.urlencode() if query else ""),
            "can_write": _can_write(request.user),
        },
    )


@require_GET
def request_export(request: HttpRequest) -> FileResponse:
    """The request list as filtered, as XLSX (Thai headers, Buddhist-era dates)."""
    _form, values = _list_params(request)
    fd, path = tempfile.mkstemp(prefix="crmplus-services-", suffix=".xlsx")
    os.close(fd)
    try:
        exports.requests_export_xlsx(
            qs=selectors.request_list(user=request.user, **values), path=Path(path)
        )
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        os.unlink(path)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(handle, as_attachment=True, filename=f"crmplus-services-{stamp}.xlsx")


def _can_write(user) -> bool:
    return user.can_write and user.role in services.WRITER_ROLES


def _bp_or_none(request: HttpRequest, raw) -> BusinessPartner | None:
    raw = str(raw or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise Http404
    return get_object_or_404(
        BusinessPartner.objects.for_user(request.user).select_related("home_office"), pk=int(raw)
    )


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    """Book a service: pick the customer (`?bp=<id>` preselects it), the service and the day;
    the entitlement check refuses with the rule and how to ask for an exception."""
    user = request.user
    services._check_writer(user)
    bp = _bp_or_none(request, request.POST.get("bp") or request.GET.get("bp"))
    found = []
    q = (request.GET.get("q") or "").strip()[:100]
    if bp is None and q:
        found = list(
            BusinessPartner.objects.for_user(user)
            .filter(Q(bp_number__contains=q) | Q(name_th__icontains=q) | Q(name_en__icontains=q))
            .order_by("name_th")[:20]
        )
    refusal = None
    form = None
    usage = None
    if bp is not None:
        cas = bp.accounts.order_by("ca_number")[:200]
        initial = {"bp": bp.pk, "code": (request.GET.get("code") or "").upper()}
        form = RequestForm(request.POST or None, cas=cas, initial=initial)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            ca = bp.accounts.filter(pk=d["ca"]).first() if d.get("ca") else None
            try:
                created = services.service_request_create(
                    bp=bp, code=d["code"], requested_on=d["requested_on"], purpose=d["purpose"],
                    contact_name=d["contact_name"], ca=ca, by=user,
                )  # fmt: skip
            except ValidationError as e:
                refusal = _refusal(e, bp, d)
                if refusal is None:
                    errors_onto(form, e)
            else:
                messages.success(
                    request, _("Service request %(n)s is booked.") % {"n": created.number}
                )
                return redirect(created)
        fy = selectors.current_fy()
        if form.is_bound and form.is_valid():
            from crmplus.core.fiscal import fiscal_year

            fy = fiscal_year(form.cleaned_data["requested_on"])
        usage = selectors.customer_usage(bp.pk, fy, user)
    return render(
        request,
        "techservices/request_new.html",
        {"bp": bp, "form": form, "found": found, "q": q, "refusal": refusal, "usage": usage},
    )


def _refusal(e: ValidationError, bp: BusinessPartner, d: dict) -> dict | None:
    """An entitlement refusal (a rule code on "code") for the page, with the exception
    link when the rule allows one."""
    errs = getattr(e, "error_dict", {}).get("code") or []
    for err in errs:
        if err.code in R.RULE_CODES:
            from crmplus.core.fiscal import fiscal_year

            fy = fiscal_year(d["requested_on"])
            url, pending = "", None
            if err.code in R.EXCEPTIONABLE:
                pending = selectors.pending_exception(bp.pk, fy, d["code"])
                url = reverse("techservices:exception_new") + (
                    f"?bp={bp.pk}&code={d['code']}&fy={fy}"
                )
            message = err.message % err.params if err.params else err.message
            return {
                "rule": err.code,
                "message": message,
                "exception_url": "" if pending else url,
                "pending": pending,
            }
    return None


def _request(request: HttpRequest, pk: int) -> ServiceRequest:
    return get_object_or_404(
        ServiceRequest.objects.for_user(request.user).select_related(
            "bp", "ca", "office", "staff", "created_by", "exception"
        ),
        pk=pk,
    )


def _report_forms(req: ServiceRequest, data=None) -> dict:
    report = req.report or {}
    kind = report_kind(req.code)
    summary = SummaryForm(
        data,
        prefix="r",
        initial={
            k: report.get(k) for k in ("summary", "notes", "ambient_c", "peak_kw", "load_factor")
        },
    )
    out = {"kind": kind, "summary_form": summary, "rows": None}
    if kind == "hot_spots":
        out["rows"] = HotSpotFormSet(data, prefix="hs", initial=report.get("hot_spots") or [])
    elif kind == "findings":
        out["rows"] = FindingFormSet(data, prefix="fd", initial=report.get("findings") or [])
    return out


def _report_view(report: dict) -> dict:
    """The stored report with severity labels, for reading."""
    labels = dict(Severity.choices)
    out = dict(report)
    # Numbers as the customer PDF shows them (1,385.00 kW), not the stored "1385.0".
    for key, decimals in (("peak_kw", 2), ("load_factor", 1), ("ambient_c", 1)):
        if report.get(key) not in (None, ""):
            with contextlib.suppress(TypeError, ValueError):
                out[key] = f"{float(report[key]):,.{decimals}f}"
    for key in ("hot_spots", "findings"):
        out[key] = [
            {**r, "severity_label": labels.get(r.get("severity"), "")}
            for r in report.get(key) or []
        ]
    return out


def _report_value(forms: dict) -> dict | None:
    summary, rows = forms["summary_form"], forms["rows"]
    if not summary.is_valid() or (rows is not None and not rows.is_valid()):
        return None
    value = {k: v for k, v in summary.cleaned_data.items() if v not in (None, "")}
    value = {k: str(v) if not isinstance(v, str) else v for k, v in value.items()}
    if forms["kind"] in ("hot_spots", "findings"):
        value[forms["kind"]], forms["row_index"] = rows_from(rows)
    return value


def _report_errors(forms: dict, e: ValidationError) -> None:
    """A report's errors onto the page: "hot_spots.1.temperature_c" on that row's field."""
    rows, summary = forms.get("rows"), forms["summary_form"]
    items = e.error_dict.items() if hasattr(e, "error_dict") else [(None, e.error_list)]
    for name, errs in items:
        parts = (name or "").split(".")
        if rows is not None and len(parts) == 3 and parts[1].isdigit():
            index = forms.get("row_index", [])
            n = int(parts[1])
            form = rows.forms[index[n]] if n < len(index) else None
            if form is not None and parts[2] in form.fields:
                form.add_error(parts[2], errs)
                continue
        summary.add_error(parts[0] if parts[0] in summary.fields else None, errs)


@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    req = _request(request, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "schedule_form": ScheduleForm(
            user=user,
            office=req.office,
            prefix="s",
            initial={"scheduled_for": req.scheduled_for, "staff": req.staff_id},
        ),  # fmt: skip
        "complete_form": CompleteForm(prefix="c", initial={"completed_on": timezone.localdate()}),
        "ack_form": AcknowledgeForm(
            prefix="a", initial={"ack_name": req.contact_name, "ack_date": timezone.localdate()}
        ),
        "cancel_form": CancelForm(prefix="x"),
        "attach_form": AttachmentForm(prefix="f"),
    }
    report_forms = _report_forms(req)
    if action:
        done = _act(request, req, action, forms, report_forms)
        if done:
            messages.success(request, done)
            return redirect(req)
    return render(
        request,
        "techservices/detail.html",
        {
            "req": req,
            **forms,
            **report_forms,
            "attachments": list(req.attachments.select_related("added_by")),
            "can_write": _can_write(user),
            "label": benefit_label(selectors.rules_for_fy(req.fy), req.code),
            "segment": segment_label(req.segment, req.supplement),
            "report_view": _report_view(req.report or {}),
            "history": history_entries(ServiceRequest.history.filter(id=req.pk))[:50],
            "tab": request.GET.get("tab") or "",
        },
    )


def _act(request: HttpRequest, req: ServiceRequest, action: str, forms: dict, rf: dict) -> str:
    """Run one POSTed action on the request page; the success message, or "" when a form
    has errors (they are left on the forms for the page)."""
    user = request.user
    services._check_writer(user, req.office_id)
    if action == "schedule":
        form = ScheduleForm(request.POST, user=user, office=req.office, prefix="s")
        forms["schedule_form"] = form
        if form.is_valid():
            d = form.cleaned_data
            return _try(form, lambda: services.service_schedule(
                request=req, scheduled_for=d["scheduled_for"], staff=d["staff"], by=user
            ), _("The service is scheduled."))  # fmt: skip
        return ""
    if action in ("report", "complete"):
        bound = _report_forms(req, request.POST)
        rf.update(bound)
        value = _report_value(bound)
        if value is None:
            return ""
        form = CompleteForm(request.POST, prefix="c")
        forms["complete_form"] = form
        try:
            if action == "report":
                services.service_report_save(request=req, report=value, by=user)
                return _("The report is saved.")
            if not form.is_valid():
                return ""
            services.service_complete(
                request=req, completed_on=form.cleaned_data["completed_on"], report=value, by=user
            )
        except ValidationError as e:
            if getattr(e, "error_dict", None) and "completed_on" in e.error_dict:
                errors_onto(
                    form, ValidationError({"completed_on": e.error_dict.pop("completed_on")})
                )
            _report_errors(bound, e)
            return ""
        return _("The service is done.")
    if action == "acknowledge":
        form = AcknowledgeForm(request.POST, prefix="a")
        forms["ack_form"] = form
        if form.is_valid():
            return _try(form, lambda: services.service_acknowledge(
                request=req, by=user, **form.cleaned_data,
            ), _("The acknowledgement is recorded."))  # fmt: skip
        return ""
    if action == "cancel":
        form = CancelForm(request.POST, prefix="x")
        forms["cancel_form"] = form
        if form.is_valid():
            return _try(form, lambda: services.service_cancel(
                request=req, reason=form.cleaned_data["cancel_reason"], by=user),
                _("The request is cancelled."))  # fmt: skip
        return ""
    if action == "attach":
        form = AttachmentForm(request.POST, request.FILES, prefix="f")
        forms["attach_form"] = form
        if form.is_valid():
            return _try(form, lambda: services.attachment_add(
                request=req, file=form.cleaned_data["file"], note=form.cleaned_data["note"],
                by=user), _("The file is attached."))  # fmt: skip
        return ""
    raise Http404


def _try(form, run, message: str) -> str:
    try:
        run()
    except ValidationError as e:
        errors_onto(form, e)
        return ""
    return message


@require_GET
def attachment_file(request: HttpRequest, pk: int) -> FileResponse:
    """An attachment, only to users who see its request (never public media)."""
    att = get_object_or_404(ServiceAttachment.objects.for_user(request.user), pk=pk)
    try:
        handle = att.file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=att.file_name or "attachment")


@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    att = get_object_or_404(
        ServiceAttachment.objects.for_user(request.user).select_related("request"), pk=pk
    )
    req = att.request
    try:
        services.attachment_delete(attachment=att, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The file is removed."))
    return redirect(req)


@require_GET
def request_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer's report of the service as a Thai PDF (PEA letterhead)."""
    from crmplus.techservices.pdf import service_report_pdf

    req = _request(request, pk)
    data = service_report_pdf(req)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{req.number}.pdf"'
    return response


# -- exceptions ---------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def exception_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    services._check_writer(user)
    bp = _bp_or_none(request, request.POST.get("bp") or request.GET.get("bp"))
    if bp is None:
        raise Http404
    initial = {
        "code": (request.GET.get("code") or "").upper(),
        "fy": fy_value(request.GET.get("fy"), selectors.current_fy()),
    }
    form = ExceptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            exc = services.exception_request(bp=bp, by=user, **form.cleaned_data)
        except ValidationError as e:
            errors_onto(form, e)
        else:
            messages.success(request, _("The exception is sent for approval."))
            return redirect(exc)
    reason = None
    exceptionable = True
    code = form.data.get("code") if form.is_bound else initial["code"]
    fy = initial["fy"]
    if code in R.FMS_CODES:
        decision, rules, _ka = selectors.entitlement_decision(
            bp_id=bp.pk, code=code, fy=fy, user=user
        )
        if not decision.allowed:
            reason = refusal_message(decision, rules, fy=fy)
            # Only quota rules take an exception: say so before the user writes one.
            exceptionable = decision.exceptionable
    return render(
        request,
        "techservices/exception_new.html",
        {"bp": bp, "form": form, "reason": reason, "exceptionable": exceptionable},
    )


@require_GET
def exception_detail(request: HttpRequest, pk: int) -> HttpResponse:
    exc = get_object_or_404(
        EntitlementException.objects.for_user(request.user).select_related(
            "bp", "office", "requested_by"
        ),
        pk=pk,
    )
    used_by = ServiceRequest.objects.filter(exception=exc).first()
    return render(
        request,
        "techservices/exception_detail.html",
        {
            "exc": exc,
            "used_by": used_by,
            "label": benefit_label(selectors.rules_for_fy(exc.fy), exc.code),
            "rule": rule_name(exc.rule, selectors.rules_for_fy(exc.fy)),
            "can_book": exc.status == "approved" and used_by is None and _can_write(request.user),
            "status_open": RequestStatus,
        },
    )
