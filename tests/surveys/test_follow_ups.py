"""A low satisfaction opens a follow-up for the responsible KAMR, who is notified; the
threshold is a setting per fiscal year; the KAMR closes it with a note."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from crmplus.approvals.models import Notification
from crmplus.surveys.importer import survey_import
from crmplus.surveys.models import FollowUpStatus, LowSatisfactionFollowUp
from crmplus.surveys.rules_settings import survey_rules_save, threshold_for
from crmplus.surveys.services import follow_up_close
from crmplus.workforce.models import AccountAssignment
from crmplus.workforce.services import employee_save
from tests.surveys.conftest import FY, csv_file, row


@pytest.fixture
def kamr(org, accounts):
    """kamr_n1's employee record, responsible for bp_n1's key account."""
    org.kamr_n1.email = "kamr@example.test"
    org.kamr_n1.save()
    person = employee_save(
        by=org.hq_admin, employee_number="700001", name_th="สมหญิง ดีใจ", position_level=6,
        unit=org.n1_office, user=org.kamr_n1,
    )  # fmt: skip
    AccountAssignment.objects.create(
        fy=FY, bp=org.bp_n1, office=org.n1_office, unit=org.n1_office, employee=person,
        start=dt.date(2025, 10, 1), created_by=org.hq_admin,
    )  # fmt: skip
    return person


LOW = (3, 3, 3, 4, 3)  # 3.2


def test_it_opens_a_follow_up_for_the_responsible_kamr_and_notifies_them(
    org, kamr, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        survey_import(
            fy=FY,
            upload=csv_file([row(org.bp_n1.bp_number, sat=LOW), row(org.bp_c1.bp_number)]),
            by=org.hq_admin,
        )
    follow_up = LowSatisfactionFollowUp.objects.get()
    assert follow_up.bp == org.bp_n1 and follow_up.kamr == kamr
    assert follow_up.threshold == Decimal("3.50") and follow_up.status == FollowUpStatus.OPEN
    assert follow_up.due_date >= dt.date(2026, 8, 14) + dt.timedelta(days=30)
    note = Notification.objects.get(user=org.kamr_n1)
    assert follow_up.get_absolute_url() == note.url
    assert len(mail.outbox) == 1 and "3.20" in mail.outbox[0].body


def test_without_a_kamr_the_area_admins_are_told(org, accounts):
    survey_import(fy=FY, upload=csv_file([row(org.bp_n1.bp_number, sat=LOW)]), by=org.hq_admin)
    follow_up = LowSatisfactionFollowUp.objects.get()
    assert follow_up.kamr is None
    assert Notification.objects.filter(user=org.area_admin_n1).exists()


def test_the_threshold_is_a_setting_per_fiscal_year(org, accounts):
    assert survey_rules_save(fy=FY, threshold="4.5", due_days=14, by=org.hq_admin) == 2
    assert threshold_for(FY) == Decimal("4.5") and threshold_for(FY - 1) == Decimal("3.5")
    survey_import(fy=FY, upload=csv_file([row(org.bp_n1.bp_number)]), by=org.hq_admin)  # 4.2
    follow_up = LowSatisfactionFollowUp.objects.get()
    assert follow_up.threshold == Decimal("4.50")


def test_only_hq_admins_change_the_threshold_and_only_to_a_score(org):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        survey_rules_save(fy=FY, threshold="4", due_days=14, by=org.area_admin_n1)
    with translation.override("en"), pytest.raises(ValidationError) as e:
        survey_rules_save(fy=FY, threshold="7", due_days=0, by=org.hq_admin)
    assert set(e.value.message_dict) == {"threshold", "due_days"}


def test_the_kamr_closes_it_with_a_note_and_other_areas_cannot(org, kamr):
    survey_import(fy=FY, upload=csv_file([row(org.bp_n1.bp_number, sat=LOW)]), by=org.hq_admin)
    follow_up = LowSatisfactionFollowUp.objects.get()
    with pytest.raises(Http404):
        follow_up_close(follow_up=follow_up, note="visited", by=org.kamr_c1)
    with translation.override("en"), pytest.raises(ValidationError) as e:
        follow_up_close(follow_up=follow_up, note="  ", by=org.kamr_n1)
    assert "note" in e.value.message_dict
    follow_up_close(follow_up=follow_up, note="Visited, fixed the voltage dips.", by=org.kamr_n1)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DONE and follow_up.closed_by == org.kamr_n1
    assert follow_up.history.count() == 2
