"""The reusable "Export XLSX" button posts the list's current query string to the export."""

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse


def test_it_posts_the_lists_filters_and_comes_back_to_the_list(org):
    request = RequestFactory().get("/customers/", {"tariff": "4", "q": "ก&ข"})
    request.user = org.kamr_n1
    html = render_to_string(
        "reports/_export_button.html", {"export_key": "customers"}, request=request
    )
    assert f'action="{reverse("reports:export_start", args=["customers"])}"' in html
    assert 'name="query" value="tariff=4&amp;q=%E0%B8%81%26%E0%B8%82"' in html
    assert 'name="next" value="/customers/?tariff=4&amp;q=%E0%B8%81%26%E0%B8%82"' in html
    assert "csrfmiddlewaretoken" in html


def test_it_adds_a_fixed_parameter_such_as_the_run(org):
    request = RequestFactory().get("/key-accounts/runs/7/accounts/", {"segment": "star"})
    request.user = org.hq_admin
    html = render_to_string(
        "reports/_export_button.html",
        {"export_key": "keyaccounts.candidates", "export_name": "run", "export_value": 7},
        request=request,
    )
    assert 'name="query" value="segment=star&amp;run=7"' in html
