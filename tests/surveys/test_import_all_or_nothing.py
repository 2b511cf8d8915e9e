"""A survey file is imported whole or not at all; the rejected rows come back with reasons."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from crmplus.surveys.importer import survey_import
from crmplus.surveys.models import ImportStatus, SurveyImport, SurveyResponse
from tests.surveys.conftest import FY, csv_file, row, xlsx_file


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_it_imports_every_row_of_a_good_csv_with_a_bom(org, accounts):
    record = survey_import(
        fy=FY,
        upload=csv_file([row(org.bp_n1.bp_number), row("", org.ca_c1.ca_number)]),
        by=org.hq_admin,
    )
    assert record.status == ImportStatus.DONE and record.imported == 2
    n1 = SurveyResponse.objects.get(bp=org.bp_n1)
    assert n1.expectation_items == [5, 4, 5, 4, 5]
    assert n1.expectation_avg == Decimal("4.6") and n1.satisfaction_avg == Decimal("4.2")
    assert n1.unit == org.n1_office and n1.area == org.n1
    c1 = SurveyResponse.objects.get(bp=org.bp_c1)  # found through its CA
    assert c1.ca == org.ca_c1 and c1.segment == "star"
    assert c1.history.count() == 1


def test_it_imports_an_xlsx_without_bom_and_blank_items(org, accounts):
    rows = [row(org.bp_n1.bp_number, date=dt.date(2026, 8, 14), exp=(5, "", 4, "", ""))]
    record = survey_import(fy=FY, upload=xlsx_file(rows), by=org.hq_admin)
    assert record.status == ImportStatus.DONE, record.row_report
    response = SurveyResponse.objects.get()
    assert response.expectation_items == [5, None, 4, None, None]
    assert response.expectation_avg == Decimal("4.5")


def test_it_imports_nothing_when_one_row_is_bad_and_reports_that_row(org, accounts):
    rows = [
        row(org.bp_n1.bp_number),
        row(org.bp_c1.bp_number, sat=(4, 6, 5, 4, 4)),  # row 3: out of range
    ]
    record = survey_import(fy=FY, upload=csv_file(rows, bom=False), by=org.hq_admin)
    assert record.status == ImportStatus.REJECTED
    assert not SurveyResponse.objects.exists()
    assert record.error_count == 1
    [bad] = record.row_report
    assert bad["row"] == 3
    assert bad["errors"] == ["satisfaction_2: “6” is not a whole number from 1 to 5."]
    assert "nothing was imported" in record.message


@pytest.mark.parametrize(
    ("make_row", "expected"),
    [
        (lambda o: row("5999999999"), "unknown customer 5999999999"),
        (lambda o: row(o.bp_n1.bp_number, date=""), "survey_date: missing."),
        (lambda o: row(o.bp_n1.bp_number, date="31/02/2569"), "is not a date"),
        (lambda o: row(o.bp_n1.bp_number, date="2025-08-01"), "outside fiscal year 2569"),
        (lambda o: row(o.bp_n1.bp_number, exp=("", "", "", "", "")), "expectation: no item"),
        (lambda o: row(o.bp_n1.bp_number, exp=(0, 4, 4, 4, 4)), "expectation_1: “0”"),
        (lambda o: row(o.bp_n1.bp_number, sat=(4.5, 4, 4, 4, 4)), "satisfaction_1: “4.5”"),
        (lambda o: row(o.bp_n1.bp_number, o.ca_c1.ca_number), "is not a contract account of"),
        (lambda o: row(), "give the BP or the CA number"),
    ],
)
def test_it_reports_each_kind_of_bad_row(org, accounts, make_row, expected):
    record = survey_import(fy=FY, upload=csv_file([make_row(org)]), by=org.hq_admin)
    assert record.status == ImportStatus.REJECTED
    assert any(expected in e for e in record.row_report[0]["errors"]), record.row_report
    assert not SurveyResponse.objects.exists()


def test_it_refuses_a_customer_that_is_not_a_key_account_of_the_year(org, accounts):
    record = survey_import(
        fy=FY - 1, upload=csv_file([row(org.bp_n1.bp_number, date="2025-08-01")]), by=org.hq_admin
    )
    assert record.status == ImportStatus.REJECTED
    assert "not an approved key account of fiscal year 2568" in record.row_report[0]["errors"][0]


def test_it_refuses_duplicates_in_the_file_and_against_stored_responses(org, accounts):
    survey_import(fy=FY, upload=csv_file([row(org.bp_n1.bp_number)]), by=org.hq_admin)
    assert SurveyResponse.objects.count() == 1
    rows = [row(org.bp_c1.bp_number), row(org.bp_c1.bp_number), row(org.bp_n1.bp_number)]
    record = survey_import(fy=FY, upload=csv_file(rows), by=org.hq_admin)
    assert record.status == ImportStatus.REJECTED
    by_row = {r["row"]: r["errors"] for r in record.row_report}
    assert set(by_row) == {3, 4}
    assert "also on row 2" in by_row[3][0]
    assert "already has a survey response for fiscal year 2569" in by_row[4][0]
    assert SurveyResponse.objects.count() == 1


def test_an_area_admin_cannot_import_another_areas_customer(org, accounts):
    record = survey_import(fy=FY, upload=csv_file([row(org.bp_c1.bp_number)]), by=org.area_admin_n1)
    assert record.status == ImportStatus.REJECTED
    assert "unknown customer" in record.row_report[0]["errors"][0]
    assert record.unit == org.n1


def test_it_rejects_a_file_without_the_required_columns(org, accounts):
    upload = csv_file([["1", "2"]], header=["customer", "score"])
    record = survey_import(fy=FY, upload=upload, by=org.hq_admin)
    assert record.status == ImportStatus.REJECTED
    assert "survey_date" in record.message and "expectation_1" in record.message


@pytest.mark.parametrize("who", ["kamr_n1", "senior_n1", "auditor"])
def test_only_area_and_hq_admins_import(org, accounts, who):
    with pytest.raises(PermissionDenied):
        survey_import(fy=FY, upload=csv_file([row(org.bp_n1.bp_number)]), by=getattr(org, who))
    assert not SurveyImport.objects.exists()
