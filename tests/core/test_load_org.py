"""`manage.py load_org`: the bundled PEA tree, reloading, and all-or-nothing on bad files."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from crmplus.core.management.commands.load_org import BUNDLED_ORG_CSV
from crmplus.core.models import OfficeClass, OrgUnit, OrgUnitKind

HEADER = "code,parent_code,kind,office_class,name_th,name_en\n"
PREFIX = {"pro": "กฟจ.", "b1": "กฟฟ.", "b2": "กฟฟ.", "b3": "กฟฟ.", "sub": "กฟส.", "small": "กฟย."}


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_org", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def load_bad(path) -> str:
    err = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="nothing was stored"):
        call_command("load_org", str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def test_it_loads_the_bundled_pea_tree(db):
    assert "910 created, 0 updated, 0 unchanged" in load()
    kinds = {kind: OrgUnit.objects.filter(kind=kind).count() for kind in OrgUnitKind.values}
    assert kinds["hq"] == 1 and kinds["region"] == 4 and kinds["area"] == 12
    assert 880 <= kinds["office"] <= 920
    branches = {OfficeClass.BRANCH_1, OfficeClass.BRANCH_2, OfficeClass.BRANCH_3}
    for area in OrgUnit.objects.filter(kind=OrgUnitKind.AREA):
        offices = OrgUnit.objects.filter(parent=area, kind=OrgUnitKind.OFFICE)
        assert offices.filter(office_class__in=branches).exists(), area.code
        assert offices.filter(office_class=OfficeClass.PROVINCIAL).exists(), area.code


def test_it_bundles_a_tree_in_realistic_proportions():
    with BUNDLED_ORG_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))
    assert all(r["parent_code"] in set(codes) for r in rows if r["kind"] != "hq")
    offices = [r for r in rows if r["kind"] == "office"]
    count = {c: sum(r["office_class"] == c for r in offices) for c in OfficeClass.values}
    # One provincial office for each of the 74 provinces outside MEA's territory.
    assert count["pro"] == 74
    assert 30 <= count["b1"] <= 50 and 55 <= count["b2"] <= 85 and 90 <= count["b3"] <= 130
    assert 450 <= count["sub"] <= 550 and 80 <= count["small"] <= 120
    assert all(r["name_th"].startswith(PREFIX[r["office_class"]]) for r in offices)
    assert all(r["name_en"].startswith("PEA ") for r in offices)
    assert not any("กรุงเทพ" in r["name_th"] or "นนทบุรี" in r["name_th"] for r in offices)


def test_it_changes_nothing_when_loaded_again(db):
    load()
    history = OrgUnit.history.count()
    assert "0 created, 0 updated, 910 unchanged" in load()
    assert OrgUnit.history.count() == history


def test_it_rejects_an_unknown_parent_and_stores_nothing(db, tmp_path):
    path = tmp_path / "org.csv"
    path.write_text(HEADER + "HQ,,hq,,สำนักงานใหญ่,Head office\nR9,NOPE,region,,ภาค 9,R9\n")
    assert "line 3" in load_bad(path)
    assert not OrgUnit.objects.exists()


def test_it_rejects_a_bad_kind_and_stores_nothing(db, tmp_path):
    path = tmp_path / "org.csv"
    path.write_text(
        HEADER + "HQ,,hq,,สำนักงานใหญ่,Head office\nR1,HQ,region,,ภาค 1,R1\nX1,R1,planet,,x,x\n"
    )
    assert "line 4" in load_bad(path)
    assert not OrgUnit.objects.exists()


def test_it_rejects_a_row_with_missing_columns_and_stores_nothing(db, tmp_path):
    path = tmp_path / "org.csv"
    path.write_text(HEADER + "HQ,,hq,,สำนักงานใหญ่,Head office\nR1,HQ,region\n")
    assert "line 3" in load_bad(path)
    assert not OrgUnit.objects.exists()


def test_it_rejects_a_header_without_a_column_and_stores_nothing(db, tmp_path):
    path = tmp_path / "org.csv"
    path.write_text("code,parent_code,kind,office_class,name_th\nHQ,,hq,,สำนักงานใหญ่\n")
    assert "columns" in load_bad(path)
    assert not OrgUnit.objects.exists()


def test_it_keeps_the_stored_tree_when_a_reload_is_bad(db, tmp_path):
    load()
    path = tmp_path / "org.csv"
    path.write_text(HEADER + "N1,R1,area,,กฟน.1 ใหม่,renamed\nZ1,NOPE,office,b1,x,x\n")
    load_bad(path)
    assert OrgUnit.objects.get(code="N1").name_th == "กฟน.1"


def test_it_says_so_when_the_file_is_missing(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        load(str(tmp_path / "nope.csv"))
