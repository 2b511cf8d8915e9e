"""The visit, Tele CRM and KAM plan lists are registered as background exports (the HQ
visit list is ~17,000 rows: several seconds in a request), with the list's own filters and
the owner's scope."""

import io

import openpyxl
from django.http import QueryDict

from crmplus.reports.exports import exports_registered
from tests.engagement.conftest import plan_visit


def _rows(path) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


def test_it_exports_the_filtered_visits_of_the_users_scope(eng, tmp_path):
    plan_visit(eng, days=2, mode="online", objective_code="news")
    plan_visit(eng, days=3, mode="onsite")
    plan_visit(eng, days=2, mode="online", objective_code="news", by=eng.kamr_c1, bp=eng.bp_c1)
    export = exports_registered()["engagement.visits"]
    params = QueryDict("mode=online")
    assert export.count(eng.area_admin_n1, params) == 1
    assert export.write(eng.area_admin_n1, params, tmp_path / "v.xlsx", lambda *a, **k: None) == 1
    rows = _rows(tmp_path / "v.xlsx")
    assert any(eng.bp_n1.bp_number in [str(c) for c in row] for row in rows)
    assert not any(eng.bp_c1.bp_number in [str(c) for c in row] for row in rows)
    for key in ("engagement.calls", "engagement.plans"):
        assert exports_registered()[key].count(eng.area_admin_n1, QueryDict("")) == 0


def test_it_offers_the_background_export_only_for_big_lists(client, eng):
    plan_visit(eng, days=2)
    client.force_login(eng.kamr_n1)
    html = client.get("/engagement/visits/").content.decode()
    assert 'data-testid="visits-export"' in html
    assert 'data-testid="export-start-engagement.visits"' not in html  # 1 row: direct
