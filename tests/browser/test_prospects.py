"""New-customer support as users do it (issue 10 part A's acceptance): a KAMR drags a
prospect to "connected" on the kanban board, gives the connection date the move asks
for, converts the prospect and lands on the new customer's page; a KAMR of another area
cannot open the prospect."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from crmplus.customers.models import BusinessPartner
from crmplus.prospects.models import Prospect
from tests.browser.conftest import log_in
from tests.prospects.helpers import make_prospect, move_to

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_kamr_drags_a_prospect_to_connected_converts_it_and_sees_the_new_customer(
    page: Page, org_tx
):
    org = org_tx
    p = make_prospect(org, company_name="บริษัท เชียงใหม่ดาต้าเซ็นเตอร์ จำกัด")
    move_to(p, "connection_works", org.kamr_n1)
    other = make_prospect(org, company_name="บริษัท ยังไม่ขยับ จำกัด")

    log_in(page, "kamr_n1", org.password)
    page.goto("/prospects/")
    card = page.get_by_test_id(f"card-{p.pk}")
    expect(
        page.get_by_test_id("column-connection_works").get_by_test_id(f"card-{p.pk}")
    ).to_be_visible()

    # Drag the card onto "connected": the move needs the connection date, so a dialog asks.
    card.drag_to(page.get_by_test_id("column-connected").locator(".kanban-col-body"))
    date_input = page.get_by_test_id("dialog-connection-date")
    expect(date_input).to_be_visible()
    assert Prospect.objects.get(pk=p.pk).stage == "connection_works"  # nothing moved yet
    day = timezone.localdate() - dt.timedelta(days=2)
    date_input.fill(day.isoformat())
    page.get_by_test_id("dialog-submit").click()
    expect(page.get_by_test_id("board-flash")).to_be_visible()
    expect(page.get_by_test_id("column-connected").get_by_test_id(f"card-{p.pk}")).to_be_visible()
    expect(page.get_by_test_id("count-connected")).to_have_text("1")
    saved = Prospect.objects.get(pk=p.pk)
    assert (saved.stage, saved.connection_date) == ("connected", day)
    assert Prospect.objects.get(pk=other.pk).stage == "identified"

    # The prospect's page offers the conversion; the form comes filled from the prospect.
    page.get_by_test_id("column-connected").get_by_role(
        "link", name="บริษัท เชียงใหม่ดาต้าเซ็นเตอร์ จำกัด"
    ).click()
    expect(page.get_by_test_id("stage")).to_have_text("จ่ายไฟแล้ว")
    page.get_by_test_id("convert-link").click()
    expect(page.locator("#id_name_th")).to_have_value("บริษัท เชียงใหม่ดาต้าเซ็นเตอร์ จำกัด")
    page.locator("#id_bp_number").fill("5800001234")
    page.locator("#id_ca_number").fill("028000001234")
    page.get_by_test_id("convert-submit").click()

    # The new customer's page, with the pipeline's history in its "new connection" tab.
    bp = BusinessPartner.objects.get(bp_number="5800001234")
    expect(page).to_have_url(f"{page.url.split('/customers/')[0]}/customers/{bp.pk}/")
    expect(page.get_by_role("heading", name="บริษัท เชียงใหม่ดาต้าเซ็นเตอร์ จำกัด")).to_be_visible()
    expect(page.get_by_text("028000001234")).to_be_visible()
    page.get_by_test_id("tab-new_connection").click()
    expect(page.get_by_test_id("new-connection-tab")).to_contain_text("จ่ายไฟแล้ว")
    assert Prospect.objects.get(pk=p.pk).bp == bp

    # Another area's KAMR cannot open the prospect.
    page.context.clear_cookies()
    log_in(page, "kamr_c1", org.password)
    response = page.goto(f"/prospects/{p.pk}/")
    assert response.status == 404


def test_moving_back_with_the_cards_stage_select_asks_for_a_reason(page: Page, org_tx):
    """The keyboard alternative to dragging: the card's stage select and its Move button;
    moving back opens the dialog for a reason, and the board keeps the card until then."""
    org = org_tx
    p = make_prospect(org, company_name="บริษัท ย้อนขั้นตอน จำกัด")
    move_to(p, "offer", org.kamr_n1)
    log_in(page, "kamr_n1", org.password)
    page.goto("/prospects/")
    page.get_by_test_id(f"move-select-{p.pk}").select_option("contacted")
    page.get_by_test_id(f"move-go-{p.pk}").click()
    note = page.get_by_test_id("dialog-note")
    expect(note).to_be_visible()
    expect(page.get_by_test_id("move-errors")).to_be_visible()
    assert Prospect.objects.get(pk=p.pk).stage == "offer"
    note.fill("ลูกค้าขอทบทวนความต้องการใช้ไฟ")
    page.get_by_test_id("dialog-submit").click()
    expect(page.get_by_test_id("column-contacted").get_by_test_id(f"card-{p.pk}")).to_be_visible()
    assert Prospect.objects.get(pk=p.pk).changes.latest("at").note == "ลูกค้าขอทบทวนความต้องการใช้ไฟ"


def test_the_list_filters_and_their_search_button_fit_on_one_row(page: Page, org_tx):
    """QA regression: seven filters of 12 grid columns pushed the search button onto a
    second row of its own at a 1440-px desktop."""
    org = org_tx
    make_prospect(org, company_name="บริษัท แถวเดียว จำกัด")
    log_in(page, "hq_admin", org.password)
    page.goto("/prospects/list/")
    search = page.get_by_test_id("prospect-search").bounding_box()
    button = page.locator("#prospect-filters button[type=submit]").bounding_box()
    assert button["y"] < search["y"] + search["height"]
