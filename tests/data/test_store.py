from __future__ import annotations

import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from analysis.poverty import poor_households
from data import store
from data.importer import ImportFailed, import_households
from query.access import Access
from query.areas import area_stats
from query.households import household_count, household_frame
from tests.data.rows import households

KEY = b"k" * 32


@pytest.fixture
def con(tmp_path):
    c = store.connect(tmp_path / "s.duckdb")
    yield c
    c.close()


def write(tmp_path, frame, name="hh.csv"):
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def snapshot(con):
    return {
        t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").df().to_csv()
        for t in ("households", "household_history", "members", "imports")
    }


def test_migrations_are_versioned_and_idempotent(tmp_path):
    path = tmp_path / "m.duckdb"
    c = store.connect(path)
    assert store.schema_version(c) == store.ALL_MIGRATIONS[-1][0]
    c.close()
    c = store.connect(path)  # re-opening applies nothing twice
    assert c.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(
        store.ALL_MIGRATIONS
    )
    c.close()


def test_import_stores_all_rows(con, tmp_path):
    result = import_households(con, write(tmp_path, households(3)), report_dir=tmp_path, id_key=KEY)
    assert (result.rows, result.counts.new) == (3, 3)
    assert household_count(con) == 3


def test_a_bad_row_leaves_the_store_unchanged(con, tmp_path):
    import_households(con, write(tmp_path, households(2)), report_dir=tmp_path, id_key=KEY)
    before = snapshot(con)
    bad = households(5, row3={"members": "many"})
    with pytest.raises(ImportFailed) as info:
        import_households(con, write(tmp_path, bad, "bad.csv"), report_dir=tmp_path, id_key=KEY)
    assert snapshot(con) == before
    assert "nothing imported" in str(info.value)
    assert "bad.csv: line 5, column members" in str(info.value)
    report = pd.read_csv(info.value.report, encoding="utf-8-sig")
    assert report[["line", "column"]].values.tolist() == [[5, "members"]]


def test_reimporting_the_same_file_changes_nothing(con, tmp_path):
    path = write(tmp_path, households(3))
    import_households(con, path, report_dir=tmp_path, id_key=KEY)
    before = con.execute("SELECT * FROM households ORDER BY hh_id").df()
    again = import_households(con, path, report_dir=tmp_path, id_key=KEY)
    assert (again.counts.new, again.counts.replaced, again.counts.unchanged) == (0, 0, 3)
    pd.testing.assert_frame_equal(
        before, con.execute("SELECT * FROM households ORDER BY hh_id").df()
    )
    assert con.execute("SELECT count(*) FROM household_history").fetchone()[0] == 0


def test_a_corrected_row_replaces_and_keeps_history(con, tmp_path):
    import_households(con, write(tmp_path, households(2)), report_dir=tmp_path, id_key=KEY)
    fixed = households(2, row1={"members": "5"})
    result = import_households(
        con, write(tmp_path, fixed, "fixed.csv"), report_dir=tmp_path, id_key=KEY
    )
    assert (result.counts.replaced, result.counts.unchanged) == (1, 1)
    assert con.execute("SELECT members FROM households WHERE hh_id='H2'").fetchone()[0] == 5
    assert con.execute("SELECT hh_id, members FROM household_history").fetchall() == [("H2", 4)]


def test_no_raw_national_id_in_the_database_file(tmp_path):
    db = tmp_path / "ids.duckdb"
    c = store.connect(db)
    import_households(c, write(tmp_path, households(3)), report_dir=tmp_path, id_key=KEY)
    c.execute("CHECKPOINT")
    c.close()
    raw = db.read_bytes()
    assert b"1101700203450" not in raw
    assert "1101700203450".encode("utf-16-le") not in raw


def test_area_stats_and_poor_rule(con, tmp_path):
    rows = households(
        3,
        row2={
            "bmn_15": "1",
            "income_per_person_year": "50000",
            "members": "2",
            "members_under_15": "0",
            "members_60_plus": "0",
            "hc_earners": "1",
        },
    )
    import_households(con, write(tmp_path, rows), report_dir=tmp_path, id_key=KEY)
    stats = area_stats(con, "province", round_be=2564)
    row = stats.iloc[0]
    assert (row.code, row.households, row.people, row.poor_households, row.poor_people) == (
        "46",
        3,
        10,
        2,
        8,
    )
    assert row.headcount_ratio == pytest.approx(0.8)
    af = store.PoorRule("af", 0.5, (("bmn_15", 0.5), ("bmn_13", 0.5)))
    assert area_stats(con, "province", rule=af).iloc[0].poor_households == 2
    strict = store.PoorRule("af", 0.75, (("bmn_15", 0.5), ("bmn_13", 0.5)))
    assert area_stats(con, "province", rule=strict).iloc[0].poor_households == 0
    with pytest.raises(ValueError, match="2, 4, 6 or 8 digits"):
        area_stats(con, "district", area="4")


def test_import_killed_midway_leaves_store_unchanged(tmp_path):
    """SIGKILL during the load transaction: the store is exactly as before."""
    db = tmp_path / "kill.duckdb"
    c = store.connect(db)
    import_households(c, write(tmp_path, households(2)), report_dir=tmp_path, id_key=KEY)
    c.close()
    script = textwrap.dedent(
        f"""
        import os, signal
        import data.store as store
        from data.importer import import_households
        from pathlib import Path
        original = store.load_households
        def dying(con, *a, **k):
            con.execute("BEGIN TRANSACTION")
            con.execute("DELETE FROM households")
            os.kill(os.getpid(), signal.SIGKILL)
        store.load_households = dying
        con = store.connect(Path({str(db)!r}))
        import_households(con, Path({str(tmp_path / "big.csv")!r}), report_dir=Path({str(tmp_path)!r}), id_key=b"k"*32)
        """
    )
    households(50).to_csv(tmp_path / "big.csv", index=False)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == -9
    c = store.connect(db)
    assert household_count(c) == 2
    c.close()


def test_sql_rule_and_frame_rule_agree_on_the_demo(demo_store):
    """The rule's pandas twin (the tests' reference) and its SQL agree on the demo."""
    from povmap import rules

    c = store.connect(demo_store)
    try:
        frame = household_frame(c, ["*"], round_be=2564, access=Access.full())
        for rule in (
            rules.poor_rule("tpmap"),
            rules.poor_rule("af", 0.2),
            rules.poor_rule("af", 0.4),
        ):
            sql = area_stats(c, "province", round_be=2564, rule=rule).set_index("code")
            poor = poor_households(frame, rule.name, rules.af_weights(), rule.k)
            pandas = frame.assign(poor=poor).groupby("province_code")["poor"].sum()
            assert (sql["poor_households"] == pandas.reindex(sql.index)).all(), rule
    finally:
        c.close()


def test_demo_villages_lie_inside_their_real_subdistrict(demo_store, boundary_cache):
    import geopandas as gpd

    from geo import boundaries

    c = store.connect(demo_store)
    try:
        villages = c.execute("SELECT * FROM villages").df()
    finally:
        c.close()
    assert villages["synthetic"].all()
    lookup = boundaries.load_lookup(boundary_cache).set_index("subdistrict_code")["polygon_code"]
    polygons = boundaries.load_level("subdistrict", boundary_cache).set_index("code").geometry
    points = gpd.points_from_xy(villages["lon"], villages["lat"], crs="EPSG:4326")
    owners = polygons.loc[villages["subdistrict_code"].map(lookup)].values
    inside = owners.contains(points)
    assert inside.all(), villages.loc[~inside, "village_code"].tolist()[:5]


def test_record_hash_reads_the_same_record_alike_whatever_its_dtypes():
    typed = pd.DataFrame({"hh_id": ["H1", "H2"], "members": [3, 4], "note": ["a", None]})
    other = pd.DataFrame(
        {
            "hh_id": pd.Series(["H1", "H2"], dtype="string"),
            "members": pd.Series([3, 4], dtype="Int64"),
            "note": ["a", float("nan")],
            "import_id": ["x", "y"],  # bookkeeping: not part of the record
            "_line": [2, 3],
        }
    )
    assert store.record_hash(typed).tolist() == store.record_hash(other).tolist()
    mixed = typed.assign(members=pd.Series([3, "4"], dtype=object))
    as_text = typed.assign(members=["3", "4"])
    assert store.record_hash(mixed).tolist() == store.record_hash(as_text).tolist()
    changed = typed.assign(members=[3, 5])
    assert store.record_hash(changed)[0] == store.record_hash(typed)[0]
    assert store.record_hash(changed)[1] != store.record_hash(typed)[1]
    extra = pd.Series(["stops A", "stops B"])
    assert store.record_hash(typed, extra)[1] != store.record_hash(typed)[1]


def test_a_file_import_and_the_demo_writer_hash_a_household_alike(con, tmp_path):
    """What a file import stored, stored again through load_households, is unchanged."""
    import_households(con, write(tmp_path, households(4)), report_dir=tmp_path, id_key=KEY)
    stored = con.execute(
        "SELECT * EXCLUDE (record_hash, import_id) FROM households ORDER BY hh_id"
    ).df()
    counts = store.load_households(
        con,
        stored,
        None,
        import_id="again",
        file_name="again",
        file_sha256=None,
        synthetic=True,
    )
    assert counts == store.LoadCounts(0, 0, 4)
    again = stored.assign(members=stored["members"] + 1)
    counts = store.load_households(
        con, again, None, import_id="fix", file_name="fix", file_sha256=None, synthetic=True
    )
    assert counts == store.LoadCounts(0, 4, 0)
    assert con.execute("SELECT count(*) FROM household_history").fetchone() == (4,)
