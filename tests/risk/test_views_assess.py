"""The assessment form: built from the year's matrix, saves through the service and shows
the derived level; a bad value or missing evidence is shown on its field, nothing saved."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crmplus.risk.models import RiskAssessment, RiskEvidence
from tests.risk.conftest import FY, media, submitted_n1  # noqa: F401

GOOD = {
    "spp_offer": "yes",
    "note_spp_offer": "หนังสือเสนอราคาจาก SPP",
    "self_generation": "1",
    "yearly_gm": "12000000",
    "save": "",
}


def url(org, bp=None, office=None):
    bp, office = bp or org.bp_n1, office or org.n1_office
    return reverse("risk:assess", args=[bp.pk]) + f"?office={office.pk}&fy={FY}"


def test_it_builds_the_form_from_the_matrix(client, org):
    client.force_login(org.kamr_n1)
    body = client.get(url(org)).content.decode()
    assert 'type="radio" name="spp_offer" value="yes"' in body  # yes/no → radio
    assert '<select name="self_generation"' in body and "ติดตั้งแล้ว" in body  # choice → select
    assert 'type="number" name="open_complaints"' in body  # number → number input
    assert 'name="note_spp_offer"' in body and 'type="file"' in body and 'accept=".pdf,' in body
    assert body.count('<span class="text-danger" title=') == 3  # required markers: P 2, I 1


def test_it_saves_and_shows_the_level(client, org):
    client.force_login(org.kamr_n1)
    r = client.post(url(org), GOOD)
    assert r.status_code == 302 and r["Location"] == url(org)
    a = RiskAssessment.objects.get()
    assert (a.p, a.i, a.score, a.level, a.status) == (5, 4, 20, 4, "draft")
    assert a.values == {"spp_offer": True, "self_generation": 1, "yearly_gm": 12_000_000}
    assert a.notes == {"spp_offer": "หนังสือเสนอราคาจาก SPP"}
    body = client.get(url(org)).content.decode()
    assert "P 5 × I 4 = <strong>20</strong>" in body and "สูงมาก" in body
    assert 'value="12000000"' in body
    assert re.search(r'<input type="radio" name="spp_offer" value="yes"[^>]* checked>', body)


def test_it_shows_a_bad_value_on_its_field_and_saves_nothing(client, org):
    client.force_login(org.kamr_n1)
    for field, value in (
        ("open_complaints", "-3"),
        ("office_gm_share", "150"),
        ("yearly_gm", "abc"),
    ):
        r = client.post(url(org), {**GOOD, field: value})
        assert r.status_code == 200
        assert r.context["form"].errors[field], field
        assert f'data-testid="error-{field}"' in r.content.decode()
    assert not RiskAssessment.objects.exists()


def test_it_asks_for_evidence_on_the_factor_and_saves_nothing(client, org):
    client.force_login(org.kamr_n1)
    r = client.post(url(org), {**GOOD, "note_spp_offer": ""})
    assert r.status_code == 200 and r.context["form"].errors["spp_offer"]
    r = client.post(url(org), {**GOOD, "spp_offer": ""})  # required
    assert r.context["form"].errors["spp_offer"]
    assert not RiskAssessment.objects.exists()


def test_it_takes_an_evidence_file_within_the_settings(client, org, media):  # noqa: F811
    client.force_login(org.kamr_n1)
    bad = SimpleUploadedFile("offer.exe", b"MZ")
    r = client.post(url(org), {**GOOD, "note_spp_offer": "", "file_spp_offer": bad})
    assert r.status_code == 200 and r.context["form"].errors["file_spp_offer"]
    assert not RiskAssessment.objects.exists() and not RiskEvidence.objects.exists()
    good = SimpleUploadedFile("offer.pdf", b"%PDF-1.4 offer")
    r = client.post(url(org), {**GOOD, "note_spp_offer": "", "file_spp_offer": good})
    assert r.status_code == 302
    evidence = RiskEvidence.objects.get()
    assert (evidence.factor, evidence.file_name) == ("spp_offer", "offer.pdf")
    assert reverse("risk:evidence", args=[evidence.pk]) in client.get(url(org)).content.decode()


def test_it_saves_and_submits_in_one_go_then_locks_the_form(client, org):
    client.force_login(org.kamr_n1)
    data = {k: v for k, v in GOOD.items() if k != "save"}
    r = client.post(url(org), {**data, "submit": ""})
    a = RiskAssessment.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("risk:detail", args=[a.pk])
    assert a.status == "submitted"
    r = client.get(url(org))
    assert (
        'data-testid="locked"' in r.content.decode()
        and 'data-testid="assess-form"' not in r.content.decode()
    )
    r = client.post(url(org), {**GOOD, "yearly_gm": "1"})
    assert RiskAssessment.objects.get().i == 4  # nothing changed while waiting for review


def test_it_refuses_an_office_that_does_not_serve_the_customer(client, org):
    client.force_login(org.kamr_n1)  # N1-OF2 is outside an N1-OF1 KAMR's scope
    assert client.get(url(org, office=org.n1_office2)).status_code == 404
    client.force_login(org.senior_n1)
    r = client.post(url(org, office=org.n1_office2), GOOD)
    assert r.status_code == 200 and r.context["form"].non_field_errors()
    assert not RiskAssessment.objects.exists()
    assert (
        client.get(reverse("risk:assess", args=[org.bp_n1.pk]) + "?office=999999").status_code
        == 404
    )


def test_a_returned_assessment_shows_the_reviewers_note(client, org):
    from crmplus.risk.services import assessment_return

    a = submitted_n1(org)
    assessment_return(assessment=a, by=org.senior_n1, note="แนบหนังสือเสนอราคาฉบับจริง")
    client.force_login(org.kamr_n1)
    body = client.get(url(org)).content.decode()
    assert 'data-testid="returned-note"' in body and "แนบหนังสือเสนอราคาฉบับจริง" in body


def test_it_previews_the_level_live_without_saving(client, org):
    client.force_login(org.kamr_n1)
    htmx = {"HTTP_HX_REQUEST": "true"}
    r = client.post(url(org), {**GOOD, "note_spp_offer": "", "preview": "1"}, **htmx)
    body = r.content.decode()
    assert r.status_code == 200 and 'data-testid="preview"' in body
    assert "<strong>20</strong>" in body and "สูงมาก" in body  # evidence is checked on save
    r = client.post(url(org), {**GOOD, "open_complaints": "-2", "preview": "1"}, **htmx)
    assert 'data-testid="preview-error"' in r.content.decode()
    assert not RiskAssessment.objects.exists()
