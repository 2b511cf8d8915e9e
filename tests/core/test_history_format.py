"""The audit history reads like the pages: Buddhist-era dates and grouped amounts in Thai."""

import datetime as dt
from decimal import Decimal

from django.utils import translation

from crmplus.customers.services import ca_update


def test_it_shows_dates_and_amounts_as_the_pages_do(org, client):
    ca_update(
        ca=org.ca_n1,
        by=org.kamr_n1,
        contracted_demand_kw=Decimal("12500.50"),
        connected_on=dt.date(2021, 3, 1),
    )
    client.force_login(org.kamr_n1)
    with translation.override("th"):
        body = client.get(f"/customers/{org.bp_n1.pk}/history/", HTTP_ACCEPT_LANGUAGE="th")
    text = body.content.decode()
    assert "12,500.50" in text
    assert "2564" in text and "2021-03-01" not in text
