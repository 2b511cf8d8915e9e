"""Seminar screens: the event list (and its XLSX), event create/edit/detail with the
approval panel, and the budget with the live room under the caps.

Reads start from `for_user(request.user)` (another area's event is a 404); writes go
through crmplus.seminars.services: PermissionDenied is the 403 page, a ValidationError
a form error with nothing saved.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crmplus.approvals.services import approval_for
from crmplus.core.history import history_entries
from crmplus.seminars import exports, selectors, services
from crmplus.seminars import rules as r
from crmplus.seminars.forms import (
    ActualForm,
    EventFilterForm,
    EventForm,
    ExceptionForm,
    LineForm,
    StaffForm,
    errors_onto,
)
from crmplus.seminars.inputs import count, money
from crmplus.seminars.models import (
    BudgetLine,
    Category,
    Event,
    EventStatus,
    ExceptionRequest,
    ExceptionStatus,
    StaffAttendee,
)
from crmplus.seminars.rules_settings import rules_for_fy


def _page_size() -> int:
    return getattr(settings, "CRMPLUS_PAGE_SIZE", 25)


def id_or_404(value) -> int:
    """A posted row id: a positive integer, else the row is simply not there (404)."""
    text = str(value or "").strip()
    if not text.isdigit() or not 0 < int(text) < 2**63:
        raise Http404
    return int(text)


def get_event(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(
        Event.objects.for_user(request.user).select_related("unit", "created_by"), pk=pk
    )


def _filters(request: HttpRequest) -> tuple[EventFilterForm, selectors.EventFilters]:
    form = EventFilterForm(request.GET or None, user=request.user)
    return form, form.filters()


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The events in the user's scope, filtered by FY, area, type, status."""
    form, filters = _filters(request)
    qs = selectors.event_list(user=request.user, filters=filters)
    page = Paginator(qs, _page_size()).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "filters": filters,
        "years": selectors.fy_choices(request.user),
        "page": page,
        "sort": filters.sort,
        "export_url": reverse("seminars:export") + ("?" + query.urlencode() if query else ""),
        "can_write": request.user.can_write,
    }
    if request.htmx and request.htmx.target == "event-results":
        return render(request, "seminars/_list_results.html", context)
    return render(request, "seminars/home.html", context)


def _xlsx_response(writer, prefix: str, **kwargs) -> FileResponse:
    fd, path = tempfile.mkstemp(prefix=f"crmplus-{prefix}-", suffix=".xlsx")
    os.close(fd)
    try:
        writer(path=Path(path), **kwargs)
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        os.unlink(path)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(handle, as_attachment=True, filename=f"crmplus-{prefix}-{stamp}.xlsx")


@require_GET
def export(request: HttpRequest) -> FileResponse:
    """The event list as filtered, as XLSX."""
    _form, filters = _filters(request)
    return _xlsx_response(exports.events_xlsx, "seminars", user=request.user, filters=filters)


def _event_values(form: EventForm) -> dict:
    d = form.cleaned_data
    return {k: d[k] for k in ("kind", "unit", "title", "starts_on", "ends_on", "venue", "agenda")}


@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    if not request.user.can_write:
        raise PermissionDenied(_("Your role is read-only: you cannot change records."))
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_save(by=request.user, **_event_values(form))
        except ValidationError as e:
            errors_onto(form, e)
        else:
            messages.success(request, _("The event is saved: now plan its budget."))
            return redirect("seminars:budget", event.pk)
    return render(request, "seminars/event_form.html", {"form": form, "event": None})


@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    if not event.is_editable:
        messages.error(request, _("This event's plan can no longer change."))
        return redirect(event)
    initial = {
        "title": event.title,
        "kind": event.kind,
        "unit": event.unit_id,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "venue": event.venue,
        "agenda": event.agenda,
    }
    form = EventForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_save(by=request.user, event=event, **_event_values(form))
        except ValidationError as e:
            errors_onto(form, e)
        else:
            messages.success(request, _("The event is saved."))
            return redirect(event)
    return render(request, "seminars/event_form.html", {"form": form, "event": event})


def _money_or_none(value) -> r.Decimal | None:
    try:
        return money(value, "x", required=False)
    except ValidationError:
        return None


def _count_or_zero(value, maximum: int = 100_000) -> int:
    try:
        return count(value, "x", maximum=maximum)
    except ValidationError:
        return 0


def _room(event: Event, rules: r.SeminarRules) -> dict:
    lines = selectors.event_lines(event)
    check = selectors.event_cap_check(event, rules=rules, lines=lines)
    return {"check": check, "lines": lines}


@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    event = get_event(request, pk)
    staff_form = StaffForm(prefix="staff")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                services.event_submit(
                    event=event, by=user, comment=request.POST.get("comment", "")[:2000]
                )
                messages.success(request, _("The event is sent for approval."))
            elif action == "close":
                services.event_close(event=event, by=user)
                messages.success(request, _("The event is closed."))
            elif action == "staff":
                staff_form = StaffForm(request.POST, prefix="staff")
                if staff_form.is_valid():
                    services.staff_attendee_save(event=event, by=user, **staff_form.cleaned_data)
                    messages.success(request, _("The staff member is added."))
            elif action == "staff_delete":
                attendee = get_object_or_404(
                    StaffAttendee.objects.filter(event=event),
                    pk=id_or_404(request.POST.get("staff_pk")),
                )
                services.staff_attendee_delete(attendee=attendee, by=user)
                messages.success(request, _("The staff member is removed."))
            else:
                raise ValidationError(_("Choose what to do."))
        except ValidationError as e:
            if action == "staff":
                errors_onto(staff_form, e)
            else:
                for message in e.messages:
                    messages.error(request, message)
        if not staff_form.errors:
            return redirect(event)
        event.refresh_from_db()
    rules = rules_for_fy(event.fy)
    room = _room(event, rules)
    staff = list(event.staff.select_related("user"))
    levels = r.count_levels([s.level for s in staff], rules.executive_level)
    return render(
        request,
        "seminars/event.html",
        {
            "event": event,
            "rules": rules,
            **room,
            "uncovered": [ln for ln in room["lines"] if not selectors.line_is_covered(ln)],
            "total": sum((ln.amount for ln in room["lines"]), r.ZERO),
            "staff": staff,
            "levels": levels,
            "staff_form": staff_form,
            "segments": selectors.event_attendance_by_segment(event),
            "n_invited": event.invitations.count(),
            "can_write": user.can_write,
            "entries": history_entries(
                Event.history.filter(id=event.pk),
                BudgetLine.history.filter(event_id=event.pk),
            ),
        },
    )


def _line_values(form: LineForm) -> dict:
    d = form.cleaned_data
    return {
        "category": d["category"],
        "description": d.get("description") or "",
        "attendees_executive": d.get("attendees_executive") or 0,
        "attendees_operational": d.get("attendees_operational") or 0,
        "days": d.get("days") or None,
        "planned_amount": d.get("planned_amount") or None,
        "actual_amount": d.get("actual_amount") or None,
        "justification": d.get("justification") or "",
    }


def _line_initial(line: BudgetLine) -> dict:
    return {
        "category": line.category,
        "description": line.description,
        "attendees_executive": line.attendees_executive or "",
        "attendees_operational": line.attendees_operational or "",
        "days": line.days or "",
        "planned_amount": line.planned_amount,
        "actual_amount": "" if line.actual_amount is None else line.actual_amount,
        "justification": line.justification,
        "version": line.version,
    }


LINE_ALIASES = {"category": "category"}


@require_http_methods(["GET", "POST"])
def budget(request: HttpRequest, pk: int) -> HttpResponse:
    """The budget lines, the live room under the caps, exceptions, actuals and receipts."""
    user = request.user
    event = get_event(request, pk)
    editing = None
    if request.GET.get("edit"):
        editing = get_object_or_404(
            BudgetLine.objects.filter(event=event), pk=id_or_404(request.GET["edit"])
        )
    line_form = LineForm(initial=_line_initial(editing) if editing else None, prefix="line")
    exception_forms: dict[int, ExceptionForm] = {}
    actual_forms: dict[int, ActualForm] = {}
    if request.method == "POST":
        action = request.POST.get("action")
        target = None
        try:
            if action == "line":
                line_pk = request.POST.get("line_pk")
                line = None
                if line_pk:
                    line = get_object_or_404(
                        BudgetLine.objects.filter(event=event), pk=id_or_404(line_pk)
                    )
                    editing = line
                target = line_form = LineForm(request.POST, prefix="line")
                if line_form.is_valid():
                    services.budget_line_save(
                        event=event,
                        by=user,
                        line=line,
                        version=line_form.cleaned_data.get("version"),
                        **_line_values(line_form),
                    )
                    messages.success(request, _("The budget line is saved."))
            elif action == "delete":
                line = get_object_or_404(
                    BudgetLine.objects.filter(event=event),
                    pk=id_or_404(request.POST.get("line_pk")),
                )
                services.budget_line_delete(line=line, by=user)
                messages.success(request, _("The budget line is removed."))
            elif action == "exception":
                line = get_object_or_404(
                    BudgetLine.objects.filter(event=event),
                    pk=id_or_404(request.POST.get("line_pk")),
                )
                target = exception_forms[line.pk] = ExceptionForm(
                    request.POST, prefix=f"exc{line.pk}"
                )
                if target.is_valid():
                    services.exception_request(
                        line=line, by=user, justification=target.cleaned_data["justification"]
                    )
                    messages.success(request, _("The exception is sent for approval."))
            elif action == "actual":
                line = get_object_or_404(
                    BudgetLine.objects.filter(event=event),
                    pk=id_or_404(request.POST.get("line_pk")),
                )
                target = actual_forms[line.pk] = ActualForm(
                    request.POST, request.FILES, prefix=f"act{line.pk}"
                )
                if target.is_valid():
                    services.budget_line_record_actual(
                        line=line,
                        by=user,
                        actual_amount=target.cleaned_data["actual_amount"],
                        receipt=target.cleaned_data.get("receipt") or None,
                    )
                    messages.success(request, _("The actual amount is recorded."))
            else:
                raise ValidationError(_("Choose what to do."))
        except ValidationError as e:
            if target is not None:
                errors_onto(target, e)
            else:
                for message in e.messages:
                    messages.error(request, message)
        if target is None or not target.errors:
            return redirect("seminars:budget", event.pk)
        event.refresh_from_db()
    rules = rules_for_fy(event.fy)
    room = _room(event, rules)
    lines = room["lines"]
    pending = {
        e.line_id: e
        for e in ExceptionRequest.objects.filter(line__event=event).order_by("pk")
        if e.status in (ExceptionStatus.PENDING, ExceptionStatus.REJECTED)
    }
    rows = []
    for ln in lines:
        covered = selectors.line_is_covered(ln)
        last = pending.get(ln.pk)
        waiting = last is not None and last.status == ExceptionStatus.PENDING
        approval = approval_for(last) if last is not None else None
        rows.append(
            {
                "line": ln,
                "covered": covered,
                "can_request": ln.needs_approval and not covered and not waiting,
                "approval_url": approval.get_absolute_url() if approval else "",
                "approved": next(
                    (e for e in getattr(ln, "approved_exceptions", []) if e.amount >= ln.amount),
                    None,
                ),
                "last_request": pending.get(ln.pk),
                "excess": r.excess_over_rate(ln.planned_amount, ln.regulation_amount),
                "exception_form": exception_forms.get(ln.pk)
                or ExceptionForm(prefix=f"exc{ln.pk}", initial={"justification": ln.justification}),
                "actual_form": actual_forms.get(ln.pk)
                or ActualForm(
                    prefix=f"act{ln.pk}",
                    initial={"actual_amount": ln.actual_amount if ln.actual_amount else ""},
                ),
            }
        )
    return render(
        request,
        "seminars/budget.html",
        {
            "event": event,
            "rules": rules,
            "check": room["check"],
            "rows": rows,
            "line_form": line_form,
            "editing": editing,
            "planned_total": sum((ln.planned_amount for ln in lines), r.ZERO),
            "actual_total": sum((ln.actual_amount or r.ZERO for ln in lines), r.ZERO),
            "uncovered": [ln for ln in lines if not selectors.line_is_covered(ln)],
            "can_edit": event.is_editable and user.can_write,
            "can_actual": event.status in (EventStatus.APPROVED, EventStatus.HELD)
            and user.can_write,
            "rated": [str(Category(c).label) for c in sorted(rules.rates.rates)],
        },
    )


@require_POST
def budget_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the room under the caps with the line as typed (nothing is saved)."""
    event = get_event(request, pk)
    rules = rules_for_fy(event.fy)
    data = request.POST
    editing = None
    if (data.get("line_pk") or "").isdigit():
        editing = BudgetLine.objects.filter(event=event, pk=int(data["line_pk"])).first()
    category = data.get("line-category") or ""
    if category not in r.CATEGORIES:
        category = r.OTHER
    days_raw = data.get("line-days")
    days = _count_or_zero(days_raw, 366) if days_raw else event.days
    preview = selectors.line_preview(
        event,
        rules=rules,
        category=category,
        planned=_money_or_none(data.get("line-planned_amount")),
        actual=_money_or_none(data.get("line-actual_amount")),
        executive=_count_or_zero(data.get("line-attendees_executive")),
        operational=_count_or_zero(data.get("line-attendees_operational")),
        days=days,
        editing=editing,
    )
    return render(
        request,
        "seminars/_room.html",
        {
            "event": event,
            "rules": rules,
            "check": preview["check"],
            "preview": preview,
            "can_edit": event.is_editable,
        },
    )


@require_GET
def receipt(request: HttpRequest, pk: int, line_pk: int) -> FileResponse:
    """A receipt, only to users who see its event (never public media)."""
    event = get_event(request, pk)
    line = get_object_or_404(BudgetLine.objects.filter(event=event), pk=line_pk)
    if not line.receipt:
        raise Http404
    try:
        handle = line.receipt.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = os.path.basename(line.receipt.name)
    return FileResponse(handle, as_attachment=False, filename=name)
