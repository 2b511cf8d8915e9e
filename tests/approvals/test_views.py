"""The inbox tabs, filters, paging and empty states; the request page and its forms."""

from django.urls import reverse

from crmplus.approvals.models import ApprovalStatus
from crmplus.approvals.services import approval_approve, approval_reject
from crmplus.approvals.views import PAGE_SIZE
from tests.factories import BusinessPartnerFactory

INBOX = reverse("approvals:inbox")


def _rows(response):
    return list(response.context["page"].object_list)


def test_it_opens_on_the_approvers_queue(client, org, submit, approver_n1):
    req = submit()
    client.force_login(approver_n1)
    r = client.get(INBOX)
    assert r.context["tab"] == "decide"
    assert _rows(r) == [req]
    assert req.title in r.content.decode()


def test_it_opens_on_my_requests_for_everyone_else(client, org, submit):
    req = submit()
    client.force_login(org.kamr_n1)
    r = client.get(INBOX)
    assert r.context["tab"] == "mine"
    assert _rows(r) == [req]


def test_it_has_three_tabs_and_a_status_filter(client, org, submit, approver_n1):
    rejected = submit()
    approval_reject(request=rejected, by=approver_n1, reason="no")
    pending = submit(subject=org.ca_n1)
    client.force_login(org.area_admin_n1)
    assert _rows(client.get(INBOX, {"tab": "decide"})) == []
    assert _rows(client.get(INBOX, {"tab": "mine"})) == []
    assert _rows(client.get(INBOX, {"tab": "all"})) == [pending, rejected]
    assert _rows(client.get(INBOX, {"tab": "all", "status": "rejected"})) == [rejected]
    # Odd parameters fall back to the defaults instead of failing.
    assert client.get(INBOX, {"tab": "nope", "status": "maybe", "page": "x"}).status_code == 200


def test_it_answers_an_htmx_filter_with_the_results_only(client, org, submit):
    submit()
    client.force_login(org.kamr_n1)
    r = client.get(
        INBOX,
        {"tab": "all", "status": "pending"},
        headers={"HX-Request": "true", "HX-Target": "approval-results"},
    )
    assert [t.name for t in r.templates][0] == "approvals/_inbox_results.html"


def test_it_pages_the_list(client, org, kind):
    from crmplus.approvals.services import approval_submit

    for bp in BusinessPartnerFactory.create_batch(PAGE_SIZE + 1, home_office=org.n1_office):
        approval_submit(subject=bp, kind=kind.key, unit=org.n1_office, title="t", by=org.kamr_n1)
    client.force_login(org.kamr_n1)
    first = client.get(INBOX, {"tab": "mine"})
    assert len(_rows(first)) == PAGE_SIZE
    assert b'data-testid="next-page"' in first.content
    assert len(_rows(client.get(INBOX, {"tab": "mine", "page": 2}))) == 1


def test_it_shows_empty_states(client, org, approver_c1):
    client.force_login(approver_c1)
    for tab in ("decide", "mine", "all"):
        r = client.get(INBOX, {"tab": tab})
        assert b'data-testid="approvals-empty"' in r.content


def test_it_shows_the_request_page(client, org, submit, approver_n1):
    req = submit(summary="สรุปคำขอ")
    client.force_login(approver_n1)
    r = client.get(req.get_absolute_url())
    page = r.content.decode()
    assert r.context["can_decide"]
    assert 'data-testid="approve-form"' in page and 'data-testid="reject-form"' in page
    assert f'href="{org.bp_n1.get_absolute_url()}"' in page
    assert "สรุปคำขอ" in page
    year_be = req.submitted_at.year + 543
    assert str(year_be) in page  # the timeline's dates are Buddhist era


def test_it_hides_the_decision_forms_from_others(client, org, submit):
    req = submit()
    for user in (org.kamr_n1, org.area_admin_n1, org.auditor):
        client.force_login(user)
        r = client.get(req.get_absolute_url())
        assert r.status_code == 200
        assert b'data-testid="decision-forms"' not in r.content


def test_it_approves_from_the_page(client, submit, approver_n1):
    req = submit()
    client.force_login(approver_n1)
    assert client.get(reverse("approvals:approve", args=[req.pk])).status_code == 405
    r = client.post(reverse("approvals:approve", args=[req.pk]), {"comment": "เห็นชอบ"})
    assert r.status_code == 302
    req.refresh_from_db()
    assert (req.status, req.decision_reason) == (ApprovalStatus.APPROVED, "เห็นชอบ")
    r = client.get(req.get_absolute_url())
    assert not r.context["can_decide"]


def test_it_explains_a_decision_on_a_closed_request(client, submit, approver_n1):
    req = submit()
    approval_approve(request=req, by=approver_n1)
    client.force_login(approver_n1)
    r = client.post(reverse("approvals:reject", args=[req.pk]), {"reason": "late"})
    assert r.status_code == 200
    assert len(list(r.context["messages"])) == 1
    req.refresh_from_db()
    assert req.status == ApprovalStatus.APPROVED


def test_it_refuses_a_decision_without_csrf(submit, approver_n1):
    from django.test import Client

    req = submit()
    client = Client(enforce_csrf_checks=True)
    client.force_login(approver_n1)
    r = client.post(reverse("approvals:approve", args=[req.pk]), {"comment": ""})
    assert r.status_code == 403
    req.refresh_from_db()
    assert req.status == ApprovalStatus.PENDING


def test_it_shows_a_subject_panel_for_other_apps(org, submit):
    from django.template import Context, Template

    template = Template("{% load approvals %}{% approval_panel subject %}")
    assert "approval-status" not in template.render(Context({"subject": org.bp_n1}))
    req = submit()
    html = template.render(Context({"subject": org.bp_n1}))
    assert 'data-testid="approval-status"' in html and req.get_absolute_url() in html
