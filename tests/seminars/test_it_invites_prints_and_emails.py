"""Invitations: key accounts in scope and their contacts; the Thai letter PDF; e-mail
with the letter attached once the event is approved; RSVP."""

import subprocess

from django.core import mail
from django.urls import reverse

from crmplus.seminars.models import Invitation, Rsvp
from crmplus.seminars.services import event_submit
from tests.factories import BusinessPartnerFactory, ContactFactory
from tests.seminars.conftest import approve, key_account, plan


def _invite(client, event, *picks):
    return client.post(
        reverse("seminars:invitations", args=[event.pk]), {"action": "invite", "pick": list(picks)}
    )


def test_it_offers_key_accounts_in_scope_and_invites_their_contacts(client, approvers):
    org = approvers
    key_account(org, org.bp_n1, 2569, "star")
    other = BusinessPartnerFactory(home_office=org.n1_office)  # not a key account
    key_account(org, org.bp_c1, 2569, "strategic", area=org.c1, office=org.c1_office)
    event = plan(org, lines=["30000.00"])
    client.force_login(org.area_admin_n1)
    html = client.get(reverse("seminars:invitations", args=[event.pk])).content.decode()
    assert org.bp_n1.bp_number in html
    assert other.bp_number not in html and org.bp_c1.bp_number not in html
    _invite(
        client, event, f"{org.bp_n1.pk}:{org.contact_n1.pk}", f"{org.bp_c1.pk}:{org.contact_c1.pk}"
    )
    # Only the customer in scope is invited; another area's is ignored.
    assert list(Invitation.objects.values_list("bp_id", "contact_id")) == [
        (org.bp_n1.pk, org.contact_n1.pk)
    ]
    html = client.get(reverse("seminars:invitations", args=[event.pk])).content.decode()
    assert 'data-testid="invited-row"' in html and "Star" in html


def test_it_prints_the_thai_letter(client, approvers, tmp_path):
    org = approvers
    event = plan(org, lines=["30000.00"], title="สัมมนาลูกค้ารายใหญ่ กฟน.1")
    key_account(org, org.bp_n1, 2569, "star")
    client.force_login(org.area_admin_n1)
    _invite(client, event, f"{org.bp_n1.pk}:{org.contact_n1.pk}")
    r = client.get(reverse("seminars:letter", args=[event.pk]))
    assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(r.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "ขอเชิญเข้าร่วม" in text and "กฟน.1" in text and "คุณวิภา" in text


def test_it_emails_the_invitations_once_approved(client, approvers):
    org = approvers
    key_account(org, org.bp_n1, 2569, "star")
    no_email = ContactFactory(bp=org.bp_n1, email="")
    event = plan(org, lines=["30000.00"])
    client.force_login(org.area_admin_n1)
    _invite(client, event, f"{org.bp_n1.pk}:{org.contact_n1.pk}", f"{org.bp_n1.pk}:{no_email.pk}")
    url = reverse("seminars:invitations", args=[event.pk])
    client.post(url, {"action": "email"})
    assert len(mail.outbox) == 0  # a draft sends nothing
    event_submit(event=event, by=org.area_admin_n1)
    approve(event, org.approver_n1)
    mail.outbox.clear()
    client.post(url, {"action": "email"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [org.contact_n1.email] and "ขอเชิญ" in message.subject
    assert message.attachments[0][2] == "application/pdf"
    assert Invitation.objects.get(contact=org.contact_n1).emailed_at is not None
    assert Invitation.objects.get(contact=no_email).emailed_at is None
    # A second click sends only what is not sent yet: nothing.
    client.post(url, {"action": "email"})
    assert len(mail.outbox) == 1


def test_it_records_rsvp_with_htmx(client, approvers):
    org = approvers
    key_account(org, org.bp_n1, 2569, "star")
    event = plan(org, lines=["30000.00"])
    client.force_login(org.area_admin_n1)
    _invite(client, event, f"{org.bp_n1.pk}:{org.contact_n1.pk}")
    inv = Invitation.objects.get()
    r = client.post(
        reverse("seminars:invitations", args=[event.pk]),
        {"action": "rsvp", "invitation": inv.pk, "rsvp": "accepted"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and f'id="inv-{inv.pk}"' in r.content.decode()
    inv.refresh_from_db()
    assert inv.rsvp == Rsvp.ACCEPTED


def test_it_hands_many_letters_to_the_worker(client, approvers, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from crmplus.seminars import views_attendance
    from crmplus.seminars.tasks import invitations_email_task

    org = approvers
    monkeypatch.setattr(views_attendance, "EMAIL_SYNC_MAX", 0)
    event = plan(org, lines=["30000.00"])
    client.force_login(org.area_admin_n1)
    _invite(client, event, f"{org.bp_n1.pk}:{org.contact_n1.pk}")
    event_submit(event=event, by=org.area_admin_n1)
    approve(event, org.approver_n1)
    mail.outbox.clear()
    client.post(reverse("seminars:invitations", args=[event.pk]), {"action": "email"})
    assert len(mail.outbox) == 0
    task = DBTaskResult.objects.get(task_path=invitations_email_task.module_path)
    assert task.args_kwargs["args"][0] == event.pk
    invitations_email_task.call(*task.args_kwargs["args"])
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [org.contact_n1.email]
