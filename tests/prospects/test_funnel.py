"""The funnel report: counts, expected MW and GM per stage and area, conversion rate and
average days in stage, on screen and in the XLSX."""

import io
from decimal import Decimal

import openpyxl

from crmplus.prospects.selectors import ProspectFilters, funnel_report
from tests.prospects.helpers import backdate, make_prospect, move_to
from tests.prospects.test_conversion import convert


def build(org):
    a = make_prospect(org, company_name="A", expected_load_kw=1000, expected_gm=1_000_000)
    b = make_prospect(org, company_name="B", expected_load_kw=3000, expected_gm=2_000_000)
    c = make_prospect(org, company_name="C", expected_load_kw=5000, expected_gm=4_000_000)
    d = make_prospect(
        org, by=org.kamr_c1, office=org.c1_office, company_name="D", expected_load_kw=2000,
        expected_gm=500_000,
    )  # fmt: skip
    backdate(a, 10)
    move_to(b, "offer", org.kamr_n1)
    move_to(c, "connected", org.kamr_n1)
    convert(c, org.kamr_n1)
    return a, b, c, d


def test_it_counts_each_stage_per_area_with_load_gm_and_conversion(org):
    build(org)
    total, per_area = funnel_report(user=org.hq_admin, filters=ProspectFilters())
    rows = {r.stage: r for r in total.funnel.rows}
    assert (rows["identified"].count, rows["offer"].count, rows["connected"].count) == (2, 1, 1)
    assert rows["identified"].load_mw == Decimal("3.00")  # A 1,000 kW + D 2,000 kW
    assert rows["offer"].gm == Decimal(2_000_000)
    assert rows["identified"].reached == 4 and rows["offer"].reached == 2
    assert total.funnel.conversion_rate == Decimal("25.0")  # 1 of 4 reached connected
    assert total.funnel.converted == 1
    by_area = {f.area.code: f for f in per_area}
    assert set(by_area) == {"N1", "C1"}
    assert by_area["N1"].funnel.total == 3 and by_area["N1"].load_mw == Decimal("9.00")
    assert by_area["N1"].funnel.conversion_rate == Decimal("33.3")
    assert by_area["C1"].funnel.conversion_rate == Decimal("0.0")
    # A has spent 10 days in identified; B, C and D (minutes): (10 + 0 + 0 + 0) / 4.
    assert rows["identified"].avg_days == Decimal("2.5")


def test_it_limits_the_funnel_to_the_users_scope(org):
    build(org)
    total, per_area = funnel_report(user=org.kamr_c1, filters=ProspectFilters())
    assert total.funnel.total == 1 and [f.area.code for f in per_area] == ["C1"]


def test_it_exports_the_funnel_as_xlsx(client, org):
    build(org)
    client.force_login(org.hq_admin)
    page = client.get("/prospects/funnel/")
    assert page.status_code == 200
    assert 'data-testid="conversion-rate">25.0 %' in page.content.decode()
    r = client.get("/prospects/funnel/export.xlsx")
    assert r.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert book.sheetnames == ["กรวยการขาย", "รายเขต-ขั้นตอน", "รายเขต"]
    stages = list(book["กรวยการขาย"].iter_rows(min_row=2, max_row=8, values_only=True))
    assert stages[0][:3] == ("ระบุกลุ่มเป้าหมาย", 2, 4)
    areas = {row[0]: row for row in book["รายเขต"].iter_rows(min_row=2, values_only=True)}
    assert areas["กฟน.1"][1:6] == (3, 0, 1, 1, 33.3)
