"""Office coverage on the dashboard: class 1–3 branches need a KAMR; offices under the
minimum points are flagged (4–5: supplement candidates; below 4: none required, a class
1–3 branch is for review)."""

from crmplus.workforce import coverage as cov
from crmplus.workforce.services import assignment_set
from tests.workforce.conftest import D, appoint, employee, key_account


def test_point_flags():
    assert cov.point_flag(6, 6, 4) == cov.OK
    assert cov.point_flag(5.5, 6, 4) == cov.SUPPLEMENT
    assert cov.point_flag(4, 6, 4) == cov.SUPPLEMENT
    assert cov.point_flag(3, 6, 4) == cov.NONE_REQUIRED
    assert cov.point_flag(3, 6, 4, branch_1_to_3=True) == cov.REVIEW
    assert cov.point_flag(None, 6, 4) == cov.UNKNOWN


def test_office_coverage_reads_the_selection_run_and_the_appointments(org, approvers):
    from crmplus.keyaccounts.models import OfficeResult, SelectionRun

    ka = key_account(org, org.bp_n1, org.n1_office, org.n1, fy=2569)
    run = SelectionRun.objects.get()
    run.status, run.is_draft = "done", False
    run.save()
    OfficeResult.objects.create(run=run, office=org.n1_office, area=org.n1, key_accounts=2,
                                supplements=1, points=5, status="supplemented")  # fmt: skip
    OfficeResult.objects.create(run=run, office=org.n1_office2, area=org.n1, key_accounts=1,
                                supplements=0, points=2, status="below")  # fmt: skip
    on = D(2025, 11, 1)
    c = cov.office_coverage(user=org.area_admin_n1, fy=2569, on=on)
    rows = {r.office.code: r for r in c.rows}
    assert set(rows) == {"N1-OF1", "N1-OF2"}
    assert (rows["N1-OF1"].flag, rows["N1-OF1"].missing_kamr) == (cov.SUPPLEMENT, True)
    assert (rows["N1-OF2"].flag, rows["N1-OF2"].missing_kamr) == (cov.NONE_REQUIRED, False)
    assert (c.key_accounts, c.unassigned, len(c.missing)) == (1, 1, 1)
    kamr = appoint(org, approvers, employee(org, org.n1_office), org.n1_office, D(2025, 10, 1))
    assignment_set(key_account=ka, employee=kamr.employee, start=on, by=org.area_admin_n1)
    c = cov.office_coverage(user=org.area_admin_n1, fy=2569, on=on)
    assert (c.unassigned, len(c.missing)) == (0, 0)
    assert cov.warnings_for_unit(user=org.area_admin_n1, unit=org.n1, fy=2569, on=on) == []
