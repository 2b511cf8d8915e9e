"""The personal ICS feed: a secret URL, no session; it parses with `icalendar`, holds only
the token owner's visits, and a revoked or replaced token is a 404."""

import icalendar

from crmplus.engagement.models import IcsFeedToken
from crmplus.engagement.services_plans import ics_token_issue, ics_token_revoke
from tests.engagement.conftest import employee_of, plan_visit


def _uids(response) -> set[str]:
    cal = icalendar.Calendar.from_ical(response.content)
    return {str(ev["uid"]) for ev in cal.walk("VEVENT")}


def test_it_includes_only_the_users_visits(client, eng):
    mine = plan_visit(eng)
    other_kamr = employee_of(eng.senior_n1, name="อื่น")
    other = plan_visit(eng, kamr=other_kamr, by=eng.senior_n1)
    staffed = plan_visit(eng, kamr=other_kamr, by=eng.senior_n1)
    staffed.staff.add(eng.emp_n1)
    theirs = plan_visit(eng, bp=eng.bp_c1, by=eng.kamr_c1)
    token = ics_token_issue(user=eng.kamr_n1)
    r = client.get(f"/ics/{token.token}.ics")  # anonymous: the token authenticates
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/calendar")
    assert _uids(r) == {f"visit-{mine.pk}@crmplus", f"visit-{staffed.pk}@crmplus"}
    assert f"visit-{other.pk}@crmplus" not in _uids(r)
    assert f"visit-{theirs.pk}@crmplus" not in _uids(r)
    cal = icalendar.Calendar.from_ical(r.content)
    event = next(e for e in cal.walk("VEVENT") if str(e["uid"]) == f"visit-{mine.pk}@crmplus")
    assert event.decoded("dtstart") == mine.starts_at
    assert eng.bp_n1.name_th in str(event["summary"])


def test_it_answers_404_for_a_revoked_or_replaced_token(client, eng):
    plan_visit(eng)
    first = ics_token_issue(user=eng.kamr_n1).token
    assert client.get(f"/ics/{first}.ics").status_code == 200
    second = ics_token_issue(user=eng.kamr_n1).token
    assert second != first
    assert client.get(f"/ics/{first}.ics").status_code == 404
    assert client.get(f"/ics/{second}.ics").status_code == 200
    ics_token_revoke(user=eng.kamr_n1)
    assert client.get(f"/ics/{second}.ics").status_code == 404
    assert client.get("/ics/not-a-token.ics").status_code == 404


def test_it_manages_the_feed_from_my_calendar_feed_page(client, eng):
    client.force_login(eng.kamr_n1)
    page = client.get("/engagement/calendar/feed/")
    assert page.status_code == 200 and b"feed-issue" in page.content
    client.post("/engagement/calendar/feed/", {"action": "issue"})
    token = IcsFeedToken.objects.get(user=eng.kamr_n1)
    page = client.get("/engagement/calendar/feed/")
    assert token.token.encode() in page.content
    client.post("/engagement/calendar/feed/", {"action": "revoke"})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(f"/ics/{token.token}.ics").status_code == 404
