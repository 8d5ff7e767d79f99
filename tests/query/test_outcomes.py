"""The outcome tables the database computes (query.outcomes) equal the pure reference
(analysis.outcomes on households scored by analysis.poverty and analysis.why), both as sums over
the kept transition counts (summary_transitions) and grouped from households directly: on random
stores, on hand-made households whose counts are worked out by hand, and on the seeded demo
store. Counts exactly, rates to 1e-12, same index, columns and dtypes. The kept counts follow
imports, not referral edits, and a read-only store still answers."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import outcomes as oc
from analysis.capitals import LEVELS
from analysis.interventions import load_catalogue
from analysis.poverty import poor_households
from analysis.why import add_profile
from data import referrals as rf
from data import store
from data.schema import BMN_CODES, table
from data.store import PoorRule
from povmap import rules
from query import scope
from query.outcomes import (
    AREA_COLUMNS,
    TABLE,
    kept_transitions,
    outcome_tables,
    refresh,
    transitions_key,
)
from query.profile import HouseholdModel

TOL = 1e-12
A, B = 2564, 2565
MODEL = HouseholdModel(scoring=tuple(table("capital_scoring")))
CATALOGUE = load_catalogue()
TYPES = CATALOGUE.interventions["type"].to_dict()
#: one intervention code of each type in the catalogue
CODE_OF = {kind: code for code, kind in reversed(list(TYPES.items()))}
SUBDISTRICTS = ("100101", "100102", "100201", "200101", "200102")
PANEL_COLUMNS = ["hh_id", "round_be", *AREA_COLUMNS]
NOW = dt.datetime(2025, 3, 1, 9, 0)


@pytest.fixture(scope="module")
def demo(demo_store) -> tuple[duckdb.DuckDBPyConnection, pd.DataFrame]:
    con = store.connect(demo_store)  # as the app opens it (one configuration per file)
    frame = con.execute("SELECT * FROM households ORDER BY round_be, hh_id").df()
    yield con, frame
    con.close()


@pytest.fixture(scope="module")
def scratch() -> duckdb.DuckDBPyConnection:
    """A store whose households and referrals each test replaces (an import, then edits)."""
    con = store.connect(":memory:")
    yield con
    con.close()


def _rule(name: str, k: float = 0.2) -> PoorRule:
    return rules.poor_rule(name, k)


def _reference(
    households: pd.DataFrame,
    received: pd.DataFrame,
    from_round: int,
    to_round: int,
    area: str | None,
    area_col: str,
    rule: PoorRule,
) -> dict[str, pd.DataFrame]:
    """What the outcomes page computed in pandas: the scope's households of both rounds scored
    by the pure reference, then analysis.outcomes."""
    rows = households[households["round_be"].isin([from_round, to_round])]
    if area:
        rows = rows[rows[scope.level_column(scope.area_level(area))] == area]
    poor = poor_households(rows, rule.name, dict(rule.weights) or rules.af_weights(), rule.k)
    profile = add_profile(
        rows,
        pd.DataFrame(table("capital_scoring")),
        income_line=MODEL.income_line,
        weak_below=MODEL.weak_below,
        struggling_weak=MODEL.struggling_weak,
        fragile_margin=MODEL.fragile_margin,
    )
    panel = rows[PANEL_COLUMNS].assign(poor=poor.to_numpy(), level=profile["level"].to_numpy())
    return {
        "total": oc.transitions(panel, from_round, to_round),
        "flows": oc.level_flows(panel, from_round, to_round, levels=LEVELS),
        "by_area": oc.transitions(panel, from_round, to_round, area_col=area_col),
        "by_intervention": oc.outcomes_by_intervention(panel, received, from_round, to_round),
    }


def _tables(con, from_round, to_round, area, area_col, rule, *, derived=True):
    return outcome_tables(
        con,
        from_round,
        to_round,
        area,
        rule=rule,
        model=MODEL,
        area_col=area_col,
        types=TYPES,
        derived=derived,
    )


def _equal(got: dict[str, pd.DataFrame], ref: dict[str, pd.DataFrame]) -> None:
    assert sorted(got) == sorted(ref)
    for name, want in ref.items():
        pd.testing.assert_frame_equal(
            got[name],
            want,
            check_exact=False,
            rtol=0,
            atol=TOL,
            obj=name,
            check_index_type=not want.empty,  # pandas calls an empty index of codes floating
        )


def _both_equal_the_reference(con, frame, from_round, to_round, area, area_col, rule):
    """The kept path and the direct path give the reference's tables; the kept path read the
    kept counts (fresh for this data version)."""
    ref = _reference(frame, rf.received(con, CATALOGUE), from_round, to_round, area, area_col, rule)
    kept = _tables(con, from_round, to_round, area, area_col, rule)
    assert _fresh(con, from_round, to_round, rule)
    _equal(kept, ref)
    _equal(_tables(con, from_round, to_round, area, area_col, rule, derived=False), ref)
    return kept


def _fresh(con, from_round, to_round, rule) -> bool:
    key = transitions_key(from_round, to_round, rule, MODEL)
    rows = con.execute("SELECT version FROM summary_keys WHERE key = ?", [key]).fetchall()
    return bool(rows) and rows[0][0] == store.data_version(con, ())


def _replace(
    con: duckdb.DuckDBPyConnection,
    households: pd.DataFrame,
    referrals: pd.DataFrame,
    events: pd.DataFrame,
) -> None:
    """Replace the store's households and referrals in one write (as an import does)."""
    full = referrals.assign(
        province_code="10",
        district_code="1001",
        subdistrict_code="100101",
        village_code="10010101",
        agency="x",
        deficits="",
        created_at=NOW,
        created_by="t",
        synthetic=True,
    )
    history = events.assign(seq=np.arange(1, len(events) + 1), changed_at=NOW, changed_by="t")
    with store.transaction(con):
        con.execute("DELETE FROM referral_events; DELETE FROM referrals; DELETE FROM households")
        con.register("new_households", households)
        con.register("new_referrals", full)
        con.register("new_events", history)
        con.execute("INSERT INTO households BY NAME SELECT * FROM new_households")
        con.execute("INSERT INTO referrals BY NAME SELECT * FROM new_referrals")
        con.execute("INSERT INTO referral_events BY NAME SELECT * FROM new_events")
        for name in ("new_households", "new_referrals", "new_events"):
            con.unregister(name)


# --- random stores ------------------------------------------------------------------------------


def _random_store(
    pool: pd.DataFrame,
    seed: int,
    n: int,
    present: tuple[float, float],
    p_move: float,
    p_deprived: float,
    n_referrals: int,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Households of a pool of ``n`` hh_ids in rounds 2563-2565 (each round with its own
    chance of being surveyed), some moving between subdistricts, random BMN answers on real
    household records; referrals with and without an 'assisted' event."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"H{i:04d}" for i in range(n)], dtype=object)
    home = rng.integers(0, len(SUBDISTRICTS), n)
    parts = []
    for round_be, p in ((2563, 0.5), (A, present[0]), (B, present[1])):
        keep = rng.random(n) < p
        k = int(keep.sum())
        part = pool.sample(k, replace=True, random_state=rng).reset_index(drop=True)
        where = home[keep].copy()
        moved = rng.random(k) < p_move
        where[moved] = rng.integers(0, len(SUBDISTRICTS), int(moved.sum()))
        sub = np.array(SUBDISTRICTS, dtype=object)[where]
        part["hh_id"] = ids[keep]
        part["round_be"] = np.int32(round_be)
        part["subdistrict_code"] = sub
        part["district_code"] = [s[:4] for s in sub]
        part["province_code"] = [s[:2] for s in sub]
        part["village_code"] = [s + "01" for s in sub]
        answers = rng.choice(
            [0.0, 1.0, np.nan], size=(k, len(BMN_CODES)), p=[p_deprived, 0.95 - p_deprived, 0.05]
        )
        for j, code in enumerate(BMN_CODES):
            part[code] = answers[:, j]
        parts.append(part)
    households = pd.concat(parts, ignore_index=True)
    who = np.concatenate([ids, np.array(["OUTSIDE"], dtype=object)])
    codes = [*TYPES, "not_in_the_catalogue"]
    referrals = pd.DataFrame(
        {
            "referral_id": [f"R{i:04d}" for i in range(n_referrals)],
            "hh_id": rng.choice(who, n_referrals) if n_referrals else [],
            "round_be": rng.choice([2563, A, B], n_referrals).astype("int32"),
            "intervention": rng.choice(codes, n_referrals) if n_referrals else [],
        }
    ).astype({"referral_id": str, "hh_id": str, "intervention": str})
    events = pd.DataFrame(
        {
            "referral_id": np.repeat(referrals["referral_id"].to_numpy(), 2),
            "to_status": rng.choice(
                ["identified", "assisted", "resolved", "cannot_resolve"], 2 * n_referrals
            ),
        }
    ).astype(str)
    return households, referrals, events


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(0, 150),
    present=st.tuples(st.sampled_from([0.0, 0.5, 0.9, 1.0]), st.sampled_from([0.0, 0.5, 1.0])),
    p_move=st.sampled_from([0.0, 0.3]),
    p_deprived=st.sampled_from([0.0, 0.02, 0.1]),
    n_referrals=st.integers(0, 80),
    rule_name=st.sampled_from(["tpmap", "af"]),
    k=st.floats(0.01, 1.0),
    area=st.sampled_from([None, "10", "20", "1001", "100102", "10010101"]),
    area_col=st.sampled_from(["province_code", "district_code", "subdistrict_code"]),
)
def test_outcome_tables_kept_and_direct_equal_the_reference_on_random_stores(
    demo, scratch, seed, n, present, p_move, p_deprived, n_referrals, rule_name, k, area, area_col
):
    _, pool = demo
    households, referrals, events = _random_store(
        pool, seed, n, present, p_move, p_deprived, n_referrals
    )
    _replace(scratch, households, referrals, events)
    _both_equal_the_reference(scratch, households, A, B, area, area_col, _rule(rule_name, k))


# --- hand-made households -----------------------------------------------------------------------

#: (subdistrict, poor) in 2564 and 2565; None = not surveyed that round
HAND = {
    "a": (("100101", True), ("100101", False)),  # exited
    "b": (("100101", True), ("100101", True)),  # stayed
    "c": (("100101", False), ("100101", True)),  # entered
    "d": (("100201", False), ("100201", False)),  # never
    "e": (("100201", True), None),  # poor, not surveyed again
    "f": (None, ("100201", True)),  # new in 2565
    "g": (("100201", True), ("200101", False)),  # exited after moving to another province
    "h": (("100101", False), None),  # not poor, not surveyed again
}
#: (hh_id, round the referral was based on, intervention type or code, reached 'assisted')
HAND_REFERRALS = [
    ("a", A, "health", True),
    ("a", A, "not_in_the_catalogue", True),  # counts as "other"
    ("b", A, "health", True),
    ("b", A, "education", True),
    ("b", A, "livelihood", False),  # never assisted: not received
    ("c", A, "finance", True),  # c was not poor in 2564
    ("e", A, "health", True),  # e was not surveyed again
    ("g", B, "housing", True),  # based on 2565: not help for 2564 → 2565
]


def _hand_frame(pool: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for hh, rounds in HAND.items():
        for round_be, answer in zip((A, B), rounds, strict=True):
            if answer is not None:
                rows.append((hh, round_be, *answer))
    frame = pool.head(len(rows)).reset_index(drop=True)
    frame["hh_id"] = [r[0] for r in rows]
    frame["round_be"] = np.array([r[1] for r in rows], dtype="int32")
    sub = [r[2] for r in rows]
    frame["subdistrict_code"], frame["district_code"] = sub, [s[:4] for s in sub]
    frame["province_code"], frame["village_code"] = [s[:2] for s in sub], [s + "01" for s in sub]
    for code in BMN_CODES:
        frame[code] = 1
    frame["bmn_01"] = [0 if r[3] else 1 for r in rows]  # one indicator failed: poor (TPMAP)
    return frame


@pytest.fixture
def hand(demo, scratch) -> tuple[duckdb.DuckDBPyConnection, pd.DataFrame]:
    _, pool = demo
    frame = _hand_frame(pool)
    referrals = pd.DataFrame(
        {
            "referral_id": [f"R{i}" for i in range(len(HAND_REFERRALS))],
            "hh_id": [r[0] for r in HAND_REFERRALS],
            "round_be": np.array([r[1] for r in HAND_REFERRALS], dtype="int32"),
            "intervention": [CODE_OF.get(r[2], r[2]) for r in HAND_REFERRALS],
        }
    )
    events = pd.DataFrame(
        {
            "referral_id": [f"R{i}" for i, r in enumerate(HAND_REFERRALS) if r[3]],
            "to_status": "assisted",
        }
    )
    _replace(scratch, frame, referrals, events)
    return scratch, frame


@pytest.mark.parametrize("derived", [True, False])
def test_households_surveyed_in_one_round_are_counted_apart(hand, derived):
    con, frame = hand
    got = _tables(con, A, B, None, "district_code", _rule("tpmap"), derived=derived)
    total = got["total"].loc["all"]
    assert total[["stayed", "exited", "entered", "never"]].tolist() == [1, 2, 1, 1]
    assert total["poor_not_resurveyed"] == 1  # e, not h (h was not poor)
    assert (total["poor_before"], total["poor_after"]) == (4, 3)  # a b e g → b c f
    assert total["exit_rate"] == 2 / 3 and total["net_change"] == -1
    flows = got["flows"]
    assert flows[oc.NOT_SURVEYED].sum() == 2  # e and h flow to "not surveyed"
    assert flows.loc[oc.NOT_SURVEYED].sum() == 1  # f flows from "not surveyed"
    assert flows.loc[oc.NOT_SURVEYED, oc.NOT_SURVEYED] == 0
    assert flows.to_numpy().sum() == len(HAND)
    _equal(got, _both_equal_the_reference(con, frame, A, B, None, "district_code", _rule("tpmap")))


@pytest.mark.parametrize("derived", [True, False])
def test_areas_are_the_households_area_in_the_first_round(hand, derived):
    con, frame = hand
    by_area = _tables(con, A, B, None, "district_code", _rule("tpmap"), derived=derived)["by_area"]
    assert by_area.index.tolist() == ["1001", "1002"]  # g moved to 2001 but counts in 1002
    counts = ["poor_before", "poor_after", "stayed", "exited", "entered", "never"]
    assert by_area.loc["1001", counts].tolist() == [2, 2, 1, 1, 1, 0]
    assert by_area.loc["1001", "poor_not_resurveyed"] == 0  # h was not poor
    # 1002: g exited (it is poor in 1002 in 2564), d never, e not surveyed again, f new there
    assert by_area.loc["1002", counts].tolist() == [2, 1, 0, 1, 0, 1]
    assert by_area.loc["1002", "exit_rate"] == 1.0
    # inside district 1002 only, g's 2565 record (in 2001) is outside: g was not surveyed again
    inside = _tables(con, A, B, "1002", "subdistrict_code", _rule("tpmap"), derived=derived)
    assert inside["by_area"].loc["100201", ["exited", "poor_not_resurveyed"]].tolist() == [0, 2]
    # inside province 20, g is new in 2565
    south = _tables(con, A, B, "20", "district_code", _rule("tpmap"), derived=derived)["by_area"]
    assert south.loc["2001", ["poor_before", "poor_after", "exited"]].tolist() == [0, 0, 0]
    for area, col in (
        (None, "province_code"),
        ("1002", "subdistrict_code"),
        ("20", "district_code"),
        ("10010101", "village_code"),
    ):
        _both_equal_the_reference(con, frame, A, B, area, col, _rule("tpmap"))


@pytest.mark.parametrize("derived", [True, False])
def test_exit_rates_by_intervention_received_count_only_help_based_on_the_first_round(
    hand, derived
):
    con, frame = hand
    got = _tables(con, A, B, None, "province_code", _rule("tpmap"), derived=derived)
    got = got["by_intervention"]
    # base: poor in 2564 and surveyed in 2565 = a (exited), b (stayed), g (exited)
    assert got.loc["health", ["households", "exited"]].tolist() == [2, 1]  # a, b
    assert got.loc["education", ["households", "exited"]].tolist() == [1, 0]  # b
    assert got.loc["other", ["households", "exited"]].tolist() == [1, 1]  # a, uncatalogued
    assert "finance" not in got.index and "housing" not in got.index
    assert "livelihood" not in got.index
    assert got.loc["any", ["households", "exited"]].tolist() == [2, 1]
    assert got.loc["none", ["households", "exited"]].tolist() == [1, 1]  # g
    assert got.loc["health", "difference_pts"] == -50.0
    assert got.index.tolist()[-2:] == ["any", "none"]
    ref = _reference(
        frame, rf.received(con, CATALOGUE), A, B, None, "province_code", _rule("tpmap")
    )
    _equal({"by_intervention": got}, {"by_intervention": ref["by_intervention"]})


def test_an_area_column_that_is_not_a_household_area_is_refused(hand):
    con, _ = hand
    assert "province_code" in AREA_COLUMNS
    with pytest.raises(ValueError, match="area_col must be one of"):
        _tables(con, A, B, None, "province_code; DROP TABLE households", _rule("tpmap"))


# --- kept, and when kept counts are stale --------------------------------------------------------


def _built(con, rule) -> list[tuple]:
    key = transitions_key(A, B, rule, MODEL)
    return con.execute("SELECT version, built_at FROM summary_keys WHERE key = ?", [key]).fetchall()


def test_the_key_fingerprints_the_rule_the_model_and_the_rounds():
    keys = {
        transitions_key(A, B, _rule("tpmap"), MODEL),
        transitions_key(A, B, _rule("af", 0.2), MODEL),
        transitions_key(A, B, _rule("af", 0.3), MODEL),
        transitions_key(2563, B, _rule("tpmap"), MODEL),
        transitions_key(A, B, _rule("tpmap"), HouseholdModel(MODEL.scoring, income_line=40_000)),
    }
    assert len(keys) == 5
    assert transitions_key(A, B, _rule("tpmap"), MODEL) == transitions_key(
        A, B, _rule("tpmap"), HouseholdModel(scoring=tuple(table("capital_scoring")))
    )


def test_kept_counts_follow_imports_not_referral_edits(hand):
    con, frame = hand
    rule = _rule("tpmap")
    before = _both_equal_the_reference(con, frame, A, B, None, "district_code", rule)
    built = _built(con, rule)
    assert built and con.execute(f"SELECT count(*) FROM {TABLE}").fetchall()[0][0] > 0

    # a referral edit: g (exited, helped by nothing so far) receives help based on 2564
    rid = rf.create_referral(
        con, hh_id="g", round_be=A, intervention=CODE_OF["housing"], by="t", at=NOW
    )
    for i, status in enumerate(["verified", "referred", "accepted", "in_progress", "assisted"]):
        rf.change_status(con, rid, status, by="t", at=NOW + dt.timedelta(days=i + 1))
    after_edit = _both_equal_the_reference(con, frame, A, B, None, "district_code", rule)
    assert _built(con, rule) == built  # the transitions were not grouped again
    assert after_edit["by_intervention"].loc["housing", ["households", "exited"]].tolist() == [1, 1]
    assert after_edit["by_intervention"].loc["none", "households"] == 0
    for name in ("total", "by_area", "flows"):
        pd.testing.assert_frame_equal(after_edit[name], before[name])

    # an import: d becomes poor in 2565 (entered)
    with store.transaction(con):
        con.execute("UPDATE households SET bmn_01 = 0 WHERE hh_id = 'd' AND round_be = ?", [B])
    changed = frame.copy()
    changed.loc[(changed["hh_id"] == "d") & (changed["round_be"] == B), "bmn_01"] = 0
    assert not _fresh(con, A, B, rule)  # stale until read again
    after_import = _both_equal_the_reference(con, changed, A, B, None, "district_code", rule)
    assert _built(con, rule) != built
    assert after_import["total"].loc["all", "entered"] == before["total"].loc["all", "entered"] + 1


def test_refresh_keeps_each_round_with_the_one_before(demo, scratch):
    _, pool = demo
    households, referrals, events = _random_store(pool, 7, 60, (0.9, 0.9), 0.1, 0.05, 10)
    _replace(scratch, households, referrals, events)
    rule = _rule("tpmap")
    assert sorted(refresh(scratch, rule=rule, model=MODEL)) == [(2563, A), (A, B)]
    assert _fresh(scratch, 2563, A, rule) and _fresh(scratch, A, B, rule)
    built = _built(scratch, rule)
    _equal(
        _tables(scratch, A, B, "10", "district_code", rule),
        _tables(scratch, A, B, "10", "district_code", rule, derived=False),
    )
    assert _built(scratch, rule) == built  # the page read what refresh kept


def test_a_read_only_store_answers_with_or_without_kept_counts(demo, tmp_path):
    _, pool = demo
    path = tmp_path / "s.duckdb"
    con = store.connect(path)
    _replace(
        con,
        _hand_frame(pool),
        pd.DataFrame(columns=["referral_id", "hh_id", "round_be", "intervention"]).astype(
            {"round_be": "int32"}
        ),
        pd.DataFrame(columns=["referral_id", "to_status"]),
    )
    con.close()
    rule = _rule("tpmap")
    frame = _hand_frame(pool)
    for keep_first in (False, True):
        if keep_first:  # kept by a writable connection, then read by a read-only one
            con = store.connect(path)
            assert kept_transitions(con, A, B, rule=rule, model=MODEL) is not None
            con.close()
        con = duckdb.connect(str(path), read_only=True)
        kept = kept_transitions(con, A, B, rule=rule, model=MODEL)
        assert (kept is not None) == keep_first
        ref = _reference(frame, rf.received(con, CATALOGUE), A, B, "10", "district_code", rule)
        _equal(_tables(con, A, B, "10", "district_code", rule), ref)
        con.close()


# --- the demo store ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "from_round, to_round, area, area_col, rule_name",
    [
        (A, B, None, "province_code", "tpmap"),
        (A, B, None, "province_code", "af"),
        (2563, B, "46", "district_code", "tpmap"),
        (2563, A, "46", "district_code", "af"),
        (A, B, "district", "subdistrict_code", "tpmap"),
    ],
)
def test_outcome_tables_kept_and_direct_equal_the_reference_on_the_demo(
    demo, from_round, to_round, area, area_col, rule_name
):
    con, frame = demo
    if area == "district":  # the demo's first district of province 46
        area = sorted(frame.loc[frame["province_code"] == "46", "district_code"].unique())[0]
    rule = _rule(rule_name)
    got = _both_equal_the_reference(con, frame, from_round, to_round, area, area_col, rule)
    assert got["total"].loc["all", "exited"] > 0 and len(got["by_area"]) > 1
    assert got["by_intervention"].loc["any", "households"] > 0
