"""Daily reminders: tomorrow's visits and overdue follow-ups reach the in-app inbox and
the mailbox once per item and day, however often the job runs."""

import datetime as dt

from django.core import mail
from django.utils import timezone

from crmplus.approvals.models import Notification
from crmplus.engagement.models import FollowUp
from crmplus.engagement.reminders import send_reminders
from tests.engagement.conftest import plan_visit


def test_it_reminds_of_tomorrows_visits_and_overdue_follow_ups(
    eng, django_capture_on_commit_callbacks
):
    eng.kamr_n1.email = "kamr_n1@example.com"
    eng.kamr_n1.save()
    plan_visit(eng, days=1)
    plan_visit(eng, days=3)  # not tomorrow
    done = plan_visit(eng, days=-1)
    FollowUp.objects.create(
        visit=done,
        description="ส่งข้อเสนอ",
        owner=eng.kamr_n1,
        due_date=timezone.localdate() - dt.timedelta(days=1),
    )
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        summary = send_reminders(today)
    assert "1 upcoming visits" in summary and "1 overdue follow-ups" in summary
    notes = Notification.objects.filter(user=eng.kamr_n1)
    assert notes.count() == 2
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today)  # the same day again: nothing new
    assert Notification.objects.filter(user=eng.kamr_n1).count() == 2
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today + dt.timedelta(days=1))  # next day: the follow-up is still overdue
    assert Notification.objects.filter(user=eng.kamr_n1).count() == 3


def test_it_reminds_the_kamr_of_a_past_visit_without_outcome(eng):
    plan_visit(eng, days=-5)
    plan_visit(eng, days=-1)  # within the grace days: not yet
    summary = send_reminders(timezone.localdate())
    assert "1 missing outcomes" in summary
    assert Notification.objects.filter(user=eng.kamr_n1).count() == 1
