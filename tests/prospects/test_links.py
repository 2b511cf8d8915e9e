"""What other capabilities read from the pipeline: the new connections proposed for the
next key-account selection, the competing alternatives as risk-assessment inputs, the
customer timeline and the dashboard panel."""

from crmplus.core.extensions import DashboardScope, customer_tabs, dashboard_panels
from crmplus.prospects.selectors import new_connections, risk_inputs_for_bp
from crmplus.prospects.services import competition_save
from crmplus.prospects.timeline import prospect_timeline
from tests.prospects.helpers import make_prospect, move_to
from tests.prospects.test_conversion import convert


def converted(org, alternatives=()):
    p = make_prospect(org, expected_load_kw=12_500, expected_gm=8_000_000)
    for alt in alternatives:
        competition_save(prospect=p, by=org.kamr_n1, **alt)
    move_to(p, "connected", org.kamr_n1)
    bp = convert(p, org.kamr_n1)
    p.refresh_from_db()
    return p, bp


def test_it_proposes_converted_prospects_for_the_next_selection(org):
    p, _bp = converted(org)
    make_prospect(org, company_name="ยังไม่จ่ายไฟ")
    assert list(new_connections(fy=p.proposed_ka_fy)) == [p]
    assert list(new_connections(fy=p.proposed_ka_fy, unit_ids=[org.c1_office.pk])) == []
    assert list(new_connections(fy=p.proposed_ka_fy + 1)) == []


def test_it_turns_alternatives_into_risk_factor_values_and_notes(org):
    p, bp = converted(
        org,
        [
            {"kind": "spp", "provider": "กัลฟ์", "capacity_mw": 10, "status": "offer"},
            {"kind": "solar", "provider": "โซลาร์ตรอน", "capacity_mw": 2, "status": "contracted"},
            {"kind": "cogeneration", "provider": "เก่า", "status": "declined"},
        ],
    )
    inputs = risk_inputs_for_bp(bp)
    assert inputs.values == {
        "spp_offer": True,
        "self_generation": 4,  # planned or contracted
        "yearly_gm": 8_000_000.0,
        "load_mw": 12.5,
    }
    assert "กัลฟ์" in inputs.notes["spp_offer"] and "10 MW" in inputs.notes["spp_offer"]
    assert "เก่า" not in inputs.notes["self_generation"]
    assert risk_inputs_for_bp(org.bp_n1) is None  # not a converted prospect


def test_it_scores_no_spp_offer_when_none_was_recorded(org):
    _p, bp = converted(org)
    assert risk_inputs_for_bp(bp).values["spp_offer"] is False
    assert "self_generation" not in risk_inputs_for_bp(bp).values


def test_it_adds_timeline_entries_a_tab_and_a_dashboard_panel(rf, org):
    p, bp = converted(org)
    titles = [e.title for e in prospect_timeline(bp, org.kamr_n1)]
    assert len(titles) == 3  # created, connected, converted
    assert "new_connection" in [t.key for t in customer_tabs()]
    panel = next(x for x in dashboard_panels() if x.key == "prospects.funnel")
    request = rf.get("/")
    request.user = org.area_admin_n1
    scope = DashboardScope(level="area", unit=org.n1, unit_ids=org.n1.subtree_ids(), fy=2569)
    html = panel.render(request, scope)
    assert 'data-testid="panel-prospects-funnel"' in html and f"?area={org.n1.pk}" in html
    other = DashboardScope(level="area", unit=org.c1, unit_ids=org.c1.subtree_ids(), fy=2569)
    assert "panel-prospects-funnel" in panel.render(request, other)
    assert p.pk  # the N1 prospect is not counted in C1:
    assert "1 prospect" not in panel.render(request, other)
