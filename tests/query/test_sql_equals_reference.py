"""The database computes what the pure reference computes: Alkire–Foster (query.poverty vs
analysis.mpi.af_by_area) and the household model (query.profile vs analysis.capitals/why), on
random data and on the seeded demo store."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.mpi import af_by_area
from analysis.poverty import poor_households
from analysis.why import add_profile, apply_filters
from data import store
from data.schema import BMN_CODES, table
from povmap import rules
from query.poverty import af_sql, af_table
from query.profile import CAPITALS, HOUSEHOLD_TYPES, HouseholdModel, filter_sql, profiled

TOL = 1e-15  # the agreement the reference and the SQL keep (float sums in another order)
MODEL = HouseholdModel(scoring=tuple(table("capital_scoring")))


def _random_households(rng: np.random.Generator, n: int, d: int) -> pd.DataFrame:
    frame = pd.DataFrame(
        rng.choice([0.0, 1.0, np.nan], size=(n, d), p=[0.3, 0.6, 0.1]),
        columns=[f"i{j}" for j in range(d)],
    )
    frame["area"] = rng.choice(list("abcdefg"), size=n)
    frame["size"] = rng.integers(1, 9, size=n)
    return frame


def _compare(got: pd.DataFrame, ref: pd.DataFrame, key: str) -> None:
    got = got.set_index(key).loc[ref.index]
    assert list(got.columns) == list(ref.columns)
    for column in ref.columns:
        a, b = got[column].to_numpy(float), ref[column].to_numpy(float)
        assert np.array_equal(np.isnan(a), np.isnan(b)), column
        assert np.nanmax(np.abs(a - b), initial=0.0) <= TOL, column


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 400),
    d=st.integers(1, 9),
    k=st.floats(0.01, 1.0),
    equal=st.booleans(),
)
def test_alkire_foster_in_sql_equals_the_reference(seed, n, d, k, equal):
    rng = np.random.default_rng(seed)
    frame = _random_households(rng, n, d)
    raw = np.ones(d) if equal else rng.random(d) + 0.01
    weights = pd.Series(raw / raw.sum(), index=[f"i{j}" for j in range(d)])
    weights.iloc[-1] = 1.0 - weights.iloc[:-1].sum()  # sums to 1 within a rounding
    con = duckdb.connect()
    con.register("hh", frame)
    got = af_table(con, "hh", ["area"], dict(weights), k, population="size")
    ref = af_by_area(frame, list(weights.index), weights, k, "area", "size")
    _compare(got, ref, "area")


def test_alkire_foster_without_groups_or_population_is_one_row_of_households():
    frame = pd.DataFrame({"i1": [0, 1, 0, None], "i2": [0, 1, 1, 0]})
    con = duckdb.connect()
    con.register("hh", frame)
    got = af_table(con, "hh", [], {"i1": 0.5, "i2": 0.5}, 0.5, population=None)
    assert len(got) == 1
    # households 1 (both failed), 3 and 4 (one failed each) reach k = 0.5: q = 3 of 4
    assert got.loc[0, "H"] == 0.75 and got.loc[0, "poor_households"] == 3
    assert got.loc[0, "A"] == pytest.approx(2 / 3, abs=TOL)
    assert got.loc[0, "M0"] == pytest.approx(0.5, abs=TOL)


@pytest.mark.parametrize(
    "weights, k, message",
    [
        ({"i1": 0.5, "i2": 0.4}, 0.5, "sum to 1"),
        ({"i1": 1.5, "i2": -0.5}, 0.5, "non-negative"),
        ({"i1": 1.0}, 0.0, r"\(0, 1\]"),
        ({"i1; DROP TABLE x": 1.0}, 0.5, "not a column name"),
    ],
)
def test_alkire_foster_refuses_bad_weights_and_cut_offs(weights, k, message):
    with pytest.raises(ValueError, match=message):
        af_sql("hh", [], weights, k)


@pytest.fixture(scope="module")
def households(demo_store) -> tuple[duckdb.DuckDBPyConnection, pd.DataFrame]:
    con = store.connect(demo_store)  # as the app opens it (one configuration per file)
    frame = con.execute("SELECT * FROM households ORDER BY hh_id, round_be").df()
    yield con, frame
    con.close()


def test_the_household_model_in_sql_equals_the_reference_on_the_demo(households):
    con, frame = households
    got = con.execute(f"SELECT * FROM {profiled(MODEL)} AS h ORDER BY hh_id, round_be").df()
    ref = add_profile(
        frame,
        pd.DataFrame(table("capital_scoring")),
        income_line=MODEL.income_line,
        weak_below=MODEL.weak_below,
        struggling_weak=MODEL.struggling_weak,
        fragile_margin=MODEL.fragile_margin,
    )
    for capital in CAPITALS:
        a, b = got[f"capital_{capital}"].to_numpy(float), ref[capital].to_numpy(float)
        assert np.array_equal(np.isnan(a), np.isnan(b)) and np.nanmax(np.abs(a - b)) <= TOL
    assert (got["level"].to_numpy() == ref["level"].to_numpy()).all()
    assert set(got["level"]) == {"struggling", "difficult", "getting_by", "living_well"}
    flags = ref.loc[:, ~ref.columns.duplicated(keep="last")]
    for name in HOUSEHOLD_TYPES:
        assert (got[name].to_numpy() == flags[name].to_numpy().astype(bool)).all(), name


@pytest.mark.parametrize(
    "types, levels",
    [
        ((), ()),
        (("with_children",), ()),
        ((), ("struggling", "difficult")),
        (("elderly_only", "welfare_card"), ("getting_by",)),
    ],
)
def test_researcher_filters_in_sql_keep_the_reference_households(households, types, levels):
    con, frame = households
    sql = (
        f"SELECT hh_id, round_be FROM {profiled(MODEL)} AS h"
        f" WHERE {filter_sql(types, levels)} ORDER BY hh_id, round_be"
    )
    got = con.execute(sql).df()
    ref = add_profile(
        frame,
        pd.DataFrame(table("capital_scoring")),
        income_line=MODEL.income_line,
        weak_below=MODEL.weak_below,
        struggling_weak=MODEL.struggling_weak,
        fragile_margin=MODEL.fragile_margin,
    )
    ref = ref.loc[:, ~ref.columns.duplicated(keep="last")]
    kept = apply_filters(ref, types, levels)
    assert len(got) > 0 or len(kept) == 0
    assert got["hh_id"].tolist() == kept["hh_id"].tolist()


def test_researcher_filters_refuse_unknown_names():
    with pytest.raises(ValueError, match="unknown household type"):
        filter_sql(["x OR TRUE"])
    with pytest.raises(ValueError, match="unknown level"):
        filter_sql((), ["poor' OR 'a'='a"])


def test_alkire_foster_on_the_demo_equals_the_reference_per_district(households):
    con, frame = households
    weights = rules.af_weights()
    got = af_table(
        con,
        "households",
        ["district_code"],
        dict(weights),
        0.2,
        where="round_be = ?",
        params=[2564],
        indicators=list(BMN_CODES),
    )
    part = frame[frame["round_be"] == 2564]
    ref = af_by_area(part, list(BMN_CODES), weights, 0.2, "district_code", "members")
    _compare(got, ref, "district_code")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 300),
    rule_name=st.sampled_from(["tpmap", "af"]),
    k=st.floats(0.01, 1.0),
)
def test_the_poor_rule_in_sql_equals_the_reference(seed, n, rule_name, k):
    rng = np.random.default_rng(seed)
    codes = list(BMN_CODES)
    frame = pd.DataFrame(
        rng.choice([0.0, 1.0, np.nan], size=(n, len(codes)), p=[0.1, 0.8, 0.1]), columns=codes
    )
    raw = rng.random(len(codes)) + 0.01
    weights = dict(zip(codes, (raw / raw.sum()).tolist(), strict=True))
    rule = store.PoorRule(rule_name, k, tuple(weights.items()) if rule_name == "af" else ())
    con = duckdb.connect()
    con.register("hh", frame)
    got = con.execute(f"SELECT {rule.sql()} AS poor FROM hh").df()["poor"]
    ref = poor_households(frame, rule_name, weights, k)
    assert got.tolist() == ref.tolist()


def test_the_poor_rule_in_sql_equals_the_reference_on_the_demo(households):
    con, frame = households
    for rule in (rules.poor_rule("tpmap"), rules.poor_rule("af", 0.2), rules.poor_rule("af", 0.4)):
        got = (
            con.execute(f"SELECT hh_id, round_be, {rule.sql()} AS poor FROM households")
            .df()
            .set_index(["hh_id", "round_be"])["poor"]
        )
        ref = poor_households(frame, rule.name, rules.af_weights(), rule.k)
        ref.index = pd.MultiIndex.from_frame(frame[["hh_id", "round_be"]])
        assert ref.sum() > 0, rule
        assert (got.loc[ref.index] == ref).all(), rule
