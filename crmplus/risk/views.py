"""Risk screens: heat map and completion, the list (and its XLSX), the assessment form,
one assessment with its review, and evidence files.

Every read starts from `for_user(request.user)`, so another area's customer or assessment
is a 404. Every write goes through crmplus.risk.services, which decide who may do what: a
PermissionDenied becomes the 403 page, a ValidationError a form error with nothing saved.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from crmplus.core.history import history_entries
from crmplus.core.models import OrgUnit, OrgUnitKind
from crmplus.core.settings_registry import rule_get
from crmplus.customers.models import BusinessPartner
from crmplus.keyaccounts.views import fy_value
from crmplus.risk import exports, selectors, services
from crmplus.risk.forms import (
    YES,
    AssessmentFilterForm,
    AssessmentForm,
    ConfirmForm,
    ReturnForm,
)
from crmplus.risk.forms import form_errors_from as errors_onto
from crmplus.risk.matrix_settings import EVIDENCE_MAX_MB_KEY, EVIDENCE_TYPES_KEY, matrix_for_fy
from crmplus.risk.models import RiskAssessment, RiskEvidence
from crmplus.risk.prefill import prefill_for
from crmplus.risk.scoring import AXES, FactorError, MatrixRules, _shown, assess

PAGE_SIZE = 50


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    default_fy, years = selectors.fy_choices(user)
    fy = fy_value(request.GET.get("fy"), default_fy)
    if fy not in years:
        years = sorted({*years, fy}, reverse=True)
    unit = selectors.scope_unit(user, request.GET.get("unit"))
    status = request.GET.get("status") or ""
    if status not in {"", *selectors.AssessmentStatus.values}:
        status = ""
    completion = selectors.completion_by_area(user=user, fy=fy)
    return render(
        request,
        "risk/home.html",
        {
            "fy": fy,
            "years": years,
            "unit": unit,
            "units": selectors.scope_units(user),
            "status": status,
            "statuses": selectors.AssessmentStatus.choices,
            "heat": selectors.heat_map(user=user, fy=fy, unit=unit, status=status),
            "completion": completion,
            "completion_total": sum(c.total for c in completion),
            "list_url": selectors.list_url(fy=fy, unit=unit.pk if unit else None, status=status),
        },
    )


def _filters(request: HttpRequest) -> tuple[AssessmentFilterForm, selectors.AssessmentFilters]:
    form = AssessmentFilterForm(request.GET or None, user=request.user)
    return form, form.filters(default_fy=None)


@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    qs = selectors.assessment_list(user=request.user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    export_url = reverse("risk:export") + ("?" + request.GET.urlencode() if request.GET else "")
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "sort": filters.sort,
        "export_url": export_url,
    }
    if request.htmx and request.htmx.target == "risk-results":
        return render(request, "risk/_list_results.html", context)
    _default, context["years"] = selectors.fy_choices(request.user)
    return render(request, "risk/list.html", context)


@require_GET
def assessment_export(request: HttpRequest) -> FileResponse:
    """The list as filtered on the list page, as XLSX (Thai headers, B.E. dates)."""
    _form, filters = _filters(request)
    fd, path = tempfile.mkstemp(prefix="crmplus-risk-", suffix=".xlsx")
    os.close(fd)
    try:
        exports.assessments_export_xlsx(user=request.user, filters=filters, path=Path(path))
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        # Unlinked at once: the open handle keeps the data until the response is sent.
        os.unlink(path)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(handle, as_attachment=True, filename=f"crmplus-risk-{stamp}.xlsx")


# -- the assessment form -------------------------------------------------------------------


def _office_for(request: HttpRequest, bp: BusinessPartner) -> OrgUnit:
    raw = str(request.GET.get("office") or "").strip()
    if raw:
        office = None
        if raw.isdigit() and len(raw) < 19:
            office = OrgUnit.objects.filter(pk=int(raw), kind=OrgUnitKind.OFFICE).first()
        if office is None:
            raise Http404
        return office
    if bp.home_office.kind == OrgUnitKind.OFFICE:
        return bp.home_office
    first = bp.accounts.select_related("office").order_by("office__path").first()
    if first is None:
        raise Http404
    return first.office


@require_http_methods(["GET", "POST"])
def assess_form(request: HttpRequest, bp_pk: int) -> HttpResponse:
    user = request.user
    bp = get_object_or_404(
        BusinessPartner.objects.for_user(user).select_related("home_office"), pk=bp_pk
    )
    office = _office_for(request, bp)
    fy = fy_value(request.GET.get("fy"), selectors.current_fy())
    owner = services.owner_for(bp=bp, office=office, fy=fy)
    if not selectors.in_scope(user, owner.pk):
        raise Http404  # the account is another unit's: as invisible as its customer
    if not selectors.can_assess(user):
        raise PermissionDenied(_("Only KAMRs, Senior KAMRs and area admins assess risk."))
    current = (
        RiskAssessment.objects.for_user(user)
        .filter(fy=fy, bp=bp, office=office)
        .select_related("assessed_by")
        .first()
    )
    rules = MatrixRules.from_dict(current.matrix) if current else matrix_for_fy(fy)
    if current is not None and current.is_editable:
        rules = matrix_for_fy(fy)  # a reassessment uses the year's matrix in force
    types = [str(t) for t in rule_get(EVIDENCE_TYPES_KEY, fy)]
    max_mb = float(rule_get(EVIDENCE_MAX_MB_KEY, fy))
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = AssessmentForm(
        data,
        files,
        rules=rules,
        current=current,
        file_types=types,
        max_mb=max_mb,
        prefill=prefill_for(bp, get_language()) if current is None else None,
    )
    locked = current is not None and not current.is_editable
    if data is not None and request.htmx and data.get("preview"):
        return render(request, "risk/_preview.html", {"preview": _preview(data, rules)})
    if data is not None and not locked and form.is_valid():
        submit = "submit" in request.POST
        try:
            with transaction.atomic():
                saved = services.assessment_save(
                    bp=bp,
                    office=office,
                    fy=fy,
                    values=form.values(),
                    notes=form.notes(),
                    attachments=form.attachments(),
                    by=user,
                )
                if submit:
                    services.assessment_submit(assessment=saved, by=user)
        except ValidationError as e:
            errors_onto(form, e, form.aliases())
        else:
            if submit:
                messages.success(request, _("The assessment is sent for review."))
                return redirect("risk:detail", pk=saved.pk)
            messages.success(request, _("The assessment is saved as a draft."))
            return redirect(f"{request.path}?office={office.pk}&fy={fy}")
    evidence = list(current.evidence.all()) if current else []
    return render(
        request,
        "risk/assess.html",
        {
            "bp": bp,
            "office": office,
            "fy": fy,
            "current": current,
            "locked": locked,
            "form": form,
            "rules": rules,
            "evidence": evidence,
            "needs_evidence": [f.key for _a, rows in form.groups for f, *_r in rows
                               if f.evidence != "none"],
        },
    )  # fmt: skip


def _preview(data, rules: MatrixRules) -> dict:
    """P, I, score and level of the values typed so far (nothing saved, evidence not
    checked yet), or the first problem in the user's language."""
    values = {}
    for axis in AXES:
        for f in rules.factors(axis):
            raw = str(data.get(f.key) or "").strip()
            if raw:
                values[f.key] = (raw == YES) if f.kind == "yes_no" else raw
    try:
        result = assess(rules, values)
    except FactorError as e:
        return {"error": " ".join(services._factor_error(e, rules).messages)}
    return {"p": result.p, "i": result.i, "score": result.score, "level": result.level}


# -- one assessment ------------------------------------------------------------------------


def _factor_rows(a: RiskAssessment) -> list[dict]:
    """The factors of the matrix the assessment used, with value, score and evidence."""
    try:
        rules = MatrixRules.from_dict(a.matrix)
        scored = {s.key: s for s in assess(rules, a.values).factors}
    except (ValueError, TypeError, FactorError):
        return []
    en = get_language() == "en"
    evidence: dict[str, list[RiskEvidence]] = {}
    for e in a.evidence.all():
        evidence.setdefault(e.factor, []).append(e)
    rows = []
    for axis in ("probability", "impact"):
        for f in rules.factors(axis):
            s = scored.get(f.key)
            shown = _shown(f, s.value, "en" if en else "th") if s and s.score else ""
            rows.append(
                {
                    "axis": axis,
                    "key": f.key,
                    "label": f.label_en if en else f.label_th,
                    "value": shown,
                    "score": s.score if s else None,
                    "required": f.required,
                    "note": a.notes.get(f.key, ""),
                    "evidence": evidence.get(f.key, []),
                }
            )
    return rows


@require_http_methods(["GET", "POST"])
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    a = get_object_or_404(
        RiskAssessment.objects.for_user(user).select_related(
            "bp", "office", "owner", "assessed_by", "reviewed_by"
        ),
        pk=pk,
    )
    confirm_form = return_form = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                services.assessment_submit(assessment=a, by=user)
                messages.success(request, _("The assessment is sent for review."))
            elif action == "confirm":
                confirm_form = ConfirmForm(request.POST, prefix="confirm")
                if confirm_form.is_valid():
                    services.assessment_confirm(
                        assessment=a, by=user, note=confirm_form.cleaned_data["note"]
                    )
                    messages.success(request, _("The assessment is confirmed."))
            elif action == "return":
                return_form = ReturnForm(request.POST, prefix="return")
                if return_form.is_valid():
                    services.assessment_return(
                        assessment=a, by=user, note=return_form.cleaned_data["note"]
                    )
                    messages.success(request, _("The assessment is sent back to the assessor."))
            else:
                raise ValidationError(_("Choose what to do."))
        except ValidationError as e:
            a.refresh_from_db()
            target = return_form if action == "return" else confirm_form
            if target is not None:
                errors_onto(target, e, {})
            else:
                messages.error(request, " ".join(e.messages))
        if not (confirm_form and confirm_form.errors) and not (return_form and return_form.errors):
            return redirect("risk:detail", pk=a.pk)
    reviewable = selectors.can_review(user, a)
    if reviewable:
        confirm_form = confirm_form or ConfirmForm(prefix="confirm")
        return_form = return_form or ReturnForm(prefix="return")
    else:
        confirm_form = return_form = None
    other = a.explain_th if get_language() == "en" else a.explain_en
    return render(
        request,
        "risk/detail.html",
        {
            "a": a,
            "rows": _factor_rows(a),
            "other_explanation": other,
            "can_submit": selectors.can_submit(user, a),
            "can_edit": selectors.can_edit(user, a),
            "confirm_form": confirm_form,
            "return_form": return_form,
            "assess_url": reverse("risk:assess", args=[a.bp_id])
            + f"?office={a.office_id}&fy={a.fy}",
            "entries": history_entries(
                RiskAssessment.history.filter(id=a.pk),
                RiskEvidence.history.filter(assessment_id=a.pk),
            ),
        },
    )


@require_GET
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence attachment, only to users who see its assessment (never public media)."""
    evidence = get_object_or_404(RiskEvidence.objects.for_user(request.user), pk=pk)
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=evidence.file_name or "evidence")
