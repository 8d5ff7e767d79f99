"""The outcome tables the database computes (query.outcomes) equal the pure reference
(analysis.outcomes on households scored by analysis.poverty and analysis.why): on random stores,
on hand-made households whose counts are worked out by hand, and on the seeded demo store.
Counts exactly, rates to 1e-12, same index, columns and dtypes."""

from __future__ import annotations

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
from data.schema import BMN_CODES, table
from data.store import PoorRule
from data.store import connect as connect_store
from povmap import rules
from query import scope
from query.outcomes import AREA_COLUMNS, outcome_tables
from query.profile import HouseholdModel

TOL = 1e-12
A, B = 2564, 2565
MODEL = HouseholdModel(scoring=tuple(table("capital_scoring")))
CATALOGUE = load_catalogue()
TYPES = CATALOGUE.interventions["type"].to_dict()
#: one intervention code of each type in the catalogue
CODE_OF = {kind: code for code, kind in reversed(list(TYPES.items()))}
SUBDISTRICTS = ("100101", "100102", "100201", "200101", "200102")
PANEL_COLUMNS = ["hh_id", "round_be", "province_code", "district_code", "subdistrict_code"]


@pytest.fixture(scope="module")
def demo(demo_store) -> tuple[duckdb.DuckDBPyConnection, pd.DataFrame]:
    con = connect_store(demo_store)  # as the app opens it (one configuration per file)
    frame = con.execute("SELECT * FROM households ORDER BY round_be, hh_id").df()
    yield con, frame
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


def _tables(con, from_round, to_round, area, area_col, rule) -> dict[str, pd.DataFrame]:
    return outcome_tables(
        con, from_round, to_round, area, rule=rule, model=MODEL, area_col=area_col, types=TYPES
    )


def _equal(got: dict[str, pd.DataFrame], ref: dict[str, pd.DataFrame]) -> None:
    assert sorted(got) == sorted(ref)
    for name, want in ref.items():
        pd.testing.assert_frame_equal(
            got[name], want, check_exact=False, rtol=0, atol=TOL, obj=name
        )


def _store(
    households: pd.DataFrame, referrals: pd.DataFrame, events: pd.DataFrame
) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.register("households", households)
    con.register("referrals", referrals)
    con.register("referral_events", events)
    return con


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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(0, 150),
    present=st.tuples(st.sampled_from([0.0, 0.5, 0.9, 1.0]), st.sampled_from([0.0, 0.5, 1.0])),
    p_move=st.sampled_from([0.0, 0.3]),
    p_deprived=st.sampled_from([0.0, 0.02, 0.1]),
    n_referrals=st.integers(0, 80),
    rule_name=st.sampled_from(["tpmap", "af"]),
    k=st.floats(0.01, 1.0),
    area=st.sampled_from([None, "10", "20", "1001", "100102"]),
    area_col=st.sampled_from(["province_code", "district_code", "subdistrict_code"]),
)
def test_outcome_tables_in_sql_equal_the_reference_on_random_stores(
    demo, seed, n, present, p_move, p_deprived, n_referrals, rule_name, k, area, area_col
):
    _, pool = demo
    households, referrals, events = _random_store(
        pool, seed, n, present, p_move, p_deprived, n_referrals
    )
    con = _store(households, referrals, events)
    rule = _rule(rule_name, k)
    got = _tables(con, A, B, area, area_col, rule)
    _equal(got, _reference(households, rf.received(con, CATALOGUE), A, B, area, area_col, rule))


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


@pytest.fixture
def hand(demo) -> tuple[duckdb.DuckDBPyConnection, pd.DataFrame, pd.DataFrame]:
    _, pool = demo
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
    con = _store(frame, referrals, events)
    yield con, frame, rf.received(con, CATALOGUE)
    con.close()


def test_households_surveyed_in_one_round_are_counted_apart(hand):
    con, frame, received = hand
    got = _tables(con, A, B, None, "district_code", _rule("tpmap"))
    total = got["total"].loc["all"]
    assert total[["stayed", "exited", "entered", "never"]].tolist() == [1, 2, 1, 1]
    assert total["poor_not_resurveyed"] == 1  # e
    assert (total["poor_before"], total["poor_after"]) == (4, 3)  # a b e g → b c f
    assert total["exit_rate"] == 2 / 3 and total["net_change"] == -1
    flows = got["flows"]
    assert flows[oc.NOT_SURVEYED].sum() == 1  # e flows to "not surveyed"
    assert flows.loc[oc.NOT_SURVEYED].sum() == 1  # f flows from "not surveyed"
    assert flows.to_numpy().sum() == len(HAND)
    _equal(got, _reference(frame, received, A, B, None, "district_code", _rule("tpmap")))


def test_areas_are_the_households_area_in_the_first_round(hand):
    con, frame, received = hand
    by_area = _tables(con, A, B, None, "district_code", _rule("tpmap"))["by_area"]
    assert by_area.index.tolist() == ["1001", "1002"]  # g moved to 2001 but counts in 1002
    counts = ["poor_before", "poor_after", "stayed", "exited", "entered", "never"]
    assert by_area.loc["1001", counts].tolist() == [2, 2, 1, 1, 1, 0]
    # 1002: g exited (it is poor in 1002 in 2564), d never, e not surveyed again, f new there
    assert by_area.loc["1002", counts].tolist() == [2, 1, 0, 1, 0, 1]
    assert by_area.loc["1002", "exit_rate"] == 1.0
    # inside district 1002 only, g's 2565 record (in 2001) is outside: g was not surveyed again
    inside = _tables(con, A, B, "1002", "subdistrict_code", _rule("tpmap"))["by_area"]
    assert inside.loc["100201", ["exited", "poor_not_resurveyed"]].tolist() == [0, 2]
    for area, col in (
        (None, "province_code"),
        ("1002", "subdistrict_code"),
        ("20", "district_code"),
    ):
        got = _tables(con, A, B, area, col, _rule("tpmap"))
        _equal(got, _reference(frame, received, A, B, area, col, _rule("tpmap")))


def test_exit_rates_by_intervention_received_count_only_help_based_on_the_first_round(hand):
    con, frame, received = hand
    got = _tables(con, A, B, None, "province_code", _rule("tpmap"))["by_intervention"]
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
    ref = _reference(frame, received, A, B, None, "province_code", _rule("tpmap"))
    _equal({"by_intervention": got}, {"by_intervention": ref["by_intervention"]})


def test_an_area_column_that_is_not_a_household_area_is_refused(hand):
    con, _, _ = hand
    assert "province_code" in AREA_COLUMNS
    with pytest.raises(ValueError, match="area_col must be one of"):
        _tables(con, A, B, None, "province_code; DROP TABLE households", _rule("tpmap"))


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
def test_outcome_tables_in_sql_equal_the_reference_on_the_demo(
    demo, from_round, to_round, area, area_col, rule_name
):
    con, frame = demo
    if area == "district":  # the demo's first district of province 46
        area = sorted(frame.loc[frame["province_code"] == "46", "district_code"].unique())[0]
    rule = _rule(rule_name)
    got = _tables(con, from_round, to_round, area, area_col, rule)
    ref = _reference(frame, rf.received(con, CATALOGUE), from_round, to_round, area, area_col, rule)
    assert ref["total"].loc["all", "exited"] > 0 and len(ref["by_area"]) > 1
    assert ref["by_intervention"].loc["any", "households"] > 0
    _equal(got, ref)
