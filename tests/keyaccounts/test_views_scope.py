"""Inside a national run, every screen shows only the user's scope; outside is a 404."""

import pytest
from django.urls import reverse

from crmplus.keyaccounts.models import Candidate, OfficeResult, ProposedList
from crmplus.keyaccounts.services import selection_run_create, selection_run_execute
from tests.keyaccounts.selection_fixtures import LIST_FY, media, selection_world  # noqa: F401


@pytest.fixture
def run(org, tmp_path, media):  # noqa: F811
    extract = selection_world(org, tmp_path)
    created = selection_run_create(fy=LIST_FY, extract=extract, by=org.hq_admin, enqueue=False)
    return selection_run_execute(run_id=created.pk)


def test_it_hides_another_areas_candidate_and_list(client, org, run):
    n1 = Candidate.objects.get(run=run, bp=org.bp_n1)
    n1_list = ProposedList.objects.get(run=run, unit=org.n1)
    client.force_login(org.kamr_c1)
    assert client.get(n1.get_absolute_url()).status_code == 404
    assert client.get(n1_list.get_absolute_url()).status_code == 404
    assert client.post(n1.get_absolute_url(), {"segment": "star", "reason": "x"}).status_code == 404
    assert client.post(n1_list.get_absolute_url(), {"comment": ""}).status_code == 404
    c1 = Candidate.objects.get(run=run, bp=org.bp_c1)
    assert client.get(c1.get_absolute_url()).status_code == 200


def test_it_shows_an_n1_user_no_c1_numbers(client, org, run):
    client.force_login(org.area_admin_n1)
    r = client.get(run.get_absolute_url())
    units = [row.unit for row in r.context["matrix"] if row.unit is not None]
    assert units == [org.n1]
    assert r.context["matrix"][-1].total == 1  # the total row: N1's one key account
    body = r.content.decode()
    assert 'data-testid="matrix-row-C1"' not in body and org.c1.name_th not in body
    assert [plist.unit for plist in r.context["lists"]] == [org.n1]


def test_it_lists_only_the_accounts_and_offices_in_scope(client, org, run):
    client.force_login(org.kamr_n1)
    r = client.get(reverse("keyaccounts:accounts", args=[run.pk]))
    assert [c.bp_id for c in r.context["page"].object_list] == [org.bp_n1.pk]
    assert org.bp_c1.name_th not in r.content.decode()
    r = client.get(reverse("keyaccounts:offices", args=[run.pk]))
    assert {o.office for o in r.context["page"].object_list} == {org.n1_office}
    # Asking for another area's accounts by filter shows nothing, not C1's rows.
    r = client.get(reverse("keyaccounts:accounts", args=[run.pk]), {"area": org.c1.pk})
    assert org.bp_c1.bp_number not in r.content.decode()


def test_it_compares_only_within_scope(client, org, run):
    other = selection_run_create(fy=LIST_FY, extract=run.extract, by=org.hq_admin, enqueue=False)
    other = selection_run_execute(run_id=other.pk)
    Candidate.objects.filter(run=other, bp=org.bp_c1).delete()
    OfficeResult.objects.filter(run=other, office=org.c1_office).update(points=0)
    client.force_login(org.kamr_n1)
    r = client.get(reverse("keyaccounts:compare", args=[run.pk]), {"other": other.pk})
    comparison = r.context["comparison"]
    assert comparison.counts == {"entering": 0, "leaving": 0, "changing": 0, "offices": 0}
    client.force_login(org.hq_admin)
    r = client.get(reverse("keyaccounts:compare", args=[run.pk]), {"other": other.pk})
    comparison = r.context["comparison"]
    assert [d.bp_number for d in comparison.entering] == [org.bp_c1.bp_number]
    assert [d.office for d in comparison.offices] == [org.c1_office]
