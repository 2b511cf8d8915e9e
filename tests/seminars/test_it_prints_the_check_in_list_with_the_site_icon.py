"""QA regression: the printable check-in list is a standalone page; without the site's
icon link the browser asked for /favicon.ico and logged a 404 on every print."""

from django.urls import reverse

from tests.seminars.conftest import plan


def test_it_prints_the_check_in_list_with_the_site_icon(client, org):
    event = plan(org, lines=[20000])
    client.force_login(org.area_admin_n1)
    page = client.get(reverse("seminars:checkin", args=[event.pk]), {"print": "1"})
    assert page.status_code == 200
    assert 'rel="icon"' in page.content.decode()
