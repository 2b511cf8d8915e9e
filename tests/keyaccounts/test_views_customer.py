"""The customer page says whether (and how) the customer is a key account."""

from django.utils import timezone

from crmplus.keyaccounts.models import Candidate, KeyAccount, ProposedList, SelectionRun


def _approve(org, bp, office, area, fy, segment, *, supplement=False):
    run = SelectionRun.objects.create(
        fy=fy, extract=_extract(org), rules={}, rules_source="x", created_by=org.hq_admin
    )
    plist = ProposedList.objects.create(run=run, unit=area, status="approved", accounts=1)
    candidate = Candidate.objects.create(
        run=run, bp_number=bp.bp_number, bp=bp, office=office, owner=office, owner_area=area,
        gm=1, pooled_gm=1, n_cas=1, n_pooled=1, segment=segment, supplement=supplement,
        points=2, explain_en="-", explain_th="-",
    )  # fmt: skip
    return KeyAccount.objects.create(
        fy=fy, bp=bp, office=office, owner=office, owner_area=area, segment=segment,
        supplement=supplement, source_list=plist, candidate=candidate, approved_at=timezone.now(),
    )  # fmt: skip


def _extract(org):
    from crmplus.billing.models import BillingExtract

    return BillingExtract.objects.first() or BillingExtract.objects.create(
        fy=2569, name="t", file="billing/extracts/t.parquet", sha256="0" * 64, rows=0, cas=0,
        bps=0, total_kwh=0, total_gm=0, total_revenue=0,
    )  # fmt: skip


def test_it_says_when_a_customer_is_not_a_key_account(client, org):
    client.force_login(org.kamr_n1)
    body = client.get(org.bp_n1.get_absolute_url()).content.decode()
    assert 'data-testid="ka-status"' in body and 'data-testid="ka-none"' in body


def test_it_lists_the_key_account_years_latest_first(client, org):
    _approve(org, org.bp_n1, org.n1_office, org.n1, 2569, "status", supplement=True)
    _approve(org, org.bp_n1, org.n1_office, org.n1, 2570, "star")
    client.force_login(org.kamr_n1)
    r = client.get(org.bp_n1.get_absolute_url())
    assert [ka.fy for ka in r.context["key_accounts"]] == [2570, 2569]
    body = r.content.decode()
    assert 'data-testid="ka-none"' not in body
    assert body.index(">2570<") < body.index(">2569<") and "Star" in body


def test_it_shows_only_the_key_account_rows_in_the_users_scope(client, org):
    # bp_c1 also buys power in N1 (a CA there), and is a key account in both areas.
    from tests.factories import ContractAccountFactory

    ContractAccountFactory(bp=org.bp_c1, office=org.n1_office)
    _approve(org, org.bp_c1, org.c1_office, org.c1, 2570, "strategic")
    _approve(org, org.bp_c1, org.n1_office, org.n1, 2570, "status")
    client.force_login(org.kamr_n1)
    r = client.get(org.bp_c1.get_absolute_url())
    assert [ka.office for ka in r.context["key_accounts"]] == [org.n1_office]
    client.force_login(org.hq_admin)
    r = client.get(org.bp_c1.get_absolute_url())
    assert len(r.context["key_accounts"]) == 2
