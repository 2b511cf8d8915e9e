"""Scoping: a case belongs to its office; an unassigned case waits at its triage unit
(HQ by default, or the area set in CRMPLUS_SOCIAL_TRIAGE_UNIT) and is visible there
only; another area's case is a 404 on pages and API."""

import pytest

from crmplus.social.models import Case
from tests.social.factories import make_case
from tests.social.helpers import configure, line_body, line_event, post_line

pytestmark = pytest.mark.django_db


def test_it_shows_an_office_case_to_its_office_area_and_hq_only(org, client):
    case = make_case(org.n1_office)
    expected = [
        (org.kamr_n1, True), (org.area_admin_n1, True), (org.hq_admin, True),
        (org.auditor, True), (org.kamr_c1, False), (org.area_admin_c1, False),
    ]  # fmt: skip
    for user, seen in expected:
        assert Case.objects.for_user(user).filter(pk=case.pk).exists() is seen, user
    client.force_login(org.kamr_c1)
    assert client.get(f"/social/cases/{case.pk}/").status_code == 404
    assert client.get(f"/api/v1/social/cases/{case.pk}").status_code == 404
    assert client.post(f"/social/cases/{case.pk}/", {"action": "close"}).status_code == 404


def test_it_keeps_hq_triage_cases_from_offices_and_areas(org):
    case = make_case(org.hq)
    assert Case.objects.for_user(org.hq_admin).filter(pk=case.pk).exists()
    assert not Case.objects.for_user(org.area_admin_n1).filter(pk=case.pk).exists()
    assert not Case.objects.for_user(org.kamr_n1).filter(pk=case.pk).exists()


def test_it_routes_new_conversations_to_the_configured_triage_unit(org, client, settings):
    configure(settings)
    settings.CRMPLUS_SOCIAL_TRIAGE_UNIT = "N1"
    post_line(client, line_body(line_event(1)))
    case = Case.objects.get()
    assert case.unit == org.n1
    assert Case.objects.for_user(org.area_admin_n1).filter(pk=case.pk).exists()
    assert not Case.objects.for_user(org.kamr_n1).filter(pk=case.pk).exists()
    assert not Case.objects.for_user(org.area_admin_c1).filter(pk=case.pk).exists()
