"""`povmap monitor raise`, `povmap exit-sample` and `povmap grievances list` through CliRunner on
a copy of the demo store: the round's alerts are the category rules' and raised once, a seed
draws the same sample again, the grievance queue comes out as CSV through data.export."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from typer.testing import CliRunner

from analysis.monitoring import classify
from data import monitoring as mon
from data import store
from data.store import PoorRule
from povmap.cli.main import app
from query import monitoring_read as mr
from query.access import Access

runner = CliRunner()


@pytest.fixture
def db(demo_store, tmp_path, monkeypatch):
    path = tmp_path / "cli-monitoring.duckdb"
    shutil.copyfile(demo_store, path)
    monkeypatch.setenv("POVMAP_DB", str(path))
    return path


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_monitor_raise_opens_the_rules_alerts_once(db):
    con = store.connect(db)
    try:  # this copy starts without the demo's alerts
        con.execute("DELETE FROM alert_events")
        con.execute("DELETE FROM alerts")
        panel = mon.household_panel(con, 2565, rounds=3, area="46")
        found = classify(panel, 2565, income_line=38_000, weights=mon.rule_weights(PoorRule()))
        expected = int(found["category"].notna().sum())
    finally:
        con.close()
    first = invoke("monitor", "raise", "--round", "2565", "--province", "46", "--by", "ทดสอบ")
    assert first.exit_code == 0, first.output
    assert f"46: {expected:,} new alert(s)" in first.output and expected > 0
    again = invoke("monitor", "raise", "--round", "2565", "--province", "46")
    assert again.exit_code == 0 and "46: 0 new alert(s)" in again.output
    con = store.connect(db, read_only=True)
    try:
        got = con.execute(
            "SELECT count(*), min(opened_by), bool_and(synthetic) FROM alerts"
        ).fetchone()
        assert got == (expected, "ทดสอบ", True)
    finally:
        con.close()
    bad = invoke("monitor", "raise", "--round", "2565", "--province", "4601")
    assert bad.exit_code == 2 and "not a province code" in bad.output


def test_exit_sample_is_reproducible_from_its_seed(db, tmp_path):
    out = tmp_path / "sample.csv"
    args = ("exit-sample", "--area", "4601", "--round", "2565", "--seed", "11")
    first = invoke(*args, "--out", str(out))
    second = invoke(*args)
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    ids = [line.split(":")[0] for line in (first.stdout, second.stdout)]
    assert ids[0] != ids[1] and all(i.startswith("XS") for i in ids)
    con = store.connect(db, read_only=True)
    try:
        drawn = [
            set(mr.sample_households(con, i, page_size=10_000, access=Access.full()).rows["hh_id"])
            for i in ids
        ]
        assert drawn[0] == drawn[1] and drawn[0]
        seed = con.execute("SELECT seed FROM exit_samples WHERE sample_id = ?", [ids[0]]).fetchone()
        assert seed == (11,)
    finally:
        con.close()
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["hh_id"] for r in rows} == drawn[0]
    assert {r["synthetic"] for r in rows} == {"True"} and {r["round_be"] for r in rows} == {"2565"}
    missing = invoke("exit-sample", "--area", "4601", "--round", "2563", "--seed", "1")
    assert missing.exit_code == 1 and "no survey round before 2563" in missing.output


def test_grievances_list_is_the_queue_as_csv(db):
    con = store.connect(db, read_only=True)
    try:
        queue = mr.grievance_queue(con, "46", page_size=1000, access=Access.full()).rows
    finally:
        con.close()
    result = invoke("grievances", "list", "--area", "46", "--lang", "th")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["grievance_id"] for r in rows] == queue["grievance_id"].tolist()
    assert rows and all(r["state_name"] and r["type_name"] for r in rows)
    assert "description" not in rows[0] and "contact" not in rows[0]
    everything = invoke("grievances", "list", "--all")
    assert len(list(csv.DictReader(io.StringIO(everything.stdout)))) >= len(rows)
