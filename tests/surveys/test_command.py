"""`manage.py yearly_report` writes CSV, XLSX and a Thai PDF for scripts."""

import io
import shutil
import subprocess

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from crmplus.surveys.importer import survey_import
from tests.surveys.conftest import FY, csv_file, row


@pytest.fixture
def imported(org, accounts):
    return survey_import(fy=FY, upload=csv_file([row(org.bp_n1.bp_number)]), by=org.hq_admin)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("yearly_report", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_it_prints_the_csv_to_standard_output(imported):
    text = run("--fy", str(FY))
    assert text.splitlines()[0].startswith("region,area,strategic,star,status,streamline,total")
    assert text.splitlines()[1] == "1,N1,0,0,1,0,1,0,0,0,4.600,4.200"


def test_it_writes_an_xlsx_with_the_same_numbers(imported, tmp_path):
    path = tmp_path / "r.xlsx"
    run("--fy", str(FY), "--format", "xlsx", "--out", str(path))
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = [r for r in sheet.iter_rows(min_row=6, values_only=True) if r[2] is not None]
    assert rows[0][1] == "กฟน.1" and rows[0][4] == 1 and rows[0][11] == pytest.approx(4.2)
    assert rows[-1][1] == "รวมทั้งประเทศ"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_it_writes_a_thai_pdf(imported, tmp_path):
    path = tmp_path / "r.pdf"
    run("--fy", str(FY), "--format", "pdf", "--out", str(path))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "ปีงบประมาณ 2569" in text and "30 กันยายน 2569" in text
    assert "กฟน.1" in text and "4.600" in text


def test_it_refuses_bad_arguments(tmp_path):
    with pytest.raises(CommandError):
        run("--fy", "64")
    with pytest.raises(CommandError):
        run("--fy", "2564", "--format", "pdf")
