"""QA regressions: the training-due list and the key accounts without a KAMR cost the
same number of queries for 1 or many rows (they used to read a setting per person and
an owner unit per row)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crmplus.workforce.selectors import training_compliance
from tests.factories import BusinessPartnerFactory
from tests.workforce.conftest import D, appoint, employee, key_account


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_it_lists_training_due_in_constant_queries(org, approvers):
    appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2025, 11, 30))
    few = _queries(lambda: training_compliance(user=org.hq_admin, on=D(2026, 1, 1)))
    # Appointed in two different fiscal years: one settings read per year at most.
    appoint(org, approvers, employee(org, org.c1_office), org.c1_office, D(2025, 9, 1))
    for day in (D(2025, 12, 1), D(2025, 12, 15), D(2026, 1, 1)):
        appoint(org, approvers, employee(org, org.n1_office), org.n1_office, day)
    rows = training_compliance(user=org.hq_admin, on=D(2026, 1, 1))
    assert len(rows) == 5
    many = _queries(lambda: training_compliance(user=org.hq_admin, on=D(2026, 1, 1)))
    assert many <= few + 1


def test_it_lists_key_accounts_without_a_kamr_in_constant_queries(client, org):
    client.force_login(org.hq_admin)
    url = reverse("workforce:unassigned")
    key_account(org, org.bp_n1, org.n1_office, org.n1, fy=2569)
    client.get(url, {"fy": 2569})
    few = _queries(lambda: client.get(url, {"fy": 2569}))
    for _ in range(4):
        key_account(org, BusinessPartnerFactory(home_office=org.c1_office), org.c1_office, org.c1,
                    fy=2569)  # fmt: skip
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url, {"fy": 2569})
    assert r.context["page"].paginator.count == 5
    assert len(ctx.captured_queries) == few
