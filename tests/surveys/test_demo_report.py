"""Acceptance: on the demo data the yearly report of FY2564 equals PEA's 2021 table
(memo 2.3, ka-2021-report.csv) byte for byte, and the page and its XLSX agree."""

import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from crmplus.core.demo import demo_data_load
from crmplus.core.models import User
from crmplus.keyaccounts.demo import demo_key_accounts_load
from crmplus.surveys.demo import demo_surveys_load
from crmplus.surveys.models import LowSatisfactionFollowUp, SurveyResponse
from crmplus.workforce.demo import demo_workforce_load

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "crmplus/keyaccounts/data/ka_2021_report.csv"
SHARED = ROOT.parent / "shared/domain/ka-2021-report.csv"
NUMBERS = ["strategic", "star", "status", "streamline", "total", "kamr_area", "kamr_office",
           "senior_kamr"]  # fmt: skip


def _cells(html: str, area: str) -> list[str]:
    row = re.search(rf'data-testid="row-{area}">(.*?)</tr>', html, re.S).group(1)
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r'<td class="num[^"]*"[^>]*>(.*?)</td>', row, re.S)
    ]


@pytest.mark.django_db(transaction=True)
def test_it_reproduces_the_2021_table_from_the_demo(tmp_path, client):
    demo_data_load(seed=1, customers=7000)
    demo_key_accounts_load(seed=1)
    demo_workforce_load(seed=1)
    line = demo_surveys_load(1)
    assert line.startswith("Survey FY2564: 2982 responses")

    out = tmp_path / "report.csv"
    call_command("yearly_report", "--fy", "2564", "--format", "csv", "--out", str(out),
                 stderr=io.StringIO())  # fmt: skip
    assert out.read_bytes() == TABLE.read_bytes()
    if SHARED.exists():
        assert out.read_bytes() == SHARED.read_bytes()

    # Idempotent: a second run stores nothing.
    follow_ups = LowSatisfactionFollowUp.objects.count()
    assert "already loaded" in demo_surveys_load(1)
    assert SurveyResponse.objects.count() == 2982
    assert LowSatisfactionFollowUp.objects.count() == follow_ups > 0

    # The page shows the same numbers as the XLSX download.
    client.force_login(User.objects.get(username="hq_admin"))
    html = client.get("/surveys/report/?fy=2564").content.decode()
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/surveys/report.xlsx?fy=2564").content), data_only=True
    )
    sheet = book.worksheets[0]
    xlsx_rows = [r for r in sheet.iter_rows(min_row=6, values_only=True) if r[2] is not None]
    assert len(xlsx_rows) == 14
    lines = TABLE.read_text(encoding="utf-8").splitlines()[1:]
    for line_, xrow in zip(lines, xlsx_rows, strict=True):
        area = line_.split(",")[1]
        page = _cells(html, area)
        numbers = [int(v.replace(",", "")) for v in page[:8]]
        assert numbers == [int(v) for v in xrow[2:10]], area
        assert [Decimal(page[8]), Decimal(page[9])] == [
            Decimal(f"{xrow[10]:.3f}"),
            Decimal(f"{xrow[11]:.3f}"),
        ], area
        assert page[8:10] == line_.split(",")[10:12], area
