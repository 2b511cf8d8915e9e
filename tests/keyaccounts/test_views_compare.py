"""The what-if screen: a draft with a higher threshold, compared with the official run."""

import pytest
from django.urls import reverse

from crmplus.keyaccounts.models import Candidate
from crmplus.keyaccounts.rules_settings import rules_for_fy
from crmplus.keyaccounts.services import selection_run_create, selection_run_execute
from tests.keyaccounts.selection_fixtures import LIST_FY, media, selection_world  # noqa: F401


@pytest.fixture
def runs(org, tmp_path, media):  # noqa: F811
    extract = selection_world(org, tmp_path)
    official = selection_run_create(fy=LIST_FY, extract=extract, by=org.hq_admin, enqueue=False)
    official = selection_run_execute(run_id=official.pk)
    # 3 M baht: bp_n1 (2.7 M pooled) drops out, bp_c1 (25 M) stays.
    rules = rules_for_fy(LIST_FY).to_dict() | {"pooled_threshold": 3_000_000.0}
    from crmplus.keyaccounts.rules import SelectionRules

    draft = selection_run_create(
        fy=LIST_FY, extract=extract, by=org.area_admin_n1, rules=SelectionRules.from_dict(rules),
        compare_to=official, enqueue=False,
    )  # fmt: skip
    return official, selection_run_execute(run_id=draft.pk)


def test_it_shows_what_a_draft_changes(client, org, runs):
    official, draft = runs
    Candidate.objects.filter(run=draft, bp=org.bp_c1).update(override_segment="star")
    client.force_login(org.hq_admin)
    body = client.get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="draft-badge"' in body and 'data-testid="compare-link"' in body
    r = client.get(reverse("keyaccounts:compare", args=[draft.pk]))  # other = compare_to
    comparison = r.context["comparison"]
    assert comparison.other == official
    assert [d.bp_number for d in comparison.leaving] == [org.bp_n1.bp_number]
    assert comparison.entering == []
    assert [(d.segment_from, d.segment_to) for d in comparison.changing] == [("strategic", "star")]
    assert org.n1_office in [d.office for d in comparison.offices]
    assert comparison.counts["leaving"] == 1
    body = r.content.decode()
    assert 'data-testid="count-leaving"' in body and org.bp_n1.name_th in body
    # the leaving account links to its page in the run it is in
    n1 = Candidate.objects.get(run=official, bp=org.bp_n1)
    assert n1.get_absolute_url() in body


def test_it_waits_for_both_runs_to_finish(client, org, runs):
    official, draft = runs
    official.status = "running"
    official.save()
    client.force_login(org.hq_admin)
    r = client.get(reverse("keyaccounts:compare", args=[draft.pk]), {"other": official.pk})
    assert r.context["comparison"] is None and r.context["not_ready"]
