"""The daily job reminds staff of services coming up and overdue; running it again
the same day sends nothing new."""

import datetime as dt

from crmplus.approvals.models import Notification
from crmplus.techservices.hooks import daily_reminders
from crmplus.techservices.services import service_schedule
from tests.techservices.conftest import book, key_account


def test_it_reminds_once(org, mailoutbox):
    key_account(org, org.bp_n1, segment="strategic")
    soon = book(org, "FMS1")
    late = book(org, "FMS2")
    later = book(org, "FMS3")
    day = dt.date(2026, 3, 10)
    service_schedule(
        request=soon, scheduled_for=day + dt.timedelta(days=2), staff=None, by=org.kamr_n1
    )
    service_schedule(
        request=late,
        scheduled_for=day - dt.timedelta(days=5),
        staff=org.senior_n1,
        by=org.area_admin_n1,
    )
    service_schedule(
        request=later, scheduled_for=day + dt.timedelta(days=30), staff=None, by=org.kamr_n1
    )

    summary = daily_reminders(day)
    assert summary.startswith("1 upcoming, 1 overdue")
    assert Notification.objects.filter(user=org.kamr_n1).count() == 1
    assert Notification.objects.filter(user=org.senior_n1).count() == 1

    assert daily_reminders(day).startswith("0 upcoming, 0 overdue")
    assert Notification.objects.count() == 2
    # A week later the overdue one is reminded again; the upcoming one is now overdue too.
    assert daily_reminders(day + dt.timedelta(days=7)).startswith("0 upcoming, 2 overdue")


def test_moving_the_appointment_reminds_again(org):
    key_account(org, org.bp_n1, segment="strategic")
    req = book(org, "FMS1")
    day = dt.date(2026, 3, 10)
    service_schedule(
        request=req, scheduled_for=day + dt.timedelta(days=1), staff=None, by=org.kamr_n1
    )
    assert daily_reminders(day).startswith("1 upcoming")
    service_schedule(
        request=req, scheduled_for=day + dt.timedelta(days=2), staff=None, by=org.kamr_n1
    )
    assert daily_reminders(day).startswith("1 upcoming")
