"""The demo step: FY2564 events across areas through the services, one near the cap,
one with an approved exception; deterministic and idempotent."""

from decimal import Decimal

from crmplus.core.models import Role
from crmplus.seminars.demo import demo_seminars_load, demo_step
from crmplus.seminars.models import Event, ExceptionRequest, ExceptionStatus
from crmplus.seminars.selectors import event_cap_check
from tests.factories import UserFactory


def test_it_loads_a_year_of_events_once(org):
    UserFactory(username="approver_n1", role=Role.APPROVER, home_unit=org.n1)
    UserFactory(username="approver_c1", role=Role.APPROVER, home_unit=org.c1)
    stats = demo_seminars_load(seed=1)
    events = Event.objects.filter(fy=2564)
    assert stats["events"] == events.count() == 6  # two per area, two for HQ
    assert {e.unit.code for e in events} == {"HQ", "C1", "N1"}
    uses = sorted(event_cap_check(e).event.used for e in events)
    assert Decimal("99000") <= max(uses) <= Decimal("100000")
    assert ExceptionRequest.objects.filter(status=ExceptionStatus.APPROVED).count() == 2
    before = list(events.order_by("pk").values_list("title", "status"))
    assert demo_step(1).startswith("Seminars FY2564: 6 events")
    assert (
        list(Event.objects.filter(fy=2564).order_by("pk").values_list("title", "status")) == before
    )
