"""The budget screen shows the room left under the caps as lines are typed (htmx
preview, nothing saved), the amount over when over, and blocks the submit button."""

import re

from django.urls import reverse

from crmplus.seminars.models import BudgetLine, EventStatus
from tests.seminars.conftest import plan


def _preview(client, event, **fields):
    data = {f"line-{k}": v for k, v in fields.items()}
    return client.post(
        reverse("seminars:budget_preview", args=[event.pk]), data, HTTP_HX_REQUEST="true"
    )


def test_it_previews_exactly_the_cap_as_within_and_one_satang_more_as_over(client, org):
    event = plan(org, lines=["40000.00"])
    client.force_login(org.area_admin_n1)
    r = _preview(client, event, category="venue", planned_amount="60000.00")
    html = r.content.decode()
    assert r.status_code == 200
    assert 'data-testid="event-room"' in html and "event-over" not in html
    r = _preview(client, event, category="venue", planned_amount="60,000.01")
    html = r.content.decode()
    assert re.search(r'data-testid="event-over">[^<]*0\.01', html)
    assert 'data-testid="blocked"' in html
    assert BudgetLine.objects.filter(event=event).count() == 1  # nothing saved


def test_it_prices_an_attendee_line_and_marks_it_above_the_rate(client, org):
    event = plan(org, lines=[])  # two days, FY2569 default rates: food 1,200 / 950
    client.force_login(org.area_admin_n1)
    r = _preview(
        client, event, category="food", attendees_executive="2", attendees_operational="10",
        days="1", planned_amount="12000.00",
    )  # fmt: skip
    html = r.content.decode()
    # 2 × 1,200 + 10 × 950 = 11,900 allowed: 100 baht above the rate.
    assert "11,900.00" in html
    assert 'data-testid="preview-above-rate"' in html and "100.00" in html


def test_it_shows_the_amount_over_and_disables_submit_on_the_budget_page(client, org):
    event = plan(org, lines=["100000.00", ("souvenirs", "0.01")])
    client.force_login(org.area_admin_n1)
    html = client.get(reverse("seminars:budget", args=[event.pk])).content.decode()
    assert re.search(r'data-testid="event-over">[^<]*0\.01', html)
    assert re.search(r'data-testid="event-submit"[^>]*disabled', html)
    r = client.post(reverse("seminars:event", args=[event.pk]), {"action": "submit"}, follow=True)
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT
    # The refusal (in the user's language) names the cap and the amount over.
    html = r.content.decode()
    alert = re.search(r'class="alert alert-danger[^"]*"[^>]*>(.*?)</div>', html, re.S)
    assert alert and "100,000.00" in alert.group(1) and "0.01" in alert.group(1)


def test_it_adds_edits_and_removes_lines_through_the_form(client, org):
    event = plan(org, lines=[])
    client.force_login(org.area_admin_n1)
    url = reverse("seminars:budget", args=[event.pk])
    r = client.post(
        url, {"action": "line", "line-category": "venue", "line-planned_amount": "25,000"}
    )
    assert r.status_code == 302
    line = BudgetLine.objects.get(event=event)
    assert str(line.planned_amount) == "25000.00"
    r = client.post(url, {
        "action": "line", "line_pk": line.pk, "line-version": line.version,
        "line-category": "venue", "line-planned_amount": "-5",
    })  # fmt: skip
    assert r.status_code == 200 and 'data-testid="error-planned_amount"' in r.content.decode()
    r = client.post(url, {
        "action": "line", "line_pk": line.pk, "line-version": line.version,
        "line-category": "venue", "line-planned_amount": "26000",
    })  # fmt: skip
    line.refresh_from_db()
    assert str(line.planned_amount) == "26000.00"
    # A stale copy (the old version) is refused, the newer value kept.
    r = client.post(url, {
        "action": "line", "line_pk": line.pk, "line-version": line.version - 1,
        "line-category": "venue", "line-planned_amount": "1",
    })  # fmt: skip
    assert 'data-testid="form-errors"' in r.content.decode()
    line.refresh_from_db()
    assert str(line.planned_amount) == "26000.00"
    client.post(url, {"action": "delete", "line_pk": line.pk})
    assert not BudgetLine.objects.filter(event=event).exists()
