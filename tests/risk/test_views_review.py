"""Review on the assessment page: a Senior KAMR of the scope confirms or sends back
(with a note); the assessor submits; each form only for the users the service allows."""

from django.urls import reverse

from crmplus.risk.models import RiskAssessment
from tests.risk.conftest import LOW, assess_n1, submitted_n1


def detail(a):
    return reverse("risk:detail", args=[a.pk])


def test_it_shows_the_review_forms_only_to_a_reviewer(client, org):
    a = submitted_n1(org)
    for name in ("kamr_n1", "auditor", "hq_admin", "kamr_n1"):
        client.force_login(getattr(org, name))
        body = client.get(detail(a)).content.decode()
        assert 'data-testid="confirm-form"' not in body, name
    for name in ("senior_n1", "area_admin_n1"):
        client.force_login(getattr(org, name))
        body = client.get(detail(a)).content.decode()
        assert 'data-testid="confirm-form"' in body and 'data-testid="return-form"' in body


def test_sending_back_needs_a_note(client, org):
    a = submitted_n1(org)
    client.force_login(org.senior_n1)
    r = client.post(detail(a), {"action": "return", "return-note": "  "})
    assert r.status_code == 200 and r.context["return_form"].errors["note"]
    assert RiskAssessment.objects.get().status == "submitted"
    r = client.post(detail(a), {"action": "return", "return-note": "แนบหนังสือฉบับจริง"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.review_note, a.reviewed_by) == ("returned", "แนบหนังสือฉบับจริง", org.senior_n1)
    body = client.get(detail(a)).content.decode()
    assert 'data-testid="review-note"' in body and "แนบหนังสือฉบับจริง" in body


def test_the_assessor_submits_and_a_senior_confirms(client, org):
    a = assess_n1(org, values=LOW, notes={})
    client.force_login(org.kamr_n1)
    body = client.get(detail(a)).content.decode()
    assert 'data-testid="submit"' in body and 'data-testid="edit-link"' in body
    assert client.post(detail(a), {"action": "submit"}).status_code == 302
    assert RiskAssessment.objects.get().status == "submitted"
    body = client.get(detail(a)).content.decode()
    assert 'data-testid="submit"' not in body and 'data-testid="edit-link"' not in body
    # The assessor may not review their own assessment: the service's 403.
    assert client.post(detail(a), {"action": "confirm"}).status_code == 403
    client.force_login(org.senior_n1)
    r = client.post(detail(a), {"action": "confirm", "confirm-note": "ตรวจแล้ว"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.review_note) == ("confirmed", "ตรวจแล้ว")
    body = client.get(detail(a)).content.decode()
    assert "confirmed" in body and 'data-testid="history"' in body


def test_an_auditor_cannot_act(client, org):
    a = submitted_n1(org)
    client.force_login(org.auditor)
    for action in ("submit", "confirm", "return"):
        r = client.post(detail(a), {"action": action, "return-note": "x"})
        assert r.status_code == 403, action
    assert RiskAssessment.objects.get().status == "submitted"
    r = client.post(detail(a), {"action": "dance"})
    assert r.status_code == 302
