"""Billing extracts are national data: HQ users read them, HQ admins change them, others get 404."""

import pytest
from django.urls import reverse

from crmplus.billing.models import BillingExtract
from crmplus.billing.services import billing_extract_import
from tests.billing.rows import FY, good_rows, write_csv


@pytest.fixture
def extract(org, tmp_path):
    return billing_extract_import(
        source=write_csv(tmp_path / "fy.csv", good_rows()), fy=FY, by=org.hq_admin
    )


def test_it_hides_billing_from_area_and_office_users(org, client, extract):
    for user in (org.area_admin_n1, org.kamr_n1, org.senior_n1):
        client.force_login(user)
        for url in (
            reverse("billing:list"),
            reverse("billing:upload"),
            extract.get_absolute_url(),
            reverse("billing:months", args=[extract.pk]),
        ):
            assert client.get(url).status_code == 404, (user.username, url)
        assert client.post(reverse("billing:delete", args=[extract.pk])).status_code == 404
    assert BillingExtract.objects.exists()


def test_it_lets_the_auditor_read_but_not_upload_or_delete(org, client, extract):
    client.force_login(org.auditor)
    page = client.get(reverse("billing:list"))
    assert page.status_code == 200 and extract.name.encode() in page.content
    assert reverse("billing:upload").encode() not in page.content
    assert client.get(extract.get_absolute_url()).status_code == 200
    assert client.get(reverse("billing:upload")).status_code == 403
    assert client.post(reverse("billing:upload"), {"fy": FY}).status_code == 403
    assert client.post(reverse("billing:delete", args=[extract.pk])).status_code == 403
    assert BillingExtract.objects.exists()


def test_it_lets_the_hq_approver_read(org, client, extract):
    client.force_login(org.hq_approver)
    assert client.get(extract.get_absolute_url()).status_code == 200
    assert client.get(reverse("billing:upload")).status_code == 403
