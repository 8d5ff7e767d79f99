"""The command line: import (all or nothing, with a report) and stats (the app's numbers)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from data import store
from povmap.cli.main import app
from query.households import household_count
from tests.data.rows import households

runner = CliRunner()


@pytest.fixture
def fresh_env(tmp_path, monkeypatch, boundary_cache):
    monkeypatch.setenv("POVMAP_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("POVMAP_DB", str(tmp_path / "var" / "cli.duckdb"))
    monkeypatch.setenv("POVMAP_CACHE_DIR", str(boundary_cache))
    monkeypatch.delenv("POVMAP_ID_HASH_KEY", raising=False)
    return tmp_path


def test_import_then_stats_round_trip(fresh_env):
    path = fresh_env / "hh.csv"
    households(4, row3={"bmn_15": "1", "income_per_person_year": "90000"}).to_csv(path, index=False)
    result = runner.invoke(app, ["import", "households", str(path)])
    assert result.exit_code == 0, result.output
    assert "4 new" in result.output
    again = runner.invoke(app, ["import", "households", str(path)])
    assert "4 unchanged" in again.output
    stats = runner.invoke(
        app, ["stats", "--level", "district", "--round", "2564", "--format", "json", "--no-mpi"]
    )
    assert stats.exit_code == 0, stats.output
    rows = json.loads(stats.stdout)
    assert rows == [
        {
            "code": "4601",
            "name_th": "เมืองกาฬสินธุ์",
            "name_en": "Mueang Kalasin",
            "round_be": 2564,
            "households": 4,
            "people": 16,
            "poor_households": 3,
            "poor_people": 12,
            "headcount_ratio": 0.75,
        }
    ]
    # the hash key was made once, privately
    key = fresh_env / "var" / "id_hash.key"
    assert key.stat().st_mode & 0o777 == 0o600


def test_bad_file_imports_nothing_and_points_to_the_report(fresh_env):
    path = fresh_env / "bad.csv"
    households(3, row2={"members": "[bold]x</b>"}).to_csv(path, index=False)
    result = runner.invoke(app, ["import", "households", str(path)])
    assert result.exit_code == 1
    assert "bad.csv: line 4, column members" in result.output
    assert "[bold]x</b>" in result.output  # shown as text, not as markup
    assert "Full report:" in result.output
    con = store.connect(fresh_env / "var" / "cli.duckdb")
    assert household_count(con) == 0
    con.close()


def test_unreadable_files_get_one_clear_line(fresh_env):
    empty = fresh_env / "empty.csv"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["import", "households", str(empty)])
    assert result.exit_code == 1
    assert "empty" in result.output
    cp874 = fresh_env / "thai.csv"
    cp874.write_bytes("รหัส,ชื่อ\n1,สมชาย\n".encode("cp874"))
    result = runner.invoke(app, ["import", "households", str(cp874)])
    assert result.exit_code == 1
    assert "not UTF-8" in result.output
    assert "Traceback" not in result.output


def test_stats_rejects_a_bad_area(fresh_env):
    households(1).to_csv(fresh_env / "hh.csv", index=False)
    runner.invoke(app, ["import", "households", str(fresh_env / "hh.csv")])
    result = runner.invoke(app, ["stats", "--level", "district", "--area", "4"])
    assert result.exit_code == 2
    assert "2, 4, 6 or 8 digits" in result.output


def test_settings_markdown_is_the_doc():
    result = runner.invoke(app, ["settings", "--markdown"])
    assert result.exit_code == 0
    assert "`POVMAP_BOUNDARIES`" in result.stdout


def test_stats_mpi_columns_decompose_from_districts_to_province(demo_store, monkeypatch):
    monkeypatch.setenv("POVMAP_DB", str(demo_store))
    province = json.loads(
        runner.invoke(
            app,
            ["stats", "--level", "province", "--round", "2564", "--area", "46", "--format", "json"],
        ).stdout
    )[0]
    districts = json.loads(
        runner.invoke(
            app,
            ["stats", "--level", "district", "--round", "2564", "--area", "46", "--format", "json"],
        ).stdout
    )
    people = sum(d["people"] for d in districts)
    weighted = sum(d["people"] * d["mpi_M0"] for d in districts) / people
    assert province["mpi_M0"] == pytest.approx(weighted, abs=1e-12)
    assert province["mpi_M0"] == pytest.approx(province["mpi_H"] * province["mpi_A"], abs=1e-12)
    assert (
        0 < province["mpi_H"] < province["headcount_ratio"]
    )  # k = 0.2 is stricter than TPMAP's union rule
