"""A converted prospect's first risk assessment starts from the SPP offer it considered."""

from decimal import Decimal

from crmplus.prospects.services import competition_save, prospect_convert
from tests.prospects.helpers import make_prospect, move_to


def test_it_prefills_the_first_assessment_from_the_prospects_alternatives(org, client):
    p = move_to(make_prospect(org), "connected", org.kamr_n1)
    competition_save(
        prospect=p,
        by=org.kamr_n1,
        kind="spp",
        provider="บริษัท กัลฟ์ เอสพีพี จำกัด",
        capacity_mw=Decimal("5"),
        status="offer",
    )
    bp = prospect_convert(
        prospect=p, by=org.kamr_n1, bp_number="5812345678", ca_number="028000000001", tariff="4"
    )
    client.force_login(org.kamr_n1)
    body = client.get(f"/risk/assess/{bp.pk}/").content.decode()
    assert "บริษัท กัลฟ์ เอสพีพี จำกัด" in body  # the note carries the offer


def test_it_leaves_a_customer_without_a_prospect_blank(org, client):
    client.force_login(org.kamr_n1)
    body = client.get(f"/risk/assess/{org.bp_n1.pk}/").content.decode()
    assert "เอสพีพี" not in body
