"""The heat map counts the year's assessments per (P, I) cell in the user's scope, each
cell opens the list of its assessments, and completion per area is the share of the
year's key accounts with a confirmed assessment."""

from django.urls import reverse

from crmplus.risk.services import assessment_confirm, assessment_save
from tests.factories import BusinessPartnerFactory, ContractAccountFactory
from tests.risk.conftest import EVIDENCE, FY, LOW, VERY_HIGH, submitted_n1
from tests.risk.test_views_pages import approve


def world(org):
    """N1: bp_n1 very high (P5 × I4, submitted), a second customer low (P1 × I1);
    C1: bp_c1 very high."""
    a = submitted_n1(org)
    other = BusinessPartnerFactory(home_office=org.n1_office, name_th="บริษัท ลำปางเซรามิก จำกัด")
    ContractAccountFactory(bp=other, office=org.n1_office)
    low = assessment_save(bp=other, office=org.n1_office, fy=FY, values=LOW, by=org.kamr_n1)
    c1 = assessment_save(
        bp=org.bp_c1, office=org.c1_office, fy=FY, values=VERY_HIGH, notes=EVIDENCE,
        by=org.kamr_c1,
    )  # fmt: skip
    return a, low, c1, other


def cell(heat, p, i):
    return next(c for row in heat.rows for c in row.cells if (c.p, c.i) == (p, i))


def test_it_counts_each_cell_in_the_users_scope(client, org):
    world(org)
    client.force_login(org.senior_n1)
    r = client.get(reverse("risk:home"), {"fy": FY})
    heat = r.context["heat"]
    assert (cell(heat, 5, 4).n, cell(heat, 1, 1).n, heat.total) == (1, 1, 2)
    assert cell(heat, 5, 4).level == 4 and cell(heat, 1, 1).level == 1
    assert [row.p for row in heat.rows] == [5, 4, 3, 2, 1]  # drawn with high P on top
    body = r.content.decode()
    assert 'data-testid="cell-5-4"' in body and 'data-testid="level-total">2<' in body
    client.force_login(org.hq_admin)
    heat = client.get(reverse("risk:home"), {"fy": FY}).context["heat"]
    assert (cell(heat, 5, 4).n, heat.total) == (2, 3)
    assert dict((lvl, n) for lvl, _l, _c, n, _u in heat.levels) == {4: 2, 3: 0, 2: 0, 1: 1}
    # Narrowed to one area, then to a region without assessments.
    heat = client.get(reverse("risk:home"), {"fy": FY, "unit": org.n1.pk}).context["heat"]
    assert (cell(heat, 5, 4).n, heat.total) == (1, 2)
    heat = client.get(reverse("risk:home"), {"fy": FY, "unit": org.r3.pk}).context["heat"]
    assert (cell(heat, 5, 4).n, heat.total) == (1, 1)
    heat = client.get(reverse("risk:home"), {"fy": FY + 1}).context["heat"]
    assert heat.total == 0


def test_a_cell_links_to_the_list_of_its_assessments(client, org):
    a, _low, c1, _other = world(org)
    client.force_login(org.hq_admin)
    url = cell(client.get(reverse("risk:home"), {"fy": FY}).context["heat"], 5, 4).url
    assert "p=5" in url and "i=4" in url and f"fy={FY}" in url
    r = client.get(url)
    assert {x.pk for x in r.context["page"].object_list} == {a.pk, c1.pk}
    client.force_login(org.kamr_n1)
    url = cell(client.get(reverse("risk:home"), {"fy": FY}).context["heat"], 5, 4).url
    assert [x.pk for x in client.get(url).context["page"].object_list] == [a.pk]
    # A unit-narrowed map links to that unit's assessments only.
    client.force_login(org.hq_admin)
    home = client.get(reverse("risk:home"), {"fy": FY, "unit": org.c1.pk})
    url = cell(home.context["heat"], 5, 4).url
    assert [x.pk for x in client.get(url).context["page"].object_list] == [c1.pk]


def test_it_shows_completion_per_area(client, org):
    a, low, _c1, other = world(org)
    approve(org, org.bp_n1, org.n1_office, org.n1)
    approve(org, other, org.n1_office, org.n1)
    approve(org, org.bp_c1, org.c1_office, org.c1)
    assessment_confirm(assessment=a, by=org.senior_n1)
    client.force_login(org.hq_admin)
    rows = {
        c.unit.code: c for c in client.get(reverse("risk:home"), {"fy": FY}).context["completion"]
    }
    assert set(rows) == {"N1", "C1"}
    assert (rows["N1"].total, rows["N1"].assessed, rows["N1"].confirmed) == (2, 2, 1)
    assert rows["N1"].share == 50.0 and (rows["C1"].total, rows["C1"].confirmed) == (1, 0)
    client.force_login(org.area_admin_n1)
    r = client.get(reverse("risk:home"), {"fy": FY})
    assert [c.unit.code for c in r.context["completion"]] == ["N1"]
    assert 'data-testid="completion-N1"' in r.content.decode()
    assert 'data-testid="completion-C1"' not in r.content.decode()
    # The confirmed one changes the heat map's "confirmed" view too.
    heat = client.get(reverse("risk:home"), {"fy": FY, "status": "confirmed"}).context["heat"]
    assert heat.total == 1 and low.pk != a.pk
