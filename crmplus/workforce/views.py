"""Workforce screens: the coverage dashboard, coverage and unassigned-account lists,
the roster (list, XLSX, detail with history, create, edit) and a KAMR's portfolio.

Reads start from `for_user(request.user)` (another area's record is a 404); writes go
through crmplus.workforce.services: PermissionDenied is the 403 page, a ValidationError
a form error with nothing saved.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from crmplus.core.history import history_entries
from crmplus.core.models import User
from crmplus.risk.selectors import scope_unit, scope_units
from crmplus.workforce import coverage as cov
from crmplus.workforce import selectors, services
from crmplus.workforce.exports import xlsx_response
from crmplus.workforce.forms import EmployeeFilterForm, EmployeeForm, form_errors_from
from crmplus.workforce.models import (
    Appointment,
    AppointmentRole,
    AppointmentStatus,
    CourseKind,
    Employee,
    TrainingRecord,
    TrainingSession,
)


def page_of(request: HttpRequest, items):
    return Paginator(items, settings.CRMPLUS_PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def can_manage(user: User) -> bool:
    return user.can_write and user.role in services.MANAGE_ROLES


def can_assign(user: User) -> bool:
    return user.can_write and user.role in services.ASSIGN_ROLES


def _fy(request: HttpRequest) -> tuple[int, list[int]]:
    default, years = cov.fy_choices(request.user)
    raw = str(request.GET.get("fy") or "")
    if raw.isdigit() and len(raw) < 6 and int(raw) in years:
        return int(raw), years
    return default, years


# -- dashboard --------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Coverage dashboard of the user's scope (or a unit under it)."""
    user = request.user
    fy, years = _fy(request)
    unit = scope_unit(user, request.GET.get("unit"))
    today = timezone.localdate()
    coverage = cov.office_coverage(user=user, fy=fy, on=today, unit=unit)
    training = selectors.training_compliance(user=user, on=today, unit=unit)
    running = selectors._in_unit(Appointment.objects.for_user(user).active_on(today), unit, "unit")
    by_role = Counter(running.values_list("role", flat=True))
    pending = selectors._in_unit(
        Appointment.objects.for_user(user).filter(status=AppointmentStatus.SUBMITTED), unit, "unit"
    ).count()
    under = sorted(coverage.under_minimum, key=lambda r: (-(r.points or 0), r.office.path))
    return render(
        request,
        "workforce/home.html",
        {
            "fy": fy,
            "years": years,
            "unit": unit,
            "units": scope_units(user),
            "today": today,
            "cov": coverage,
            "missing": coverage.missing[:15],
            "under": under[:15],
            "flags": coverage.flags,
            "roles": [(r, r.label, by_role.get(r.value, 0)) for r in AppointmentRole],
            "n_due": sum(1 for r in training if not r.overdue),
            "n_overdue": sum(1 for r in training if r.overdue),
            "n_remind": sum(1 for r in training if r.remind),
            "pending": pending,
            "can_manage": can_manage(user),
        },
    )


COVERAGE_FILTERS = {
    "missing": lambda r: r.missing_kamr,
    "under": lambda r: r.flag in cov.UNDER_MINIMUM,
    cov.REVIEW: lambda r: r.flag == cov.REVIEW,
    cov.SUPPLEMENT: lambda r: r.flag == cov.SUPPLEMENT,
    cov.NONE_REQUIRED: lambda r: r.flag == cov.NONE_REQUIRED,
    cov.OK: lambda r: r.flag == cov.OK,
    "branch": lambda r: r.needs_kamr,
}
COVERAGE_SORTS = {
    "office": lambda r: r.office.path,
    "points": lambda r: (r.points if r.points is not None else -1, r.office.path),
    "kamrs": lambda r: (r.kamrs, r.office.path),
    "accounts": lambda r: (r.key_accounts, r.office.path),
}


def _coverage_rows(request: HttpRequest):
    user = request.user
    fy, years = _fy(request)
    unit = scope_unit(user, request.GET.get("unit"))
    coverage = cov.office_coverage(user=user, fy=fy, unit=unit)
    show = request.GET.get("show") or ""
    rows = coverage.rows
    if show in COVERAGE_FILTERS:
        rows = [r for r in rows if COVERAGE_FILTERS[show](r)]
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        rows = [r for r in rows if q.lower() in f"{r.office.code} {r.office.name}".lower()]
    sort = request.GET.get("sort") or "office"
    key = COVERAGE_SORTS.get(sort.lstrip("-"), COVERAGE_SORTS["office"])
    rows = sorted(rows, key=key, reverse=sort.startswith("-"))
    return coverage, rows, fy, years, unit, show, q


@require_GET
def coverage_list(request: HttpRequest) -> HttpResponse:
    coverage, rows, fy, years, unit, show, q = _coverage_rows(request)
    return render(
        request,
        "workforce/coverage.html",
        {
            "cov": coverage,
            "page": page_of(request, rows),
            "fy": fy,
            "years": years,
            "unit": unit,
            "units": scope_units(request.user),
            "show": show,
            "q": q,
            "query": query_without_page(request),
        },
    )


@require_GET
def coverage_export(request: HttpRequest) -> HttpResponse:
    coverage, rows, fy, _years, _unit, _show, _q = _coverage_rows(request)
    flags = {
        cov.OK: _("Meets the minimum"),
        cov.SUPPLEMENT: _("Supplement candidates"),
        cov.NONE_REQUIRED: _("No KAMR required"),
        cov.REVIEW: _("Under the minimum: review (class 1–3 keeps its KAMR)"),
        cov.UNKNOWN: _("No selection run"),
    }
    return xlsx_response(
        f"kamr-coverage-{fy}",
        _("Coverage"),
        [_("Office code"), _("Office"), _("Class"), _("Points"), _("Key accounts"),
         _("Supplements"), _("Office KAMRs"), _("Needs a KAMR"), _("Points flag")],
        (
            [r.office.code, r.office.name, r.office.get_office_class_display(), r.points,
             r.key_accounts, r.supplements, r.kamrs,
             _("No KAMR") if r.missing_kamr else "", str(flags[r.flag])]
            for r in rows
        ),
        notes=[_("KAMR coverage FY%(fy)s, on %(day)s") % {"fy": fy, "day": coverage.on}],
    )  # fmt: skip


def _unassigned(request: HttpRequest):
    user = request.user
    fy, years = _fy(request)
    unit = scope_unit(user, request.GET.get("unit"))
    rows = selectors.key_accounts_without_kamr(user=user, fy=fy, unit=unit)
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        rows = [
            ka for ka in rows
            if q in ka.bp.bp_number or q.lower() in (ka.bp.name_th or "").lower()
            or q.lower() in ka.office.code.lower()
        ]  # fmt: skip
    return rows, fy, years, unit, q


@require_GET
def unassigned_list(request: HttpRequest) -> HttpResponse:
    rows, fy, years, unit, q = _unassigned(request)
    page = page_of(request, rows)
    return render(
        request,
        "workforce/unassigned.html",
        {
            "page": page,
            "visible_bps": visible_bp_ids(request.user, [ka.bp_id for ka in page.object_list]),
            "fy": fy,
            "years": years,
            "unit": unit,
            "units": scope_units(request.user),
            "q": q,
            "query": query_without_page(request),
            "can_assign": can_assign(request.user),
        },
    )


@require_GET
def unassigned_export(request: HttpRequest) -> HttpResponse:
    rows, fy, *_rest = _unassigned(request)
    return xlsx_response(
        f"unassigned-key-accounts-{fy}",
        _("Without KAMR"),
        [_("BP number"), _("Customer"), _("Office code"), _("Office"), _("Owner"), _("Segment")],
        (
            [ka.bp.bp_number, ka.bp.name_th, ka.office.code, ka.office.name, ka.owner.code,
             ka.get_segment_display()]
            for ka in rows
        ),
    )  # fmt: skip


# -- roster -----------------------------------------------------------------------

ROSTER_SORTS = {
    "number": ("employee_number",),
    "name": ("name_th", "employee_number"),
    "unit": ("unit__path", "employee_number"),
    "level": ("position_level", "employee_number"),
}


def _roster(request: HttpRequest):
    user = request.user
    form = EmployeeFilterForm(request.GET or None, user=user)
    if request.GET:
        values = form.values()
    else:
        values = {"q": "", "unit": None, "role": "", "level": None, "active": "yes"}
    qs = selectors.employees_visible(user=user, unit=values["unit"]).select_related("unit", "user")
    q = values["q"]
    if q:
        qs = qs.filter(
            Q(employee_number__icontains=q)
            | Q(name_th__icontains=q)
            | Q(name_en__icontains=q)
            | Q(email__icontains=q)
        )
    if values["level"]:
        qs = qs.filter(position_level=values["level"])
    if values["active"] == "yes":
        qs = qs.filter(is_active=True)
    elif values["active"] == "no":
        qs = qs.filter(is_active=False)
    today = timezone.localdate()
    running = Appointment.objects.active_on(today).filter(employee=OuterRef("pk"))
    if values["role"] == "none":
        qs = qs.filter(~Exists(running))
    elif values["role"]:
        qs = qs.filter(Exists(running.filter(role=values["role"])))
    sort = request.GET.get("sort") or "unit"
    order = ROSTER_SORTS.get(sort.lstrip("-"), ROSTER_SORTS["unit"])
    if sort.startswith("-"):
        order = tuple("-" + o for o in order)
    return form, values, qs.order_by(*order), sort


def _current_roles(employees) -> dict[int, list[Appointment]]:
    today = timezone.localdate()
    out: dict[int, list[Appointment]] = defaultdict(list)
    for a in (
        Appointment.objects.active_on(today)
        .filter(employee__in=[e.pk for e in employees])
        .select_related("unit")
        .order_by("start")
    ):
        out[a.employee_id].append(a)
    return out


@require_GET
def roster(request: HttpRequest) -> HttpResponse:
    form, values, qs, sort = _roster(request)
    page = page_of(request, qs)
    roles = _current_roles(page.object_list)
    for e in page.object_list:
        e.current = roles.get(e.pk, [])
    return render(
        request,
        "workforce/roster.html",
        {
            "form": form,
            "values": values,
            "page": page,
            "sort": sort,
            "query": query_without_page(request),
            "can_manage": can_manage(request.user),
        },
    )


@require_GET
def roster_export(request: HttpRequest) -> HttpResponse:
    _form, _values, qs, _sort = _roster(request)
    people = list(qs)
    roles = _current_roles(people)
    return xlsx_response(
        "kamr-roster",
        _("Roster"),
        [_("Employee number"), _("Name (Thai)"), _("Name (English)"), _("Position level"),
         _("Unit code"), _("Unit"), _("Phone"), _("E-mail"), _("User account"), _("Active"),
         _("Current appointments")],
        (
            [e.employee_number, e.name_th, e.name_en, e.position_level, e.unit.code,
             e.unit.name, e.phone, e.email, e.user.username if e.user else "", e.is_active,
             "; ".join(f"{a.get_role_display()} {a.unit.code}" for a in roles.get(e.pk, []))]
            for e in people
        ),
    )  # fmt: skip


def visible_bp_ids(user: User, bp_ids) -> set[int]:
    """The customers among `bp_ids` the user may open: a colleague's portfolio or a key
    account of the scope can hold a customer whose page is outside it (a 404 link)."""
    from crmplus.customers.models import BusinessPartner

    return set(
        BusinessPartner.objects.for_user(user)
        .filter(pk__in=set(bp_ids))
        .values_list("pk", flat=True)
    )


def employee_for(request: HttpRequest, pk: int) -> Employee:
    return get_object_or_404(
        Employee.objects.for_user(request.user).select_related("unit", "user"), pk=pk
    )


@require_GET
def employee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    e = employee_for(request, pk)
    today = timezone.localdate()
    appointments = list(
        Appointment.objects.filter(employee=e).select_related("unit", "replaces__employee")
    )
    records = list(
        TrainingRecord.objects.filter(employee=e).select_related("session__course", "session__unit")
    )
    # A session organised outside the user's scope (HQ's Key Account course seen by an
    # area admin) is a 404 there: list it without a link.
    visible_sessions = set(
        TrainingSession.objects.for_user(user)
        .filter(pk__in={r.session_id for r in records})
        .values_list("pk", flat=True)
    )
    due = next(
        (r for r in selectors.training_compliance(user=user, on=today) if r.employee.pk == e.pk),
        None,
    )
    return render(
        request,
        "workforce/employee.html",
        {
            "e": e,
            "appointments": appointments,
            "records": records,
            "visible_sessions": visible_sessions,
            "trained": any(
                r.passed and r.session.course.kind == CourseKind.KEY_ACCOUNT for r in records
            ),
            "due": due,
            "portfolio": selectors.portfolio(employee=e, on=today).count(),
            "can_manage": can_manage(user),
            "entries": history_entries(
                Employee.history.filter(id=e.pk),
                Appointment.history.filter(employee_id=e.pk),
                TrainingRecord.history.filter(employee_id=e.pk),
            ),
        },
    )


def _employee_values(form: EmployeeForm) -> dict:
    return dict(form.cleaned_data)


@require_http_methods(["GET", "POST"])
def employee_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    e = employee_for(request, pk) if pk else None
    if not can_manage(user):
        raise PermissionDenied(_("Only an area or HQ administrator edits the roster."))
    initial = {}
    if e is not None:
        initial = {f: getattr(e, f) for f in services.EMPLOYEE_FIELDS}
    else:
        initial = {"is_active": True, "unit": user.home_unit}
    form = EmployeeForm(request.POST or None, user=user, employee=e, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.employee_save(by=user, employee=e, **_employee_values(form))
        except ValidationError as err:
            form_errors_from(form, err)
        else:
            messages.success(request, _("The roster entry is saved."))
            return redirect(saved)
    return render(request, "workforce/employee_form.html", {"form": form, "e": e})


@require_GET
def portfolio(request: HttpRequest, pk: int) -> HttpResponse:
    e = employee_for(request, pk)
    today = timezone.localdate()
    rows = list(selectors.portfolio(employee=e, on=today))
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        rows = [
            a for a in rows
            if q in a.bp.bp_number or q.lower() in (a.bp.name_th or "").lower()
        ]  # fmt: skip
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"portfolio-{e.employee_number}",
            _("Portfolio"),
            [_("FY"), _("BP number"), _("Customer"), _("Office code"), _("Office"),
             _("Responsible KAMR"), _("Backup KAMR"), _("From")],
            (
                [a.fy, a.bp.bp_number, a.bp.name_th, a.office.code, a.office.name,
                 str(a.employee), str(a.backup or ""), a.start]
                for a in rows
            ),
            notes=[str(e)],
        )  # fmt: skip
    page = page_of(request, rows)
    return render(
        request,
        "workforce/portfolio.html",
        {
            "e": e,
            "page": page,
            "visible_bps": visible_bp_ids(request.user, [a.bp_id for a in page.object_list]),
            "n_responsible": sum(1 for a in rows if a.employee_id == e.pk),
            "n_backup": sum(1 for a in rows if a.backup_id == e.pk),
            "q": q,
            "query": query_without_page(request),
            "can_assign": can_assign(request.user),
            "today": today,
        },
    )
