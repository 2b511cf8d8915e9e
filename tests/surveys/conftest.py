"""Survey fixtures: approved key accounts for the test organisation's customers, and
survey files built in memory."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from crmplus.surveys.importer import template_header

FY = 2569
D = dt.date


def key_account(org, bp, office, area, fy=FY, *, owner=None, segment="status"):
    """An approved KeyAccount row, with the run and list it needs."""
    from crmplus.billing.models import BillingExtract
    from crmplus.keyaccounts.models import Candidate, KeyAccount, ProposedList, SelectionRun

    extract = BillingExtract.objects.first() or BillingExtract.objects.create(
        fy=fy, name="t", file="billing/extracts/t.parquet", sha256="0" * 64, rows=0, cas=0,
        bps=0, total_kwh=0, total_gm=0, total_revenue=0,
    )  # fmt: skip
    run = SelectionRun.objects.create(
        fy=fy, extract=extract, rules={}, rules_source="x", created_by=org.hq_admin
    )
    plist = ProposedList.objects.create(run=run, unit=area, status="approved", accounts=1)
    owner = owner or office
    candidate = Candidate.objects.create(
        run=run, bp_number=bp.bp_number, bp=bp, office=office, owner=owner, owner_area=area,
        gm=1, pooled_gm=1, n_cas=1, n_pooled=1, segment=segment, points=2,
        explain_en="-", explain_th="-",
    )  # fmt: skip
    return KeyAccount.objects.create(
        fy=fy, bp=bp, office=office, owner=owner, owner_area=area, segment=segment,
        source_list=plist, candidate=candidate, approved_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def accounts(org):
    """bp_n1 and bp_c1 are key accounts of FY2569 in their areas."""
    return (
        key_account(org, org.bp_n1, org.n1_office, org.n1),
        key_account(org, org.bp_c1, org.c1_office, org.c1, segment="star"),
    )


def row(bp="", ca="", date="2026-08-14", exp=(5, 4, 5, 4, 5), sat=(4, 4, 5, 4, 4), comments=""):
    return [bp, ca, date, *exp, *sat, comments]


def csv_file(rows, *, bom=True, name="survey.csv", header=None) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header or template_header())
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8-sig" if bom else "utf-8")
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_file(rows, *, name="survey.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(template_header())
    for r in rows:
        sheet.append([None if v == "" else v for v in r])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
