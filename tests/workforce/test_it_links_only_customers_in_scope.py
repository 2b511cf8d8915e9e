"""QA regression: an office KAMR opening a colleague's portfolio saw every customer as a
link, including the accounts the colleague backs up at another office, whose customer
pages are outside the KAMR's scope (404)."""

from django.urls import reverse

from crmplus.workforce.services import assignment_set
from tests.factories import BusinessPartnerFactory
from tests.workforce.conftest import D, appoint, employee, key_account


def test_it_links_only_the_customers_the_viewer_may_open(client, org, approvers):
    elsewhere = BusinessPartnerFactory(home_office=org.n1_office2, name_th="บริษัท ที่อื่น จำกัด")
    ka_elsewhere = key_account(org, elsewhere, org.n1_office2, org.n1, fy=2569)
    ka_here = key_account(org, org.bp_n1, org.n1_office, org.n1, fy=2569)
    colleague = appoint(org, approvers, employee(org, org.n1_office), org.n1_office,
                        D(2025, 10, 1)).employee  # fmt: skip
    there = appoint(org, approvers, employee(org, org.n1_office2), org.n1_office2,
                    D(2025, 10, 1)).employee  # fmt: skip
    assignment_set(key_account=ka_here, employee=colleague, start=D(2025, 10, 1),
                   by=org.area_admin_n1)  # fmt: skip
    assignment_set(key_account=ka_elsewhere, employee=there, backup=colleague,
                   start=D(2025, 10, 1), by=org.area_admin_n1)  # fmt: skip

    client.force_login(org.kamr_n1)
    page = client.get(reverse("workforce:portfolio", args=[colleague.pk])).content.decode()
    assert "บริษัท ที่อื่น จำกัด" in page
    here = reverse("customers:detail", args=[org.bp_n1.pk])
    there_link = reverse("customers:detail", args=[elsewhere.pk])
    assert f'href="{here}"' in page
    assert f'href="{there_link}"' not in page
    assert client.get(there_link).status_code == 404

    client.force_login(org.area_admin_n1)
    page = client.get(reverse("workforce:portfolio", args=[colleague.pk])).content.decode()
    assert f'href="{there_link}"' in page
