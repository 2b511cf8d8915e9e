"""Workforce screens: every page renders in scope, another area's record is a 404, a
write needs the role, service errors show on the form with nothing saved, and the
coverage on the dashboard follows appointments and assignments."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from crmplus.approvals.services import approval_approve, approval_for
from crmplus.workforce.models import (
    AccountAssignment,
    AllowanceLedger,
    Appointment,
    Course,
    Employee,
    TrainingSession,
)
from tests.workforce.conftest import D, appoint, employee, key_account

TODAY = timezone.localdate()


def _english(user):
    """Pages follow the user's language (Thai by default)."""
    user.language = "en"
    user.save()


def _xlsx(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(book.worksheets[0].iter_rows(values_only=True))


@pytest.mark.parametrize(
    "name",
    ["home", "coverage", "unassigned", "roster", "appointments", "training", "training_due",
     "training_status", "ledgers", "duties"],
)  # fmt: skip
def test_every_list_renders_for_every_role(client, org, name):
    for user in (org.hq_admin, org.area_admin_n1, org.kamr_n1, org.auditor):
        client.force_login(user)
        assert client.get(reverse(f"workforce:{name}")).status_code == 200, (name, user)


def test_the_roster_filters_sorts_and_exports(client, org, approvers):
    a = employee(org, org.n1_office, name="อนุชา ทดสอบ")
    appoint(org, approvers, a, org.n1_office, D(2025, 10, 1))
    employee(org, org.n1, name="พีระพงษ์ ทดสอบ")
    employee(org, org.c1_office, name="ประเสริฐ อื่น")
    client.force_login(org.area_admin_n1)
    r = client.get(reverse("workforce:roster"))
    assert r.context["page"].paginator.count == 2  # C1's employee is out of scope
    r = client.get(reverse("workforce:roster"), {"role": "kamr_office", "sort": "-name"})
    assert [e.pk for e in r.context["page"].object_list] == [a.pk]
    r = client.get(reverse("workforce:roster"), {"role": "none"})
    assert [e.name_th for e in r.context["page"].object_list] == ["พีระพงษ์ ทดสอบ"]
    rows = _xlsx(client.get(reverse("workforce:roster_export"), {"q": "อนุชา"}))
    assert rows[1][0] == a.employee_number and "KAMR" in rows[1][-1]
    other = Employee.objects.get(unit=org.c1_office)
    assert client.get(reverse("workforce:employee", args=[other.pk])).status_code == 404


def test_the_roster_form_shows_clear_errors_and_saves_nothing(client, org):
    existing = employee(org, org.n1_office)
    _english(org.area_admin_n1)
    client.force_login(org.area_admin_n1)
    data = {"employee_number": existing.employee_number, "name_th": "ซ้ำ", "position_level": 5,
            "unit": org.n1_office.pk, "is_active": "on"}  # fmt: skip
    with translation.override("en"):
        r = client.post(reverse("workforce:employee_create"), data)
    assert r.status_code == 200
    assert r.context["form"].errors["employee_number"] == [
        f"Employee number {existing.employee_number} is already on the roster."
    ]
    assert Employee.objects.count() == 1
    data["employee_number"] = "777001"
    r = client.post(reverse("workforce:employee_create"), data)
    saved = Employee.objects.get(employee_number="777001")
    assert r.status_code == 302 and r["Location"] == reverse("workforce:employee", args=[saved.pk])
    client.force_login(org.kamr_n1)
    assert client.get(reverse("workforce:employee_create")).status_code == 403


def test_appoint_approve_assign_and_the_coverage_clears(client, org, approvers):
    person = employee(org, org.n1_office)
    ka = key_account(org, org.bp_n1, org.n1_office, org.n1, fy=2569)
    _english(org.area_admin_n1)
    client.force_login(org.area_admin_n1)
    home = client.get(reverse("workforce:home"), {"fy": 2569}).context
    assert [r.office for r in home["cov"].missing] == [org.n1_office]
    assert home["cov"].unassigned == 1
    # An inverted range is a field error; nothing saved.
    data = {"employee": person.pk, "role": "kamr_office", "unit": org.n1_office.pk,
            "start": "2025-10-01", "end": "2025-09-01", "submit_now": "1"}  # fmt: skip
    with translation.override("en"):
        r = client.post(reverse("workforce:appointment_create"), data)
    assert "is before the start date" in r.context["form"].errors["end"][0]
    assert not Appointment.objects.exists()
    data["end"] = ""
    r = client.post(reverse("workforce:appointment_create"), data)
    a = Appointment.objects.get()
    assert r["Location"] == reverse("workforce:appointment", args=[a.pk])
    assert a.status == "submitted"
    # C1's approver is not the right approver for N1; N1's is.
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        approval_approve(request=approval_for(a), by=approvers.c1)
    approval_approve(request=approval_for(a), by=approvers.n1)
    page = client.get(reverse("workforce:appointment", args=[a.pk]))
    assert page.context["a"].status == "approved"
    assert client.get(reverse("workforce:home"), {"fy": 2569}).context["cov"].missing == []
    # Assign the key account: the warning about unassigned accounts clears.
    r = client.post(reverse("workforce:assign", args=[ka.pk]),
                    {"employee": person.pk, "start": TODAY.isoformat()})  # fmt: skip
    assert r.status_code == 302
    assert AccountAssignment.objects.get().employee == person
    assert client.get(reverse("workforce:home"), {"fy": 2569}).context["cov"].unassigned == 0
    r = client.get(reverse("workforce:portfolio", args=[person.pk]))
    assert r.context["n_responsible"] == 1
    # The new appointee is on the training-due list.
    due = client.get(reverse("workforce:training_due")).context["page"].object_list
    assert [row.employee for row in due] == [person]


def test_ending_and_replacing_from_the_appointment_page(client, org, approvers):
    old = appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2025, 10, 1))
    successor = employee(org, org.n1_office)
    _english(org.area_admin_n1)
    client.force_login(org.area_admin_n1)
    with translation.override("en"):
        r = client.post(reverse("workforce:appointment", args=[old.pk]),
                        {"action": "end", "end-end": "2025-09-01"})  # fmt: skip
    assert "is before the start date" in str(r.context["end_form"].errors)
    old.refresh_from_db()
    assert old.status == "approved"
    r = client.post(reverse("workforce:appointment_replace", args=[old.pk]),
                    {"employee": successor.pk, "start": "2026-01-16"})  # fmt: skip
    new = Appointment.objects.get(employee=successor)
    assert r["Location"] == reverse("workforce:appointment", args=[new.pk])
    assert (new.replaces, new.status) == (old, "submitted")
    approval_approve(request=approval_for(new), by=approvers.n1)
    old.refresh_from_db()
    assert (old.status, old.end) == ("ended", D(2026, 1, 15))


def test_bulk_reassignment_of_a_selection(client, org, approvers):
    from tests.factories import BusinessPartnerFactory

    a = appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2025, 10, 1))
    b = appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2025, 10, 1))
    bp2 = BusinessPartnerFactory(home_office=org.n1_office)
    kas = [key_account(org, bp, org.n1_office, org.n1, fy=2569) for bp in (org.bp_n1, bp2)]
    from crmplus.workforce.services import assignment_set

    rows = [assignment_set(key_account=ka, employee=a.employee, start=D(2025, 10, 1),
                           by=org.area_admin_n1) for ka in kas]  # fmt: skip
    client.force_login(org.senior_n1)
    page = client.get(reverse("workforce:reassign", args=[a.employee.pk]))
    assert len(page.context["held"]) == 2
    r = client.post(reverse("workforce:reassign", args=[a.employee.pk]),
                    {"to_employee": b.employee.pk, "on": TODAY.isoformat(),
                     "assignment": [rows[0].pk]})  # fmt: skip
    assert r["Location"] == reverse("workforce:portfolio", args=[b.employee.pk])
    open_now = AccountAssignment.objects.open_on(TODAY)
    assert {(x.bp_id, x.employee_id) for x in open_now} == {
        (org.bp_n1.pk, b.employee.pk), (bp2.pk, a.employee.pk),
    }  # fmt: skip
    # Nothing selected: a clear error, nothing moves.
    _english(org.senior_n1)
    with translation.override("en"):
        r = client.post(reverse("workforce:reassign", args=[a.employee.pk]),
                        {"to_employee": b.employee.pk, "on": TODAY.isoformat()})  # fmt: skip
    assert "Select at least one" in str(r.context["form"].non_field_errors())


def test_training_pages_record_and_import(client, org, approvers):
    person = employee(org, org.n1_office)
    client.force_login(org.area_admin_n1)
    r = client.post(reverse("workforce:course_create"),
                    {"code": "KA", "name_th": "หลักสูตร Key Account", "kind": "key_account",
                     "is_active": "on"})  # fmt: skip
    course = Course.objects.get()
    r = client.post(reverse("workforce:session_create"),
                    {"course": course.pk, "unit": org.n1.pk, "starts_on": "2026-02-10",
                     "ends_on": "2026-02-09"})  # fmt: skip
    assert "ends_on" in r.context["form"].errors and not TrainingSession.objects.exists()
    r = client.post(reverse("workforce:session_create"),
                    {"course": course.pk, "unit": org.n1.pk, "starts_on": "2026-02-10",
                     "ends_on": "2026-02-11"})  # fmt: skip
    session = TrainingSession.objects.get()
    url = reverse("workforce:session", args=[session.pk])
    r = client.post(url, {"action": "record", "rec-employee_number": person.employee_number,
                          "rec-attended_on": "2026-02-10", "rec-passed": "yes",
                          "rec-score": "77"})  # fmt: skip
    assert r.status_code == 302 and session.records.get().score == 77
    bad = io.BytesIO()
    import xlsxwriter

    book = xlsxwriter.Workbook(bad, {"in_memory": True})
    ws = book.add_worksheet()
    ws.write_row(0, 0, ["employee_number", "attended_on", "passed", "score"])
    ws.write_row(1, 0, ["000", "2026-02-10", "yes", 50])
    book.close()
    bad.seek(0)
    bad.name = "x.xlsx"
    r = client.post(url, {"action": "import", "imp-file": bad})
    assert r.status_code == 200 and r.context["import_errors"][0][0] == 2
    rows = _xlsx(client.get(url, {"format": "xlsx"}))
    assert rows[1][0] == person.employee_number and rows[1][4] == "yes"
    status = client.get(reverse("workforce:training_status"), {"fy": 2569}).context
    assert status["page"].paginator.count == 0  # not appointed
    client.force_login(org.senior_n1)  # sees the session, may not record
    assert client.post(url, {"action": "record"}).status_code == 403
    client.force_login(org.kamr_c1)
    assert client.get(url).status_code == 404


def test_allowance_pages_build_submit_and_export(client, org, approvers):
    appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2025, 10, 16))
    client.force_login(org.area_admin_n1)
    r = client.post(reverse("workforce:ledgers"), {"build-unit": org.n1.pk,
                                                   "build-month": "2025-10"})  # fmt: skip
    ledger = AllowanceLedger.objects.get()
    assert r["Location"] == reverse("workforce:ledger", args=[ledger.pk])
    page = client.get(r["Location"])
    assert page.context["n"] == 1 and b"500.00" in page.content
    rows = _xlsx(client.get(reverse("workforce:ledger_export", args=[ledger.pk])))
    assert any("500.00" in str(row[0]) for row in rows[:3])  # the rule used, on top
    assert rows[-1][5] == 500
    client.post(reverse("workforce:ledger", args=[ledger.pk]), {"action": "submit"})
    ledger.refresh_from_db()
    assert ledger.status == "submitted" and approval_for(ledger) is not None
    client.force_login(org.area_admin_c1)
    assert client.get(reverse("workforce:ledger", args=[ledger.pk])).status_code == 404


def test_the_duties_page_ticks_a_duty(client, org, approvers):
    person = employee(org, org.n1, user=org.senior_n1)
    appoint(org, approvers, person, org.n1, D(2025, 10, 1), role="senior")
    client.force_login(org.senior_n1)
    r = client.get(reverse("workforce:duties"), {"period": "2569-Q2"})
    assert [row["e"] for row in r.context["page"].object_list] == [person]
    data = {"employee": person.pk, "duty": "plans", "period": "2569-Q2", "action": "done"}
    r = client.post(reverse("workforce:duties"), data)
    assert r.status_code == 302
    r = client.get(reverse("workforce:duties"), {"period": "2569-Q2"})
    assert r.context["page"].object_list[0]["done"] == 1
    rows = _xlsx(client.get(reverse("workforce:duties"), {"period": "2569-Q2", "format": "xlsx"}))
    assert rows[3][0] == person.employee_number and rows[3][-1] == "1/3"
