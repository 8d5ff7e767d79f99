"""Village sums (query.summary): the area numbers added up from them equal the numbers grouped
from households, at every level and under both rules; they are summed again after an import
and only then, never read stale, summed once when two sessions ask together, and a read-only
store without them still answers."""

from __future__ import annotations

import dataclasses
import shutil
import threading

import duckdb
import numpy as np
import pandas as pd
import pytest

from data import store
from data.schema import bmn_indicators
from geo import boundaries
from povmap import rules
from query import areas, summary
from query.why import why_numbers

RTOL = 1e-12
INDICATORS = [(r["code"], r["dimension"]) for r in bmn_indicators()]


@pytest.fixture
def con(demo_store, tmp_path):
    """A writable copy of the demo store (its sums were summed when it was built)."""
    path = tmp_path / "store.duckdb"
    shutil.copy(demo_store, path)
    con = store.connect(path)
    yield con
    con.close()


def _af(spec: summary.Spec) -> dict:
    return {"af_weights": dict(spec.af_weights), "af_k": spec.af_k}


def _same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True), want.reset_index(drop=True), check_exact=False, rtol=RTOL
    )
    for column in want.columns:  # counts exactly
        if want[column].dtype.kind in "iu":
            assert (got[column].to_numpy() == want[column].to_numpy()).all(), column


@pytest.mark.parametrize("rule_name", ["tpmap", "af"])
@pytest.mark.parametrize("level", ["province", "district", "subdistrict", "village"])
def test_area_numbers_from_village_sums_equal_the_grouped_households(
    con, boundary_cache, level, rule_name
):
    spec = rules.summary_spec(rule_name)
    assert summary.relation(con, spec) is not None
    lookup = boundaries.load_lookup(boundary_cache).dropna()
    polygons = dict(zip(lookup["subdistrict_code"], lookup["polygon_code"], strict=True))
    area = con.execute("SELECT min(province_code) FROM households").fetchone()[0]
    for kwargs in (
        {"model": spec.model, **_af(spec)},
        {},
        {"round_be": 2564, "area": area, "model": spec.model, **_af(spec)},
    ):
        if level == "subdistrict":
            kwargs = {**kwargs, "polygons": polygons}
        want = areas.area_measures(con, level, rule=spec.rule, **kwargs)
        got = areas.area_measures(con, level, rule=spec.rule, summary=spec, **kwargs)
        assert len(want) > 0
        _same(got, want)
    _same(
        areas.totals(con, rule=spec.rule, summary=spec),
        areas.totals(con, rule=spec.rule),
    )


@pytest.mark.parametrize("rule_name", ["tpmap", "af"])
def test_why_numbers_from_village_sums_equal_the_grouped_households(con, rule_name):
    spec = rules.summary_spec(rule_name)
    village = con.execute("SELECT min(village_code) FROM households").fetchone()[0]
    kwargs = {
        "rule": spec.rule,
        "model": spec.model,
        "weights": dict(spec.af_weights),
        "k": spec.af_k,
        "indicators": INDICATORS,
    }
    for round_be in (2564, None):
        for area in (None, village[:2], village[:4], village[:6]):
            want = why_numbers(con, round_be, area, **kwargs)
            got = why_numbers(con, round_be, area, summary=spec, **kwargs)
            for field in dataclasses.fields(want):
                w, g = getattr(want, field.name), getattr(got, field.name)
                if isinstance(w, pd.DataFrame):
                    pd.testing.assert_frame_equal(g, w, check_exact=False, rtol=RTOL)
                elif isinstance(w, pd.Series):
                    pd.testing.assert_series_equal(g, w, check_exact=False, rtol=RTOL)
                elif isinstance(w, float) and np.isnan(w):
                    assert np.isnan(g)
                else:
                    assert g == pytest.approx(w, rel=RTOL), field.name


def test_researcher_filters_group_households_and_agree(con):
    spec = rules.summary_spec("tpmap")
    kwargs = {
        "rule": spec.rule,
        "model": spec.model,
        "weights": dict(spec.af_weights),
        "k": spec.af_k,
        "indicators": INDICATORS,
        "levels": ["struggling"],
    }
    got = why_numbers(con, 2564, None, summary=spec, **kwargs)
    want = why_numbers(con, 2564, None, **kwargs)
    assert got.households == want.households > 0
    assert (
        got.households
        < why_numbers(con, 2564, None, summary=spec, **{**kwargs, "levels": []}).households
    )


def _built_at(con, spec):
    return con.execute("SELECT built_at FROM summary_keys WHERE key = ?", [spec.key]).fetchone()


def test_an_import_makes_the_sums_stale_and_the_next_read_sums_again(con):
    spec = rules.summary_spec("tpmap")
    before = areas.totals(con, round_be=2564, rule=spec.rule, summary=spec)
    first = _built_at(con, spec)
    with store.transaction(con):  # what an import does: a write of households
        con.execute(
            "UPDATE households SET members = members + 5"
            " WHERE hh_id = (SELECT min(hh_id) FROM households WHERE round_be = 2564)"
            " AND round_be = 2564"
        )
    after = areas.totals(con, round_be=2564, rule=spec.rule, summary=spec)
    assert int(after["people"].iloc[0]) == int(before["people"].iloc[0]) + 5
    assert _built_at(con, spec) != first
    _same(after, areas.totals(con, round_be=2564, rule=spec.rule))


def test_app_edits_leave_the_sums_as_they_are(con):
    spec = rules.summary_spec("tpmap")
    summary.relation(con, spec)
    first = _built_at(con, spec)
    for kind in store.CHANGE_KINDS:
        with store.transaction(con, kind):
            pass
    summary.relation(con, spec)
    assert _built_at(con, spec) == first


def test_a_read_only_store_without_sums_groups_households(con, tmp_path):
    spec = rules.summary_spec("tpmap")
    con.execute("DROP TABLE summary_keys; DROP TABLE summary_villages; DROP TABLE summary_causes")
    path = tmp_path / "store.duckdb"
    con.close()
    ro = duckdb.connect(str(path), read_only=True)
    try:
        assert summary.relation(ro, spec) is None
        _same(
            areas.area_measures(ro, "district", rule=spec.rule, summary=spec),
            areas.area_measures(ro, "district", rule=spec.rule),
        )
    finally:
        ro.close()


def test_a_read_only_store_reads_fresh_sums(con, tmp_path):
    spec = rules.summary_spec("af")
    summary.refresh(con, [spec])
    con.close()
    ro = duckdb.connect(str(tmp_path / "store.duckdb"), read_only=True)
    try:
        assert summary.relation(ro, spec) is not None
    finally:
        ro.close()


def test_another_setting_gives_other_sums_and_they_answer_only_their_question():
    spec = rules.summary_spec("tpmap")
    af = rules.summary_spec("af")
    other_k = dataclasses.replace(spec, af_k=0.5)
    other_model = dataclasses.replace(
        spec, model=dataclasses.replace(spec.model, income_line=spec.model.income_line + 1)
    )
    assert len({spec.key, af.key, other_k.key, other_model.key}) == 4
    assert spec.matches(spec.rule) and spec.matches(spec.rule, spec.model, **_af(spec))
    assert not spec.matches(af.rule)
    assert not spec.matches(spec.rule, other_model.model)
    assert not spec.matches(spec.rule, af_weights=dict(spec.af_weights), af_k=0.5)
    assert not spec.matches(spec.rule, af_weights=dict(spec.af_weights))
    assert not spec.matches(spec.rule, indicators=["not_an_indicator"])


def test_two_sessions_asking_together_sum_once(con, monkeypatch):
    spec = rules.summary_spec("tpmap")
    con.execute("DELETE FROM summary_keys")
    calls = []
    real = summary._write_sums

    def counted(c, s):
        calls.append(s.key)
        return real(c, s)

    monkeypatch.setattr(summary, "_write_sums", counted)
    barrier = threading.Barrier(2)
    got = []

    def ask():
        cursor = con.cursor()
        barrier.wait()
        got.append(summary.relation(cursor, spec))

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [spec.key]
    assert got[0] == got[1] is not None


def test_the_demo_store_is_summed_when_it_is_built(demo_store):
    con = store.connect(demo_store)  # as the app opens it (one configuration per file)
    try:
        version = store.data_version(con, ())
        for spec in rules.summary_specs():
            assert summary._fresh(con, spec.key, version)
    finally:
        con.close()
