"""Every key-account screen renders for an HQ admin, from a real run of a tiny extract."""

import pytest
from django.urls import reverse

from crmplus.keyaccounts.models import Candidate, ProposedList, SelectionRun
from crmplus.keyaccounts.services import selection_run_create, selection_run_execute
from tests.keyaccounts.selection_fixtures import LIST_FY, media, selection_world  # noqa: F401


@pytest.fixture
def run(org, tmp_path, media):  # noqa: F811
    extract = selection_world(org, tmp_path)
    created = selection_run_create(fy=LIST_FY, extract=extract, by=org.hq_admin, enqueue=False)
    done = selection_run_execute(run_id=created.pk)
    assert done.status == "done", done.error
    return done


def test_it_renders_every_page_for_hq(client, org, run):
    client.force_login(org.hq_admin)
    n1 = Candidate.objects.get(run=run, bp=org.bp_n1)
    plist = ProposedList.objects.get(run=run, unit=org.n1)
    pages = {
        "home": reverse("keyaccounts:home"),
        "run_new": reverse("keyaccounts:run_new"),
        "run": run.get_absolute_url(),
        "accounts": reverse("keyaccounts:accounts", args=[run.pk]),
        "candidate": n1.get_absolute_url(),
        "offices": reverse("keyaccounts:offices", args=[run.pk]),
        "compare": reverse("keyaccounts:compare", args=[run.pk]) + f"?other={run.pk}",
        "list": plist.get_absolute_url(),
        "rules": reverse("keyaccounts:rules") + f"?fy={LIST_FY}",
    }
    for name, url in pages.items():
        r = client.get(url)
        assert r.status_code == 200, name
    body = client.get(pages["candidate"]).content.decode()
    assert org.bp_n1.name_th in body and "2,700,000.00 บาท" in body
    assert n1.explain_th[:30] in body and n1.explain_en[:30] in body  # both languages
    assert org.ca_n1.ca_number in body


def test_it_shows_the_run_summary_matrix_lists_and_offices(client, org, run):
    client.force_login(org.hq_admin)
    body = client.get(run.get_absolute_url()).content.decode()
    assert 'data-testid="run-summary"' in body
    assert 'data-testid="matrix-row-N1"' in body and 'data-testid="matrix-row-C1"' in body
    assert 'data-testid="matrix-total"' in body
    for plist in ProposedList.objects.filter(run=run):
        assert plist.get_absolute_url() in body
    assert reverse("keyaccounts:offices", args=[run.pk]) + "?status=review" in body
    assert 'id="rules-used"' in body


def test_it_lists_runs_newest_first_and_pages_them_with_htmx(client, org, run):
    client.force_login(org.hq_admin)
    for _i in range(21):
        SelectionRun.objects.create(
            fy=LIST_FY,
            extract=run.extract,
            rules=run.rules,
            rules_source="x",
            created_by=org.hq_admin,
        )
    r = client.get(reverse("keyaccounts:home"))
    runs = list(r.context["page"].object_list)
    assert len(runs) == 20 and runs[0].pk > runs[-1].pk
    r = client.get(
        reverse("keyaccounts:home") + "?page=2",
        headers={"HX-Request": "true", "HX-Target": "run-results"},
    )
    assert r.templates[0].name == "keyaccounts/_runs_results.html"
    assert f"#{run.pk}" in r.content.decode()


def test_it_polls_a_running_run_and_reloads_when_it_ends(client, org, run):
    queued = SelectionRun.objects.create(
        fy=LIST_FY, extract=run.extract, rules=run.rules, rules_source="x", created_by=org.hq_admin
    )
    client.force_login(org.hq_admin)
    body = client.get(queued.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in body and 'role="progressbar"' in body
    poll = {"HX-Request": "true", "HX-Target": "run-progress"}
    r = client.get(queued.get_absolute_url(), headers=poll)
    assert "HX-Refresh" not in r and 'hx-trigger="every 1s"' in r.content.decode()
    SelectionRun.objects.filter(pk=queued.pk).update(status="running", progress=70)
    assert "70%" in client.get(queued.get_absolute_url(), headers=poll).content.decode()
    SelectionRun.objects.filter(pk=queued.pk).update(status="failed", error="the file is gone")
    r = client.get(queued.get_absolute_url(), headers=poll)
    assert r["HX-Refresh"] == "true" and 'hx-trigger="every 1s"' not in r.content.decode()
    assert "the file is gone" in client.get(queued.get_absolute_url()).content.decode()


def test_it_shows_approved_key_accounts_on_the_home_page(client, org, run):
    from crmplus.approvals.services import approval_approve, approval_for
    from crmplus.keyaccounts.services import list_submit

    plist = ProposedList.objects.get(run=run, unit=org.n1)
    list_submit(plist=plist, by=org.area_admin_n1)
    approval_approve(request=approval_for(plist), by=org.approver_n1)
    client.force_login(org.hq_admin)
    r = client.get(reverse("keyaccounts:home"))
    assert r.context["fy"] == LIST_FY
    # Years and ids are never written with a thousands separator (USE_THOUSAND_SEPARATOR).
    assert f'value="{LIST_FY}" selected' in r.content.decode()
    assert "2,570" not in r.content.decode()
    n1_row = next(row for row in r.context["matrix"] if row.unit == org.n1)
    assert n1_row.total == 1
    status_cell = n1_row.cells[2]
    assert status_cell.n == 1
    assert status_cell.url == (
        reverse("keyaccounts:accounts", args=[run.pk]) + f"?area={org.n1.pk}&segment=status"
    )


def test_it_explains_in_the_users_language_first(client, org, run):
    n1 = Candidate.objects.get(run=run, bp=org.bp_n1)
    org.hq_admin.language = "en"
    org.hq_admin.save()
    client.force_login(org.hq_admin)
    r = client.get(n1.get_absolute_url())
    body = r.content.decode()
    main = body.index('data-testid="explanation"')
    other = body.index('data-testid="explanation-other"')
    assert body.index(n1.explain_en[:40]) > main and body.index(n1.explain_th[:40]) > other
    assert '<html lang="en">' in body
