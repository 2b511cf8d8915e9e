"""Retention-plan screens: the call for a plan, the plan page, the list, home, export."""

import datetime as dt
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from crmplus.risk.models_plans import RetentionAction, RetentionPlan
from crmplus.risk.services_plans import action_add, plan_create
from tests.risk.conftest import FY, LOW, assess_n1

TODAY = timezone.localdate()


def make_plan(org, late=False):
    plan = plan_create(assessment=assess_n1(org), objective="รักษาลูกค้า", by=org.kamr_n1)
    action_add(
        plan=plan,
        description="เสนอทบทวนอัตรา TOU",
        owner=org.kamr_n1,
        due_date=TODAY + dt.timedelta(days=-2 if late else 10),
        by=org.kamr_n1,
    )
    return plan


def test_a_special_risk_assessment_asks_for_a_plan(client, org):
    a = assess_n1(org)
    client.force_login(org.kamr_n1)
    page = client.get(reverse("risk:detail", args=[a.pk])).content.decode()
    assert 'data-testid="plan-needed"' in page
    assert reverse("risk:plan_create", args=[a.pk]) in page


def test_a_low_assessment_asks_for_nothing(client, org):
    a = assess_n1(org, values=LOW, notes={})
    client.force_login(org.kamr_n1)
    page = client.get(reverse("risk:detail", args=[a.pk])).content.decode()
    assert 'data-testid="plan-needed"' not in page
    r = client.post(reverse("risk:plan_create", args=[a.pk]), {"objective": "x"})
    assert r.status_code == 200 and not RetentionPlan.objects.exists()
    assert "form-errors" in r.content.decode()


def test_the_kamr_creates_the_plan_and_adds_an_action(client, org):
    a = assess_n1(org)
    client.force_login(org.kamr_n1)
    r = client.post(reverse("risk:plan_create", args=[a.pk]), {"objective": "รักษาลูกค้า"})
    plan = RetentionPlan.objects.get(assessment=a)
    assert r.status_code == 302 and r.url == reverse("risk:plan", args=[plan.pk])
    url = reverse("risk:plan", args=[plan.pk])
    data = {
        "action": "add_action",
        "action-description": "เข้าพบผู้บริหาร",
        "action-owner": org.kamr_n1.pk,
        "action-due_date": "",
        "action-status": "open",
    }
    r = client.post(url, data)
    assert r.status_code == 200 and 'data-testid="error-due_date"' in r.content.decode()
    assert not RetentionAction.objects.exists()
    r = client.post(url, {**data, "action-due_date": (TODAY + dt.timedelta(days=7)).isoformat()})
    assert r.status_code == 302
    assert plan.actions.get().description == "เข้าพบผู้บริหาร"
    # The detail page now links to the plan instead of asking for one.
    page = client.get(reverse("risk:detail", args=[a.pk])).content.decode()
    assert 'data-testid="plan-link"' in page and 'data-testid="plan-needed"' not in page


def test_the_action_edit_page_saves(client, org):
    plan = make_plan(org)
    action = plan.actions.get()
    client.force_login(org.senior_n1)
    url = reverse("risk:plan_action", args=[plan.pk, action.pk])
    assert client.get(url).status_code == 200
    r = client.post(url, {
        "description": action.description, "owner": org.senior_n1.pk,
        "due_date": action.due_date.isoformat(), "status": "done", "outcome": "ตกลงต่อสัญญา",
    })  # fmt: skip
    assert r.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.owner == org.senior_n1


def test_another_areas_kamr_gets_404(client, org):
    plan = make_plan(org)
    action = plan.actions.get()
    client.force_login(org.kamr_c1)
    for url in (
        reverse("risk:plan", args=[plan.pk]),
        reverse("risk:plan_action", args=[plan.pk, action.pk]),
        reverse("risk:plan_create", args=[plan.assessment_id]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("risk:plan", args=[plan.pk]), {"action": "submit"}).status_code == 404
    )
    page = client.get(reverse("risk:plans") + f"?fy={FY}").content.decode()
    assert org.bp_n1.bp_number not in page


def test_overdue_actions_are_flagged_on_the_plan_list_and_home(client, org):
    plan = make_plan(org, late=True)
    client.force_login(org.area_admin_n1)
    page = client.get(reverse("risk:plan", args=[plan.pk])).content.decode()
    assert 'data-testid="overdue"' in page and "table-danger" in page
    listing = client.get(reverse("risk:plans") + f"?fy={FY}&overdue=on").content.decode()
    assert org.bp_n1.bp_number in listing and 'data-testid="row-overdue"' in listing
    home = client.get(reverse("risk:home")).content.decode()
    assert 'data-testid="overdue-count">1<' in home
    assert 'data-testid="overdue-row"' in home
    client.force_login(org.area_admin_c1)
    home = client.get(reverse("risk:home")).content.decode()
    assert 'data-testid="overdue-count">0<' in home


def test_the_list_shows_special_risk_without_a_plan(client, org):
    assess_n1(org)
    client.force_login(org.kamr_n1)
    page = client.get(reverse("risk:plans") + f"?fy={FY}&status=none").content.decode()
    assert 'data-testid="plan-missing"' in page
    page = client.get(reverse("risk:plans") + f"?fy={FY}&status=approved").content.decode()
    assert 'data-testid="plans-empty"' in page
    # Odd parameters are dropped, never a 500.
    r = client.get(reverse("risk:plans") + "?fy=abc&area=999999999999&status=x&overdue=zz")
    assert r.status_code == 200


def test_the_export_opens_with_openpyxl(client, org):
    plan = make_plan(org, late=True)
    client.force_login(org.senior_n1)
    response = client.get(reverse("risk:plan_export") + f"?fy={FY}")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    plans, actions = book.worksheets
    rows = list(plans.iter_rows(values_only=True))
    assert rows[0][0] == "ปีงบประมาณ" and len(rows) == 2
    assert rows[1][1] == org.bp_n1.bp_number and rows[1][9] == plan.objective
    acts = list(actions.iter_rows(values_only=True))
    assert len(acts) == 2 and acts[1][3] == "เสนอทบทวนอัตรา TOU" and acts[1][7] == "ใช่"
    # Another area's user exports nothing of N1.
    client.force_login(org.kamr_c1)
    response = client.get(reverse("risk:plan_export") + f"?fy={FY}")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(list(book.worksheets[0].iter_rows(values_only=True))) == 1


def test_the_auditor_reads_plans_but_writes_nothing(client, org):
    plan = make_plan(org)
    client.force_login(org.auditor)
    page = client.get(reverse("risk:plan", args=[plan.pk])).content.decode()
    assert "เสนอทบทวนอัตรา TOU" in page and 'data-testid="action-form"' not in page
    listing = client.get(reverse("risk:plans") + f"?fy={FY}").content.decode()
    assert org.bp_n1.bp_number in listing
    r = client.post(reverse("risk:plan", args=[plan.pk]), {"action": "submit"})
    assert r.status_code == 403
    # Reassessed low, the assessment keeps its plan: "new plan" leads to it.
    low = assess_n1(org, values=LOW, notes={})
    r = client.get(reverse("risk:plan_create", args=[low.pk]))
    assert r.status_code == 302 and r.url == reverse("risk:plan", args=[plan.pk])
