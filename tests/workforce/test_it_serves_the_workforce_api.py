"""Workforce API: scoped reads, writes through the services; 403 for a role that may not,
422 with field paths on rule errors, 404 outside the scope."""

import json

from crmplus.approvals.services import approval_approve, approval_for
from crmplus.workforce.models import AccountAssignment, Appointment, Employee
from tests.workforce.conftest import employee, key_account

URL = "/api/v1/workforce"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def person(**changes):
    return {"employee_number": "880001", "name_th": "สมชาย ใจดี", "position_level": 6,
            "unit_code": "N1-OF1", **changes}  # fmt: skip


def test_roster_create_list_and_errors(client, org):
    client.force_login(org.area_admin_n1)
    r = post(client, f"{URL}/employees", person(username="kamr_n1"))
    assert r.status_code == 200, r.json()
    assert (r.json()["unit_code"], r.json()["username"]) == ("N1-OF1", "kamr_n1")
    r = post(client, f"{URL}/employees", person())
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "payload", "employee_number"]
    r = post(client, f"{URL}/employees", person(employee_number="880002", unit_code="C1-OF1"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "unit_code"
    assert client.get(f"{URL}/employees", {"q": "สมชาย"}).json()["count"] == 1
    client.force_login(org.area_admin_c1)
    assert client.get(f"{URL}/employees").json()["count"] == 0
    pk = Employee.objects.get().pk
    assert client.get(f"{URL}/employees/{pk}").status_code == 404
    client.force_login(org.kamr_n1)
    assert post(client, f"{URL}/employees", person(employee_number="1")).status_code == 403


def test_appointments_and_assignments(client, org, approvers):
    e = employee(org, org.n1_office)
    ka = key_account(org, org.bp_n1, org.n1_office, org.n1, fy=2569)
    client.force_login(org.area_admin_n1)
    body = {"employee_number": e.employee_number, "role": "kamr_office", "unit_code": "N1-OF1",
            "start": "2025-10-01", "end": "2025-09-30", "submit": True}  # fmt: skip
    r = post(client, f"{URL}/appointments", body)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "payload", "end"]
    assert not Appointment.objects.exists()
    body["end"] = None
    r = post(client, f"{URL}/appointments", body)
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    a = Appointment.objects.get()
    approval_approve(request=approval_for(a), by=approvers.n1)
    listed = client.get(f"{URL}/appointments", {"active_on": "2025-11-01"}).json()
    assert [x["id"] for x in listed["items"]] == [a.pk]
    r = post(client, f"{URL}/assignments", {"fy": 2569, "bp_number": org.bp_n1.bp_number,
                                            "office_code": "N1-OF1",
                                            "employee_number": e.employee_number,
                                            "start": "2025-11-01"})  # fmt: skip
    assert r.status_code == 200 and r.json()["employee_number"] == e.employee_number
    cov = client.get(f"{URL}/coverage", {"fy": 2569}).json()
    assert cov["offices_without_kamr"] == [] and cov["key_accounts_without_kamr"] == 0
    other = employee(org, org.n1_office)
    r = post(client, f"{URL}/assignments/reassign", {"from_employee_number": e.employee_number,
                                                     "to_employee_number": other.employee_number,
                                                     "on": "2025-12-01"})  # fmt: skip
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "to_employee_number"
    r = post(client, f"{URL}/appointments/{a.pk}/end", {"end": "2025-12-31"})
    assert r.status_code == 200 and r.json()["status"] == "ended"
    client.force_login(org.kamr_c1)
    assert client.get(f"{URL}/appointments/{a.pk}").status_code == 404
    assert client.get(f"{URL}/assignments").json()["count"] == 0
    assert AccountAssignment.objects.count() == 1
    assert client.get(f"{URL}/coverage", {"unit": "N1"}).status_code == 422
    assert ka.pk
