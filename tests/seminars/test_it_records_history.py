"""Every change to a plan is in its history: who, when, why (DESIGN: audit)."""

from crmplus.seminars.models import BudgetLine
from crmplus.seminars.services import budget_line_delete, budget_line_save, event_submit
from tests.seminars.conftest import plan


def test_it_records_who_changed_the_plan(org):
    event = plan(org, lines=["1000.00"])
    line = event.lines.get()
    budget_line_save(
        event=event, by=org.senior_n1, line=line, category="venue", planned_amount="1500.00"
    )
    extra = budget_line_save(event=event, by=org.senior_n1, category="other", planned_amount="1")
    budget_line_delete(line=extra, by=org.area_admin_n1)
    event_submit(event=event, by=org.area_admin_n1)

    reasons = [
        (h.history_change_reason, h.history_user)
        for h in BudgetLine.history.filter(id=line.pk).order_by("history_id")
    ]
    assert reasons == [("created", org.area_admin_n1), ("changed", org.senior_n1)]
    deleted = BudgetLine.history.get(id=extra.pk, history_type="-")
    assert deleted.history_user == org.area_admin_n1
    last = event.history.order_by("-history_id").first()
    assert (last.status, last.history_user) == ("submitted", org.area_admin_n1)
