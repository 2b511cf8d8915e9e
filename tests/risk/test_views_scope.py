"""Another area's assessment, customer and evidence are invisible: 404, never 403."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crmplus.risk.models import RiskAssessment
from crmplus.risk.services import evidence_add
from tests.risk.conftest import FY, assess_n1, media  # noqa: F401


def test_it_hides_an_n1_assessment_from_a_c1_kamr(client, org, media):  # noqa: F811
    a = assess_n1(org)
    evidence = evidence_add(
        assessment=a,
        factor="spp_offer",
        by=org.kamr_n1,
        file=SimpleUploadedFile("offer.pdf", b"%PDF-1.4 offer"),
    )
    client.force_login(org.kamr_c1)
    assess = reverse("risk:assess", args=[org.bp_n1.pk])
    for url in (
        reverse("risk:detail", args=[a.pk]),
        f"{assess}?office={org.n1_office.pk}&fy={FY}",
        assess,
        reverse("risk:evidence", args=[evidence.pk]),
        org.bp_n1.get_absolute_url(),
    ):
        assert client.get(url).status_code == 404, url
    r = client.post(reverse("risk:detail", args=[a.pk]), {"action": "submit"})
    assert r.status_code == 404
    r = client.post(f"{assess}?office={org.n1_office.pk}&fy={FY}", {"spp_offer": "no"})
    assert r.status_code == 404
    body = client.get(reverse("risk:list")).content.decode()
    assert 'data-testid="risk-empty"' in body
    assert client.get(reverse("risk:home"), {"fy": FY}).context["heat"].total == 0
    assert RiskAssessment.objects.get().values == a.values


def test_it_serves_evidence_files_to_users_in_scope_only_through_the_view(client, org, media):  # noqa: F811
    a = assess_n1(org)
    evidence = evidence_add(
        assessment=a, factor="spp_offer", by=org.kamr_n1,
        file=SimpleUploadedFile("offer.pdf", b"%PDF-1.4 offer"),
    )  # fmt: skip
    client.force_login(org.senior_n1)
    r = client.get(reverse("risk:evidence", args=[evidence.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 offer"
    assert "offer.pdf" in r["Content-Disposition"]
    body = client.get(reverse("risk:detail", args=[a.pk])).content.decode()
    assert reverse("risk:evidence", args=[evidence.pk]) in body
    assert "/media/" not in body
