"""The area numbers the database computes (query.areas) equal the pure reference
(analysis.areas.area_measures with analysis.mpi.af_by_area) on the seeded demo store: at every
level, under both poverty rules, counts exactly and ratios to 1e-15."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.areas import area_measures as reference
from analysis.capitals import capital_scores
from analysis.poverty import poor_households
from data import registry
from data.schema import BMN_CODES, table
from data.store import connect as connect_store
from geo import boundaries
from povmap import rules
from query import areas
from query.profile import CAPITALS, HouseholdModel

TOL = 1e-15
#: capital means are scores of 1-4: held to TOL relative to their size (measured: 2.2e-15 absolute)
CAPITAL_TOL = 4 * TOL
K = 0.2
MODEL = HouseholdModel(scoring=tuple(table("capital_scoring")))
RATIOS = ("headcount_ratio", *(f"capital_{c}" for c in CAPITALS), "H", "A", "M0")


@pytest.fixture(scope="module")
def store(demo_store, boundary_cache):
    con = connect_store(demo_store)  # as the app opens it (one configuration per file)
    frame = con.execute("SELECT * FROM households").df()
    lookup = boundaries.load_lookup(boundary_cache).dropna()
    polygons = dict(zip(lookup["subdistrict_code"], lookup["polygon_code"], strict=True))
    yield con, frame, polygons
    con.close()


def _reference(con, frame, level, rule, round_be, polygons=None) -> pd.DataFrame:
    """analysis.areas.area_measures on the households of one round (the reference)."""
    f = frame[frame["round_be"] == round_be].copy()
    snap = registry.snapshot_for(con, round_be)
    ids = set(
        con.execute("SELECT id_hash FROM registry WHERE snapshot_be = ?", [snap]).df()["id_hash"]
    )
    heads = f["head_id_hash"]
    f["in_registry"] = heads.isin(ids).astype("boolean").mask(heads.isna())
    f["poor"] = poor_households(f, rule.name, rules.af_weights(), rule.k)
    f = pd.concat([f, capital_scores(f, pd.DataFrame(table("capital_scoring")))], axis=1)
    key = f[f"{level}_code"]
    if polygons:
        key = key.map(lambda c: polygons.get(c, c))
    f["_area"] = key
    return reference(f, "_area", indicator_codes=list(BMN_CODES), weights=rules.af_weights(), k=K)


def _compare(got: pd.DataFrame, want: pd.DataFrame) -> float:
    got = got.set_index("code")
    assert sorted(got.index) == sorted(want.index)
    got = got.loc[want.index]
    for col in ("households", "people", "poor_households", "poor_people",
                "targeted_poor_households", "registry_targeted_households"):  # fmt: skip
        assert got[col].astype(float).tolist() == want[col].tolist(), col
    worst = 0.0
    for col in RATIOS:
        a, b = got[col].to_numpy(float), want[col].to_numpy(float)
        assert np.array_equal(np.isnan(a), np.isnan(b)), col
        diff = np.nanmax(np.abs(a - b), initial=0.0)
        assert diff <= (CAPITAL_TOL if col.startswith("capital_") else TOL), (col, diff)
        worst = max(worst, diff)
    return worst


@pytest.mark.parametrize("rule_name", ["tpmap", "af"])
@pytest.mark.parametrize("level", ["province", "district", "subdistrict", "village"])
def test_area_measures_in_sql_equal_the_reference(store, level, rule_name):
    con, frame, _ = store
    rule = rules.poor_rule(rule_name, K)
    got = areas.area_measures(
        con, level, round_be=2564, rule=rule, model=MODEL,
        af_weights=dict(rules.af_weights()), af_k=K,
    )  # fmt: skip
    assert (got["round_be"] == 2564).all()
    _compare(got, _reference(con, frame, level, rule, 2564))


@pytest.mark.parametrize("rule_name", ["tpmap", "af"])
def test_subdistricts_grouped_by_polygon_equal_the_reference(store, rule_name):
    """Subdistricts keyed by boundary polygon: the real lookup, plus two Kalasin subdistricts
    sharing one polygon (as newer DOPA codes share an older one; the demo draws none of those)."""
    con, frame, lookup = store
    rule = rules.poor_rule(rule_name, K)
    surveyed = sorted(frame.loc[frame["district_code"] == "4601", "subdistrict_code"].unique())
    first, second = surveyed[:2]
    polygons = {**lookup, second: first}
    got = areas.area_measures(
        con, "subdistrict", round_be=2565, area="46", rule=rule, model=MODEL,
        af_weights=dict(rules.af_weights()), af_k=K, polygons=polygons,
    )  # fmt: skip
    f = frame[frame["province_code"] == "46"]
    _compare(got, _reference(con, f, "subdistrict", rule, 2565, polygons))
    plain = areas.area_measures(con, "subdistrict", round_be=2565, area="46", rule=rule)
    assert second in set(plain["code"]) and second not in set(got["code"])
    both = plain.set_index("code").loc[[first, second], "households"].sum()
    assert got.set_index("code").at[first, "households"] == both
    assert got["households"].sum() == plain["households"].sum()


def test_every_round_at_once_equals_one_round_at_a_time(store):
    con, _, _ = store
    every = areas.area_measures(con, "district", area="46")
    for r in sorted(every["round_be"].unique()):
        one = areas.area_measures(con, "district", area="46", round_be=int(r))
        pd.testing.assert_frame_equal(
            every[every["round_be"] == r].reset_index(drop=True), one, check_exact=True
        )


def test_totals_add_up_the_areas(store):
    con, _, _ = store
    rule = rules.poor_rule("tpmap")
    tot = areas.totals(con, area="46", rule=rule).set_index("round_be")
    per = areas.area_measures(con, "district", area="46", rule=rule).groupby("round_be")
    for col in ("households", "people", "poor_households", "poor_people",
                "targeted_poor_households", "registry_targeted_households"):  # fmt: skip
        assert tot[col].tolist() == per[col].sum().reindex(tot.index).tolist(), col
    ratio = per["poor_people"].sum() / per["people"].sum()
    assert np.allclose(tot["headcount_ratio"], ratio.reindex(tot.index), atol=TOL, rtol=0)


def test_a_round_without_registry_snapshot_has_no_registry_count():
    from data import store as writer

    con = writer.connect(":memory:")
    con.execute(
        "INSERT INTO households (hh_id, round_be, province_code, district_code, "
        "subdistrict_code, village_code, members, welfare_card, bmn_01, record_hash, import_id)"
        " VALUES ('a', 2564, '46', '4601', '460101', '46010101', 3, true, 0, 1, 'x')"
    )
    got = areas.area_measures(con, "province").iloc[0]
    assert (got.households, got.poor_households, got.targeted_poor_households) == (1, 1, 1)
    assert np.isnan(got.registry_targeted_households)
    with pytest.raises(ValueError, match="2, 4, 6 or 8 digits"):
        areas.area_measures(con, "district", area="4")


def test_village_measures_list_every_village_of_the_area(store):
    con, frame, _ = store
    got = areas.village_measures(con, "4601", 2564, rules.poor_rule("tpmap"))
    villages = con.execute("SELECT count(*) FROM villages WHERE village_code LIKE '4601%'")
    assert len(got) == villages.fetchone()[0]
    surveyed = frame[(frame["round_be"] == 2564) & (frame["district_code"] == "4601")]
    counts = surveyed.groupby("village_code").size()
    assert got.set_index("village_code")["households"].reindex(counts.index).tolist() == list(
        counts
    )


def test_villages_by_poor_are_the_village_measures_most_poor_first(store):
    from query.village import villages_by_poor

    con, _, _ = store
    rule = rules.poor_rule("tpmap")
    every = areas.village_measures(con, "46", 2564, rule)
    want = every.sort_values(["poor_households", "village_code"], ascending=[False, True])
    got = villages_by_poor(con, "46", 2564, rule, limit=25)
    assert got["village_code"].tolist() == want["village_code"].head(25).tolist()
    assert got["poor_households"].tolist() == want["poor_households"].head(25).tolist()
    assert got["poor_households"].iloc[0] > 0 and (every["poor_households"] == 0).any()
