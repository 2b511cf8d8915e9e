"""Every error code of the extract format, on frames of a few rows (pure Polars, no database)."""

import polars as pl
import pytest

from crmplus.billing import extract
from crmplus.billing.extract import ExtractReport, scan_extract, validate_extract
from tests.billing.rows import FY, OFFICES, frame, good_rows, write_csv


def check(rows, **kwargs) -> ExtractReport:
    lf = rows if isinstance(rows, pl.LazyFrame) else frame(rows)
    return validate_extract(
        lf, fy=kwargs.pop("fy", FY), office_codes=kwargs.pop("offices", OFFICES), **kwargs
    )


def only_error(report: ExtractReport):
    assert not report.ok
    assert len(report.errors) == 1, [(e.code, e.column, e.count) for e in report.errors]
    return report.errors[0]


def test_it_accepts_good_rows_and_sums_them():
    report = check(good_rows(cas=3, months=("2025-10", "2025-11", "2026-09")), count_bps=True)
    assert report.ok and report.errors == []
    assert (report.rows, report.cas, report.bps) == (9, 3, 2)
    assert check(good_rows()).bps is None  # counted only when asked: dear at national scale
    assert report.months == ["2025-10", "2025-11", "2026-09"]
    assert report.totals == {
        "kwh": pytest.approx(3 * (1000.5 + 1010.5 + 1020.5)),
        "gm": pytest.approx(9 * 800),
        "revenue": pytest.approx(9 * 4500.25),
    }


def test_it_names_missing_and_extra_columns():
    rows = [
        {k: v for k, v in r.items() if k not in {"gm", "tariff"}} | {"kWh": "1"}
        for r in good_rows()
    ]
    report = check(rows)
    codes = {e.code: e for e in report.errors}
    assert set(codes) == {"missing_columns", "extra_columns"}
    assert codes["missing_columns"].params == {"columns": ["tariff", "gm"]}
    assert codes["extra_columns"].params == {"columns": ["kWh"]}


def test_it_reports_text_that_is_not_a_number_with_its_rows():
    rows = good_rows()
    rows[1]["kwh"] = "1,200"
    rows[4]["gm"] = "n/a"
    rows[5]["gm"] = "nan"
    report = check(rows)
    errors = {(e.code, e.column): e for e in report.errors}
    assert set(errors) == {("wrong_type", "kwh"), ("wrong_type", "gm")}
    assert errors[("wrong_type", "kwh")].count == 1
    assert errors[("wrong_type", "kwh")].examples[0] == {"row": 2, **rows[1]}
    assert [x["row"] for x in errors[("wrong_type", "gm")].examples] == [5, 6]


def test_it_refuses_a_parquet_column_of_the_wrong_type():
    lf = frame(good_rows()).with_columns(pl.lit(True).alias("kwh"))
    error = only_error(check(lf))
    assert (error.code, error.column, error.count) == ("wrong_type", "kwh", 6)
    assert error.params == {"dtype": "Boolean", "expected": "number"}


@pytest.mark.parametrize(
    "ca", ["12345678901", "1234567890123", "02000000000x", "-12345678901", "000000000000"]
)
def test_it_refuses_a_ca_that_is_not_12_digits(ca):
    rows = good_rows()
    rows[3]["ca"] = ca
    error = only_error(check(rows))
    assert (error.code, error.column, error.count) == ("bad_ca", "ca", 1)
    assert error.examples[0]["row"] == 4 and error.examples[0]["ca"] == ca


def test_it_takes_integer_cas_below_10_to_the_12_only():
    lf = frame(good_rows()).with_columns(
        pl.Series("ca", [1, 1, 10**12, 10**12, 0, 0], dtype=pl.Int64)
    )
    error = only_error(check(lf))
    assert (error.code, error.count) == ("bad_ca", 4)
    assert [x["row"] for x in error.examples] == [3, 4, 5, 6]


def test_it_refuses_a_bp_that_is_not_digits():
    rows = good_rows()
    rows[0]["bp"] = "BP-1"
    rows[1]["bp"] = "1234567890123"
    error = only_error(check(rows))
    assert (error.code, error.column, error.count) == ("bad_bp", "bp", 2)


def test_it_refuses_an_office_outside_the_tree_unless_not_asked():
    rows = good_rows()
    rows[2]["office"] = "ZZ-999"
    error = only_error(check(rows))
    assert (error.code, error.column, error.count) == ("unknown_office", "office", 1)
    assert check(rows, offices=None).ok


def test_it_tells_a_malformed_month_from_one_outside_the_fiscal_year():
    rows = good_rows()
    rows[0]["month"] = "2025-9"
    rows[1]["month"] = "10/2025"
    rows[2]["month"] = "2025-09"  # FY2568
    rows[3]["month"] = "2026-10"  # FY2570
    report = check(rows)
    errors = {e.code: e for e in report.errors}
    assert set(errors) == {"bad_month", "month_outside_fy"}
    assert (errors["bad_month"].count, errors["month_outside_fy"].count) == (2, 2)
    assert [x["row"] for x in errors["month_outside_fy"].examples] == [3, 4]
    assert errors["month_outside_fy"].params == {"fy": 2569, "first": "2025-10", "last": "2026-09"}
    assert check(good_rows(months=("2024-10",)), fy=2568).ok


def test_it_refuses_negative_kwh_and_peak_kw_but_not_negative_gm():
    rows = good_rows()
    rows[0]["kwh"] = "-1"
    rows[1]["peak_kw"] = "-0.5"
    rows[2]["gm"] = "-2500"
    rows[3]["revenue"] = "-10"
    codes = {(e.code, e.column, e.count) for e in check(rows).errors}
    assert codes == {("negative_kwh", "kwh", 1), ("negative_peak_kw", "peak_kw", 1)}


def test_it_gives_the_same_answers_when_the_hashes_are_split_in_passes(monkeypatch):
    rows = good_rows(cas=7)
    rows += [dict(rows[2]), dict(rows[9])]
    whole = check(rows)
    monkeypatch.setattr(extract, "ROWS_PER_HASH_PASS", 3)  # 16 rows: 6 passes
    split = check(rows)
    assert split == whole and split.cas == 7
    assert [x["row"] for x in split.errors[0].examples] == [3, 10, 15, 16]
    assert check(good_rows(cas=7), count_bps=True).bps == 4


def test_it_finds_a_ca_billed_twice_in_a_month():
    rows = good_rows(cas=3)
    rows.append(dict(rows[2]))  # CA 01, 2025-10 again
    rows.append(dict(rows[2]))  # and a third time
    report = check(rows)
    error = only_error(report)
    assert (error.code, error.column, error.count) == ("duplicate_ca_month", "month", 2)
    assert error.params == {"cas": 1}
    assert [x["row"] for x in error.examples] == [3, 7, 8]
    assert report.cas == 3


def test_it_reports_empty_values_per_column():
    rows = good_rows()
    rows[0]["tariff"] = None
    rows[1]["tariff"] = None
    rows[2]["ca"] = None
    codes = {(e.code, e.column, e.count) for e in check(rows).errors}
    assert codes == {("null_value", "ca", 1), ("null_value", "tariff", 2)}


def test_it_refuses_a_file_without_rows(tmp_path):
    error = only_error(check(pl.LazyFrame(schema=dict.fromkeys(good_rows()[0], pl.String))))
    assert error.code == "empty"
    (tmp_path / "empty.csv").write_text("")
    assert only_error(check(scan_extract(tmp_path / "empty.csv"))).code == "empty"
    header_only = write_csv(tmp_path / "header.csv", [])
    assert only_error(check(scan_extract(header_only))).code == "empty"


def test_it_reports_a_file_it_cannot_read(tmp_path):
    (tmp_path / "x.parquet").write_bytes(b"PAR1 not really")
    error = only_error(check(scan_extract(tmp_path / "x.parquet")))
    assert error.code == "unreadable" and error.params["detail"]
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("ca,bp,office,tariff,month,kwh,peak_kw,revenue,gm\n1,2,3,4,5,6,7,8,9,10\n")
    assert only_error(check(scan_extract(ragged))).code == "unreadable"
    windows_874 = write_csv(tmp_path / "thai.csv", good_rows())
    windows_874.write_bytes(windows_874.read_bytes().replace(b"4.2.1", "ก".encode("cp874")))
    assert only_error(check(scan_extract(windows_874))).code == "unreadable"


def test_it_keeps_only_the_first_examples_but_counts_them_all():
    rows = good_rows(cas=30)
    for r in rows:
        r["peak_kw"] = "-1"
    error = only_error(check(rows, max_examples=5))
    assert error.count == 60
    assert [x["row"] for x in error.examples] == [1, 2, 3, 4, 5]
