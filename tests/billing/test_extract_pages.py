"""The list (filter, sort, pages) and an extract's page with its months read from the file."""

from django.urls import reverse

from crmplus.billing.services import billing_extract_import
from tests.billing.rows import good_rows, write_csv


def _import(org, tmp_path, name, fy, months, cas=2):
    source = write_csv(tmp_path / f"{name}.csv", good_rows(cas=cas, months=months))
    return billing_extract_import(source=source, fy=fy, by=org.hq_admin, name=name)


def test_it_lists_extracts_by_year_sorted_and_paged(org, client, tmp_path, settings):
    old = _import(org, tmp_path, "older", 2568, ("2024-10",), cas=5)
    new = _import(org, tmp_path, "newer", 2569, ("2025-10",))
    client.force_login(org.hq_admin)
    page = client.get(reverse("billing:list"))
    assert [e.name for e in page.context["page"].object_list] == ["newer", "older"]
    page = client.get(reverse("billing:list"), {"fy": 2568})
    assert list(page.context["page"].object_list) == [old]
    page = client.get(reverse("billing:list"), {"sort": "-rows"})
    assert list(page.context["page"].object_list) == [old, new]
    page = client.get(reverse("billing:list"), {"sort": "name; drop table", "fy": "x", "page": "9"})
    assert page.status_code == 200
    settings.CRMPLUS_PAGE_SIZE = 1
    page = client.get(reverse("billing:list"), {"page": 2})
    assert list(page.context["page"].object_list) == [old]


def test_it_shows_an_extract_imported_from_the_command_line(org, client, tmp_path):
    source = write_csv(tmp_path / "cli.csv", good_rows())
    extract = billing_extract_import(source=source, fy=2569, by=None)
    client.force_login(org.hq_admin)
    for url in (reverse("billing:list"), extract.get_absolute_url()):
        page = client.get(url)
        assert page.status_code == 200
        assert "บรรทัดคำสั่ง" in page.content.decode()  # "command line", in Thai by default


def test_it_shows_an_extract_with_its_months_from_the_parquet_file(org, client, tmp_path):
    extract = _import(org, tmp_path, "fy2569", 2569, ("2025-11", "2025-10"), cas=3)
    client.force_login(org.auditor)
    page = client.get(extract.get_absolute_url())
    assert page.status_code == 200
    assert extract.sha256.encode() in page.content
    assert reverse("billing:months", args=[extract.pk]).encode() in page.content
    months = client.get(
        reverse("billing:months", args=[extract.pk]), headers={"HX-Request": "true"}
    )
    assert [(r["month"], r["rows"]) for r in months.context["rows"]] == [
        ("2025-10", 3),
        ("2025-11", 3),
    ]
    extract.path.unlink()
    months = client.get(reverse("billing:months", args=[extract.pk]))
    assert months.status_code == 200 and months.context["missing"]
