"""Every risk screen renders for the users who may see it, in Thai, with empty states."""

import pytest
from django.urls import reverse
from django.utils import timezone

from crmplus.keyaccounts.models import Candidate, KeyAccount, ProposedList, SelectionRun
from tests.risk.conftest import FY, LOW, submitted_n1


def approve(org, bp, office, area, fy=FY, segment="star"):
    """An approved key account (the minimum rows a KeyAccount needs)."""
    from crmplus.billing.models import BillingExtract

    extract = BillingExtract.objects.first() or BillingExtract.objects.create(
        fy=fy, name="t", file="billing/extracts/t.parquet", sha256="0" * 64, rows=0, cas=0,
        bps=0, total_kwh=0, total_gm=0, total_revenue=0,
    )  # fmt: skip
    run = SelectionRun.objects.create(
        fy=fy, extract=extract, rules={}, rules_source="x", created_by=org.hq_admin
    )
    plist = ProposedList.objects.create(run=run, unit=area, status="approved", accounts=1)
    candidate = Candidate.objects.create(
        run=run, bp_number=bp.bp_number, bp=bp, office=office, owner=office, owner_area=area,
        gm=1, pooled_gm=1, n_cas=1, n_pooled=1, segment=segment, points=2, explain_en="-",
        explain_th="-",
    )  # fmt: skip
    return KeyAccount.objects.create(
        fy=fy, bp=bp, office=office, owner=office, owner_area=area, segment=segment,
        source_list=plist, candidate=candidate, approved_at=timezone.now(),
    )  # fmt: skip


def pages(org, a):
    assess = reverse("risk:assess", args=[org.bp_n1.pk])
    return {
        "home": reverse("risk:home"),
        "home_fy": reverse("risk:home") + f"?fy={FY}&unit={org.n1.pk}",
        "list": reverse("risk:list") + f"?fy={FY}",
        "detail": reverse("risk:detail", args=[a.pk]),
        "assess": f"{assess}?office={org.n1_office.pk}&fy={FY}",
        "customer": org.bp_n1.get_absolute_url(),
    }


@pytest.mark.parametrize(
    "name", ["hq_admin", "auditor", "area_admin_n1", "senior_n1", "kamr_n1", "hq_approver"]
)
def test_it_renders_every_page_for_users_who_see_the_account(client, org, name):
    a = submitted_n1(org)
    client.force_login(getattr(org, name))
    for page, url in pages(org, a).items():
        if page == "assess" and name in {"auditor", "hq_approver", "hq_admin"}:
            assert client.get(url).status_code == 403, page  # they read, never assess
            continue
        r = client.get(url)
        assert r.status_code == 200, (page, name)
    body = client.get(pages(org, a)["detail"]).content.decode()
    assert org.bp_n1.name_th in body and "สูงมาก" in body  # very high, in Thai
    assert a.explain_th.splitlines()[0] in body and a.explain_en.splitlines()[0] in body


def test_it_shows_the_assessment_on_the_customer_page_with_an_assess_link(client, org):
    approve(org, org.bp_n1, org.n1_office, org.n1)
    client.force_login(org.kamr_n1)
    body = client.get(org.bp_n1.get_absolute_url()).content.decode()
    assert 'data-testid="risk-none"' in body
    link = reverse("risk:assess", args=[org.bp_n1.pk]) + f"?office={org.n1_office.pk}&amp;fy={FY}"
    assert link in body
    a = submitted_n1(org, values=LOW, notes={})
    body = client.get(org.bp_n1.get_absolute_url()).content.decode()
    assert reverse("risk:detail", args=[a.pk]) in body and 'data-testid="risk-none"' not in body
    client.force_login(org.auditor)  # reads, never assesses: no link
    body = client.get(org.bp_n1.get_absolute_url()).content.decode()
    assert 'data-testid="assess-link"' not in body and reverse("risk:detail", args=[a.pk]) in body


def test_it_shows_empty_states(client, org):
    client.force_login(org.kamr_n1)
    body = client.get(reverse("risk:home")).content.decode()
    assert 'data-testid="heat-empty"' in body and 'data-testid="completion-empty"' in body
    body = client.get(reverse("risk:list")).content.decode()
    assert 'data-testid="risk-empty"' in body


def test_it_pages_the_list_with_htmx(client, org):
    submitted_n1(org)
    client.force_login(org.kamr_n1)
    r = client.get(
        reverse("risk:list"), {"fy": FY}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="risk-results"
    )
    body = r.content.decode()
    assert r.status_code == 200 and '<nav aria-label="breadcrumb">' not in body
    assert body.count('data-testid="risk-row"') == 1


@pytest.mark.django_db(transaction=True)
def test_it_loads_demo_assessments_across_every_area_without_moving_the_2564_list():
    import io

    from django.core.management import call_command

    from crmplus.keyaccounts.models import KeyAccount
    from crmplus.risk.models import RiskAssessment

    call_command("demo_data", "--seed", "1", "--customers", "600", stdout=io.StringIO())
    rows = RiskAssessment.objects.filter(fy=2564)
    areas = set(rows.values_list("office__parent__code", flat=True))
    assert len(areas) == 12
    assert set(rows.values_list("level", flat=True)) == {1, 2, 3, 4}
    assert rows.filter(status="confirmed").exists() and rows.filter(status="draft").exists()
    # FY2564 assessments do not feed the FY2564 list (built from FY2563 billing).
    assert not RiskAssessment.objects.filter(fy=2563).exists()
    assert KeyAccount.objects.filter(fy=2564).exists()
    before = rows.count()
    call_command("demo_data", "--seed", "1", "--customers", "600", stdout=io.StringIO())
    assert RiskAssessment.objects.filter(fy=2564).count() == before
