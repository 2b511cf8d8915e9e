"""Training screens: courses and sessions, attendance and score entry, the XLSX import
(all or nothing, with the rows at fault), the due/overdue lists of the Key Account
course (M-3.2: within 3 months of appointment) and the yearly status per person."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from crmplus.core.fiscal import fiscal_year, fiscal_year_bounds
from crmplus.core.history import history_entries
from crmplus.risk.selectors import scope_unit, scope_units
from crmplus.workforce import selectors, services, services_training
from crmplus.workforce.exports import xlsx_response
from crmplus.workforce.forms import (
    CourseForm,
    ImportForm,
    RecordForm,
    SessionForm,
    form_errors_from,
)
from crmplus.workforce.models import (
    Appointment,
    Course,
    CourseKind,
    Employee,
    TrainingRecord,
    TrainingSession,
)
from crmplus.workforce.rules_settings import training_months
from crmplus.workforce.views import can_manage, page_of, query_without_page


@require_GET
def training_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    sessions = TrainingSession.objects.for_user(user).select_related("course", "unit")
    sessions = sessions.annotate(
        n=Count("records"), n_passed=Count("records", filter=Q(records__passed=True))
    )
    course = str(request.GET.get("course") or "")
    if course.isdigit() and len(course) < 18:
        sessions = sessions.filter(course_id=int(course))
    year = str(request.GET.get("fy") or "")
    if year.isdigit() and len(year) == 4 and 2400 < int(year) < 2700:
        first, last = fiscal_year_bounds(int(year))
        sessions = sessions.filter(starts_on__range=(first, last))
    today = timezone.localdate()
    training = selectors.training_compliance(user=user, on=today)
    return render(
        request,
        "workforce/training.html",
        {
            "courses": Course.objects.annotate(n=Count("sessions")),
            "page": page_of(request, sessions.order_by("-starts_on", "pk")),
            "course": course,
            "fy": year,
            "years": list(range(fiscal_year(today) + 1, fiscal_year(today) - 7, -1)),
            "query": query_without_page(request),
            "n_due": sum(1 for r in training if not r.overdue),
            "n_overdue": sum(1 for r in training if r.overdue),
            "can_manage": can_manage(user),
        },
    )


@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    course = get_object_or_404(Course, pk=pk) if pk else None
    if not can_manage(user):
        raise PermissionDenied(_("Only an area or HQ administrator edits courses."))
    initial = {"is_active": True}
    if course is not None:
        initial = {f: getattr(course, f) for f in services_training.COURSE_FIELDS}
    form = CourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_training.course_save(by=user, course=course, **form.cleaned_data)
        except ValidationError as err:
            form_errors_from(form, err)
        else:
            messages.success(request, _("The course is saved."))
            return redirect("workforce:training")
    return render(request, "workforce/course_form.html", {"form": form, "course": course})


def _session(request: HttpRequest, pk: int) -> TrainingSession:
    return get_object_or_404(
        TrainingSession.objects.for_user(request.user).select_related("course", "unit"), pk=pk
    )


@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    session = _session(request, pk) if pk else None
    if not can_manage(user):
        raise PermissionDenied(_("Only an area or HQ administrator organises training."))
    initial = {"unit": user.home_unit, "starts_on": timezone.localdate()}
    if session is not None:
        initial = {
            "course": session.course, "unit": session.unit, "starts_on": session.starts_on,
            "ends_on": session.ends_on, "location": session.location,
        }  # fmt: skip
    else:
        course = str(request.GET.get("course") or "")
        if course.isdigit() and len(course) < 18:
            initial["course"] = Course.objects.filter(pk=int(course)).first()
    form = SessionForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services_training.session_save(by=user, session=session, **form.cleaned_data)
        except ValidationError as err:
            form_errors_from(form, err)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("workforce:session", pk=saved.pk)
    return render(request, "workforce/session_form.html", {"form": form, "session": session})


PASSED = {"yes": True, "no": False, "": None}


@require_http_methods(["GET", "POST"])
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    session = _session(request, pk)
    record_form = RecordForm(prefix="rec", initial={"attended_on": session.starts_on})
    import_form = ImportForm(prefix="imp")
    import_errors: list[tuple[int, str]] = []
    if request.method == "POST":
        if not can_manage(user):
            raise PermissionDenied(_("Only an area or HQ administrator records training."))
        action = request.POST.get("action")
        if action == "record":
            record_form = RecordForm(request.POST, prefix="rec")
            if record_form.is_valid():
                d = record_form.cleaned_data
                person = (
                    Employee.objects.for_user(user)
                    .filter(employee_number=d["employee_number"].strip())
                    .first()
                )
                if person is None:
                    record_form.add_error(
                        "employee_number", _("No one with this number on the roster in your scope.")
                    )
                else:
                    try:
                        services.training_record_save(
                            session=session, employee=person, attended_on=d["attended_on"],
                            passed=PASSED.get(d["passed"] or ""), score=d["score"], by=user,
                        )  # fmt: skip
                    except ValidationError as err:
                        form_errors_from(record_form, err)
                    else:
                        messages.success(request, _("The attendance is recorded."))
                        return redirect("workforce:session", pk=session.pk)
        elif action == "import":
            import_form = ImportForm(request.POST, request.FILES, prefix="imp")
            if import_form.is_valid():
                try:
                    result = services_training.training_import(
                        session=session, handle=import_form.cleaned_data["file"], by=user
                    )
                except ValidationError as err:
                    form_errors_from(import_form, err)
                else:
                    if result.ok:
                        messages.success(
                            request,
                            _("%(n)s rows imported.") % {"n": result.saved},
                        )
                        return redirect("workforce:session", pk=session.pk)
                    import_errors = result.errors
        else:
            messages.error(request, _("Choose what to do."))
            return redirect("workforce:session", pk=session.pk)
    records = TrainingRecord.objects.for_user(user).filter(session=session)
    records = records.select_related("employee__unit").order_by("employee__employee_number")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"training-{session.pk}",
            _("Attendance"),
            ["employee_number", "name", "unit", "attended_on", "passed", "score"],
            (
                [r.employee.employee_number, r.employee.name_th, r.employee.unit.code,
                 r.attended_on, "" if r.passed is None else ("yes" if r.passed else "no"),
                 r.score]
                for r in records
            ),
        )  # fmt: skip
    return render(
        request,
        "workforce/session.html",
        {
            "session": session,
            "page": page_of(request, records),
            "record_form": record_form,
            "import_form": import_form,
            "import_errors": import_errors,
            "can_manage": can_manage(user),
            "entries": history_entries(TrainingSession.history.filter(id=session.pk)),
        },
    )


@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty sheet with the import columns and one example row."""
    return xlsx_response(
        "training-import-template",
        _("Attendance"),
        list(services_training.IMPORT_COLUMNS),
        [["4900xxxx", timezone.localdate(), "yes", 85]],
    )


def _due(request: HttpRequest):
    user = request.user
    unit = scope_unit(user, request.GET.get("unit"))
    which = request.GET.get("which") or "all"
    rows = selectors.training_compliance(user=user, on=timezone.localdate(), unit=unit)
    if which == "due":
        rows = [r for r in rows if not r.overdue]
    elif which == "overdue":
        rows = [r for r in rows if r.overdue]
    elif which == "remind":
        rows = [r for r in rows if r.remind]
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        rows = [
            r for r in rows
            if q in r.employee.employee_number or q.lower() in r.employee.name_th.lower()
        ]  # fmt: skip
    return rows, unit, which, q


@require_GET
def training_due(request: HttpRequest) -> HttpResponse:
    rows, unit, which, q = _due(request)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "training-due",
            _("Training due"),
            [_("Employee number"), _("Name"), _("Unit"), _("Role"), _("Appointed"), _("Due"),
             _("Days left"), _("Overdue")],
            (
                [r.employee.employee_number, r.employee.name_th, r.appointment.unit.code,
                 r.appointment.get_role_display(), r.appointed_on, r.due_on, r.days_left,
                 r.overdue]
                for r in rows
            ),
        )  # fmt: skip
    return render(
        request,
        "workforce/training_due.html",
        {
            "page": page_of(request, rows),
            "unit": unit,
            "units": scope_units(request.user),
            "which": which,
            "q": q,
            "query": query_without_page(request),
            "training_months": training_months(fiscal_year(timezone.localdate())),
        },
    )


def _status(request: HttpRequest):
    """Per person appointed during the fiscal year: the Key Account course (ever), the
    year's refresher and the year's test."""
    user = request.user
    today = timezone.localdate()
    raw = str(request.GET.get("fy") or "")
    fy = (
        int(raw)
        if raw.isdigit() and len(raw) == 4 and 2400 < int(raw) < 2700
        else fiscal_year(today)
    )
    first, last = fiscal_year_bounds(fy)
    unit = scope_unit(user, request.GET.get("unit"))
    appointments = selectors._in_unit(
        Appointment.objects.for_user(user).overlapping(first, last), unit, "unit"
    ).select_related("employee__unit", "unit")
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        appointments = appointments.filter(
            Q(employee__employee_number__icontains=q)
            | Q(employee__name_th__icontains=q)
            | Q(employee__name_en__icontains=q)
        )
    people: dict[int, dict] = {}
    for a in appointments.order_by("unit__path", "employee__employee_number"):
        row = people.setdefault(
            a.employee_id,
            {"e": a.employee, "roles": [], "ka": None, "refresher": None, "test": None},
        )
        label = f"{a.get_role_display()} {a.unit.code}"
        if label not in row["roles"]:
            row["roles"].append(label)
    # A subquery, not an IN list of every person in scope (~700 at HQ).
    records = TrainingRecord.objects.filter(
        employee_id__in=appointments.order_by().values("employee_id")
    ).select_related("session__course")
    best: dict[tuple[int, str], TrainingRecord] = defaultdict(lambda: None)
    for r in records.order_by("attended_on"):
        kind = r.session.course.kind
        key = (r.employee_id, kind)
        if kind == CourseKind.KEY_ACCOUNT:
            if r.passed and best[key] is None:
                best[key] = r
        elif first <= r.attended_on <= last:
            current = best[key]
            if (
                current is None
                or (r.passed and not current.passed)
                or (
                    (r.score or 0) > (current.score or 0) and bool(r.passed) >= bool(current.passed)
                )
            ):
                best[key] = r
    rows = []
    for pid, row in people.items():
        row["ka"] = best[(pid, CourseKind.KEY_ACCOUNT)]
        row["refresher"] = best[(pid, CourseKind.REFRESHER)]
        row["test"] = best[(pid, CourseKind.TEST)]
        row["complete"] = bool(
            row["ka"] and row["refresher"] and row["test"] and row["test"].passed
        )
        rows.append(row)
    show = request.GET.get("show") or ""
    if show == "incomplete":
        rows = [r for r in rows if not r["complete"]]
    elif show == "complete":
        rows = [r for r in rows if r["complete"]]
    return rows, fy, unit, show, q


@require_GET
def training_status(request: HttpRequest) -> HttpResponse:
    rows, fy, unit, show, q = _status(request)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"training-status-{fy}",
            _("Training status"),
            [_("Employee number"), _("Name"), _("Unit"), _("Appointments"),
             _("Key Account course passed"), _("Refresher attended"), _("Test score"),
             _("Test passed"), _("Complete")],
            (
                [r["e"].employee_number, r["e"].name_th, r["e"].unit.code, "; ".join(r["roles"]),
                 r["ka"].attended_on if r["ka"] else None,
                 r["refresher"].attended_on if r["refresher"] else None,
                 r["test"].score if r["test"] else None,
                 bool(r["test"] and r["test"].passed), r["complete"]]
                for r in rows
            ),
            notes=[_("Training and testing status FY%(fy)s") % {"fy": fy}],
        )  # fmt: skip
    today = timezone.localdate()
    return render(
        request,
        "workforce/training_status.html",
        {
            "page": page_of(request, rows),
            "fy": fy,
            "years": list(range(fiscal_year(today) + 1, fiscal_year(today) - 7, -1)),
            "unit": unit,
            "units": scope_units(request.user),
            "show": show,
            "q": q,
            "query": query_without_page(request),
            "n_complete": sum(1 for r in rows if r["complete"]),
        },
    )
