"""The KAM plan list shows each plan's planned visits (a per-row subquery: the page reads
only the plans it shows) and offers the years that have key accounts or plans."""

from crmplus.engagement.services_plans import plan_save


def test_it_sums_the_planned_visits_of_each_plan(client, eng):
    plan = plan_save(
        key_account=eng.ka_n1,
        objectives="รักษาฐานลูกค้า",
        budget="1500",
        lines={("VISIT", 1): 2, ("VISIT", 4): 3, ("RBA1", 2): 1},
        by=eng.kamr_n1,
    )
    client.force_login(eng.area_admin_n1)
    r = client.get(f"/engagement/plans/?fy={eng.fy}")
    assert r.status_code == 200
    rows = list(r.context["page"].object_list)
    assert [(p.pk, p.planned_visits) for p in rows] == [(plan.pk, 5)]
    assert r.context["page"].paginator.count == 1
    assert eng.fy in r.context["years"]
    # Another area sees no plan of N1.
    client.force_login(eng.area_admin_c1)
    r = client.get(f"/engagement/plans/?fy={eng.fy}")
    assert r.context["page"].paginator.count == 0
