"""Odd query parameters never answer 500: they are ignored or give an empty result."""

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/engagement/visits/new/?bp=abc&date=2026-99-99",
        "/engagement/calls/new/?bp=9999999999999999999999",
        "/engagement/visits/?unit=x&date_from=yesterday&sort=drop&page=-1",
        "/engagement/calls/?kind=zzz&unit=99999999",
        "/engagement/plans/?fy=abc&status=x&sort=zz",
        "/engagement/calendar/?view=year&date=2026-02-31&kamr=abc&unit=-1&who=x",
        "/engagement/customers/1/timeline/?kind=nope&page=zz",
    ],
)
def test_it_answers_odd_parameters_without_error(client, eng, url):
    client.force_login(eng.kamr_n1)
    assert client.get(url).status_code in {200, 404}


def test_it_answers_404_for_an_unknown_visit(client, eng):
    client.force_login(eng.kamr_n1)
    assert client.get("/engagement/visits/999999/").status_code == 404
    assert client.get("/engagement/plans/999999/").status_code == 404
