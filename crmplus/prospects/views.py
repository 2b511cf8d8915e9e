"""Pipeline screens: the kanban board (home), the list and its XLSX, a prospect's page
(stage control, history, competing alternatives, conversion), create/edit.

Every read starts from `Prospect.objects.for_user(request.user)`, so another area's
prospect is a 404. Every write goes through crmplus.prospects.services: a
PermissionDenied becomes the 403 page, a ValidationError a form error, nothing saved.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crmplus.core.history import history_entries
from crmplus.prospects import exports, selectors, services
from crmplus.prospects.forms import (
    CompetitionForm,
    ConvertForm,
    MoveForm,
    ProspectFilterForm,
    ProspectForm,
    errors_onto,
)
from crmplus.prospects.models import CompetitionAlternative, Prospect, StageChange
from crmplus.prospects.rules import CONNECTED, can_convert, is_stalled
from crmplus.prospects.rules_settings import pipeline_for_fy

PAGE_SIZE = 50


def _lang() -> str:
    return "en" if (get_language() or "th").startswith("en") else "th"


def _filter_form(request: HttpRequest, data=None) -> ProspectFilterForm:
    data = request.GET if data is None else data
    return ProspectFilterForm(
        data or None, user=request.user, rules=pipeline_for_fy(), lang=_lang()
    )


def _board_context(request: HttpRequest, data=None) -> dict:
    rules = pipeline_for_fy()
    form = _filter_form(request, data)
    filters = form.filters()
    return {
        "form": form,
        "filters": filters,
        "rules": rules,
        "columns": selectors.board(user=request.user, filters=filters, lang=_lang(), rules=rules),
        "stage_labels": [(s.key, s.label(_lang())) for s in rules.stages],
        "can_manage": services.can_manage(request.user),
        "list_url": reverse("prospects:list")
        + (f"?{request.GET.urlencode()}" if request.GET else ""),
    }


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The kanban board: one column per stage over the user's scope."""
    context = _board_context(request)
    if request.htmx and request.htmx.target == "board":
        return render(request, "prospects/_board.html", context)
    return render(request, "prospects/board.html", context)


# -- list -------------------------------------------------------------------------------


@require_GET
def prospect_list(request: HttpRequest) -> HttpResponse:
    rules = pipeline_for_fy()
    form = _filter_form(request)
    filters = form.filters()
    qs = selectors.prospect_list(user=request.user, filters=filters, rules=rules)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = {s.key: s.label(_lang()) for s in rules.stages}
    for p in page.object_list:
        p.stage_label = labels.get(p.stage, p.stage)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "sort": filters.sort,
        "export_url": reverse("prospects:export")
        + ("?" + request.GET.urlencode() if request.GET else ""),
        "can_manage": services.can_manage(request.user),
    }
    if request.htmx and request.htmx.target == "prospect-results":
        return render(request, "prospects/_list_results.html", context)
    return render(request, "prospects/list.html", context)


def _xlsx_response(write, prefix: str) -> FileResponse:
    fd, path = tempfile.mkstemp(prefix="crmplus-prospects-", suffix=".xlsx")
    os.close(fd)
    try:
        write(Path(path))
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        os.unlink(path)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(handle, as_attachment=True, filename=f"crmplus-{prefix}-{stamp}.xlsx")


@require_GET
def prospect_export(request: HttpRequest) -> FileResponse:
    """The list as filtered on the list page, as XLSX."""
    rules = pipeline_for_fy()
    filters = _filter_form(request).filters()
    return _xlsx_response(
        lambda path: exports.prospects_export_xlsx(
            user=request.user, filters=filters, rules=rules, path=path
        ),
        "prospects",
    )


# -- one prospect ----------------------------------------------------------------------


def _get(request: HttpRequest, pk: int) -> Prospect:
    return get_object_or_404(
        selectors.scoped(request.user).select_related(
            "office", "area", "responsible", "industrial_estate", "bp", "ca", "converted_by"
        ),
        pk=pk,
    )


def _stage_rows(prospect: Prospect, rules, lang: str) -> list[dict]:
    """The stage log with the time spent in each stay."""
    labels = {s.key: s.label(lang) for s in rules.stages}
    changes = list(prospect.changes.select_related("by").order_by("at", "id"))
    today = timezone.localdate()
    rows = []
    for n, c in enumerate(changes):
        end = timezone.localdate(changes[n + 1].at) if n + 1 < len(changes) else today
        rows.append(
            {
                "change": c,
                "from_label": labels.get(c.from_stage, c.from_stage),
                "to_label": labels.get(c.to_stage, c.to_stage),
                "days": max((end - timezone.localdate(c.at)).days, 0),
                "current": n + 1 == len(changes),
            }
        )
    return list(reversed(rows))


@require_GET
def prospect_detail(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = _get(request, pk)
    return render(request, "prospects/detail.html", _detail_context(request, prospect))


def _detail_context(request: HttpRequest, prospect: Prospect, move_form=None) -> dict:
    rules = pipeline_for_fy()
    lang = _lang()
    stage = rules.stage(prospect.stage)
    entered = timezone.localtime(prospect.stage_entered_at).date()
    history = history_entries(
        Prospect.history.filter(id=prospect.pk),
        CompetitionAlternative.history.filter(prospect_id=prospect.pk),
    )
    return {
        "p": prospect,
        "rules": rules,
        "stage_label": stage.label(lang) if stage else prospect.stage,
        "stage_labels": [(s.key, s.label(lang)) for s in rules.stages],
        "stalled": is_stalled(rules, prospect.stage, entered, timezone.localdate()),
        "days_in_stage": (timezone.localdate() - entered).days,
        "stage_rows": _stage_rows(prospect, rules, lang),
        "alternatives": list(prospect.alternatives.all()),
        "can_manage": services.can_manage(request.user),
        "can_convert": can_convert(rules, stage=prospect.stage, converted=prospect.is_converted),
        "connected_key": CONNECTED,
        "move_form": move_form,
        "history": history,
        "risk": selectors.risk_inputs_for_bp(prospect.bp, lang=lang) if prospect.bp_id else None,
    }


@require_http_methods(["GET", "POST"])
def prospect_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    prospect = _get(request, pk) if pk else None
    if not services.can_manage(request.user):
        raise PermissionDenied(_("Your role does not allow changing prospects."))
    form = ProspectForm(request.POST or None, instance=prospect, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        if data.get("probability") is None:
            data.pop("probability")
            if prospect is not None:
                data["probability"] = prospect.probability
        try:
            saved = services.prospect_save(
                by=request.user, prospect=_get(request, pk) if pk else None, **data
            )
        except ValidationError as e:
            errors_onto(form, e)
        else:
            messages.success(request, _("The prospect is saved."))
            return redirect(saved.get_absolute_url())
    return render(request, "prospects/form.html", {"form": form, "p": prospect})


@require_POST
def prospect_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move to another stage: from the board (htmx: drag or the card's select) or the
    stage control on the prospect page. A move that needs more (a reason to go back, the
    connection date) answers with the move dialog, nothing changed."""
    prospect = _get(request, pk)
    form = MoveForm(request.POST)
    from_board = request.POST.get("from") == "board"
    error = None
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.prospect_move(
                prospect=prospect,
                to_stage=d["stage"],
                by=request.user,
                note=d.get("note") or "",
                connection_date=d.get("connection_date"),
                probability=d.get("probability"),
            )
        except ValidationError as e:
            error = e
    else:
        error = ValidationError(form.errors.as_data())
    rules = pipeline_for_fy()
    if error is None:
        label = rules.stage(prospect.stage).label(_lang())
        text = _("%(company)s moved to %(stage)s.") % {
            "company": prospect.company_name,
            "stage": label,
        }
        if request.htmx and from_board:
            context = _board_context(request, request.POST)
            context["flash"] = text
            return render(request, "prospects/_board.html", context)
        messages.success(request, text)
        return redirect(prospect.get_absolute_url())
    target = form.data.get("stage", "")
    dialog = {
        "p": prospect,
        "target": target,
        "target_label": rules.stage(target).label(_lang()) if rules.stage(target) else target,
        "errors": _messages(error),
        "needs_reason": "note" in getattr(error, "error_dict", {}),
        "needs_date": "connection_date" in getattr(error, "error_dict", {}),
        "data": form.data,
        "from_board": from_board,
    }
    if request.htmx and from_board:
        response = render(request, "prospects/_move_dialog.html", dialog)
        response["HX-Retarget"] = "#move-dialog-body"
        response["HX-Reswap"] = "innerHTML"
        return response
    for m in dialog["errors"]:
        messages.error(request, m)
    return render(
        request, "prospects/detail.html", _detail_context(request, prospect, move_form=dialog)
    )


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for errs in error.error_dict.values() for e in errs for m in e.messages]
    return list(error.messages)


@require_http_methods(["GET", "POST"])
def prospect_convert(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = _get(request, pk)
    if not services.can_manage(request.user):
        raise PermissionDenied(_("Your role does not allow changing prospects."))
    if prospect.is_converted:
        messages.info(request, _("This prospect is already a customer."))
        return redirect(prospect.bp.get_absolute_url())
    form = ConvertForm(request.POST or None, user=request.user, prospect=prospect)
    if request.method == "POST" and form.is_valid():
        try:
            bp = services.prospect_convert(prospect=prospect, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            errors_onto(form, e)
        else:
            messages.success(
                request,
                _("%(company)s is now customer BP %(bp)s.")
                % {"company": bp.name_th, "bp": bp.bp_number},
            )
            return redirect(bp.get_absolute_url())
    rules = pipeline_for_fy()
    return render(
        request,
        "prospects/convert.html",
        {
            "form": form,
            "p": prospect,
            "ready": can_convert(rules, stage=prospect.stage, converted=False),
        },
    )


@require_http_methods(["GET", "POST"])
def competition_edit(request: HttpRequest, pk: int, alt_pk: int | None = None) -> HttpResponse:
    prospect = _get(request, pk)
    if not services.can_manage(request.user):
        raise PermissionDenied(_("Your role does not allow changing prospects."))
    alternative = get_object_or_404(prospect.alternatives, pk=alt_pk) if alt_pk else None
    form = CompetitionForm(request.POST or None, instance=alternative)
    if request.method == "POST" and request.POST.get("delete") and alternative is not None:
        services.competition_delete(alternative=alternative, by=request.user)
        messages.success(request, _("The alternative is removed."))
        return redirect(prospect.get_absolute_url() + "#competition")
    if request.method == "POST" and form.is_valid():
        try:
            services.competition_save(
                prospect=prospect, by=request.user, alternative=alternative, **form.cleaned_data
            )
        except ValidationError as e:
            errors_onto(form, e)
        else:
            messages.success(request, _("The alternative is saved."))
            return redirect(prospect.get_absolute_url() + "#competition")
    return render(
        request,
        "prospects/competition_form.html",
        {"form": form, "p": prospect, "alt": alternative},
    )


# -- the customer page tab -------------------------------------------------------------


@require_GET
def customer_tab(request: HttpRequest, bp_pk: int) -> HttpResponse:
    """The "new connection" tab of a customer page: where the customer came from."""
    from crmplus.customers.models import BusinessPartner

    bp = get_object_or_404(BusinessPartner.objects.for_user(request.user), pk=bp_pk)
    prospects = list(
        Prospect.objects.filter(bp=bp)
        .select_related("office", "responsible")
        .order_by("-converted_at")
    )
    rules = pipeline_for_fy()
    lang = _lang()
    labels = {s.key: s.label(lang) for s in rules.stages}
    for p in prospects:
        p.stage_label = labels.get(p.stage, p.stage)
        p.alts = list(p.alternatives.all())
        p.moves = [
            (c, labels.get(c.to_stage, c.to_stage))
            for c in StageChange.objects.filter(prospect=p).order_by("at", "id")
        ]
    return render(
        request,
        "prospects/_customer_tab.html",
        {
            "bp": bp,
            "prospects": prospects,
            "risk": selectors.risk_inputs_for_bp(bp, lang=lang) if prospects else None,
        },
    )
