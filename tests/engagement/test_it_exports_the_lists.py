"""Every list exports its filtered rows as XLSX."""

import io

from openpyxl import load_workbook

from crmplus.engagement.services import telecrm_log
from tests.engagement.conftest import plan_visit


def _rows(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(response.content))
    return list(book.active.iter_rows(values_only=True))


def test_it_exports_the_filtered_visits(client, eng):
    plan_visit(eng, mode="onsite")
    plan_visit(eng, mode="online")
    client.force_login(eng.kamr_n1)
    r = client.get("/engagement/visits/export.xlsx?mode=online")
    assert r.status_code == 200
    rows = _rows(r)
    assert len(rows) == 2 and rows[1][1] == eng.bp_n1.bp_number


def test_it_exports_the_filtered_calls(client, eng):
    telecrm_log(bp=eng.bp_n1, kind="news", summary="ข่าว", by=eng.kamr_n1)
    telecrm_log(bp=eng.bp_n1, kind="problem", summary="ปัญหา", by=eng.kamr_n1)
    client.force_login(eng.kamr_n1)
    rows = _rows(client.get("/engagement/calls/export.xlsx?kind=news"))
    assert [r[7] for r in rows[1:]] == ["ข่าว"]
