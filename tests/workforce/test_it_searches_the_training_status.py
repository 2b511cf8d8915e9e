"""QA regression: the yearly training status (hundreds of people at HQ) had no search;
every other workforce list searches by employee number or name."""

from django.urls import reverse

from tests.workforce.conftest import D, appoint, employee


def test_it_searches_the_training_status_by_number_or_name(client, org, approvers):
    wanted = employee(org, org.n1_office, name="อนุชา กาญจนวงศ์")
    other = employee(org, org.n1_office, name="สมศรี ใจดี")
    for person in (wanted, other):
        appoint(org, approvers, person, org.n1_office, D(2025, 10, 1))
    client.force_login(org.area_admin_n1)
    url = reverse("workforce:training_status")

    def people(**params):
        page = client.get(url, {"fy": 2569, **params}).context["page"]
        return [r["e"] for r in page.object_list]

    assert set(people()) == {wanted, other}
    assert people(q="กาญจน") == [wanted]
    assert people(q=wanted.employee_number) == [wanted]
    assert people(q="ไม่มีใคร") == []
