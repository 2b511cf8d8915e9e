"""QA regression: the coverage export marked an office without a KAMR with the msgid
"missing", which the Thai catalogue already translates for billing as "file not found"."""

import io

import openpyxl
from django.urls import reverse
from django.utils import translation


def _rows(response) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(book.worksheets[0].iter_rows(values_only=True))


def test_it_marks_an_office_without_a_kamr_in_the_export(client, org):
    org.area_admin_n1.language = "en"
    org.area_admin_n1.save()
    client.force_login(org.area_admin_n1)
    with translation.override("en"):
        rows = _rows(client.get(reverse("workforce:coverage_export"), {"show": "missing"}))
    header = rows.index(next(r for r in rows if r and r[0] == "Office code"))
    needs = rows[header].index("Needs a KAMR")
    assert [r[needs] for r in rows[header + 1 :]] == ["No KAMR"]
    client.force_login(org.area_admin_n1)
    org.area_admin_n1.language = "th"
    org.area_admin_n1.save()
    rows = _rows(client.get(reverse("workforce:coverage_export"), {"show": "missing"}))
    assert "ไม่พบไฟล์" not in [c for r in rows for c in r]
