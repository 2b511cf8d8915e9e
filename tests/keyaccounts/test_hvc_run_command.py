"""`manage.py hvc_run`: the stable JSON other tools check the engine with."""

import json

import pytest
from django.core.management import CommandError, call_command

from tests.keyaccounts.selection_fixtures import write_extract

FIELDS = {"bp", "office", "gm", "pooled_gm", "pooled_cas", "key_account", "segment",
          "supplement", "points"}  # fmt: skip


def test_it_writes_one_object_per_bp_office(org, tmp_path):
    cas = [
        (20000000001, 1000000001, "N1-OF1", 1_200_000),
        (20000000002, 1000000001, "N1-OF1", 8_000),
        (20000000003, 1000000001, "N1-OF2", 50_000),
        (20000000004, 1000000002, "C1-OF1", 300_000),
    ]
    path = write_extract(tmp_path / "x.parquet", cas)
    out = tmp_path / "out.json"
    call_command("hvc_run", "--extract", str(path), "--fy", "2569", "--json", str(out))
    rows = json.loads(out.read_text())
    assert len(rows) == 3 and all(set(r) == FIELDS for r in rows)
    first = rows[0]
    assert (first["bp"], first["office"], first["key_account"]) == ("1000000001", "N1-OF1", True)
    assert first["pooled_cas"] == ["020000000001"]
    assert first["gm"] == pytest.approx(1_208_000) and first["pooled_gm"] == pytest.approx(1.2e6)
    assert (first["segment"], first["supplement"], first["points"]) == ("status", False, 2.0)
    assert [r["key_account"] for r in rows[1:]] == [False, False]


def test_it_takes_rules_from_a_settings_file(org, tmp_path):
    path = write_extract(tmp_path / "x.parquet", [(20000000004, 1000000002, "C1-OF1", 300_000)])
    settings_file = tmp_path / "rules.json"
    settings_file.write_text(json.dumps({"pooled_threshold": 250_000}))
    out = tmp_path / "out.json"
    call_command(
        "hvc_run", "--extract", str(path), "--fy", "2569", "--rules", str(settings_file),
        "--json", str(out),
    )  # fmt: skip
    assert json.loads(out.read_text())[0]["key_account"] is True
    settings_file.write_text(json.dumps({"pooled_threshold": -1}))
    with pytest.raises(CommandError, match="pooled_threshold"):
        call_command(
            "hvc_run", "--extract", str(path), "--fy", "2569", "--rules", str(settings_file),
            "--json", str(out),
        )  # fmt: skip


def test_it_refuses_a_bad_extract_with_its_reasons(org, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "ca,bp,office,tariff,month,kwh,peak_kw,revenue,gm\n"
        "12345,1000000001,N1-OF1,4,2025-10,-5,1,1,1\n"
    )
    out = tmp_path / "out.json"
    with pytest.raises(CommandError) as refused:
        call_command("hvc_run", "--extract", str(bad), "--fy", "2569", "--json", str(out))
    assert "bad_ca" in str(refused.value) and "negative_kwh" in str(refused.value)
    assert not out.exists()


def test_it_accepts_settings_as_the_rules_file_on_the_command_line(tmp_path):
    """`manage.py hvc_run --settings FILE` (the documented form) is not Django's --settings."""
    import subprocess
    import sys
    from pathlib import Path

    from manage import _hvc_run_settings_alias

    argv = ["manage.py", "hvc_run", "--settings", "r.json", "--settings=s.json"]
    assert _hvc_run_settings_alias(argv)[2:] == ["--rules", "r.json", "--rules=s.json"]
    assert _hvc_run_settings_alias(["manage.py", "check", "--settings", "x"])[3] == "x"
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(root / "manage.py"), "hvc_run", "--help"],
        capture_output=True, text=True, cwd=root, check=True,
    )  # fmt: skip
    assert "--rules" in done.stdout
