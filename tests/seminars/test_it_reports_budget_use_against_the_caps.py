"""Budget used vs caps per unit and fiscal year; HQ's yearly use includes speaker fees."""

from decimal import Decimal

from crmplus.approvals.services import approval_approve, approval_for
from crmplus.seminars.selectors import budget_use
from crmplus.seminars.services import (
    budget_line_record_actual,
    event_submit,
    exception_request,
)
from tests.seminars.conftest import plan


def test_it_sums_each_units_committed_events(approvers):
    org = approvers
    hq = plan(org, unit=org.hq, by=org.hq_admin, lines=["40000.00", ("speaker_fee", "12000.00")])
    fee = hq.lines.get(is_speaker_fee=True)
    exc = exception_request(line=fee, justification="ผู้เชี่ยวชาญ", by=org.hq_admin)
    approval_approve(request=approval_for(exc), by=org.hq_approver)
    event_submit(event=hq, by=org.hq_admin)
    n1 = plan(org, lines=["30000.00", ("souvenirs", "5000.00")])
    event_submit(event=n1, by=org.area_admin_n1)
    plan(org, lines=["99999.00"])  # a draft: not counted

    rows = {r.unit.code: r for r in budget_use(user=org.hq_admin, fy=2569)}
    assert rows["HQ"].total == Decimal("52000.00")
    assert rows["HQ"].speaker_fees == Decimal("12000.00")
    assert rows["HQ"].hq_year.room == Decimal("48000.00")
    assert (rows["N1"].events, rows["N1"].total, rows["N1"].hq_year) == (
        1,
        Decimal("35000.00"),
        None,
    )


def test_it_counts_actual_amounts_once_recorded(approvers):
    org = approvers
    event = plan(org, lines=["30000.00"])
    event_submit(event=event, by=org.area_admin_n1)
    approval_approve(request=approval_for(event), by=org.approver_n1)
    budget_line_record_actual(
        line=event.lines.get(), by=org.area_admin_n1, actual_amount="27500.50"
    )
    [row] = budget_use(user=org.area_admin_n1, fy=2569)
    assert row.total == Decimal("27500.50")
