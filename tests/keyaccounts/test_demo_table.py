"""The demo reproduces PEA's 2021 key-account table (memo 2.3) with the default rules."""

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from crmplus.approvals.models import ApprovalRequest
from crmplus.keyaccounts.models import KeyAccount, ListStatus, ProposedList, SelectionRun

TABLE = Path(__file__).resolve().parents[2] / "crmplus/keyaccounts/data/ka_2021_report.csv"
SEGMENTS = ["strategic", "star", "status", "streamline"]


@pytest.mark.django_db(transaction=True)
def test_it_approves_the_2021_table_per_area_and_segment():
    out = io.StringIO()
    call_command("demo_data", "--seed", "1", stdout=out)
    assert "Key accounts FY2564 (approved): 6850" in out.getvalue()
    got = Counter(KeyAccount.objects.filter(fy=2564).values_list("owner_area__code", "segment"))
    with TABLE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["area"] == "ALL":
                assert KeyAccount.objects.filter(fy=2564).count() == int(row["total"])
                continue
            for segment in SEGMENTS:
                assert got[(row["area"], segment)] == int(row[segment]), (row["area"], segment)
    # Every list went through the right approver, and supplements exist.
    run = SelectionRun.objects.get(fy=2564)
    assert run.lists.count() == 13
    assert set(run.lists.values_list("status", flat=True)) == {ListStatus.APPROVED}
    for plist in ProposedList.objects.select_related("unit"):
        request = ApprovalRequest.objects.get(object_id=plist.pk, kind="keyaccounts.list")
        assert request.decided_by.username == (
            "hq_approver" if plist.unit.is_hq else f"approver_{plist.unit.code.lower()}"
        )
    assert KeyAccount.objects.filter(fy=2564, supplement=True).exists()
    # GM is heavy-tailed: the top 10% of accounts earn far more than the median one.
    gms = sorted(float(c.pooled_gm) for c in run.candidates.all())
    assert gms[int(len(gms) * 0.9)] > 3 * gms[len(gms) // 2]
    # Running the demo again changes nothing.
    call_command("demo_data", "--seed", "1", stdout=io.StringIO())
    assert SelectionRun.objects.count() == 1
    assert KeyAccount.objects.filter(fy=2564).count() == 6850
