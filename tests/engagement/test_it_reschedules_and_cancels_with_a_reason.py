"""Reschedule or cancel a planned visit with a reason, kept in the visit's changes; the
calendar's drag and drop calls the same reschedule."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crmplus.engagement.models import VisitChange, VisitStatus
from crmplus.engagement.services import visit_cancel, visit_reschedule
from tests.engagement.conftest import at, plan_visit


def test_it_reschedules_with_a_reason(eng):
    visit = plan_visit(eng, days=2)
    with pytest.raises(ValidationError) as e:
        visit_reschedule(visit=visit, starts_at=at(3), reason=" ", by=eng.kamr_n1)
    assert "reason" in e.value.error_dict
    visit_reschedule(visit=visit, starts_at=at(3), reason="ลูกค้าขอเลื่อน", by=eng.kamr_n1)
    visit.refresh_from_db()
    assert visit.starts_at == at(3)
    change = VisitChange.objects.get(visit=visit)
    assert (change.kind, change.old_starts_at, change.reason) == (
        "rescheduled",
        at(2),
        "ลูกค้าขอเลื่อน",
    )


def test_it_cancels_with_a_reason_and_then_refuses_changes(eng):
    visit = plan_visit(eng, days=2)
    visit_cancel(visit=visit, reason="โรงงานหยุดซ่อมบำรุง", by=eng.kamr_n1)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED and visit.cancel_reason
    with pytest.raises(ValidationError):
        visit_reschedule(visit=visit, starts_at=at(4), reason="x", by=eng.kamr_n1)
    assert VisitChange.objects.filter(visit=visit).count() == 1


def test_it_moves_a_visit_by_drag_and_drop(client, eng):
    visit = plan_visit(eng, days=2)
    client.force_login(eng.kamr_n1)
    target = at(6).date().isoformat()
    r = client.post(
        f"/engagement/calendar/move/{visit.pk}/?view=month&date={target}",
        {"to": target},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200
    visit.refresh_from_db()
    assert timezone.localtime(visit.starts_at).date().isoformat() == target
    assert timezone.localtime(visit.starts_at).hour == 10  # same time of day
    assert f'data-testid="cal-visit-{visit.pk}"'.encode() in r.content
    assert VisitChange.objects.get(visit=visit).reason


def test_it_refuses_an_auditor_moving_a_visit(client, eng):
    visit = plan_visit(eng, days=2)
    client.force_login(eng.auditor)
    r = client.post(f"/engagement/calendar/move/{visit.pk}/", {"to": at(6).date().isoformat()})
    assert b"move-error" in r.content
    visit.refresh_from_db()
    assert visit.starts_at == at(2)


def test_it_reschedules_and_cancels_from_the_visit_page(client, eng):
    visit = plan_visit(eng, days=2)
    client.force_login(eng.kamr_n1)
    r = client.post(
        f"/engagement/visits/{visit.pk}/reschedule/",
        {"date": at(4).date().isoformat(), "time": "13:00", "reason": ""},
    )
    assert r.status_code == 422
    r = client.post(
        f"/engagement/visits/{visit.pk}/reschedule/",
        {"date": at(4).date().isoformat(), "time": "13:00", "reason": "ฝนตก"},
    )
    assert r.status_code == 302
    r = client.post(f"/engagement/visits/{visit.pk}/cancel/", {"reason": "ลูกค้ายกเลิก"})
    assert r.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    assert VisitChange.objects.filter(visit=visit).count() == 2
