"""The XLSX export holds the rows of the filtered list, Thai headers, B.E. dates."""

import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from crmplus.core.fiscal import format_date
from crmplus.risk.services import assessment_save
from tests.factories import BusinessPartnerFactory, ContractAccountFactory
from tests.risk.conftest import FY, LOW, submitted_n1


def rows_of(response):
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_it_exports_the_filtered_list(client, org):
    a = submitted_n1(org)
    for _n in range(3):
        bp = BusinessPartnerFactory(home_office=org.n1_office)
        ContractAccountFactory(bp=bp, office=org.n1_office)
        assessment_save(bp=bp, office=org.n1_office, fy=FY, values=LOW, by=org.kamr_n1)
    client.force_login(org.senior_n1)
    for params in (
        {"fy": FY},
        {"fy": FY, "level": 4},
        {"p": 1, "i": 1, "sort": "-score"},
        {"q": "zz"},
    ):
        listed = client.get(reverse("risk:list"), params).context["page"].object_list
        r = client.get(reverse("risk:export"), params)
        assert r.status_code == 200 and r["Content-Disposition"].endswith('.xlsx"')
        rows = rows_of(r)
        assert rows[0][:3] == ["ปีงบประมาณ", "หมายเลข BP", "ชื่อลูกค้า"]
        assert [row[1] for row in rows[1:]] == [x.bp.bp_number for x in listed], params
    rows = rows_of(client.get(reverse("risk:export"), {"level": 4}))
    assert rows[1][:3] == [FY, org.bp_n1.bp_number, org.bp_n1.name_th]
    assert rows[1][9] == "สูงมาก" and rows[1][10] == "รอการทบทวน"
    assert rows[1][12] == format_date(timezone.localtime(a.submitted_at).date(), "th")
    assert str(timezone.localdate().year + 543) in rows[1][12]


def test_it_exports_only_the_users_scope(client, org):
    submitted_n1(org)
    client.force_login(org.kamr_c1)
    assert len(rows_of(client.get(reverse("risk:export")))) == 1  # the header alone
