"""PDPA: erasing a social identity on request (area/HQ admins, with a note) replaces
its name, platform ID, message texts, raw webhook bodies and history with a marker,
keeps the counts, and is logged; the daily job erases identities past retention."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from crmplus.core.scheduler import run_daily_jobs
from crmplus.social.models import (
    ERASED_MARK,
    Case,
    Erasure,
    Message,
    SocialIdentity,
    WebhookDelivery,
)
from crmplus.social.selectors import dashboard
from crmplus.social.services_pdpa import identity_erase
from tests.social.helpers import configure, line_body, line_event, post_line

pytestmark = pytest.mark.django_db


def _conversation(client, settings, org):
    configure(settings)
    settings.CRMPLUS_SOCIAL_TRIAGE_UNIT = "N1"
    post_line(client, line_body(line_event(1, text="บ้านเลขที่ 12 ไฟดับ")))
    case = Case.objects.get()
    SocialIdentity.objects.filter(pk=case.identity_id).update(display_name="สมศรี ใจดี")
    return case


def test_it_erases_the_personal_data_on_request_and_keeps_counts(org, client, settings):
    case = _conversation(client, settings, org)
    identity = case.identity
    user_id = identity.platform_user_id
    before = dashboard(cases=Case.objects.all(), since=timezone.now() - dt.timedelta(days=3650),
                       until=timezone.now())  # fmt: skip
    erasure = identity_erase(identity=identity, trigger="request", by=org.area_admin_n1,
                             note="ขอทางโทรศัพท์ 1 ธ.ค.")  # fmt: skip
    identity.refresh_from_db()
    assert identity.display_name == ERASED_MARK and identity.erased_at
    assert identity.platform_user_id != user_id
    assert set(Message.objects.values_list("text", flat=True)) == {ERASED_MARK}
    assert user_id not in WebhookDelivery.objects.get().body
    assert not identity.history.filter(display_name="สมศรี ใจดี").exists()
    assert not identity.history.filter(platform_user_id=user_id).exists()
    assert (erasure.messages, erasure.deliveries, erasure.by) == (1, 1, org.area_admin_n1)
    after = dashboard(cases=Case.objects.all(), since=timezone.now() - dt.timedelta(days=3650),
                      until=timezone.now())  # fmt: skip
    assert (after.total, after.backlog) == (before.total, before.backlog)


def test_it_lets_only_admins_of_the_area_erase_with_a_note(org, client, settings):
    case = _conversation(client, settings, org)
    with pytest.raises(PermissionDenied):
        identity_erase(identity=case.identity, trigger="request", by=org.kamr_n1, note="x")
    with pytest.raises(ValidationError):
        identity_erase(identity=case.identity, trigger="request", by=org.area_admin_c1, note="x")
    with pytest.raises(ValidationError) as e:
        identity_erase(identity=case.identity, trigger="request", by=org.area_admin_n1, note=" ")
    assert "note" in e.value.message_dict
    assert not Erasure.objects.exists()


def test_it_erases_identities_past_retention_in_the_daily_job(org, client, settings):
    case = _conversation(client, settings, org)
    SocialIdentity.objects.filter(pk=case.identity_id).update(retention_until=dt.date(2020, 1, 1))
    summary = run_daily_jobs(timezone.localdate(), only="social.pdpa_retention")
    assert summary["social.pdpa_retention"].startswith("1 social identities erased")
    erasure = Erasure.objects.get()
    assert erasure.trigger == "retention" and erasure.by is None


def test_it_extends_retention_with_each_contact(org, client, settings):
    case = _conversation(client, settings, org)
    first = case.identity.retention_until
    post_line(client, line_body(line_event(86_400_000 * 40)))  # 40 days later
    case.identity.refresh_from_db()
    assert case.identity.retention_until == first + dt.timedelta(days=40)
