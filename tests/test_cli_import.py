"""`povmap import households|registry` (povmap.cli_import): options, both modes, clear errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from data import store
from povmap.cli_import import import_app
from tests.data.rows import households

runner = CliRunner()


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("POVMAP_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("POVMAP_DB", str(tmp_path / "var" / "cli.duckdb"))
    monkeypatch.delenv("POVMAP_ID_HASH_KEY", raising=False)
    return tmp_path


def count(env) -> int:
    con = store.connect(env / "var" / "cli.duckdb")
    try:
        return store.household_count(con)
    finally:
        con.close()


def invoke(*args: str):
    result = runner.invoke(import_app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_households_then_again_then_a_correction(env):
    path = env / "hh.csv"
    households(4).to_csv(path, index=False)
    result = invoke("households", str(path))
    assert result.exit_code == 0, result.output
    assert "imported 4 rows from hh.csv: 4 new, 0 replaced" in result.output
    assert "Report:" in result.output
    assert "4 unchanged" in invoke("households", str(path)).output
    households(4, row0={"members": "6"}).to_csv(path, index=False)
    assert "1 replaced (previous versions kept in history), 3 unchanged" in (
        invoke("households", str(path)).output
    )


def test_strict_failure_then_accept_valid(env):
    path = env / "bad.csv"
    households(5, row2={"members": "[red]x</b>"}).to_csv(path, index=False)
    result = invoke("households", str(path))
    assert result.exit_code == 1
    assert (
        "nothing imported" in result.output and "bad.csv: line 4, column members" in result.output
    )
    assert "[red]x</b>" in result.output  # shown as text, never as rich markup
    assert "Full report:" in result.output
    assert count(env) == 0
    result = invoke("households", str(path), "--accept-valid")
    assert result.exit_code == 0, result.output
    assert "imported 4 rows" in result.output and "1 rows rejected" in result.output
    assert "Rejects:" in result.output
    assert count(env) == 4


def test_encoding_sheet_mapping_and_dry_run(env):
    frame = households(3).rename(columns={"hh_id": "เลขแบบสอบถาม"})
    path = env / "thai.csv"
    frame.to_csv(path, index=False, encoding="cp874")
    mapping = env / "map.csv"
    mapping.write_text("their header,canonical\nเลขแบบสอบถาม,hh_id\n", encoding="utf-8")
    result = invoke("households", str(path), "--mapping", str(mapping), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would import 3 rows" in result.output and "TIS-620" in result.output
    assert count(env) == 0
    wrong = invoke("households", str(path), "--mapping", str(mapping), "--encoding", "utf-8")
    assert wrong.exit_code == 1 and "cannot be decoded as utf-8" in wrong.output
    ok = invoke(
        "households", str(path), "--mapping", str(mapping), "--encoding", "cp874", "--sheet", "1"
    )
    assert ok.exit_code == 0, ok.output
    assert count(env) == 3
    bad_map = env / "bad.json"
    bad_map.write_text(json.dumps({"เลขแบบสอบถาม": "nonsense"}), encoding="utf-8")
    result = invoke("households", str(path), "--mapping", str(bad_map))
    assert result.exit_code == 1 and "not a canonical column" in result.output


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"hh_id,round_be\n", "is missing"),
        (b"hh_id," + b"x" * 10_000_000, "not a table"),
        (b'hh_id,round_be\nH1,"2564\n', "truncated"),
    ],
)
def test_unreadable_files_get_a_clear_message(env, content, words):
    path = env / "f.csv"
    path.write_bytes(content)
    result = invoke("households", str(path))
    assert result.exit_code == 1
    assert words in result.output


def test_registry_command(env):
    households_path = env / "hh.csv"
    households(2).to_csv(households_path, index=False)
    invoke("households", str(households_path))
    reg = env / "registry.csv"
    pd.DataFrame(
        [
            {
                "เลขประจำตัวประชาชน": "1101700203450",  # the head of H1 and H2 (rows.py)
                "รหัสตำบล": "460101",
                "สถานะบัตร": "ได้รับบัตร",
            }
        ]
    ).to_csv(reg, index=False)
    result = invoke("registry", str(reg), "--snapshot", "2564")
    assert result.exit_code == 0, result.output
    assert "imported 1 rows from registry.csv: 1 new" in result.output
    assert "1101700203450" not in result.output
    con = store.connect(env / "var" / "cli.duckdb")
    try:
        matched = con.execute(
            "SELECT count(*) FROM households h JOIN registry r ON r.id_hash = h.head_id_hash"
        ).fetchall()
    finally:
        con.close()
    assert matched == [(2,)]
    assert invoke("registry", str(reg)).exit_code == 2  # --snapshot is required
    assert invoke("registry", str(reg), "--snapshot", "2021").exit_code == 2
