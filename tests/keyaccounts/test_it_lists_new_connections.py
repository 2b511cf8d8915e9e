"""The key-account home lists customers converted from the pipeline for the next selection."""

from crmplus.prospects.services import prospect_convert
from tests.prospects.helpers import make_prospect, move_to


def test_it_lists_a_converted_prospect_for_its_proposed_year_in_scope_only(org, client):
    p = move_to(make_prospect(org), "connected", org.kamr_n1)
    prospect_convert(
        prospect=p, by=org.kamr_n1, bp_number="5812345678", ca_number="028000000001", tariff="4"
    )
    p.refresh_from_db()
    client.force_login(org.area_admin_n1)
    body = client.get(f"/key-accounts/?fy={p.proposed_ka_fy}").content.decode()
    assert 'data-testid="new-connections"' in body and "5812345678" in body
    client.force_login(org.area_admin_c1)
    body = client.get(f"/key-accounts/?fy={p.proposed_ka_fy}").content.decode()
    assert "5812345678" not in body
