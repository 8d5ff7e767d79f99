"""The server applies the retention settings when it starts (docs/privacy.md)."""

from __future__ import annotations

import datetime as dt

from data import audit, store
from data.audit import Actor
from povmap import serve


def test_old_audit_entries_go_when_the_server_starts(tmp_path, monkeypatch):
    db = tmp_path / "start.duckdb"
    con = store.connect(db)
    old = dt.datetime.now() - dt.timedelta(days=400)
    audit.record(con, Actor("somsri"), "signed_in", object="somsri", at=old)
    audit.record(con, Actor("somsri"), "signed_in", object="somsri")
    con.close()
    monkeypatch.setenv("POVMAP_DB", str(db))
    monkeypatch.setenv("POVMAP_AUDIT_RETENTION_DAYS", "365")
    monkeypatch.setenv("POVMAP_VAR_DIR", str(tmp_path / "var"))
    serve.apply_retention()
    con = store.connect(db, read_only=True)
    actions = [r[0] for r in con.execute("SELECT action FROM audit ORDER BY seq").fetchall()]
    con.close()
    assert actions == ["signed_in", "retention_applied"]


def test_a_missing_store_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("POVMAP_DB", str(tmp_path / "none.duckdb"))
    serve.apply_retention()
    assert not (tmp_path / "none.duckdb").exists()
