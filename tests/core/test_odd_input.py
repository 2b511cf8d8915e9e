"""Odd query parameters on every list and page answer a page or 404, never 500."""

import pytest

BAD = ["abc", "-1", "99999999999999999999", "", "%00", "1.5", "' OR 1=1"]


@pytest.mark.parametrize("value", BAD)
def test_it_never_answers_500_to_odd_query_parameters(client, org, value):
    client.force_login(org.hq_admin)
    for path, param in [
        ("/org/", "unit"),
        ("/customers/", "page"),
        ("/customers/", "area"),
        ("/customers/", "office"),
        ("/customers/", "sort"),
        ("/customers/", "tariff"),
        ("/customers/", "q"),
        ("/customers/offices/", "area"),
        (org.bp_n1.get_absolute_url(), "ca_page"),
        ("/customers/export.xlsx", "area"),
        ("/customers/import/", "x"),
    ]:
        r = client.get(path, {param: value})
        assert r.status_code < 500, (path, param, value, r.status_code)
