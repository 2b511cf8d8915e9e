"""Two people editing one budget never lose a line: each save locks the event row,
new lines are rows of their own, and an edit from a stale copy is refused."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from crmplus.core.models import Role
from crmplus.seminars.models import BudgetLine, Event
from crmplus.seminars.services import budget_line_save
from tests.factories import UserFactory
from tests.seminars.conftest import plan


def test_it_keeps_both_lines_added_from_two_stale_copies(org):
    event = plan(org, lines=["10000.00"])
    senior = org.senior_n1
    copy_a = Event.objects.get(pk=event.pk)
    copy_b = Event.objects.get(pk=event.pk)
    budget_line_save(event=copy_a, by=org.area_admin_n1, category="venue", planned_amount="20000")
    budget_line_save(event=copy_b, by=senior, category="souvenirs", planned_amount="5000")
    amounts = sorted(event.lines.values_list("planned_amount", flat=True))
    assert amounts == [Decimal("5000.00"), Decimal("10000.00"), Decimal("20000.00")]


def test_it_refuses_an_edit_made_from_a_stale_copy(org):
    event = plan(org, lines=["10000.00"])
    line_a = BudgetLine.objects.get(event=event)
    line_b = BudgetLine.objects.get(event=event)
    budget_line_save(
        event=event, by=org.area_admin_n1, line=line_a, category="venue", planned_amount="12000"
    )
    with pytest.raises(ValidationError) as e:
        budget_line_save(
            event=event, by=org.senior_n1, line=line_b, category="venue", planned_amount="9000"
        )
    assert e.value.code == "stale"
    line_a.refresh_from_db()
    assert line_a.planned_amount == Decimal("12000.00") and line_a.version == 2


@pytest.mark.django_db(transaction=True)
def test_it_keeps_every_line_saved_at_the_same_time(org_tx):
    org = org_tx
    event = plan(org)
    users = [UserFactory(role=Role.AREA_ADMIN, home_unit=org.n1) for _ in range(4)]
    errors = []

    def save(user, amount):
        try:
            budget_line_save(event=event, by=user, category="other", planned_amount=amount)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(u, f"{i + 1}000")) for i, u in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert event.lines.count() == 4
