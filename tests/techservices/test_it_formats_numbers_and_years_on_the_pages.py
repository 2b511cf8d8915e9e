"""QA regressions: counts with thousands separators, report figures as on the PDF,
and every fiscal year that has requests offered in the list's year filter."""

from unittest import mock

import pytest
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import translation

from crmplus.techservices import services
from crmplus.techservices.models import ServiceRequest
from tests.techservices.conftest import DAY, book, key_account


@pytest.fixture
def setup(org):
    key_account(org, org.bp_n1, segment="strategic")
    return org


def test_it_shows_the_request_count_with_a_thousands_separator(client, setup):
    book(setup, "FMS1")
    client.force_login(setup.kamr_n1)
    with (
        translation.override("en"),
        mock.patch.object(Paginator, "count", new_callable=mock.PropertyMock, return_value=5855),
    ):
        body = client.get(reverse("techservices:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    count = body[body.index('data-testid="services-count"') :][:200]
    assert "5,855" in count and "5855" not in count


def test_it_shows_the_load_profile_figures_as_the_pdf_does(client, setup):
    req = book(setup, "FMS2")
    services.service_schedule(request=req, scheduled_for=DAY, staff=setup.kamr_n1, by=setup.kamr_n1)
    req.refresh_from_db()
    services.service_complete(
        request=req,
        completed_on=DAY,
        report={"summary": "โหลดสม่ำเสมอ", "peak_kw": "1385.0", "load_factor": "38.9"},
        by=setup.kamr_n1,
    )
    client.force_login(
        setup.auditor
    )  # reads the report (a writer gets the form until acknowledged)
    body = client.get(req.get_absolute_url()).content.decode()
    assert 'data-testid="report-summary"' in body
    assert "1,385.00" in body and "1385.0<" not in body


def test_it_offers_every_year_that_has_requests(client, setup):
    org = setup
    old = book(org, "FMS1")
    ServiceRequest.objects.filter(pk=old.pk).update(fy=2565)
    base = book(org, "FMS2")
    for _ in range(21):  # more recent rows of one year than the year query looks at
        base.pk = None
        base.save()
    client.force_login(org.kamr_n1)
    r = client.get(reverse("techservices:home"))
    years = [value for value, _label in r.context["form"].fields["fy"].choices]
    assert 2565 in years and 2569 in years


def test_the_exception_page_says_when_a_rule_takes_no_exception(client, setup):
    org = setup
    client.force_login(org.kamr_n1)
    url = reverse("techservices:exception_new") + f"?bp={org.bp_n1.pk}&fy=2569"
    body = client.get(url + "&code=FMS6").content.decode()  # no power-quality problem
    assert 'data-testid="exception-impossible"' in body and "alert-danger" in body
    book(org, "FMS7")  # a strategic account's FMS7 quota is 1
    body = client.get(url + "&code=FMS7").content.decode()
    assert 'data-testid="exception-reason"' in body
    assert 'data-testid="exception-impossible"' not in body


def test_a_request_without_history_says_so(client, setup):
    req = book(setup, "FMS1")
    req.history.all().delete()  # as after a bulk demo load
    client.force_login(setup.kamr_n1)
    assert 'data-testid="history-empty"' in client.get(req.get_absolute_url()).content.decode()
