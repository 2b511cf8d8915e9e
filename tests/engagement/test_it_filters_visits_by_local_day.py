"""The visit list's date filter is by local (Bangkok) day, on datetime bounds the
indexes can use (no per-row date cast); a KAMR filter (from the calendar) narrows it."""

import datetime as dt

from django.utils import timezone

from crmplus.engagement.services import visit_plan
from tests.engagement.conftest import employee_of


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_it_keeps_late_evening_visits_in_their_day(client, eng):
    day = timezone.localdate() + dt.timedelta(days=5)
    late = visit_plan(
        bp=eng.bp_n1,
        starts_at=_at(day, 23, 30),
        mode="online",
        objective_code="news",
        by=eng.kamr_n1,
    )
    early = visit_plan(
        bp=eng.bp_n1,
        starts_at=_at(day, 0, 10),
        mode="online",
        objective_code="news",
        by=eng.kamr_n1,
    )
    next_day = visit_plan(
        bp=eng.bp_n1,
        starts_at=_at(day + dt.timedelta(days=1), 0, 10),
        mode="online",
        objective_code="news",
        by=eng.kamr_n1,
    )
    client.force_login(eng.kamr_n1)
    r = client.get(f"/engagement/visits/?date_from={day.isoformat()}&date_to={day.isoformat()}")
    assert {v.pk for v in r.context["page"].object_list} == {late.pk, early.pk}
    r = client.get(f"/engagement/calls/?date_from={day.isoformat()}&date_to={day.isoformat()}")
    assert r.status_code == 200
    r = client.get(f"/engagement/visits/?date_from={(day + dt.timedelta(days=1)).isoformat()}")
    assert {v.pk for v in r.context["page"].object_list} == {next_day.pk}


def test_it_filters_by_kamr_within_scope(client, eng):
    senior = employee_of(eng.senior_n1, name="สมศรี อาวุโส")
    mine = visit_plan(
        bp=eng.bp_n1,
        starts_at=_at(timezone.localdate() + dt.timedelta(days=2), 10),
        mode="onsite",
        objective_code="needs",
        by=eng.kamr_n1,
    )
    visit_plan(
        bp=eng.bp_n1,
        starts_at=_at(timezone.localdate() + dt.timedelta(days=2), 14),
        mode="onsite",
        objective_code="needs",
        by=eng.senior_n1,
        kamr=senior,
    )
    client.force_login(eng.area_admin_n1)
    r = client.get(f"/engagement/visits/?kamr={eng.emp_n1.pk}")
    assert [v.pk for v in r.context["page"].object_list] == [mine.pk]
    assert 'data-testid="filter-kamr"' in r.content.decode()
    # Another area's employee is not a filter (ignored, never a leak).
    r = client.get(f"/engagement/visits/?kamr={eng.emp_c1.pk}")
    assert r.context["values"]["kamr"] is None
