"""What is due, done or overdue per unit, from the records the apps keep, on given dates."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone, translation

from crmplus.core.models import SettingValue
from crmplus.reports.process import process_boards
from crmplus.reports.process_settings import CALENDAR_KEY
from crmplus.workforce.models import AllowanceLedger
from tests.reports.helpers import approve

FY = 2569  # 1 Oct 2025 – 30 Sep 2026: the key-account list is due 31 Oct 2025


def _board(boards, key):
    return next(b for b in boards if b.deadline.key == key)


def _status(board, unit, i=0):
    row = next(r for r in board.rows if r.unit == unit)
    return row.cells[i].status


def test_it_tells_which_areas_list_is_done_due_or_overdue(org):
    approve(org, FY, [(org.n1_office, org.n1, "star")])
    before = process_boards(user=org.hq_admin, fy=FY, today=dt.date(2025, 10, 20))
    board = _board(before, "keyaccount_list")
    assert [r.unit for r in board.rows] == [org.n1, org.c1]  # areas owe it
    assert _status(board, org.n1) == "done"
    assert _status(board, org.c1) == "due"  # within 14 days of 31 Oct
    early = process_boards(user=org.hq_admin, fy=FY, today=dt.date(2025, 10, 1))
    assert _status(_board(early, "keyaccount_list"), org.c1) == "upcoming"
    after = process_boards(user=org.hq_admin, fy=FY, today=dt.date(2025, 11, 1))
    assert _status(_board(after, "keyaccount_list"), org.c1) == "overdue"
    assert _board(after, "keyaccount_list").counts == {"done": 1, "overdue": 1}


def test_it_shows_only_the_units_in_the_users_scope(org):
    boards = process_boards(user=org.area_admin_n1, fy=FY, today=dt.date(2025, 11, 1))
    assert [r.unit for r in _board(boards, "keyaccount_list").rows] == [org.n1]
    assert _board(boards, "survey_report").rows == []  # HQ's deadline: not theirs


def test_it_counts_a_risk_deadline_done_when_every_key_account_is_confirmed(org):
    from crmplus.risk.models import RiskAssessment

    approve(org, FY, [(org.n1_office, org.n1, "star"), (org.n1_office2, org.n1, "status")])
    today = dt.date(2026, 4, 1)  # after 31 Mar
    with translation.override("en"):  # the note is compared in English
        board = _board(process_boards(user=org.hq_admin, fy=FY, today=today), "risk_assessments")
    row = next(r for r in board.rows if r.unit == org.n1)
    assert row.cells[0].status == "overdue" and "0 of 2" in row.cells[0].detection.note
    assert _status(board, org.c1) == "none"  # no key accounts: nothing owed
    from crmplus.keyaccounts.models import KeyAccount

    for k in KeyAccount.objects.filter(fy=FY):
        RiskAssessment.objects.create(
            fy=FY, bp=k.bp, office=k.office, owner=k.owner, p=1, i=1, score=1, level=1, matrix={},
            status="confirmed", values={}, assessed_by=org.kamr_n1,
        )  # fmt: skip
    board = _board(process_boards(user=org.hq_admin, fy=FY, today=today), "risk_assessments")
    assert _status(board, org.n1) == "done"


def test_it_follows_the_allowance_ledgers_month_by_month(org):
    AllowanceLedger.objects.create(
        unit=org.n1, month=dt.date(2025, 10, 1), fy=FY, status="approved", rate=Decimal(500),
        proration="x", built_at=timezone.now(),
    )  # fmt: skip
    AllowanceLedger.objects.create(
        unit=org.n1, month=dt.date(2025, 11, 1), fy=FY, status="submitted", rate=Decimal(500),
        proration="x", built_at=timezone.now(),
    )  # fmt: skip
    board = _board(
        process_boards(user=org.hq_admin, fy=FY, today=dt.date(2025, 12, 26)), "allowances"
    )
    assert [r.unit for r in board.rows] == [org.hq, org.n1, org.c1]  # HQ and the areas pay
    row = next(r for r in board.rows if r.unit == org.n1)
    assert [c.status for c in row.cells[:4]] == ["done", "overdue", "due", "upcoming"]
    assert row.cells[1].detection.note  # "waiting for approval", in the user's language
    assert next(r for r in board.rows if r.unit == org.c1).cells[0].status == "overdue"


def test_a_setting_changes_the_due_date(org):
    from crmplus.reports.process_rules import DEFAULT_DEADLINES

    value = [dict(d) for d in DEFAULT_DEADLINES]
    value[0]["month"], value[0]["day"] = 11, 15  # the list due 15 Nov instead
    SettingValue.objects.create(key=CALENDAR_KEY, effective_fy=FY, value=value)
    boards = process_boards(user=org.hq_admin, fy=FY, today=dt.date(2025, 11, 1))
    board = _board(boards, "keyaccount_list")
    assert board.occurrences[0].due == dt.date(2025, 11, 15)
    assert _status(board, org.c1) == "due"


def test_the_page_lists_the_deadlines_of_the_scope(org, client):
    approve(org, FY, [(org.n1_office, org.n1, "star")])
    client.force_login(org.area_admin_n1)
    r = client.get(reverse("reports:process"), {"fy": FY})
    assert r.status_code == 200
    body = r.content.decode()
    assert 'data-testid="row-keyaccount_list-N1"' in body
    assert 'data-testid="row-keyaccount_list-C1"' not in body
    assert client.get(reverse("reports:process"), {"unit": org.c1.pk}).status_code == 404
