"""An area's seminars are invisible outside its subtree; HQ sees every area's."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crmplus.seminars.models import BudgetLine, Event, Invitation
from crmplus.seminars.selectors import attendance_by_segment, budget_use
from crmplus.seminars.services import (
    budget_line_save,
    event_save,
    event_submit,
    invitation_create,
)
from tests.seminars.conftest import FIRST_DAY, LAST_DAY, plan


def test_it_hides_n1_events_from_c1(org):
    event = plan(org, lines=["10000.00"])
    invitation_create(event=event, bp=org.bp_n1, by=org.area_admin_n1)
    assert not Event.objects.for_user(org.kamr_c1).filter(pk=event.pk).exists()
    assert not BudgetLine.objects.for_user(org.kamr_c1).exists()
    assert not Invitation.objects.for_user(org.kamr_c1).exists()
    assert Event.objects.for_user(org.senior_n1).filter(pk=event.pk).exists()  # same area
    assert Event.objects.for_user(org.hq_admin).filter(pk=event.pk).exists()


def test_it_hides_an_area_event_from_an_office_of_the_area(org):
    area_event = plan(org)
    office_event = plan(org, unit=org.n1_office, by=org.kamr_n1)
    # an office user sees their office's subtree, not the area unit's own events
    assert list(Event.objects.for_user(org.kamr_n1)) == [office_event]
    assert area_event in Event.objects.for_user(org.area_admin_n1)


def test_it_refuses_writes_to_another_areas_event(org):
    event = plan(org)
    with pytest.raises(PermissionDenied):
        budget_line_save(event=event, by=org.kamr_c1, category="venue", planned_amount="1")
    with pytest.raises(PermissionDenied):
        event_submit(event=event, by=org.area_admin_c1)
    assert not event.lines.exists()


def test_it_refuses_an_event_for_a_unit_outside_scope(org):
    with pytest.raises(ValidationError):
        event_save(
            by=org.kamr_c1, kind="seminar", unit=org.n1, title="x",
            starts_on=FIRST_DAY, ends_on=LAST_DAY,
        )  # fmt: skip
    assert not Event.objects.exists()


def test_it_refuses_to_invite_another_areas_customer(org):
    event = plan(org)
    with pytest.raises(ValidationError):
        invitation_create(event=event, bp=org.bp_c1, by=org.area_admin_n1)
    assert not Invitation.objects.exists()


def test_it_reports_only_units_in_scope(org):
    n1 = plan(org, lines=["10000.00"])
    event_submit(event=n1, by=org.area_admin_n1)
    c1 = plan(org, unit=org.c1, by=org.area_admin_c1, lines=["20000.00"])
    event_submit(event=c1, by=org.area_admin_c1)
    assert [r.unit for r in budget_use(user=org.kamr_c1, fy=2569)] == []
    assert [r.unit for r in budget_use(user=org.area_admin_c1, fy=2569)] == [org.c1]
    assert {r.unit for r in budget_use(user=org.hq_admin, fy=2569)} == {org.n1, org.c1}
    assert attendance_by_segment(user=org.area_admin_c1, fy=2569) == []
