"""The event list (filters, XLSX of the filtered list) and every event screen answer 404
for another area's event; an auditor reads but cannot create."""

import io

import openpyxl
import pytest
from django.urls import reverse

from tests.seminars.conftest import plan

SCREENS = ["event", "edit", "budget", "invitations", "checkin", "letter"]


def test_it_lists_filters_and_exports_the_events(client, org):
    plan(org, title="สัมมนาเชียงใหม่", lines=["10000.00"])
    plan(org, title="ทัศนศึกษาลำพูน", kind="study_trip", lines=["5000.00"])
    plan(org, unit=org.c1, by=org.area_admin_c1, title="สัมมนาอยุธยา", lines=["1.00"])
    client.force_login(org.area_admin_n1)
    html = client.get(reverse("seminars:home")).content.decode()
    assert "สัมมนาเชียงใหม่" in html and "ทัศนศึกษาลำพูน" in html and "สัมมนาอยุธยา" not in html
    html = client.get(reverse("seminars:home"), {"kind": "study_trip", "fy": 2569}).content.decode()
    assert "ทัศนศึกษาลำพูน" in html and "สัมมนาเชียงใหม่" not in html
    html = client.get(reverse("seminars:home"), {"q": "ไม่มีงานนี้"}).content.decode()
    assert 'data-testid="event-empty"' in html
    r = client.get(reverse("seminars:export"), {"kind": "seminar"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "สัมมนาเชียงใหม่" and rows[1][9] == 10000


@pytest.mark.parametrize("name", SCREENS)
def test_it_hides_another_areas_event(client, org, name):
    event = plan(org, lines=["10000.00"])
    client.force_login(org.kamr_c1)
    assert client.get(reverse(f"seminars:{name}", args=[event.pk])).status_code == 404
    client.force_login(org.senior_n1)
    assert client.get(reverse(f"seminars:{name}", args=[event.pk])).status_code in (200, 302)


def test_it_lets_an_auditor_read_but_not_plan(client, org):
    event = plan(org, lines=["10000.00"])
    client.force_login(org.auditor)
    assert client.get(reverse("seminars:event", args=[event.pk])).status_code == 200
    assert client.get(reverse("seminars:create")).status_code == 403
    r = client.post(
        reverse("seminars:budget", args=[event.pk]),
        {"action": "line", "line-category": "venue", "line-planned_amount": "1"},
    )
    assert r.status_code == 403
    assert event.lines.count() == 1


def test_it_creates_an_event_from_the_form(client, org):
    client.force_login(org.kamr_n1)
    r = client.post(reverse("seminars:create"), {
        "title": "สัมมนา", "kind": "reception", "unit": org.n1_office.pk,
        "starts_on": "2026-05-02", "ends_on": "2026-05-01",
    })  # fmt: skip
    assert r.status_code == 200 and 'data-testid="error-ends_on"' in r.content.decode()
    r = client.post(reverse("seminars:create"), {
        "title": "งานเลี้ยงรับรองลูกค้า", "kind": "reception", "unit": org.n1_office.pk,
        "starts_on": "2026-05-01", "ends_on": "2026-05-01", "venue": "โรงแรม",
    })  # fmt: skip
    assert r.status_code == 302
    from crmplus.seminars.models import Event

    event = Event.objects.get(title="งานเลี้ยงรับรองลูกค้า")
    assert event.fy == 2569 and event.unit == org.n1_office


def test_it_answers_404_not_500_to_bad_row_ids(client, org):
    event = plan(org, lines=["10000.00"])
    client.force_login(org.area_admin_n1)
    budget = reverse("seminars:budget", args=[event.pk])
    assert client.get(budget, {"edit": "abc"}).status_code == 404
    for action in ("delete", "exception", "actual", "line"):
        r = client.post(budget, {"action": action, "line_pk": "1x", "line-category": "venue"})
        assert r.status_code == 404
    r = client.post(
        reverse("seminars:invitations", args=[event.pk]), {"action": "rsvp", "invitation": "x"}
    )
    assert r.status_code == 404
    r = client.post(
        reverse("seminars:event", args=[event.pk]), {"action": "staff_delete", "staff_pk": "9" * 30}
    )
    assert r.status_code == 404
    assert event.lines.count() == 1
