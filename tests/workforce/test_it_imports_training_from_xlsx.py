"""Attendance and scores from XLSX: all or nothing, every row at fault reported."""

import io

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from crmplus.workforce.models import Course, TrainingRecord, TrainingSession
from crmplus.workforce.services_training import training_import
from tests.workforce.conftest import D, employee


def _sheet(rows, header=("employee_number", "attended_on", "passed", "score")) -> io.BytesIO:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet()
    ws.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        ws.write_row(r, 0, row)
    book.close()
    buffer.seek(0)
    return buffer


@pytest.fixture
def session(org):
    course = Course.objects.create(code="KA", name_th="หลักสูตร Key Account", kind="key_account")
    return TrainingSession.objects.create(
        course=course, unit=org.n1, starts_on=D(2026, 2, 10), ends_on=D(2026, 2, 11)
    )


def test_it_imports_every_row(org, session):
    a = employee(org, org.n1_office)
    b = employee(org, org.n1_office)
    rows = [
        [a.employee_number, "2026-02-10", "ผ่าน", 88],
        [b.employee_number, "2026-02-11", "no", ""],
    ]
    result = training_import(session=session, handle=_sheet(rows), by=org.area_admin_n1)
    assert result.ok and result.saved == 2
    got = {r.employee_id: (r.attended_on, r.passed, r.score) for r in TrainingRecord.objects.all()}
    assert got == {a.pk: (D(2026, 2, 10), True, 88), b.pk: (D(2026, 2, 11), False, None)}
    # Importing again corrects, never duplicates.
    rows = [[a.employee_number, "2026-02-10", "yes", 91.5]]
    assert training_import(session=session, handle=_sheet(rows), by=org.area_admin_n1).saved == 1
    assert TrainingRecord.objects.count() == 2
    assert TrainingRecord.objects.get(employee=a).score == pytest.approx(91.5)


def test_it_saves_nothing_when_a_row_is_wrong(org, session):
    a = employee(org, org.n1_office)
    other_area = employee(org, org.c1_office)
    rows = [
        [a.employee_number, "2026-02-10", "yes", 80],  # fine
        ["99999999", "2026-02-10", "yes", 80],  # not on the roster
        [a.employee_number, "2026-02-11", "yes", 70],  # twice
        [other_area.employee_number, "2026-02-10", "yes", 80],  # outside N1's scope
        [a.employee_number, "2026-03-01", "maybe", 120],  # date, passed and score wrong
    ]
    # The messages are read in English (Thai is the site default).
    with translation.override("en"):
        result = training_import(session=session, handle=_sheet(rows), by=org.area_admin_n1)
    assert not result.ok and result.saved == 0
    assert [n for n, _msg in result.errors] == [3, 4, 5, 6]
    messages = dict(result.errors)
    assert "not on the roster" in messages[3] and "already on row 2" in messages[4]
    assert "not on the roster" in messages[5]
    assert all(w in messages[6] for w in ("outside the session", "maybe", "between 0 and 100"))
    assert TrainingRecord.objects.count() == 0


def test_it_refuses_a_file_that_is_not_a_sheet_or_lacks_columns(org, session):
    with pytest.raises(ValidationError) as e:
        training_import(session=session, handle=io.BytesIO(b"not xlsx"), by=org.hq_admin)
    assert "file" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        training_import(session=session, handle=_sheet([], header=("name",)), by=org.hq_admin)
    assert "employee_number" in str(e.value)
    with pytest.raises(PermissionDenied):
        training_import(session=session, handle=_sheet([]), by=org.kamr_n1)
