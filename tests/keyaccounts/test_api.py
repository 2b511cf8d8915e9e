"""Key-accounts API: approved status and run accounts, scoped like the pages."""

import pytest

from crmplus.approvals.services import approval_approve, approval_for
from crmplus.keyaccounts.models import Candidate, ProposedList
from crmplus.keyaccounts.services import list_submit, selection_run_create, selection_run_execute
from tests.keyaccounts.selection_fixtures import LIST_FY, media, selection_world  # noqa: F401


@pytest.fixture
def run(org, tmp_path, media):  # noqa: F811
    extract = selection_world(org, tmp_path)
    run = selection_run_create(fy=LIST_FY, extract=extract, by=org.hq_admin, enqueue=False)
    run = selection_run_execute(run_id=run.pk)
    plist = ProposedList.objects.get(run=run, unit=org.n1)
    list_submit(plist=plist, by=org.area_admin_n1)
    approval_approve(request=approval_for(plist), by=org.approver_n1)
    return run


def test_it_lists_approved_status_in_scope(org, run, client):
    client.force_login(org.kamr_n1)
    body = client.get("/api/v1/key-accounts/status", {"fy": LIST_FY}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["bp_number"], item["office_code"], item["owner_code"]) == (
        org.bp_n1.bp_number,
        "N1-OF1",
        "N1",
    )
    client.force_login(org.kamr_c1)
    assert client.get("/api/v1/key-accounts/status").json()["count"] == 0


def test_it_shows_run_accounts_with_their_explanation_and_hides_other_areas(org, run, client):
    client.force_login(org.kamr_c1)
    body = client.get(f"/api/v1/key-accounts/runs/{run.pk}/accounts").json()
    assert [i["owner_code"] for i in body["items"]] == ["C1"]
    n1 = Candidate.objects.get(run=run, bp=org.bp_n1)
    r = client.get(f"/api/v1/key-accounts/runs/{run.pk}/accounts/{n1.pk}")
    assert r.status_code == 404
    client.force_login(org.hq_admin)
    item = client.get(f"/api/v1/key-accounts/runs/{run.pk}/accounts/{n1.pk}").json()
    assert item["pooled_cas"] == n1.ca_numbers and "ลูกค้ารายสำคัญ" in item["explain_th"]
    assert client.get("/api/v1/key-accounts/runs").json()[0]["id"] == run.pk
    assert client.get("/api/v1/key-accounts/status", {"segment": "nonsense"}).status_code == 422


def test_it_needs_authentication(client):
    assert client.get("/api/v1/key-accounts/status").status_code == 401


@pytest.mark.parametrize("query", ["area=%00", "bp_number=%00x", "segment=%00", "fy=abc"])
def test_it_answers_odd_parameters_without_a_500(org, client, query):
    client.force_login(org.hq_admin)
    r = client.get(f"/api/v1/key-accounts/status?{query}")
    assert r.status_code in {200, 422}
    r = client.get(f"/api/v1/key-accounts/runs/1/accounts?{query}")
    assert r.status_code in {200, 404, 422}
