"""Monitored households on the map (issue 17): per district in the latest round, area_measures
counts the open alerts as the monitoring page's area list does (query.monitoring_read
.category_counts), on the village-sums path and the household path alike, 0 where there are
none, an earlier round only the alerts raised by then, hidden like every count; the metrics are
registered with Thai and English words."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from analysis.monitoring import CATEGORIES
from data import monitoring as mon
from data import store
from geo.metrics import METRICS
from povmap import rules
from query import areas, monitored
from query import monitoring_read as mr
from query.access import Access

FRIDAY = dt.datetime(2025, 1, 3, 16, 0)
KEYS = ("monitored_households", *(f"monitored_{c}" for c in CATEGORIES))


@pytest.fixture
def con(demo_store, tmp_path):
    """A writable copy of the demo store with its own alerts (data/synthetic_staying_out.py)."""
    path = tmp_path / "store.duckdb"
    shutil.copy(demo_store, path)
    c = store.connect(path)
    yield c
    c.close()


def _latest(con) -> int:
    return int(con.execute("SELECT max(round_be) FROM households").fetchone()[0])


def _list_counts(con, level: str, area: str | None = None) -> pd.DataFrame:
    """The area list's counts under the map's column names."""
    counts = mr.category_counts(con, level, area).set_index("code")
    names = {"households": "monitored_households", **{c: f"monitored_{c}" for c in CATEGORIES}}
    return counts[list(names)].rename(columns=names).astype("int64")


@pytest.mark.parametrize("path", ["summary", "households"])
def test_the_map_counts_monitored_households_as_the_area_list(con, path):
    spec = rules.summary_spec("tpmap")
    latest = _latest(con)
    kwargs = {"summary": spec} if path == "summary" else {}
    frame = areas.area_measures(con, "district", round_be=latest, rule=spec.rule, **kwargs)
    want = _list_counts(con, "district")
    assert len(want) > 0 and int(want["monitored_households"].sum()) > 0
    got = frame.set_index("code")[list(KEYS)]
    assert got.dtypes.map(lambda d: d.kind in "iu").all()
    pd.testing.assert_frame_equal(
        got.loc[want.index].astype("int64"), want[list(KEYS)], check_names=False
    )
    # districts without an open alert: 0, not missing
    others = got.drop(index=want.index)
    assert len(others) > 0 and (others == 0).all().all()
    # a household counted once however many categories it is in; in any category at most the sum
    assert (got["monitored_households"] <= got[[f"monitored_{c}" for c in CATEGORIES]].sum(1)).all()
    # an earlier round counts the alerts raised by then that are still open: no more
    earlier = areas.area_measures(con, "district", round_be=latest - 1, rule=spec.rule, **kwargs)
    before = earlier.set_index("code")[list(KEYS)].reindex(got.index, fill_value=0)
    assert (before <= got).all().all() and (before < got).any().any()
    # alerts of earlier rounds still open count in the latest round (the demo has them)
    assert (
        con.execute(
            "SELECT count(*) FROM alert_current WHERE round_be < ? AND state <> 'risk_cleared'",
            [latest],
        ).fetchone()[0]
        > 0
    )


def test_both_paths_agree_per_round_and_inside_an_area(con):
    spec = rules.summary_spec("tpmap")
    province = con.execute(
        "SELECT province_code FROM alert_current GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    for kwargs in ({}, {"area": province}, {"area": province, "round_be": _latest(con)}):
        direct = areas.area_measures(con, "subdistrict", rule=spec.rule, **kwargs)
        summed = areas.area_measures(con, "subdistrict", rule=spec.rule, summary=spec, **kwargs)
        pd.testing.assert_frame_equal(
            summed[["code", "round_be", *KEYS]], direct[["code", "round_be", *KEYS]]
        )
    inside = _list_counts(con, "subdistrict", province)
    got = direct.set_index("code").loc[inside.index, list(KEYS)].astype("int64")
    pd.testing.assert_frame_equal(got, inside[list(KEYS)], check_names=False)


def test_two_alerts_of_one_household_count_it_once(con):
    latest = _latest(con)
    hh, district = con.execute(
        "SELECT hh_id, district_code FROM households h WHERE round_be = ? AND NOT EXISTS ("
        " SELECT 1 FROM alert_current a WHERE a.hh_id = h.hh_id) ORDER BY hh_id LIMIT 1",
        [latest],
    ).fetchone()

    def count() -> int:
        frame = areas.area_measures(con, "district", round_be=latest).set_index("code")
        return int(frame.loc[district, "monitored_households"])

    before = count()
    mon.open_alert(con, category="marginal", channel="field_visit", by="x", hh_id=hh, at=FRIDAY)
    mon.open_alert(
        con,
        category="sudden_hardship",
        channel="agency_file",
        by="x",
        hh_id=hh,
        at=FRIDAY,
        shocks=["illness"],
    )
    assert count() == before + 1  # two alerts, two categories, one household
    frame = areas.area_measures(con, "district", round_be=latest).set_index("code")
    assert _list_counts(con, "district").loc[district].tolist() == [
        int(frame.loc[district, k]) for k in KEYS
    ]


def test_monitored_counts_are_hidden_with_the_area(con):
    latest = _latest(con)
    public = Access.public(min_cell=10_000)  # every area too small: all hidden
    frame = areas.area_measures(con, "district", round_be=latest, access=public)
    assert frame["suppressed"].all() and frame[list(KEYS)].isna().all().all()


def test_the_metrics_are_registered_with_thai_and_english_words():
    assert monitored.COLUMNS == KEYS
    for key in KEYS:
        metric = METRICS[key]
        assert metric.kind == "count" and metric.higher_is_worse and metric.source == key
        assert metric.label_th and metric.label_en and metric.label_th != metric.label_en
        assert metric.definition_th and metric.definition_en
        assert not any("a" <= ch.lower() <= "z" for ch in metric.label_th)
        assert not any("a" <= ch.lower() <= "z" for ch in metric.definition_th)
    labels = [METRICS[k].label_th for k in KEYS]
    assert len(set(labels)) == len(labels)
