"""`done_service_counts` (for KAM plans' plan vs actual): done services per (BP, code, FY)."""

import datetime as dt

from crmplus.techservices.selectors import done_service_counts
from crmplus.techservices.services import service_cancel, service_complete, service_schedule
from tests.techservices.conftest import book, key_account


def _done(org, code):
    req = book(org, code)
    service_schedule(request=req, scheduled_for=dt.date(2026, 2, 1), staff=None, by=org.kamr_n1)
    report = {"summary": "ok", "peak_kw": 10} if code == "FMS2" else {"summary": "ok"}
    service_complete(request=req, completed_on=dt.date(2026, 2, 1), report=report, by=org.kamr_n1)
    return req


def test_it_counts_only_done_services_of_the_year(org):
    key_account(org, org.bp_n1, segment="strategic")
    _done(org, "FMS1")
    _done(org, "FMS1")
    _done(org, "FMS2")
    book(org, "FMS3")  # requested, not done
    service_cancel(request=book(org, "FMS4"), reason="x", by=org.kamr_n1)
    counts = done_service_counts([org.bp_n1.pk, org.bp_c1.pk], 2569)
    assert counts == {(org.bp_n1.pk, "FMS1"): 2, (org.bp_n1.pk, "FMS2"): 1}
    assert done_service_counts([org.bp_n1.pk], 2570) == {}
    assert done_service_counts([], 2569) == {}
