"""The daily reminders: before the due date and once overdue, to the unit's admins, once."""

import datetime as dt

from django.core import mail

from crmplus.approvals.models import Notification
from crmplus.core.scheduler import run_daily_jobs
from crmplus.reports.models import ProcessReminder
from crmplus.reports.process import process_reminders
from tests.reports.helpers import approve

FY = 2569


def _titles(user):
    return [n.title_en for n in Notification.objects.filter(user=user).order_by("id")]


def test_it_reminds_the_area_admins_of_a_list_not_yet_approved(
    org, django_capture_on_commit_callbacks
):
    org.area_admin_c1.email = "c1@example.test"
    org.area_admin_c1.save()
    approve(org, FY, [(org.n1_office, org.n1, "star")])
    with django_capture_on_commit_callbacks(execute=True):
        process_reminders(dt.date(2025, 10, 20))  # 11 days before 31 Oct
    titles = _titles(org.area_admin_c1)
    assert any(t.startswith("Due 31 Oct 2025: HVC / key-account list approved") for t in titles)
    assert not any("key-account list" in t for t in _titles(org.area_admin_n1))  # N1 is done
    assert any("key-account list" in m.subject or "HVC" in m.subject for m in mail.outbox)
    assert mail.outbox[0].to == ["c1@example.test"]


def test_it_sends_each_reminder_once_and_the_overdue_one_after_the_date(org):
    process_reminders(dt.date(2025, 10, 20))
    process_reminders(dt.date(2025, 10, 21))  # still due: nothing new
    due = [t for t in _titles(org.area_admin_c1) if "HVC" in t]
    assert len(due) == 1
    process_reminders(dt.date(2025, 11, 1))
    process_reminders(dt.date(2025, 11, 2))
    hvc = [t for t in _titles(org.area_admin_c1) if "HVC" in t]
    assert len(hvc) == 2 and hvc[1].startswith("Overdue since 31 Oct 2025")
    assert ProcessReminder.objects.filter(unit=org.c1, deadline="keyaccount_list").count() == 2


def test_it_says_nothing_long_after_a_deadline_passed(org):
    process_reminders(dt.date(2026, 3, 1))  # four months after the list's date
    assert not any("HVC" in t for t in _titles(org.area_admin_c1))


def test_it_runs_as_a_daily_job(org):
    done = run_daily_jobs(dt.date(2025, 10, 20), only="reports.process_reminders")
    assert "reminders sent" in done["reports.process_reminders"]
