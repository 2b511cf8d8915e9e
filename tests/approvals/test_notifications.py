"""Approvers hear of a submission, the submitter of the decision: in the app and by
e-mail in their own language. A failing mail server never undoes a decision."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from crmplus.approvals.models import ApprovalStatus, Notification
from crmplus.approvals.services import approval_approve, approval_reject
from tests.approvals.conftest import make_approver


@pytest.fixture
def english_kamr(org):
    user = org.kamr_n1
    user.email, user.language = "kamr_n1@pea.example", "en"
    user.save()
    return user


def test_it_notifies_every_approver_of_the_unit_on_submit(
    org, submit, approver_n1, django_capture_on_commit_callbacks
):
    second = make_approver("approver_n1_en", org.n1, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        req = submit(title="รายชื่อลูกค้ารายสำคัญ 2569")
    notes = Notification.objects.order_by("user__username")
    assert [n.user for n in notes] == [approver_n1, second]
    assert all(n.url == req.get_absolute_url() and n.read_at is None for n in notes)
    assert sorted(m.to[0] for m in mail.outbox) == [approver_n1.email, second.email]
    english = next(m for m in mail.outbox if m.to == [second.email])
    with translation.override("en"):
        expected = f"For your approval: {req.title}"
    assert english.subject == expected
    assert req.get_absolute_url() in english.body
    # Nobody outside the approving unit hears of it.
    assert not Notification.objects.filter(user=org.hq_approver).exists()


def test_it_notifies_the_submitter_of_the_decision(
    org, submit, approver_n1, english_kamr, django_capture_on_commit_callbacks
):
    req = submit()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approval_reject(request=req, by=approver_n1, reason="ขาดเอกสาร")
    note = Notification.objects.get(user=english_kamr)
    assert req.title in note.title_en and req.title in note.title_th
    [message] = mail.outbox
    assert message.to == [english_kamr.email]
    assert message.subject == f"Rejected: {req.title}"
    assert "ขาดเอกสาร" in message.body


def test_it_sends_no_mail_before_the_decision_commits(
    submit, approver_n1, english_kamr, django_capture_on_commit_callbacks
):
    req = submit()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        approval_approve(request=req, by=approver_n1)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_it_keeps_the_decision_when_the_mail_server_fails(
    submit, approver_n1, english_kamr, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    req = submit()

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("crmplus.approvals.notify.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        approval_approve(request=req, by=approver_n1)
    req.refresh_from_db()
    assert req.status == ApprovalStatus.APPROVED
    assert "Approval e-mail to kamr_n1@pea.example failed" in caplog.text
    assert Notification.objects.filter(user=english_kamr).count() == 1


def test_it_shows_titles_in_the_readers_language(org, submit, approver_n1):
    req = submit(title="คำขอ")
    note = Notification.objects.get(user=approver_n1)
    with translation.override("en"):
        assert note.title == note.title_en
        assert note.title.endswith(req.title)
    with translation.override("th"):
        assert note.title == note.title_th


def test_it_lists_and_marks_notifications_read(client, org, submit, approver_n1):
    submit()
    submit(subject=org.ca_n1)
    notes = list(Notification.objects.filter(user=approver_n1))
    client.force_login(approver_n1)
    r = client.get(reverse("approvals:notifications"))
    assert list(r.context["page"].object_list) == notes
    assert r.context["notifications_unread_count"] == 2
    client.post(reverse("approvals:notification_read", args=[notes[0].pk]))
    assert Notification.objects.filter(user=approver_n1, read_at__isnull=True).count() == 1
    client.post(reverse("approvals:notifications_read_all"))
    assert not Notification.objects.filter(user=approver_n1, read_at__isnull=True).exists()


def test_it_marks_a_notification_read_when_its_request_is_opened(client, submit, approver_n1):
    req = submit()
    client.force_login(approver_n1)
    client.get(req.get_absolute_url())
    assert Notification.objects.get(user=approver_n1).read_at is not None


def test_it_keeps_other_peoples_notifications_out_of_reach(client, org, submit, approver_n1):
    submit()
    note = Notification.objects.get(user=approver_n1)
    client.force_login(org.kamr_n1)
    assert client.post(reverse("approvals:notification_read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_it_shows_an_empty_notification_list(client, org):
    client.force_login(org.kamr_c1)
    r = client.get(reverse("approvals:notifications"))
    assert b'data-testid="notifications-empty"' in r.content
