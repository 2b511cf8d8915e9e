"""HQ admins set the visit-objective catalogue and the expense rules per fiscal year;
nobody else can."""

from decimal import Decimal

from crmplus.engagement.rules_settings import expense_rules_for_fy, objective_choices


def test_it_saves_the_rules_from_a_year_on(client, eng):
    client.force_login(eng.hq_admin)
    assert client.get("/engagement/rules/").status_code == 200
    r = client.post(
        "/engagement/rules/",
        {
            "fy": eng.fy,
            "objectives": "audit | ตรวจสอบระบบ | System audit\nneeds | ความต้องการ | Needs",
            "onsite_allowance": "450",
            "online_allowance": "0",
            "per_km": "5",
            "max_per_visit": "1500",
        },
    )
    assert r.status_code == 302
    assert expense_rules_for_fy(eng.fy).onsite_allowance == Decimal("450.00")
    assert expense_rules_for_fy(eng.fy - 1).onsite_allowance == Decimal("300.00")
    assert [c for c, _label in objective_choices(eng.fy)] == ["audit", "needs", "other"]


def test_it_refuses_bad_values_and_other_roles(client, eng):
    client.force_login(eng.hq_admin)
    r = client.post("/engagement/rules/", {"fy": eng.fy, "objectives": "x", "per_km": "-3"})
    assert r.status_code == 422
    assert expense_rules_for_fy(eng.fy).per_km == Decimal("4.00")
    client.force_login(eng.area_admin_n1)
    assert client.get("/engagement/rules/").status_code == 403
