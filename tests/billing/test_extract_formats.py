"""CSV and Parquet extracts are read, checked and stored in one normalised Parquet form."""

import polars as pl
import pytest

from crmplus.billing.extract import (
    STORED_SCHEMA,
    ExtractFormatError,
    normalise_extract,
    scan_extract,
    summarise_by_month,
    validate_extract,
    write_extract,
)
from tests.billing.rows import FY, OFFICES, good_rows, write_csv, write_parquet


def store(lf, path):
    report = validate_extract(lf, fy=FY, office_codes=OFFICES)
    assert report.ok, report.errors
    return pl.read_parquet(write_extract(normalise_extract(lf), path))


def test_it_stores_a_csv_with_leading_zero_cas_as_typed_parquet(tmp_path):
    source = write_csv(tmp_path / "fy2569.csv", good_rows())
    stored = store(scan_extract(source), tmp_path / "out.parquet")
    assert stored.schema == STORED_SCHEMA
    assert stored["ca"].to_list()[:3] == [20000000000, 20000000000, 20000000001]
    assert stored["kwh"][0] == 1000.5
    assert stored.height == 6


def test_it_reads_a_csv_saved_by_excel_with_a_bom(tmp_path):
    source = write_csv(tmp_path / "excel.csv", good_rows())
    source.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    assert validate_extract(scan_extract(source), fy=FY, office_codes=OFFICES).ok


@pytest.mark.parametrize("typed", [True, False])
def test_it_stores_a_parquet_with_integer_or_text_numbers(tmp_path, typed):
    source = write_parquet(tmp_path / "fy2569.parquet", good_rows(), typed=typed)
    stored = store(scan_extract(source), tmp_path / "out.parquet")
    assert stored.schema == STORED_SCHEMA
    assert stored.select("ca", "bp").row(0) == (20000000000, 3000000001)


def test_it_writes_whole_files_only(tmp_path):
    target = tmp_path / "out.parquet"
    bad = pl.LazyFrame({"ca": ["x"]}).select(pl.col("ca").str.to_integer(strict=True))
    with pytest.raises(pl.exceptions.PolarsError):
        write_extract(bad, target)
    assert list(tmp_path.iterdir()) == []


def test_it_refuses_other_file_types(tmp_path):
    with pytest.raises(ExtractFormatError):
        scan_extract(tmp_path / "billing.xlsx")


def test_it_sums_a_stored_extract_per_month(tmp_path):
    source = write_csv(tmp_path / "fy2569.csv", good_rows(cas=4, months=("2025-11", "2025-10")))
    store(scan_extract(source), tmp_path / "out.parquet")
    months = summarise_by_month(pl.scan_parquet(tmp_path / "out.parquet"))
    assert months["month"].to_list() == ["2025-10", "2025-11"]
    assert months["rows"].to_list() == [4, 4]
    assert months["gm"].to_list() == [3200.0, 3200.0]
