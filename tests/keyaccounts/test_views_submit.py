"""An area admin submits its proposed list from the list page; the approval shows there."""

import pytest

from crmplus.approvals.models import ApprovalRequest
from crmplus.approvals.services import approval_for
from crmplus.keyaccounts.models import Candidate, ListStatus, ProposedList
from crmplus.keyaccounts.services import selection_run_create, selection_run_execute
from tests.keyaccounts.selection_fixtures import LIST_FY, media, selection_world  # noqa: F401


@pytest.fixture
def n1_list(org, tmp_path, media):  # noqa: F811
    extract = selection_world(org, tmp_path)
    created = selection_run_create(fy=LIST_FY, extract=extract, by=org.hq_admin, enqueue=False)
    run = selection_run_execute(run_id=created.pk)
    return ProposedList.objects.get(run=run, unit=org.n1)


def test_it_submits_the_list_with_a_comment(client, org, n1_list):
    client.force_login(org.area_admin_n1)
    body = client.get(n1_list.get_absolute_url()).content.decode()
    assert 'data-testid="submit-form"' in body and 'data-testid="list-counts"' in body
    r = client.post(n1_list.get_absolute_url(), {"comment": "ตรวจสอบแล้ว"})
    assert r.status_code == 302
    assert ProposedList.objects.get(pk=n1_list.pk).status == ListStatus.SUBMITTED
    request = approval_for(n1_list)
    assert request.is_pending and request.approver_unit == org.n1
    assert request.events.get().comment == "ตรวจสอบแล้ว"
    body = client.get(n1_list.get_absolute_url()).content.decode()
    assert 'data-testid="approval-panel"' in body and request.get_absolute_url() in body
    assert 'data-testid="submit-form"' not in body


def test_it_shows_why_a_list_cannot_be_submitted(client, org, n1_list):
    Candidate.objects.filter(run=n1_list.run, owner_area=org.n1).update(bp=None)
    client.force_login(org.area_admin_n1)
    r = client.post(n1_list.get_absolute_url(), {"comment": ""})
    assert r.status_code == 200 and r.context["form"].non_field_errors()
    assert 'data-testid="not-in-registry"' in r.content.decode()
    assert not ApprovalRequest.objects.exists()


def test_it_offers_no_submit_to_a_kamr_or_an_auditor(client, org, n1_list):
    client.force_login(org.auditor)
    r = client.get(n1_list.get_absolute_url())
    assert r.status_code == 200 and r.context["form"] is None
    assert client.post(n1_list.get_absolute_url(), {"comment": ""}).status_code == 403
    # A KAMR's scope is the office: the area's list is not theirs to see.
    client.force_login(org.kamr_n1)
    assert client.get(n1_list.get_absolute_url()).status_code == 404
    assert not ApprovalRequest.objects.exists()
