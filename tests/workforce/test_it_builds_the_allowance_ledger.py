"""The monthly allowance ledger: settings of the month's fiscal year, starts and ends in
mid-month, overlapping appointments paid once, drafts rebuilt, approved ledgers kept."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crmplus.approvals.services import approval_approve, approval_for
from crmplus.core.models import SettingValue
from crmplus.workforce.allowance import allowance_ledger_build, allowance_ledger_submit
from crmplus.workforce.models import AllowanceLine, LedgerStatus
from crmplus.workforce.rules_settings import (
    ALLOWANCE_PRORATION,
    ALLOWANCE_RATE,
    allowance_settings,
)
from crmplus.workforce.services import appointment_end
from tests.workforce.conftest import D, appoint, employee


def _daily(fy=2569):
    SettingValue.objects.create(key=ALLOWANCE_PRORATION, effective_fy=fy, value="daily_prorata")


def _amounts(ledger):
    return {line.employee.name_th: line.amount for line in ledger.lines.select_related("employee")}


def test_it_pays_500_baht_a_month_by_default(org, approvers):
    appoint(org, approvers, employee(org, org.n1_office, name="ก"), org.n1_office, D(2025, 10, 1))
    ledger = allowance_ledger_build(unit=org.n1, month="2025-11", by=org.area_admin_n1)
    assert allowance_settings(2569).rate == Decimal("500.00")
    assert _amounts(ledger) == {"ก": Decimal("500.00")}
    assert ledger.total == Decimal("500.00")
    assert ledger.proration == "full_month_if_active_any_day"
    assert "500.00" in ledger.lines.get().rule_en


def test_it_prorates_a_mid_month_start_and_end(org, approvers):
    _daily()
    appoint(org, approvers, employee(org, org.n1_office, name="เริ่ม"), org.n1_office,
            D(2025, 11, 16))  # fmt: skip
    leaving = appoint(org, approvers, employee(org, org.n1_office2, name="ออก"), org.n1_office2,
                      D(2025, 10, 1))  # fmt: skip
    appointment_end(appointment=leaving, end=D(2025, 11, 14), by=org.hq_admin)
    ledger = allowance_ledger_build(unit=org.n1, month="2025-11", by=org.area_admin_n1)
    assert _amounts(ledger) == {"เริ่ม": Decimal("250.00"), "ออก": Decimal("233.33")}
    assert ledger.lines.get(employee__name_th="เริ่ม").days == 15
    assert "15/30" in ledger.lines.get(employee__name_th="เริ่ม").rule_th


def test_it_pays_a_person_with_two_appointments_once(org, approvers):
    person = employee(org, org.n1_office, name="สองตำแหน่ง")
    appoint(org, approvers, person, org.n1_office, D(2025, 10, 1))
    appoint(org, approvers, person, org.n1, D(2025, 11, 10), role="kamr_area")
    ledger = allowance_ledger_build(unit=org.n1, month="2025-11", by=org.area_admin_n1)
    line = ledger.lines.get()
    assert (line.amount, line.days, len(line.appointments)) == (Decimal("500.00"), 30, 2)


def test_it_does_not_pay_a_senior_kamr_by_default(org, approvers):
    appoint(org, approvers, employee(org, org.n1), org.n1, D(2025, 10, 1), role="senior")
    ledger = allowance_ledger_build(unit=org.n1, month="2025-11", by=org.area_admin_n1)
    assert ledger.lines.count() == 0


def test_it_uses_the_rate_of_each_fiscal_year(org, approvers):
    SettingValue.objects.create(key=ALLOWANCE_RATE, effective_fy=2570, value="600.00")
    appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2025, 10, 1))
    september = allowance_ledger_build(unit=org.n1, month="2026-09", by=org.area_admin_n1)
    october = allowance_ledger_build(unit=org.n1, month="2026-10", by=org.area_admin_n1)
    assert (september.fy, september.total) == (2569, Decimal("500.00"))
    assert (october.fy, october.total) == (2570, Decimal("600.00"))
    assert "600.00" in october.lines.get().rule_en


def test_it_keeps_hq_and_area_ledgers_apart(org, approvers):
    appoint(org, approvers, employee(org, org.hq, name="สำนักงานใหญ่"), org.hq, D(2025, 10, 1),
            role="kamr_hq")  # fmt: skip
    appoint(org, approvers, employee(org, org.c1_office, name="กลาง"), org.c1_office,
            D(2025, 10, 1))  # fmt: skip
    hq = allowance_ledger_build(unit=org.hq, month="2025-11", by=org.hq_admin)
    c1 = allowance_ledger_build(unit=org.c1, month="2025-11", by=org.hq_admin)
    n1 = allowance_ledger_build(unit=org.n1, month="2025-11", by=org.hq_admin)
    assert set(_amounts(hq)) == {"สำนักงานใหญ่"}
    assert set(_amounts(c1)) == {"กลาง"}
    assert n1.lines.count() == 0
    with pytest.raises(ValidationError):
        allowance_ledger_build(unit=org.n1_office, month="2025-11", by=org.hq_admin)


def test_it_rebuilds_a_draft_the_same_way(org, approvers):
    appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2025, 10, 1))
    first = allowance_ledger_build(unit=org.n1, month="2025-11", by=org.area_admin_n1)
    again = allowance_ledger_build(unit=org.n1, month="2025-11", by=org.area_admin_n1)
    assert first.pk == again.pk
    assert AllowanceLine.objects.count() == 1
    assert again.total == Decimal("500.00")


def test_it_never_rebuilds_an_approved_ledger(org, approvers):
    appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2025, 10, 1))
    ledger = allowance_ledger_build(unit=org.n1, month="2025-11", by=org.area_admin_n1)
    allowance_ledger_submit(ledger=ledger, by=org.area_admin_n1)
    with pytest.raises(PermissionDenied):
        approval_approve(request=approval_for(ledger), by=approvers.c1)
    approval_approve(request=approval_for(ledger), by=approvers.n1)
    ledger.refresh_from_db()
    assert ledger.status == LedgerStatus.APPROVED
    appoint(org, approvers, employee(org, org.n1_office2), org.n1_office2, D(2025, 10, 1))
    with pytest.raises(ValidationError):
        allowance_ledger_build(unit=org.n1, month="2025-11", by=org.area_admin_n1)
    assert ledger.lines.count() == 1


def test_it_builds_every_units_ledger_in_the_monthly_task(org, approvers):
    from crmplus.workforce.allowance import allowance_ledgers_build_all

    appoint(org, approvers, employee(org, org.c1_office), org.c1_office, D(2025, 10, 1))
    n1 = allowance_ledger_build(unit=org.n1, month="2025-11", by=org.area_admin_n1)
    allowance_ledger_submit(ledger=n1, by=org.area_admin_n1)
    outcome = allowance_ledgers_build_all(month="2025-11")
    assert outcome == {"HQ": "0 people, 0.00 baht", "N1": "kept", "C1": "1 people, 500.00 baht"}
