"""QA regression: in Thai the event's venue was labelled "ค่าสถานที่" (the venue *cost*,
the budget category sharing the msgid "Venue"); the PEA-staff form labels ended with a
colon unlike every other form."""

from django.urls import reverse
from django.utils import translation

from tests.seminars.conftest import plan


def test_it_labels_the_event_venue_as_a_place_in_thai(client, org):
    event = plan(org, lines=[("venue", 20000)])
    org.area_admin_n1.language = "th"
    org.area_admin_n1.save()
    client.force_login(org.area_admin_n1)
    with translation.override("th"):
        detail = client.get(reverse("seminars:event", args=[event.pk])).content.decode()
        form = client.get(reverse("seminars:edit", args=[event.pk])).content.decode()
        budget = client.get(reverse("seminars:budget", args=[event.pk])).content.decode()
    assert "ค่าสถานที่</dt>" not in detail and "สถานที่จัด</dt>" in detail
    assert "ค่าสถานที่</label>" not in form
    assert "ค่าสถานที่" in budget  # the budget category keeps its own label
    assert ":</label>" not in detail
