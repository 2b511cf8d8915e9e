"""A KAM proposes another segment on the account page: reason required, saved, in history."""

import pytest

from crmplus.keyaccounts.models import Candidate, ListStatus, ProposedList
from crmplus.keyaccounts.services import selection_run_create, selection_run_execute
from tests.keyaccounts.selection_fixtures import LIST_FY, media, selection_world  # noqa: F401


@pytest.fixture
def n1(org, tmp_path, media):  # noqa: F811
    extract = selection_world(org, tmp_path)
    created = selection_run_create(fy=LIST_FY, extract=extract, by=org.hq_admin, enqueue=False)
    run = selection_run_execute(run_id=created.pk)
    return Candidate.objects.get(run=run, bp=org.bp_n1)


def test_it_requires_a_reason_and_saves_nothing_without_one(client, org, n1):
    assert n1.segment != "star"
    client.force_login(org.kamr_n1)
    r = client.post(n1.get_absolute_url(), {"segment": "star", "reason": "  "})
    assert r.status_code == 200
    assert "reason" in r.context["form"].errors
    assert Candidate.objects.get(pk=n1.pk).override_segment == ""


def test_it_saves_the_proposal_and_shows_it_in_the_history(client, org, n1):
    client.force_login(org.kamr_n1)
    r = client.post(n1.get_absolute_url(), {"segment": "star", "reason": "ขยายโรงงานปีหน้า"})
    assert r.status_code == 302
    fresh = Candidate.objects.get(pk=n1.pk)
    assert (fresh.override_segment, fresh.override_by) == ("star", org.kamr_n1)
    r = client.get(n1.get_absolute_url())
    body = r.content.decode()
    assert 'data-testid="override-current"' in body and "ขยายโรงงานปีหน้า" in body
    entry = r.context["entries"][0]
    assert (entry.who, entry.reason) == (org.kamr_n1.get_full_name(), "ขยายโรงงานปีหน้า")
    assert 'data-testid="history"' in body
    # withdrawn by choosing the computed segment again
    r = client.post(n1.get_absolute_url(), {"segment": n1.segment, "reason": ""})
    assert r.status_code == 302 and Candidate.objects.get(pk=n1.pk).override_segment == ""


def test_it_offers_no_form_to_an_auditor_and_refuses_their_post(client, org, n1):
    client.force_login(org.auditor)
    r = client.get(n1.get_absolute_url())
    assert r.status_code == 200 and r.context["form"] is None
    r = client.post(n1.get_absolute_url(), {"segment": "star", "reason": "x"})
    assert r.status_code == 403
    assert Candidate.objects.get(pk=n1.pk).override_segment == ""


def test_it_closes_the_form_once_the_list_is_submitted(client, org, n1):
    ProposedList.objects.filter(run=n1.run, unit=org.n1).update(status=ListStatus.SUBMITTED)
    client.force_login(org.kamr_n1)
    assert client.get(n1.get_absolute_url()).context["form"] is None
    r = client.post(n1.get_absolute_url(), {"segment": "star", "reason": "late"})
    assert r.status_code == 200 and r.context["form"].non_field_errors()
    assert Candidate.objects.get(pk=n1.pk).override_segment == ""
