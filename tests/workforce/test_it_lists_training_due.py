"""Training compliance (M-3.2): appointed KAMRs without a passed Key Account course are
due until their deadline (3 months, a setting), overdue after it."""

from crmplus.core.models import SettingValue
from crmplus.workforce.models import Course, CourseKind, TrainingSession
from crmplus.workforce.rules_settings import TRAINING_MONTHS
from crmplus.workforce.selectors import (
    training_compliance,
    training_due_list,
    training_overdue_list,
)
from crmplus.workforce.services import training_record_save
from tests.workforce.conftest import D, appoint, employee


def _session(org, kind=CourseKind.KEY_ACCOUNT, day=None):
    day = day or D(2026, 1, 20)
    course, _ = Course.objects.get_or_create(
        code=f"KA-{kind}", defaults={"name_th": "หลักสูตร Key Account", "kind": kind}
    )
    return TrainingSession.objects.create(course=course, unit=org.hq, starts_on=day, ends_on=day)


def test_it_lists_a_new_appointee_as_due_then_overdue(org, approvers):
    a = appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2025, 11, 30))
    due = training_due_list(user=org.area_admin_n1, on=D(2026, 2, 20))
    assert [(r.employee, r.due_on, r.days_left, r.remind) for r in due] == [
        (a.employee, D(2026, 2, 28), 8, True)
    ]
    assert training_overdue_list(user=org.area_admin_n1, on=D(2026, 2, 20)) == []
    overdue = training_overdue_list(user=org.area_admin_n1, on=D(2026, 3, 1))
    assert [(r.employee, r.days_left) for r in overdue] == [(a.employee, -1)]
    # Not in the reminder window yet two months before.
    assert not training_compliance(user=org.area_admin_n1, on=D(2025, 12, 1))[0].remind


def test_it_clears_the_person_once_they_pass_the_key_account_course(org, approvers):
    a = appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2025, 11, 30))
    refresher = _session(org, CourseKind.REFRESHER)
    training_record_save(session=refresher, employee=a.employee, attended_on=D(2026, 1, 20),
                         passed=True, by=org.area_admin_n1)  # fmt: skip
    assert len(training_compliance(user=org.hq_admin, on=D(2026, 2, 1))) == 1
    ka = _session(org)
    training_record_save(session=ka, employee=a.employee, attended_on=D(2026, 1, 20),
                         passed=False, score=40, by=org.area_admin_n1)  # fmt: skip
    assert len(training_compliance(user=org.hq_admin, on=D(2026, 2, 1))) == 1
    training_record_save(session=ka, employee=a.employee, attended_on=D(2026, 1, 20),
                         passed=True, score=85, by=org.area_admin_n1)  # fmt: skip
    assert training_compliance(user=org.hq_admin, on=D(2026, 2, 1)) == []


def test_it_uses_the_deadline_setting_and_scope(org, approvers):
    SettingValue.objects.create(key=TRAINING_MONTHS, effective_fy=2569, value=6)
    appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2025, 8, 31))  # FY2568
    c1 = appoint(org, approvers, employee(org, org.c1_office), org.c1_office, D(2025, 10, 31))
    rows = training_compliance(user=org.hq_admin, on=D(2026, 1, 1))
    assert {r.employee.unit.code: r.due_on for r in rows} == {
        "N1-OF1": D(2025, 11, 30),  # FY2568: 3 months
        "C1-OF1": D(2026, 4, 30),  # FY2569: 6 months
    }
    assert [r.employee for r in training_compliance(user=org.kamr_c1, on=D(2026, 1, 1))] == [
        c1.employee
    ]
    assert training_compliance(user=org.hq_admin, on=D(2026, 1, 1), unit=org.c1)[0].employee == (
        c1.employee
    )


def test_it_counts_a_replacements_own_appointment(org, approvers):
    old = appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2025, 10, 1))
    training_record_save(session=_session(org, day=D(2025, 12, 1)), employee=old.employee,
                         attended_on=D(2025, 12, 1), passed=True, by=org.hq_admin)  # fmt: skip
    new = appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2026, 3, 16),
                  replaces=old)  # fmt: skip
    rows = training_compliance(user=org.hq_admin, on=D(2026, 4, 1))
    assert [(r.employee, r.due_on) for r in rows] == [(new.employee, D(2026, 6, 16))]
