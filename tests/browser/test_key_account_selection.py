"""Key-account selection as users do it: run on demo data, read an explanation, submit the
area's list, approve it as that area's approver, see the status on the customer page."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from crmplus.core.demo_plan import DEMO_PASSWORD
from crmplus.keyaccounts.models import Candidate, ProposedList, SelectionRun
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def _log_out(page: Page) -> None:
    page.context.clear_cookies()


def _run_worker() -> None:
    call_command(
        "worker", batch=True, startup_delay=False, reload=False, verbosity=0, worker_id="ka"
    )


def test_it_runs_submits_and_approves_a_key_account_list(page: Page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo_data", "--seed", "1", "--customers", "300", stdout=io.StringIO())

    # HQ admin starts a run for FY2565 on the demo billing of FY2563.
    log_in(page, "hq_admin", DEMO_PASSWORD)
    page.goto("/key-accounts/runs/new/")
    page.locator("input[name=fy]").fill("2565")
    from crmplus.billing.models import BillingExtract

    extract = BillingExtract.objects.get(fy=2563)
    page.locator("select[name=extract]").select_option(value=str(extract.pk))
    page.locator("input[name=mode][value=rules]").check()
    page.get_by_test_id("start-run").click()
    expect(page.get_by_test_id("run-progress")).to_be_visible()
    run = SelectionRun.objects.get(fy=2565)
    _run_worker()
    expect(page.get_by_test_id("segment-matrix")).to_be_visible()  # htmx saw it finish
    expect(page.get_by_test_id("run-status")).to_have_attribute("class", re.compile("success"))

    # An N1 account's explanation says why it is there and which CAs were pooled.
    candidate = (
        Candidate.objects.filter(run=run, owner_area__code="N1", supplement=False)
        .order_by("rank")
        .first()
    )
    page.goto(candidate.get_absolute_url())
    explanation = page.get_by_test_id("explanation")
    expect(explanation).to_contain_text("ลูกค้ารายสำคัญ")
    expect(explanation).to_contain_text(candidate.ca_numbers[0])
    expect(page.get_by_test_id("pooled-cas")).to_contain_text(candidate.ca_numbers[0])

    # The area admin of N1 submits N1's list.
    _log_out(page)
    log_in(page, "admin_n1", DEMO_PASSWORD)
    n1_list = ProposedList.objects.get(run=run, unit__code="N1")
    page.goto(n1_list.get_absolute_url())
    page.get_by_test_id("submit-list").click()
    expect(page.get_by_test_id("list-status")).to_have_text(re.compile("รออนุมัติ|Waiting"))
    request = n1_list_request(n1_list)

    # Another area's approver can neither see nor approve it.
    _log_out(page)
    log_in(page, "approver_c1", DEMO_PASSWORD)
    response = page.goto(request.get_absolute_url())
    assert response.status == 404
    page.goto("/approvals/")
    expect(page.locator("body")).not_to_contain_text(request.title)
    denied = page.request.post(f"/approvals/{request.pk}/approve/")
    assert denied.status in {403, 404}

    # N1's approver approves it from the inbox.
    _log_out(page)
    log_in(page, "approver_n1", DEMO_PASSWORD)
    page.goto("/approvals/")
    page.get_by_text(request.title).first.click()
    page.get_by_test_id("approve").click()
    n1_list.refresh_from_db()
    assert n1_list.status == "approved"

    # The customer page shows the approved status for FY2565.
    page.goto(candidate.bp.get_absolute_url())
    status = page.get_by_test_id("ka-status")
    expect(status).to_contain_text("2565")
    expect(status.get_by_test_id("segment").first).to_be_visible()


def n1_list_request(plist):
    from crmplus.approvals.services import approval_for

    request = approval_for(plist)
    assert request is not None and request.status == "pending"
    return request
