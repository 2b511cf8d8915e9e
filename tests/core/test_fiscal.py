import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from crmplus.core import fiscal


def test_it_names_the_fiscal_year_by_its_ending_be_year():
    assert fiscal.fiscal_year(dt.date(2025, 10, 1)) == 2569
    assert fiscal.fiscal_year(dt.date(2026, 9, 30)) == 2569
    assert fiscal.fiscal_year(dt.date(2025, 9, 30)) == 2568
    assert fiscal.fiscal_year(dt.date(2026, 10, 1)) == 2570


def test_it_gives_the_bounds_of_fy2569():
    assert fiscal.fiscal_year_bounds(2569) == (dt.date(2025, 10, 1), dt.date(2026, 9, 30))


def test_it_lists_the_months_october_first():
    months = fiscal.fiscal_year_months(2569)
    assert months[0] == "2025-10" and months[-1] == "2026-09" and len(months) == 12


def test_it_formats_dates_in_buddhist_era_in_thai():
    assert fiscal.format_date(dt.date(2026, 11, 25), "th") == "25 พ.ย. 2569"
    assert fiscal.format_date(dt.date(2026, 11, 25), "th", long=True) == "25 พฤศจิกายน 2569"


def test_it_formats_dates_in_ce_in_english():
    assert fiscal.format_date(dt.date(2026, 11, 25), "en") == "25 Nov 2026"


def test_it_formats_baht_with_thousands_separators():
    assert fiscal.format_baht(1234567.5, "th") == "1,234,567.50 บาท"
    assert fiscal.format_number(100000) == "100,000"


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_it_puts_every_date_inside_its_fiscal_years_bounds(day):
    start, end = fiscal.fiscal_year_bounds(fiscal.fiscal_year(day))
    assert start <= day <= end


def test_it_groups_phone_digits_the_thai_way():
    from crmplus.core.templatetags.thai import phone

    assert phone("0812345678") == "081-234-5678"
    assert phone("025905555") == "02-590-5555"
    assert phone("038123456") == "038-123-456"
    assert phone("+66812345678") == "+66812345678"
