"""QA regressions: the inbox's sort arrow says the order it shows, and counts carry
thousands separators."""

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from crmplus.social.models import Case
from tests.social.factories import make_case

pytestmark = pytest.mark.django_db


def test_the_inbox_shows_newest_first_with_a_down_arrow_and_flips(client, org):
    old = make_case(org.n1_office, opened_minutes_ago=300)
    new = make_case(org.n1_office, opened_minutes_ago=5)
    Case.objects.filter(pk=old.pk).update(last_message_at=old.opened_at)
    Case.objects.filter(pk=new.pk).update(last_message_at=new.opened_at)
    client.force_login(org.area_admin_n1)
    r = client.get("/social/")
    assert [c.pk for c in r.context["page"].object_list] == [new.pk, old.pk]
    body = r.content.decode()
    assert "▼" in body and "▲" not in body  # newest first is a descending sort
    r = client.get("/social/?sort=last")
    assert [c.pk for c in r.context["page"].object_list] == [old.pk, new.pk]
    assert "▲" in r.content.decode()


def test_sla_figures_have_thousands_separators():
    f = SimpleNamespace(done=2000, within=1234, pct=61.7, avg_minutes=30, avg_hours=0.5)
    with translation.override("en"):
        html = render_to_string("social/_figures.html", {"f": f, "tid": "x"})
    assert "1,234 of 2,000 within SLA" in html


def test_the_dashboard_backlog_figures_open_lists_with_the_same_counts(client, org):
    make_case(org.n1_office, opened_minutes_ago=600)  # unanswered past its first-response SLA
    make_case(org.n1_office, opened_minutes_ago=1)
    make_case(org.n1, opened_minutes_ago=1)  # an area: the triage queue
    client.force_login(org.area_admin_n1)
    d = client.get("/social/dashboard/").context["d"]
    body = client.get("/social/dashboard/").content.decode()
    for query, figure in (
        ("", d.backlog),
        ("?status=new", d.backlog_new),
        ("?breached=1", d.backlog_breached),
        ("?triage=1", d.backlog_triage),
    ):
        assert f'href="/social/{query}"' in body
        assert client.get(f"/social/{query}").context["page"].paginator.count == figure
    assert (d.backlog, d.backlog_breached, d.backlog_triage) == (3, 1, 1)
