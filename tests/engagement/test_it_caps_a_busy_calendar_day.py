"""A day of the calendar draws its first visits and "+N more", linking to the visit list
of that day with the calendar's filters (an HQ month has ~1,500 visits: drawn in full it
made a page 8,000 px high)."""

import datetime as dt

from django.utils import timezone

from crmplus.engagement.services import visit_plan
from crmplus.engagement.views_calendar import PER_DAY


def test_it_shows_five_visits_a_day_and_links_the_rest(client, eng):
    day = timezone.localdate() + dt.timedelta(days=3)
    n = PER_DAY["month"] + 2
    for i in range(n):
        visit_plan(
            bp=eng.bp_n1,
            starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(8 + i, 0))),
            mode="onsite",
            objective_code="needs",
            by=eng.kamr_n1,
        )
    client.force_login(eng.area_admin_n1)
    r = client.get(f"/engagement/calendar/?date={day.isoformat()}&who=all&unit={eng.n1.pk}")
    assert r.status_code == 200
    cell = next(d for week in r.context["weeks"] for d in week if d["date"] == day)
    assert len(cell["visits"]) == PER_DAY["month"] and cell["more"] == 2
    assert r.context["count"] == n
    html = r.content.decode()
    assert f'data-testid="more-{day.isoformat()}"' in html
    assert html.count('class="cal-visit ') == PER_DAY["month"]
    # The link opens the list of that day, where all of them are.
    listed = client.get(cell["more_url"])
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == n
    # The week view draws them all.
    r = client.get(f"/engagement/calendar/?view=week&date={day.isoformat()}&who=all")
    assert r.content.decode().count('class="cal-visit ') == n
