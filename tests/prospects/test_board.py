"""The kanban board: columns per stage, cards, and moving a card with htmx (drag or the
card's select): a move that needs more answers with the move dialog, nothing changed."""

import datetime as dt

from django.utils import timezone

from crmplus.prospects.models import Prospect
from tests.prospects.helpers import make_prospect

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "board"}


def test_it_shows_a_column_per_stage_with_the_cards(client, org):
    p = make_prospect(org, expected_load_kw=2500, expected_gm=3_500_000)
    client.force_login(org.kamr_n1)
    body = client.get("/prospects/").content.decode()
    for key in ("identified", "contacted", "needs_assessed", "offer", "connection_works",
                "connected", "handed_to_kam"):  # fmt: skip
        assert f'data-testid="column-{key}"' in body
    card = body.split(f'data-testid="card-{p.pk}"')[1].split("</article>")[0]
    assert "บริษัท ลำพูนโซลาร์เซลล์ จำกัด" in card and "2,500 kW" in card
    assert "3,500,000" in card and "10%" in card and 'draggable="true"' in body


def test_it_moves_a_card_and_redraws_the_board(client, org):
    p = make_prospect(org)
    client.force_login(org.kamr_n1)
    r = client.post(f"/prospects/{p.pk}/move/", {"stage": "offer", "from": "board"}, **HTMX)
    assert r.status_code == 200
    assert 'data-testid="board-flash"' in r.content.decode()
    assert Prospect.objects.get(pk=p.pk).stage == "offer"


def test_it_asks_for_the_connection_date_in_a_dialog(client, org):
    p = make_prospect(org)
    client.force_login(org.kamr_n1)
    r = client.post(f"/prospects/{p.pk}/move/", {"stage": "connected", "from": "board"}, **HTMX)
    assert r["HX-Retarget"] == "#move-dialog-body"
    assert 'data-testid="dialog-connection-date"' in r.content.decode()
    assert Prospect.objects.get(pk=p.pk).stage == "identified"
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    r = client.post(
        f"/prospects/{p.pk}/move/",
        {"stage": "connected", "from": "board", "connection_date": day},
        **HTMX,
    )
    assert "HX-Retarget" not in r
    assert Prospect.objects.get(pk=p.pk).stage == "connected"


def test_it_moves_from_the_stage_control_without_javascript(client, org):
    p = make_prospect(org)
    client.force_login(org.kamr_n1)
    r = client.post(f"/prospects/{p.pk}/move/", {"stage": "contacted"})
    assert r.status_code == 302 and r["Location"] == f"/prospects/{p.pk}/"
    r = client.post(f"/prospects/{p.pk}/move/", {"stage": "identified"})
    assert r.status_code == 200 and 'data-testid="move-errors"' in r.content.decode()
    assert Prospect.objects.get(pk=p.pk).stage == "contacted"


def test_it_shows_no_move_controls_to_readers(client, org):
    p = make_prospect(org)
    client.force_login(org.auditor)
    body = client.get("/prospects/").content.decode()
    assert f'data-testid="card-{p.pk}"' in body and 'draggable="true"' not in body
    assert client.post(f"/prospects/{p.pk}/move/", {"stage": "offer"}).status_code == 403
