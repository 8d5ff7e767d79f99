"""`povmap import households|registry` (povmap.cli.imports): options, both modes, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from data import store
from povmap.cli.imports import import_app
from query.households import household_count
from tests import processes
from tests.data.rows import households
from tests.data.workbooks import damaged_workbooks, encrypted_workbook
from tests.test_reasons_th import MEMBER

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
        return household_count(con)
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
    assert result.exit_code == 3, result.output  # stored, but not every row
    assert "imported 4 rows" in result.output and "1 rows rejected" in result.output
    assert "Rejects:" in result.output
    assert "ปฏิเสธ 1 แถว" in result.output  # told in Thai too
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


# --- exit statuses and messages a user can act on ---------------------------------------------------


def test_help_documents_the_exit_statuses():
    for command in ("households", "registry"):
        out = " ".join(invoke(command, "--help").output.split())
        assert "Exit status: 0 every row stored; 1 nothing stored" in out
        assert "2 bad usage, or a file that cannot be opened; 3 stored with --accept-valid" in out


@pytest.mark.parametrize("which", ["file", "members", "mapping", "folder"])
def test_a_file_that_cannot_be_opened_is_named_in_english_and_thai(env, which):
    good = env / "hh.csv"
    households(2).to_csv(good, index=False)
    missing = env / "missing.csv"
    args = {
        "file": [str(missing)],
        "members": [str(good), "--members", str(missing)],
        "mapping": [str(good), "--mapping", str(missing)],
        "folder": [str(env)],
    }[which]
    result = invoke("households", *args)
    assert result.exit_code == 2, result.output
    named = env if which == "folder" else missing
    reason = "is a folder, not a file" if which == "folder" else "file not found"
    assert f"{named}: {reason}" in result.output
    assert ("เป็นโฟลเดอร์" if which == "folder" else "ไม่พบไฟล์") in result.output
    assert not (env / "var" / "cli.duckdb").exists()  # the store was not even opened


def test_workbooks_saved_with_a_password_or_damaged_are_told_plainly(env):
    files = {"password": encrypted_workbook(env / "locked.xlsx"), **damaged_workbooks(env)}
    del files["sheet broken off"]  # its rows before the break are read: a row-level error
    for what, path in files.items():
        result = invoke("households", str(path))
        assert result.exit_code == 1, (what, result.output)
        out = " ".join(result.output.split())
        assert f"{path.name}: nothing imported: the file cannot be imported as it is." in out
        assert ("protected with a password" if what == "password" else "damaged") in out
        assert ("ตั้งรหัสผ่าน" if what == "password" else "เสียหาย") in out
        for word in ("BadZipFile", "KeyError", "old Excel .xls", "error"):
            assert word not in out, (what, word)


def _members(env, ids) -> Path:
    path = env / "members.csv"
    rows = [{**MEMBER, "hh_id": hh, "person_no": str(p)} for hh in ids for p in (1, 2)]
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_a_member_file_of_other_households_is_blamed_not_the_household_file(env):
    hh = env / "hh.csv"
    households(20).to_csv(hh, index=False)
    members = _members(env, [f"X{i}" for i in range(20)])  # not one household in hh.csv
    result = invoke("households", str(hh), "--members", str(members))
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "members.csv: nothing imported. 40 problem(s) in 40 of 40 rows:" in out
    assert "in 0 of 20 rows" not in out
    assert "None of the members of members.csv belongs to a household of hh.csv" in out
    assert "ไม่มีสมาชิกคนใดใน members.csv อยู่ในครัวเรือนของ hh.csv" in out
    assert count(env) == 0
    result = invoke("households", str(hh), "--members", str(members), "--accept-valid")
    assert result.exit_code == 3, result.output
    out = " ".join(result.output.split())
    assert "imported 20 rows from hh.csv" in out and "0 rows and 40 members rejected" in out
    assert "None of the members of members.csv belongs to a household of hh.csv" in out
    assert count(env) == 20
    both = env / "both.csv"
    households(20, row3={"members": "many"}).to_csv(both, index=False)
    bad_members = _members(env, ["H1", "H2"])
    frame = pd.read_csv(bad_members, dtype=str, keep_default_na=False)
    frame.loc[1, "age"] = "old"
    frame.to_csv(bad_members, index=False)
    result = invoke("households", str(both), "--members", str(bad_members))
    out = " ".join(result.output.split())
    assert (
        "both.csv: nothing imported. 1 problem(s) in 1 of 20 rows; members.csv: 1 problem(s) "
        in out
    )
    assert "in 1 of 4 rows:" in out


def test_the_same_household_twice_with_other_values_says_which_row_is_kept(env):
    path = env / "twice.csv"
    frame = households(6, row4={"members": "7"})
    frame.loc[4, "hh_id"] = "H2"  # line 6: H2 again (line 3), another member count
    frame.to_csv(path, index=False)
    for chunk in ("100", "2"):  # in one chunk (the validator), across chunks (the importer)
        result = invoke("households", str(path), "--accept-valid", "--chunk-size", chunk)
        assert result.exit_code == 3, result.output
        out = " ".join(result.output.split())
        assert "same household and round as an earlier line, with other values: the earlier " in out
        assert "row is kept, this one rejected" in out
        assert "มีอยู่แล้วในบรรทัดก่อนหน้าแต่ค่าต่างกัน: เก็บแถวก่อนหน้าไว้" in out
        rejects = Path(out.split("Rejects: ")[1].split()[0])
        assert "(kept: line 3; differs in: members)" in rejects.read_text(encoding="utf-8-sig")
        con = store.connect(env / "var" / "cli.duckdb")
        try:
            kept = con.execute("SELECT members FROM households WHERE hh_id = 'H2'").fetchall()
        finally:
            con.close()
        assert kept == [(4,)]  # the first row's value


def test_a_cli_import_with_workers_leaves_no_process_behind(env, monkeypatch):
    """When the command is done, nothing it started is alive: in this process (the
    forkserver of the workers used to stay for the whole session) and as a user runs it (an
    orphan used to outlive it for a moment)."""
    path = env / "big.csv"
    households(120).to_csv(path, index=False)
    before = processes.descendants()
    monkeypatch.setenv("POVMAP_IMPORT_WORKERS", "2")
    result = invoke("households", str(path), "--chunk-size", "10", "--dry-run")
    assert result.exit_code == 0 and "would import 120 rows" in result.output
    assert processes.descendants(besides=before) == []
    mark = uuid.uuid4().hex
    povmap = Path(sys.executable).with_name("povmap")
    done = subprocess.run(
        [str(povmap), "import", "households", str(path), "--chunk-size", "10"],
        env={**os.environ, "POVMAP_IMPORT_WORKERS": "2", "POVMAP_TEST_CLI": mark},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "imported 120 rows" in done.stderr
    assert processes.marked("POVMAP_TEST_CLI", mark) == []
