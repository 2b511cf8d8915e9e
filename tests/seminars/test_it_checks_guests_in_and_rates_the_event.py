"""The check-in list: tick who came, then their satisfaction 1–5; attendance rate per
segment; the printable list."""

import datetime as dt

from django.urls import reverse

from crmplus.seminars.models import EventStatus, Invitation
from crmplus.seminars.services import event_submit, invitation_create
from tests.factories import BusinessPartnerFactory
from tests.seminars.conftest import approve, key_account, plan


def test_it_checks_in_rates_and_counts_by_segment(client, approvers):
    org = approvers
    key_account(org, org.bp_n1, 2569, "star")
    walk_in = BusinessPartnerFactory(home_office=org.n1_office)
    today = dt.date.today()
    event = plan(org, lines=["30000.00"], starts_on=today, ends_on=today)
    a = invitation_create(event=event, bp=org.bp_n1, contact=org.contact_n1, by=org.area_admin_n1)
    b = invitation_create(event=event, bp=walk_in, by=org.area_admin_n1)
    client.force_login(org.area_admin_n1)
    url = reverse("seminars:attendance", args=[event.pk, a.pk])
    # Not approved yet: refused, shown on the row.
    r = client.post(url, {"attended": "on"}, HTTP_HX_REQUEST="true")
    assert 'data-testid="checkin-error"' in r.content.decode()
    event_submit(event=event, by=org.area_admin_n1)
    approve(event, org.approver_n1)
    client.post(url, {"attended": "on"}, HTTP_HX_REQUEST="true")
    r = client.post(url, {"attended": "on", "satisfaction": "5"}, HTTP_HX_REQUEST="true")
    assert "table-success" in r.content.decode()
    a.refresh_from_db()
    event.refresh_from_db()
    assert a.attended and a.satisfaction == 5 and event.status == EventStatus.HELD
    r = client.post(url, {"attended": "on", "satisfaction": "6"}, HTTP_HX_REQUEST="true")
    assert 'data-testid="checkin-error"' in r.content.decode()
    assert Invitation.objects.get(pk=a.pk).satisfaction == 5
    html = client.get(reverse("seminars:checkin", args=[event.pk])).content.decode()
    # Star: 1 of 1 came; not a key account: 0 of 1.
    assert 'data-testid="segment-star"' in html and "100%" in html
    assert 'data-testid="segment-none"' in html and "0%" in html
    assert b.pk  # the walk-in stays invited, not attended
    printable = client.get(reverse("seminars:checkin", args=[event.pk]), {"print": "1"})
    assert 'data-testid="checkin-printable"' in printable.content.decode()
    assert org.bp_n1.name_th in printable.content.decode()


def test_it_ticks_pea_staff_present(client, approvers):
    from crmplus.seminars.models import StaffAttendee
    from crmplus.seminars.services import staff_attendee_save

    org = approvers
    today = dt.date.today()
    event = plan(org, lines=["30000.00"], starts_on=today, ends_on=today)
    staff = staff_attendee_save(event=event, by=org.area_admin_n1, name="นายสมชาย", level=9)
    client.force_login(org.area_admin_n1)
    url = reverse("seminars:staff_attendance", args=[event.pk, staff.pk])
    r = client.post(url, {"attended": "on"}, HTTP_HX_REQUEST="true")
    assert "text-danger" in r.content.decode()  # not approved yet
    assert not StaffAttendee.objects.get(pk=staff.pk).attended
    event_submit(event=event, by=org.area_admin_n1)
    approve(event, org.approver_n1)
    r = client.post(url, {"attended": "on"}, HTTP_HX_REQUEST="true")
    assert "table-success" in r.content.decode()
    assert StaffAttendee.objects.get(pk=staff.pk).attended
    client.force_login(org.kamr_c1)
    assert client.post(url, {"attended": "on"}).status_code == 404
