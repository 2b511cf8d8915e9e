from django.urls import reverse

from crmplus.core.models import OrgUnit


def _post(unit, **changes):
    data = {
        "parent": unit.parent_id or "",
        "office_class": unit.office_class,
        "name_th": unit.name_th,
        "name_en": unit.name_en,
        "is_active": "on" if unit.is_active else "",
    }
    data.update(changes)
    return data


def test_it_lets_an_hq_admin_rename_an_office_with_history(client, org):
    client.force_login(org.hq_admin)
    url = reverse("org_unit_edit", args=[org.n1_office.pk])
    r = client.post(url, _post(org.n1_office, name_th="กฟฟ.สันทราย (ใหม่)"))
    assert r.status_code == 302
    unit = OrgUnit.objects.get(pk=org.n1_office.pk)
    assert unit.name_th == "กฟฟ.สันทราย (ใหม่)"
    assert unit.history.first().history_user == org.hq_admin


def test_it_moves_a_subtree_when_a_unit_changes_parent(client, org):
    client.force_login(org.hq_admin)
    url = reverse("org_unit_edit", args=[org.n1.pk])
    client.post(url, _post(org.n1, parent=org.r3.pk))
    assert OrgUnit.objects.get(pk=org.n1_office.pk).path == "/HQ/R3/N1/N1-OF1/"


def test_it_refuses_a_parent_of_a_lower_level(client, org):
    client.force_login(org.hq_admin)
    url = reverse("org_unit_edit", args=[org.n1.pk])
    r = client.post(url, _post(org.n1, parent=org.c1_office.pk))
    assert r.status_code == 200
    assert OrgUnit.objects.get(pk=org.n1.pk).parent_id == org.r1.pk


def test_it_refuses_org_edits_by_anyone_but_hq_admins(client, org):
    for user in [org.area_admin_n1, org.auditor, org.hq_approver]:
        client.force_login(user)
        url = reverse("org_unit_edit", args=[org.n1_office.pk])
        assert client.post(url, _post(org.n1_office, name_th="x")).status_code == 403
    assert OrgUnit.objects.get(pk=org.n1_office.pk).name_th == org.n1_office.name_th


def test_it_shows_an_area_admin_only_their_part_of_the_tree(client, org):
    client.force_login(org.area_admin_n1)
    body = client.get(reverse("org_tree")).content.decode()
    assert "N1" in body and "C1" not in body
    assert client.get(reverse("org_tree"), {"unit": org.c1.pk}).status_code == 404


def test_it_summarises_customers_per_area_for_hq_and_per_office_for_an_area(client, org):
    client.force_login(org.auditor)
    rows = {s.unit.code: s.customers for s in client.get("/").context["summaries"]}
    assert rows == {"N1": 1, "C1": 1}
    client.force_login(org.area_admin_n1)
    rows = {s.unit.code: s.customers for s in client.get("/").context["summaries"]}
    assert rows == {"N1-OF1": 1, "N1-OF2": 0}
