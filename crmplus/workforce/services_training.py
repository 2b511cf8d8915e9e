"""Writes of the training catalogue: courses, sessions, and the XLSX import of
attendance and scores (all or nothing, with a report of the rows at fault)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crmplus.core.models import OrgUnit, User
from crmplus.core.scoping import unit_ids_for
from crmplus.workforce.models import Course, Employee, TrainingSession
from crmplus.workforce.services import (
    MANAGE_ROLES,
    _require_role,
    _require_unit_in_scope,
    training_record_save,
)

COURSE_FIELDS = {"code", "name_th", "name_en", "kind", "is_active"}
IMPORT_COLUMNS = ("employee_number", "attended_on", "passed", "score")
IMPORT_MAX_ROWS = 5000


def course_save(*, by: User, course: Course | None = None, **fields: Any) -> Course:
    """Create or change a course (HQ and area admins; the catalogue is shared)."""
    _require_role(by, MANAGE_ROLES, _("Only an area or HQ administrator edits courses."))
    unknown = set(fields) - COURSE_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    course = course or Course()
    for name, value in fields.items():
        setattr(course, name, value.strip() if isinstance(value, str) else value)
    if Course.objects.filter(code=course.code).exclude(pk=course.pk).exists():
        raise ValidationError(
            {"code": _("Course code %(c)s is already used.") % {"c": course.code}}
        )
    course.full_clean()
    with transaction.atomic():
        course.save()
    return course


def session_save(
    *,
    by: User,
    session: TrainingSession | None = None,
    course: Course,
    unit: OrgUnit,
    starts_on: dt.date,
    ends_on: dt.date,
    location: str = "",
) -> TrainingSession:
    """Create or change a training session organised by a unit in the user's scope."""
    _require_role(by, MANAGE_ROLES, _("Only an area or HQ administrator organises training."))
    _require_unit_in_scope(by, unit, "unit")
    if session is not None:
        _require_unit_in_scope(by, session.unit, "unit")
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError(
            {
                "ends_on": _("The end date (%(end)s) is before the start date (%(start)s).")
                % {"end": ends_on.isoformat(), "start": starts_on.isoformat()}
            }
        )
    session = session or TrainingSession()
    session.course = course
    session.unit = unit
    session.starts_on = starts_on
    session.ends_on = ends_on
    session.location = (location or "").strip()
    session.full_clean()
    with transaction.atomic():
        session.save()
    return session


@dataclass
class ImportResult:
    saved: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)

    @property
    def ok(self) -> bool:
        return not self.errors


def _cell_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


PASSED_WORDS = {
    "yes": True, "y": True, "true": True, "1": True, "pass": True, "passed": True, "ผ่าน": True,
    "no": False, "n": False, "false": False, "0": False, "fail": False, "failed": False,
    "ไม่ผ่าน": False,
}  # fmt: skip


def _read_rows(handle: BinaryIO) -> list[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable upload is one clear error
        raise ValidationError({"file": _("This file is not an XLSX workbook.")}) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise ValidationError({"file": _("The workbook is empty.")})
    names = [str(h or "").strip().lower() for h in header]
    missing = [c for c in ("employee_number", "attended_on") if c not in names]
    if missing:
        raise ValidationError(
            {
                "file": _("Missing columns: %(cols)s (the first row names the columns: %(all)s).")
                % {"cols": ", ".join(missing), "all": ", ".join(IMPORT_COLUMNS)}
            }
        )
    out = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        out.append((number, dict(zip(names, values, strict=False))))
        if len(out) > IMPORT_MAX_ROWS:
            raise ValidationError(
                {"file": _("At most %(n)s rows per import.") % {"n": IMPORT_MAX_ROWS}}
            )
    book.close()
    return out


def training_import(*, session: TrainingSession, handle: BinaryIO, by: User) -> ImportResult:
    """Attendance and scores of one session from an XLSX sheet with the columns
    employee_number, attended_on (a date), passed (yes/no, ผ่าน/ไม่ผ่าน, blank) and
    score (0–100, blank). Every row is checked first; with any error nothing is saved
    and the result lists each row at fault."""
    _require_role(by, MANAGE_ROLES, _("Only an area or HQ administrator records training."))
    result = ImportResult()
    rows = _read_rows(handle)
    if not rows:
        raise ValidationError({"file": _("The sheet has no rows under its header.")})
    ids = unit_ids_for(by)
    numbers = {str(r.get("employee_number") or "").strip() for _n, r in rows}
    people = {
        e.employee_number: e
        for e in Employee.objects.filter(employee_number__in=numbers).select_related("unit")
    }
    planned = []
    seen: dict[str, int] = {}
    for number, row in rows:
        raw_number = row.get("employee_number")
        if isinstance(raw_number, float) and raw_number.is_integer():
            raw_number = int(raw_number)
        emp_no = str(raw_number or "").strip()
        problems = []
        person = people.get(emp_no)
        if not emp_no:
            problems.append(_("no employee number"))
        elif person is None or (ids is not None and person.unit_id not in ids):
            problems.append(_("employee %(n)s is not on the roster in your scope") % {"n": emp_no})
        elif emp_no in seen:
            problems.append(
                _("employee %(n)s is already on row %(row)s") % {"n": emp_no, "row": seen[emp_no]}
            )
        seen.setdefault(emp_no, number)
        attended = _cell_date(row.get("attended_on"))
        if attended is None:
            problems.append(_("attended_on is not a date (YYYY-MM-DD)"))
        elif not session.starts_on <= attended <= session.ends_on:
            problems.append(
                _("attended_on %(d)s is outside the session (%(a)s – %(b)s)")
                % {
                    "d": attended.isoformat(),
                    "a": session.starts_on.isoformat(),
                    "b": session.ends_on.isoformat(),
                }
            )
        raw_passed = row.get("passed")
        passed = None
        if isinstance(raw_passed, bool):
            passed = raw_passed
        elif raw_passed not in (None, ""):
            key = str(raw_passed).strip().lower()
            if key.endswith(".0"):
                key = key[:-2]
            if key not in PASSED_WORDS:
                problems.append(_("passed must be yes or no, not %(v)s") % {"v": raw_passed})
            else:
                passed = PASSED_WORDS[key]
        raw_score = row.get("score")
        score = None
        if raw_score not in (None, ""):
            try:
                score = Decimal(str(raw_score).strip()).quantize(Decimal("0.01"))
            except (InvalidOperation, ValueError):
                problems.append(_("score %(v)s is not a number") % {"v": raw_score})
            else:
                if not Decimal(0) <= score <= Decimal(100):
                    problems.append(_("score %(v)s is not between 0 and 100") % {"v": raw_score})
        if problems:
            result.errors.append((number, "; ".join(str(p) for p in problems)))
        else:
            planned.append((number, person, attended, passed, score))
    if result.errors:
        return result
    with transaction.atomic():
        for number, person, attended, passed, score in planned:
            try:
                training_record_save(
                    session=session, employee=person, attended_on=attended, passed=passed,
                    score=score, by=by,
                )  # fmt: skip
            except ValidationError as e:
                result.errors.append((number, "; ".join(e.messages)))
        if result.errors:
            transaction.set_rollback(True)
            return result
    result.saved = len(planned)
    return result
