"""The approvals API: scoped lists and details, decisions with 403/404/422 like the UI."""

import pytest

from crmplus.approvals.models import ApprovalStatus
from crmplus.approvals.services import approval_reject


def test_it_lists_requests_in_scope(org, submit, approver_n1, api_as):
    req = submit()
    submit(subject=org.bp_c1, unit=org.c1_office, by=org.kamr_c1)
    body = api_as(approver_n1).get().json()
    assert body["count"] == 1
    [item] = body["items"]
    assert (item["id"], item["status"], item["kind"], item["kind_label"]) == (
        req.pk,
        "pending",
        "tests.thing",
        "Test thing",
    )
    assert item["subject_type"] == "customers.businesspartner"
    assert item["subject_id"] == org.bp_n1.pk
    assert (item["unit"]["code"], item["approver_unit"]["code"]) == ("N1-OF1", "N1")
    assert api_as(org.hq_admin).get().json()["count"] == 2


def test_it_filters_by_status_view_and_page(org, submit, approver_n1, api_as):
    rejected = submit()
    approval_reject(request=rejected, by=approver_n1, reason="no")
    pending = submit(subject=org.ca_n1)
    api = api_as(approver_n1)
    assert [i["id"] for i in api.get("", {"status": "rejected"}).json()["items"]] == [rejected.pk]
    assert [i["id"] for i in api.get("", {"status": "pending"}).json()["items"]] == [pending.pk]
    assert [i["id"] for i in api.get("", {"view": "decide"}).json()["items"]] == [pending.pk]
    assert api.get("", {"view": "mine"}).json()["count"] == 0
    assert api_as(org.kamr_n1).get("", {"view": "mine"}).json()["count"] == 2
    page = api.get("", {"limit": 1, "page": 2}).json()
    assert (page["count"], page["offset"], len(page["items"])) == (2, 1, 1)


@pytest.mark.parametrize("params", [{"status": "maybe"}, {"limit": 0}, {"view": "x"}])
def test_it_answers_422_to_bad_query_parameters(org, api_as, params):
    assert api_as(org.kamr_n1).get("", params).status_code == 422


def test_it_shows_one_request_with_its_history(org, submit, approver_n1, api_as):
    req = submit(summary="สรุป")
    body = api_as(approver_n1).get(f"{req.pk}").json()
    assert (body["summary"], body["can_decide"]) == ("สรุป", True)
    assert body["subject_url"] == org.bp_n1.get_absolute_url()
    assert [e["action"] for e in body["events"]] == ["submitted"]
    assert body["events"][0]["actor"]["username"] == "kamr_n1"
    assert api_as(org.kamr_n1).get(f"{req.pk}").json()["can_decide"] is False


def test_it_approves(org, submit, approver_n1, api_as, kind):
    req = submit()
    r = api_as(approver_n1).post(f"{req.pk}/approve", {"comment": "เห็นชอบ"})
    assert r.status_code == 200
    body = r.json()
    assert (body["status"], body["decision_reason"], body["can_decide"]) == (
        "approved",
        "เห็นชอบ",
        False,
    )
    assert body["decided_by"]["username"] == "approver_n1"
    assert [e["action"] for e in body["events"]] == ["submitted", "approved"]
    assert len(kind.approved) == 1


def test_it_rejects_with_a_reason(submit, approver_n1, api_as):
    req = submit()
    r = api_as(approver_n1).post(f"{req.pk}/reject", {"reason": "ขาดเอกสาร"})
    assert r.status_code == 200
    assert r.json()["status"] == "rejected"


@pytest.mark.parametrize("body", [{}, {"reason": "   "}, {"reason": "x\x00"}])
def test_it_answers_422_to_a_rejection_without_a_proper_reason(submit, approver_n1, api_as, body):
    req = submit()
    r = api_as(approver_n1).post(f"{req.pk}/reject", body)
    assert r.status_code == 422
    assert [e["loc"][-1] for e in r.json()["detail"]] == ["reason"]
    req.refresh_from_db()
    assert req.status == ApprovalStatus.PENDING


def test_it_answers_422_to_an_unknown_field(submit, approver_n1, api_as):
    req = submit()
    assert api_as(approver_n1).post(f"{req.pk}/approve", {"coment": "typo"}).status_code == 422


def test_it_answers_422_when_already_decided(submit, approver_n1, api_as):
    req = submit()
    api = api_as(approver_n1)
    assert api.post(f"{req.pk}/approve", {}).status_code == 200
    r = api.post(f"{req.pk}/reject", {"reason": "changed my mind"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["type"] == "not_pending"


def test_it_answers_422_when_the_callback_refuses(submit, approver_n1, api_as, kind):
    req = submit()
    kind.fail_with = "รายชื่อเปลี่ยนไป"
    r = api_as(approver_n1).post(f"{req.pk}/approve", {})
    assert r.status_code == 422
    assert r.json()["detail"][0]["msg"] == "รายชื่อเปลี่ยนไป"
    req.refresh_from_db()
    assert req.status == ApprovalStatus.PENDING


def test_it_answers_403_to_the_submitter_and_to_an_auditor(org, submit, api_as):
    req = submit()
    assert api_as(org.kamr_n1).post(f"{req.pk}/approve", {}).status_code == 403
    assert api_as(org.auditor).post(f"{req.pk}/reject", {"reason": "no"}).status_code == 403


def test_it_answers_404_to_an_unknown_request(org, api_as):
    assert api_as(org.hq_admin).get("999999").status_code == 404


def test_it_lets_the_submitter_withdraw(org, submit, approver_n1, api_as):
    req = submit()
    assert api_as(approver_n1).post(f"{req.pk}/withdraw").status_code == 403
    r = api_as(org.kamr_n1).post(f"{req.pk}/withdraw")
    assert (r.status_code, r.json()["status"]) == (200, "withdrawn")


def test_it_needs_authentication(client, submit):
    req = submit()
    assert client.get(f"/api/v1/approvals/{req.pk}").status_code == 401
