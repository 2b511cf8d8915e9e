"""The outcome of a visit: attendees on both sides, topics, needs, follow-up actions with
an owner and a due date, and the expense per the fiscal year's expense settings."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crmplus.engagement.models import FollowUp, VisitStatus
from crmplus.engagement.rules_settings import rules_save
from crmplus.engagement.services import followup_set_done, visit_record_outcome
from tests.engagement.conftest import plan_visit


def _outcome(visit, by, **extra):
    values = {
        "attendees_pea": "กมลา ศรีสันทราย",
        "attendees_customer": "ผู้จัดการโรงงาน",
        "topics": "TOU และแผนขยายโหลด",
        "customer_needs": "ตรวจหาจุดร้อน",
    }
    values.update(extra)
    return visit_record_outcome(visit=visit, by=by, **values)


def test_it_records_the_outcome_follow_ups_and_expense(eng):
    visit = plan_visit(eng, days=-1)
    due = timezone.localdate() + dt.timedelta(days=7)
    _outcome(
        visit,
        eng.kamr_n1,
        distance_km="25",
        followups=[{"description": "ส่งข้อเสนอ", "owner": eng.kamr_n1, "due_date": due}],
    )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE
    # defaults: 300 baht onsite + 25 km × 4 baht
    assert visit.expense == Decimal("400.00")
    f = FollowUp.objects.get(visit=visit)
    assert (f.owner, f.due_date, f.done) == (eng.kamr_n1, due, False)
    followup_set_done(followup=f, done=True, by=eng.kamr_n1)
    f.refresh_from_db()
    assert f.done and f.done_at is not None


def test_it_follows_the_expense_settings_of_the_year(eng):
    rules_save(fy=eng.fy, expense={"onsite_allowance": "500", "per_km": "0"}, by=eng.hq_admin)
    visit = plan_visit(eng, days=-1)
    _outcome(visit, eng.kamr_n1, distance_km="40")
    visit.refresh_from_db()
    assert visit.expense == Decimal("500.00")
    online = plan_visit(eng, days=-1, mode="online")
    _outcome(online, eng.kamr_n1, distance_km="40")
    online.refresh_from_db()
    assert online.expense == Decimal("0.00")


def test_it_writes_nothing_when_a_follow_up_owner_cannot_see_the_visit(eng):
    visit = plan_visit(eng, days=-1)
    due = timezone.localdate() + dt.timedelta(days=7)
    with pytest.raises(ValidationError) as e:
        _outcome(
            visit,
            eng.kamr_n1,
            followups=[{"description": "x", "owner": eng.kamr_c1, "due_date": due}],
        )
    assert "followups.0.owner" in e.value.error_dict
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED and not FollowUp.objects.exists()


def test_it_needs_attendees_and_topics(eng):
    visit = plan_visit(eng, days=-1)
    with pytest.raises(ValidationError) as e:
        _outcome(visit, eng.kamr_n1, attendees_customer="", topics="")
    assert {"attendees_customer", "topics"} & set(e.value.error_dict)


def test_it_records_the_outcome_from_the_visit_page(client, eng):
    visit = plan_visit(
        eng,
        days=0,
    )
    client.force_login(eng.kamr_n1)
    page = client.get(visit.get_absolute_url())
    assert page.status_code == 200 and b"outcome-form" in page.content
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    r = client.post(
        f"/engagement/visits/{visit.pk}/outcome/",
        {
            "attendees_pea": "กมลา",
            "attendees_customer": "วิศวกร",
            "topics": "Load profile",
            "fu0-description": "ส่งข้อมูล",
            "fu0-owner": eng.kamr_n1.pk,
            "fu0-due_date": due,
            "fu1-description": "ไม่มีเจ้าของ",
            "fu1-due_date": due,
        },
    )
    assert r.status_code == 422  # the second follow-up has no owner
    assert not FollowUp.objects.exists()
    r = client.post(
        f"/engagement/visits/{visit.pk}/outcome/",
        {
            "attendees_pea": "กมลา",
            "attendees_customer": "วิศวกร",
            "topics": "Load profile",
            "fu0-description": "ส่งข้อมูล",
            "fu0-owner": eng.kamr_n1.pk,
            "fu0-due_date": due,
        },
    )
    assert r.status_code == 302
    assert FollowUp.objects.get().description == "ส่งข้อมูล"


def test_it_refuses_the_outcome_of_a_visit_far_ahead(eng):
    visit = plan_visit(eng, days=5)
    with pytest.raises(ValidationError):
        _outcome(visit, eng.kamr_n1)
