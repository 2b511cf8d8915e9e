"""Survey screens: upload with the row report, lists with filters and XLSX, follow-ups,
the customer tab and the report downloads; who may do what."""

import io

import openpyxl
import pytest
from django.utils import translation

from crmplus.surveys.importer import survey_import
from crmplus.surveys.models import LowSatisfactionFollowUp, SurveyImport, SurveyResponse
from tests.surveys.conftest import FY, csv_file, row


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def imported(org, accounts):
    rows = [row(org.bp_n1.bp_number, sat=(3, 3, 3, 3, 3), comments="ไฟตกบ่อย"),
            row(org.bp_c1.bp_number)]  # fmt: skip
    return survey_import(fy=FY, upload=csv_file(rows), by=org.hq_admin)


def test_an_area_admin_uploads_a_bad_file_and_sees_the_rows_to_fix(client, org, accounts):
    client.force_login(org.area_admin_n1)
    upload = csv_file([row(org.bp_n1.bp_number), row(org.bp_n1.bp_number, exp=(9, 4, 4, 4, 4))])
    r = client.post("/surveys/", {"fy": FY, "file": upload}, HTTP_ACCEPT_LANGUAGE="en")
    record = SurveyImport.objects.get()
    assert r.status_code == 302 and r["Location"] == record.get_absolute_url()
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'data-testid="error-row-3"' in page and "expectation_1" in page
    assert not SurveyResponse.objects.exists()
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/surveys/imports/{record.pk}/errors.xlsx").content)
    )
    cells = list(book.worksheets[0].iter_rows(values_only=True))
    assert cells[1][0] == 3 and "expectation_1" in cells[1][1]
    assert cells[1][2] == org.bp_n1.bp_number  # the row as uploaded, to fix and send again
    text = client.get(f"/surveys/imports/{record.pk}/errors.csv").content.decode("utf-8-sig")
    assert text.splitlines()[1].startswith("3,")


def test_a_good_upload_through_the_page_imports(client, org, accounts):
    client.force_login(org.hq_admin)
    client.post("/surveys/", {"fy": FY, "file": csv_file([row(org.bp_n1.bp_number)])})
    assert SurveyResponse.objects.count() == 1


def test_the_upload_form_refuses_other_file_types(client, org, accounts):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(org.hq_admin)
    r = client.post("/surveys/", {"fy": FY, "file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert r.status_code == 200 and 'data-testid="error-file"' in r.content.decode()
    assert not SurveyImport.objects.exists()


@pytest.mark.parametrize("who", ["kamr_n1", "auditor"])
def test_users_who_may_not_import_get_no_form_and_a_403(client, org, accounts, who):
    client.force_login(getattr(org, who))
    assert 'data-testid="upload-form"' not in client.get("/surveys/").content.decode()
    r = client.post("/surveys/", {"fy": FY, "file": csv_file([row(org.bp_n1.bp_number)])})
    assert r.status_code == 403
    assert not SurveyImport.objects.exists()


def test_the_template_downloads_open(client, org):
    client.force_login(org.kamr_n1)
    book = openpyxl.load_workbook(io.BytesIO(client.get("/surveys/template.xlsx").content))
    header = next(book.worksheets[0].iter_rows(values_only=True))
    assert header[:4] == ("bp_number", "ca_number", "survey_date", "expectation_1")
    assert client.get("/surveys/template.csv").content.startswith(b"\xef\xbb\xbfbp_number")


def test_the_results_list_filters_sorts_pages_and_exports(client, org, imported):
    client.force_login(org.hq_admin)
    body = client.get(f"/surveys/responses/?fy={FY}&sort=-sat").content.decode()
    assert body.index(org.bp_c1.bp_number) < body.index(org.bp_n1.bp_number)
    body = client.get(f"/surveys/responses/?fy={FY}&low=1").content.decode()
    assert org.bp_n1.bp_number in body and org.bp_c1.bp_number not in body
    body = client.get(f"/surveys/responses/?fy={FY}&q=ไฟตก").content.decode()
    assert org.bp_n1.bp_number in body and org.bp_c1.bp_number not in body
    body = client.get("/surveys/responses/?fy=2550").content.decode()
    assert 'data-testid="responses-empty"' in body
    r = client.get(f"/surveys/responses/export.xlsx?fy={FY}&low=1")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(r.content)).worksheets[0].iter_rows(values_only=True)
    )
    assert len(rows) == 2 and rows[1][1] == org.bp_n1.bp_number and rows[1][9] == 3


def test_odd_parameters_do_not_break_the_lists(client, org, imported):
    client.force_login(org.hq_admin)
    for url in ("/surveys/responses/?fy=abc&area=x&sort=zz&page=-3",
                "/surveys/follow-ups/?fy=99999&status=zz&page=abc",
                "/surveys/report/?fy=<script>"):  # fmt: skip
        assert client.get(url).status_code == 200, url


def test_follow_ups_list_detail_close_and_export(client, org, imported):
    follow_up = LowSatisfactionFollowUp.objects.get()
    client.force_login(org.area_admin_n1)
    body = client.get("/surveys/follow-ups/").content.decode()
    assert follow_up.get_absolute_url() in body
    body = client.get(f"/surveys/follow-ups/?q={org.bp_n1.bp_number}&sort=-due").content.decode()
    assert follow_up.get_absolute_url() in body
    body = client.get("/surveys/follow-ups/?q=nobody-like-this").content.decode()
    assert 'data-testid="follow-ups-empty"' in body
    r = client.post(follow_up.get_absolute_url(), {"note": ""})
    assert 'data-testid="error-note"' in r.content.decode()
    r = client.post(follow_up.get_absolute_url(), {"note": "โทรติดตามแล้ว"})
    assert r.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == "done"
    assert follow_up.get_absolute_url() not in client.get("/surveys/follow-ups/").content.decode()
    assert (
        follow_up.get_absolute_url()
        in client.get("/surveys/follow-ups/?status=done").content.decode()
    )
    r = client.get("/surveys/follow-ups/export.xlsx?status=all")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(r.content)).worksheets[0].iter_rows(values_only=True)
    )
    assert rows[1][1] == org.bp_n1.bp_number and rows[1][8] == "โทรติดตามแล้ว"


def test_the_customer_tab_shows_the_survey_years(client, org, imported):
    client.force_login(org.kamr_n1)
    body = client.get(f"/surveys/customer/{org.bp_n1.pk}/").content.decode()
    assert body.count('data-testid="survey-row"') == 1 and "3.00" in body
    page = client.get(org.bp_n1.get_absolute_url()).content.decode()
    assert 'data-testid="tab-satisfaction"' in page


def test_the_report_page_and_its_downloads(client, org, imported):
    client.force_login(org.hq_admin)
    body = client.get(f"/surveys/report/?fy={FY}").content.decode()
    assert 'data-testid="row-N1"' in body and 'data-testid="row-ALL"' in body
    assert 'data-testid="sat-N1">3.000<' in body and 'data-testid="sat-ALL">3.600<' in body
    csv_text = client.get(f"/surveys/report.csv?fy={FY}").content.decode()
    assert csv_text.splitlines()[1] == "1,N1,0,0,1,0,1,0,0,0,4.600,3.000"
    assert csv_text.splitlines()[-1] == "ALL,ALL,0,1,1,0,2,0,0,0,4.600,3.600"
    assert client.get(f"/surveys/report.pdf?fy={FY}").content.startswith(b"%PDF")
    assert client.get(f"/surveys/report.docx?fy={FY}").status_code == 404


def test_the_imports_list_filters_and_exports(client, org, accounts):
    survey_import(fy=FY, upload=csv_file([row(org.bp_n1.bp_number)]), by=org.hq_admin)
    survey_import(fy=FY, upload=csv_file([row("5999999999")]), by=org.hq_admin)
    client.force_login(org.hq_admin)
    body = client.get("/surveys/?istatus=rejected").content.decode()
    assert body.count("/surveys/imports/") - body.count("/surveys/imports/export") == 1
    assert 'data-testid="imports-empty"' in client.get("/surveys/?ify=2550").content.decode()
    r = client.get("/surveys/imports/export.xlsx?istatus=done&isort=old")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(r.content)).worksheets[0].iter_rows(values_only=True)
    )
    assert len(rows) == 2 and rows[1][7] == 1 and rows[1][8] == 1
