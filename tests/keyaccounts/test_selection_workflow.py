"""A selection run from an extract to approved key-account status (services and worker)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from crmplus.approvals.services import approval_approve, approval_for, approval_reject
from crmplus.keyaccounts.models import (
    Candidate,
    KeyAccount,
    ListStatus,
    OfficeResult,
    ProposedList,
    SelectionRun,
)
from crmplus.keyaccounts.rules import SelectionRules
from crmplus.keyaccounts.services import (
    candidate_override,
    list_submit,
    selection_run_create,
    selection_run_execute,
)
from tests.keyaccounts.selection_fixtures import LIST_FY, media, selection_world  # noqa: F401


def run_now(org, extract, **kwargs):
    run = selection_run_create(
        fy=LIST_FY, extract=extract, by=org.hq_admin, enqueue=False, **kwargs
    )
    return selection_run_execute(run_id=run.pk)


@pytest.fixture
def world(org, tmp_path, media):  # noqa: F811
    return selection_world(org, tmp_path)


def test_it_runs_in_the_real_worker(org_tx, tmp_path, media):  # noqa: F811
    extract = selection_world(org_tx, tmp_path)
    from django.db import transaction

    with transaction.atomic():
        run = selection_run_create(fy=LIST_FY, extract=extract, by=org_tx.hq_admin)
    assert run.status == "queued"
    call_command(
        "worker", batch=True, startup_delay=False, reload=False, verbosity=0, worker_id="t"
    )
    run.refresh_from_db()
    assert run.status == "done", run.error
    assert run.progress == 100 and run.summary["key_accounts"] == 2


def test_it_stores_candidates_offices_and_one_list_per_area(org, world):
    run = run_now(org, world)
    assert run.status == "done", run.error
    by_bp = {c.bp_number: c for c in Candidate.objects.filter(run=run)}
    n1 = by_bp[org.bp_n1.bp_number]
    assert n1.bp == org.bp_n1 and n1.owner == org.n1_office and n1.owner_area == org.n1
    assert n1.n_pooled == 2 and float(n1.pooled_gm) == pytest.approx(2_700_000)
    assert "2,700,000" in n1.explain_en and "บาท" in n1.explain_th
    assert by_bp[org.bp_c1.bp_number].owner_area == org.c1
    assert set(ProposedList.objects.filter(run=run).values_list("unit__code", flat=True)) == {
        "N1",
        "C1",
    }
    office = OfficeResult.objects.get(run=run, office=org.n1_office)
    assert office.status in {"review", "ok", "supplemented"}
    assert run.rules == SelectionRules().to_dict()


def test_it_routes_each_list_to_its_own_approver_and_sets_the_status(org, world):
    run = run_now(org, world)
    n1_list = ProposedList.objects.get(run=run, unit=org.n1)
    list_submit(plist=n1_list, by=org.area_admin_n1)
    request = approval_for(n1_list)
    assert request.approver_unit == org.n1
    for wrong in (org.approver_c1, org.hq_approver):
        with pytest.raises(PermissionDenied):
            approval_approve(request=request, by=wrong)
    approval_approve(request=request, by=org.approver_n1)
    n1_list.refresh_from_db()
    assert n1_list.status == ListStatus.APPROVED
    status = KeyAccount.objects.get(bp=org.bp_n1)
    assert (status.fy, status.office, status.segment) == (LIST_FY, org.n1_office, "status")
    assert not KeyAccount.objects.filter(bp=org.bp_c1).exists()  # C1's list is not approved


def test_it_keeps_a_rejected_list_editable_and_resubmits_it(org, world):
    run = run_now(org, world)
    n1_list = ProposedList.objects.get(run=run, unit=org.n1)
    list_submit(plist=n1_list, by=org.area_admin_n1)
    candidate = Candidate.objects.get(run=run, bp=org.bp_n1)
    with pytest.raises(ValidationError):
        candidate_override(candidate=candidate, segment="star", reason="x", by=org.kamr_n1)
    approval_reject(request=approval_for(n1_list), by=org.approver_n1, reason="Check C1 load")
    n1_list.refresh_from_db()
    assert n1_list.status == ListStatus.REJECTED
    candidate_override(candidate=candidate, segment="star", reason="New plant 2570", by=org.kamr_n1)
    list_submit(plist=n1_list, by=org.area_admin_n1)
    assert approval_for(n1_list).round == 2
    approval_approve(request=approval_for(n1_list), by=org.approver_n1)
    status = KeyAccount.objects.get(bp=org.bp_n1)
    assert (status.segment, status.overridden) == ("star", True)


def test_it_needs_a_reason_and_scope_to_override(org, world):
    run = run_now(org, world)
    candidate = Candidate.objects.get(run=run, bp=org.bp_n1)
    with pytest.raises(ValidationError):
        candidate_override(candidate=candidate, segment="strategic", reason=" ", by=org.kamr_n1)
    with pytest.raises(PermissionDenied):
        candidate_override(candidate=candidate, segment="strategic", reason="x", by=org.kamr_c1)
    with pytest.raises(PermissionDenied):
        candidate_override(candidate=candidate, segment="strategic", reason="x", by=org.auditor)
    candidate.refresh_from_db()
    assert candidate.override_segment == ""


def test_it_lets_only_admins_submit_and_never_a_draft(org, world):
    run = run_now(org, world)
    n1_list = ProposedList.objects.get(run=run, unit=org.n1)
    with pytest.raises(PermissionDenied):
        list_submit(plist=n1_list, by=org.kamr_n1)
    draft = run_now(org, world, rules=SelectionRules(pooled_threshold=300_000))
    assert draft.is_draft and not draft.lists.exists()
    assert draft.summary["key_accounts"] == 3  # the near miss enters under the draft rules
    with pytest.raises(PermissionDenied):
        selection_run_create(fy=LIST_FY, extract=world, by=org.kamr_n1, enqueue=False)


def test_it_replaces_the_status_when_a_later_list_is_approved(org, world):
    first = run_now(org, world)
    for run in (first, run_now(org, world)):
        plist = ProposedList.objects.get(run=run, unit=org.n1)
        list_submit(plist=plist, by=org.area_admin_n1)
        approval_approve(request=approval_for(plist), by=org.approver_n1)
    assert KeyAccount.objects.filter(bp=org.bp_n1).count() == 1
    assert ProposedList.objects.get(run=first, unit=org.n1).status == ListStatus.SUPERSEDED
    assert SelectionRun.objects.count() == 2
