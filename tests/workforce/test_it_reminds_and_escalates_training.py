"""Training reminders and escalations (M-3.2), a daily job: a reminder to the appointee
before the deadline, an escalation to the Senior KAMR and the area admin once overdue;
never twice for the same person and stage."""

from django.core import mail
from django.utils import translation

from crmplus.approvals.models import Notification
from crmplus.core.scheduler import run_daily_jobs
from crmplus.workforce.models import Course, TrainingNotice, TrainingSession
from crmplus.workforce.notices import escalation_recipients, training_notices_run
from crmplus.workforce.services import training_record_save
from tests.workforce.conftest import D, appoint, employee

APPOINTED = D(2025, 11, 30)  # due 28 Feb 2026 (3 months, clamped)


def _setup(org, approvers):
    person = employee(org, org.n1_office, user=org.kamr_n1, email="kamr@example.com")
    org.kamr_n1.email = "kamr@example.com"
    org.kamr_n1.save()
    appoint(org, approvers, person, org.n1_office, APPOINTED)
    return person


def test_it_reminds_before_the_deadline_once(org, approvers):
    person = _setup(org, approvers)
    assert training_notices_run(D(2026, 2, 1)) == "0 reminders, 0 escalations"  # 27 days left
    assert training_notices_run(D(2026, 2, 14)) == "1 reminders, 0 escalations"  # 14 days left
    notice = TrainingNotice.objects.get()
    assert (notice.employee, notice.due_on, notice.stage) == (person, D(2026, 2, 28), "reminder")
    note = Notification.objects.get(user=org.kamr_n1)
    assert "Key Account" in note.title_th and "2026-02-28" in note.title_en
    assert len(mail.outbox) == 0 or mail.outbox[0].to == ["kamr@example.com"]
    # The next days: nothing new for the same stage.
    assert training_notices_run(D(2026, 2, 15)) == "0 reminders, 0 escalations"
    assert Notification.objects.filter(user=org.kamr_n1).count() == 1


def test_it_escalates_once_overdue_to_the_senior_and_area_admin(org, approvers):
    person = _setup(org, approvers)
    assert set(escalation_recipients(person)) == {org.senior_n1, org.area_admin_n1}
    assert training_notices_run(D(2026, 3, 1)) == "0 reminders, 1 escalations"
    sent = Notification.objects.filter(title_en__startswith="Overdue")
    recipients = set(sent.values_list("user__username", flat=True))
    assert recipients == {"kamr_n1", "senior_n1", "admin_n1"}
    with translation.override("en"):
        titles = {n.title for n in sent}
    assert titles == {
        f"Overdue: {person.name_th} has not completed the Key Account course (due 2026-02-28)"
    }
    # Another area's people hear nothing; a second run sends nothing.
    assert not Notification.objects.filter(user__in=[org.area_admin_c1, org.kamr_c1]).exists()
    assert training_notices_run(D(2026, 3, 2)) == "0 reminders, 0 escalations"
    assert sent.count() == 3


def test_it_stops_once_the_course_is_passed(org, approvers):
    person = _setup(org, approvers)
    course = Course.objects.create(code="KA", name_th="หลักสูตร Key Account", kind="key_account")
    session = TrainingSession.objects.create(
        course=course, unit=org.n1, starts_on=D(2026, 2, 10), ends_on=D(2026, 2, 11)
    )
    training_record_save(
        session=session, employee=person, attended_on=D(2026, 2, 10), passed=True,
        by=org.area_admin_n1,
    )  # fmt: skip
    assert training_notices_run(D(2026, 2, 20)) == "0 reminders, 0 escalations"
    assert training_notices_run(D(2026, 3, 5)) == "0 reminders, 0 escalations"


def test_it_runs_from_the_daily_scheduler_once_a_day(org, approvers):
    _setup(org, approvers)
    done = run_daily_jobs(D(2026, 3, 1), only="workforce.training_notices")
    assert done == {"workforce.training_notices": "0 reminders, 1 escalations"}
    assert run_daily_jobs(D(2026, 3, 1), only="workforce.training_notices") == {}
    assert TrainingNotice.objects.count() == 1
