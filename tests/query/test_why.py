"""The Why page's numbers from the database (query.why) equal the pure references
(analysis.why, analysis.causes, analysis.areas) run on the demo store's households, with and
without researcher filters, at a province, a district, a subdistrict and the country."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from analysis import why
from analysis.areas import area_measures
from analysis.causes import cause_shares, compare_with_parents, indicator_shares
from analysis.poverty import poor_households
from data.schema import BMN_CODES, bmn_indicators, table
from data.store import PoorRule
from data.store import connect as connect_store
from povmap import rules
from query.access import Access
from query.profile import CAPITALS, HouseholdModel
from query.why import SCOPES, WhyNumbers, child_column, why_numbers

TOL = 1e-15
MODEL = HouseholdModel(scoring=tuple(table("capital_scoring")))
INDICATORS = [(r["code"], r["dimension"]) for r in bmn_indicators()]
K = 0.2
#: the largest difference between a ratio here and its reference, over every test
MEASURED: list[float] = []


@pytest.fixture(scope="module")
def store(demo_store) -> tuple[duckdb.DuckDBPyConnection, pd.DataFrame]:
    con = connect_store(demo_store)  # as the app opens it (one configuration per file)
    frame = con.execute("SELECT * FROM households ORDER BY hh_id, round_be").df()
    profiled = why.add_profile(
        frame,
        pd.DataFrame(table("capital_scoring")),
        income_line=MODEL.income_line,
        weak_below=MODEL.weak_below,
        struggling_weak=MODEL.struggling_weak,
        fragile_margin=MODEL.fragile_margin,
    )
    # the type flag welfare_card replaces the stored column of the same name (same values)
    yield con, profiled.loc[:, ~profiled.columns.duplicated(keep="last")]
    con.close()


def _poor(frame: pd.DataFrame, rule: PoorRule) -> pd.Series:
    """Who is poor under ``rule`` (the pure reference, analysis.poverty)."""
    return poor_households(frame, rule.name, dict(rule.weights) or rules.af_weights(), rule.k)


def _close(got: object, ref: object, what: str) -> None:
    a = np.asarray(got, dtype=float)
    b = np.asarray(ref, dtype=float)
    assert a.shape == b.shape, what
    assert np.array_equal(np.isnan(a), np.isnan(b)), what
    diff = float(np.nanmax(np.abs(a - b), initial=0.0))
    MEASURED.append(diff)
    assert diff <= TOL, f"{what}: {diff}"


def _frame_equal(got: pd.DataFrame, ref: pd.DataFrame, what: str) -> None:
    assert list(got.index) == list(ref.index), what
    assert got.index.names == ref.index.names, what
    assert list(got.columns) == list(ref.columns), what
    for column in ref.columns:
        if pd.api.types.is_float_dtype(ref[column]):
            _close(got[column], ref[column], f"{what}.{column}")
        else:
            assert got[column].dtype.kind == ref[column].dtype.kind, f"{what}.{column}"
            assert got[column].tolist() == ref[column].tolist(), f"{what}.{column}"


def _inside(frame: pd.DataFrame, code: str | None) -> pd.DataFrame:
    if not code:
        return frame
    column = {2: "province", 4: "district", 6: "subdistrict", 8: "village"}[len(code)]
    return frame[frame[f"{column}_code"] == code]


def _reference(frame, round_be, area, rule, types, levels) -> dict[str, object]:
    """What pages/why.py computed in pandas before the door, on the same households."""
    rows = why.apply_filters(frame[frame["round_be"] == round_be], types, levels)
    parent = area[:-2] if area and len(area) > 2 else None
    scopes = {"area": _inside(rows, area), "parent": _inside(rows, parent), "country": rows}
    here = scopes["area"]
    weights = rules.af_weights()
    codes = list(BMN_CODES)
    mpi = why.mpi_table(here, codes, weights, K, child_column(area))
    tpmap = pd.DataFrame(
        {
            "_all": "all",
            "members": here["members"].to_numpy(),
            "poor": _poor(here, PoorRule("tpmap")).to_numpy(),
            "welfare_card": False,
        }
    )
    causes = {
        s: cause_shares(f[_poor(f, rule)].assign(_a="all"), "_a")["share"].droplevel(0)
        for s, f in scopes.items()
    }
    failing = {
        s: indicator_shares(f[_poor(f, rule)].assign(_a="all"), "_a", codes)["share"].droplevel(0)
        for s, f in scopes.items()
    }
    return {
        "rows": scopes,
        "capitals_all": {s: why.capital_means(f) for s, f in scopes.items()},
        "capitals_poor": {s: why.capital_means(f, _poor(f, rule)) for s, f in scopes.items()},
        "levels": why.level_distribution(here),
        "overall": why.overall_mpi(here, codes, weights, K),
        "mpi": mpi,
        "dimensions": why.dimension_contributions(
            mpi, pd.DataFrame(INDICATORS, columns=["code", "dimension"]), weights
        ),
        "tpmap": area_measures(tpmap, "_all")["headcount_ratio"].iloc[0] if len(here) else None,
        "cause_comparison": compare_with_parents(*causes.values()),
        "indicator_comparison": compare_with_parents(*failing.values()),
    }


def _numbers(con, round_be, area, rule, types, levels) -> WhyNumbers:
    return why_numbers(
        con,
        round_be,
        area,
        rule=rule,
        model=MODEL,
        weights=dict(rules.af_weights()),
        k=K,
        indicators=INDICATORS,
        types=types,
        levels=levels,
    )


CASES = [
    # (area, types, levels, rule)
    (None, (), (), "tpmap"),
    ("46", (), (), "tpmap"),
    ("4601", (), (), "tpmap"),
    ("46", ("with_children",), (), "tpmap"),
    ("4601", (), ("struggling", "difficult"), "af"),
    (None, ("welfare_card",), ("getting_by", "struggling"), "af"),
    ("46", ("elderly_only", "with_disabled"), (), "af"),
]


@pytest.mark.parametrize("area, types, levels, rule_name", CASES)
def test_why_numbers_equal_the_reference(store, area, types, levels, rule_name):
    con, frame = store
    rule = rules.poor_rule(rule_name, K)
    ref = _reference(frame, 2564, area, rule, types, levels)
    got = _numbers(con, 2564, area, rule, types, levels)
    assert got.households == len(ref["rows"]["area"]) > 0
    for name in ("capitals_all", "capitals_poor"):
        table_ = getattr(got, name)
        assert list(table_.index) == list(CAPITALS) and list(table_.columns) == list(SCOPES)
        for s in SCOPES:
            _close(table_[s], ref[name][s].to_numpy(), f"{name}[{s}]")
    _frame_equal(got.levels, ref["levels"], "levels")
    assert list(got.overall.index) == list(ref["overall"].index)
    _close(got.overall.to_numpy(float), ref["overall"].to_numpy(float), "overall")
    _frame_equal(got.mpi, ref["mpi"], "mpi")
    _frame_equal(got.dimensions, ref["dimensions"], "dimensions")
    _close([got.tpmap_ratio], [ref["tpmap"]], "tpmap ratio")
    _frame_equal(got.cause_comparison, ref["cause_comparison"], "causes")
    _frame_equal(got.indicator_comparison, ref["indicator_comparison"], "indicators")


@pytest.mark.parametrize("area", [None, "46", "4601"])
def test_cause_and_indicator_counts_and_ranks_equal_the_reference(store, area):
    con, frame = store
    rule = PoorRule()
    rows = frame[frame["round_be"] == 2565]
    got = _numbers(con, 2565, area, rule, (), ())
    parent = area[:-2] if area and len(area) > 2 else None
    for s, code in zip(SCOPES, (area, parent, None), strict=True):
        poor = _inside(rows, code)
        poor = poor[_poor(poor, rule)].assign(_a="all")
        causes = cause_shares(poor, "_a").droplevel(0)
        _frame_equal(got.causes.loc[s], causes, f"causes[{s}]")
        failing = indicator_shares(poor, "_a", list(BMN_CODES)).droplevel(0)
        _frame_equal(got.indicator_shares.loc[s], failing, f"indicators[{s}]")


def test_a_subdistrict_compares_with_its_district_and_an_empty_selection_is_zero(store):
    con, frame = store
    code = frame.loc[frame["province_code"] == "46", "subdistrict_code"].min()
    rule = PoorRule()
    ref = _reference(frame, 2564, code, rule, (), ())
    got = _numbers(con, 2564, code, rule, (), ())
    assert list(got.mpi.index) == [code]  # the page's table: the subdistrict itself
    _frame_equal(got.mpi, ref["mpi"], "mpi")
    _frame_equal(got.cause_comparison, ref["cause_comparison"], "causes")
    for s in SCOPES:
        _close(got.capitals_poor[s], ref["capitals_poor"][s].to_numpy(), s)
    # no household of every type at once: nothing, not an error
    none = _numbers(con, 2564, "46", rule, ("elderly_only", "with_children"), ("living_well",))
    assert none.households == 0 and none.levels["households"].sum() == 0
    assert np.isnan(none.tpmap_ratio) and none.mpi.empty and none.causes.empty


def test_village_poverty_equals_the_reference(store):
    from query.village import village_poverty

    con, frame = store
    rule = PoorRule()
    rows = frame[frame["round_be"] == 2564]
    busiest = rows[_poor(rows, rule)]["village_code"].value_counts().index[0]
    here = rows[rows["village_code"] == busiest]
    poor = here[_poor(here, rule)]
    got = village_poverty(con, 2564, busiest, rule=rule, model=MODEL)
    ref_levels = why.level_distribution(here)
    assert got.levels["households"].tolist() == ref_levels["households"].tolist()
    assert got.poor_households == len(poor) > 0
    _close(got.capitals, why.capital_means(poor).to_numpy(), "village capitals")
    assert got.causes.to_dict() == poor["main_cause"].fillna("other").value_counts().to_dict()
    assert got.failing.to_dict() == (poor[list(BMN_CODES)] == 0).sum().to_dict()


def test_poor_needs_equal_area_needs(store):
    from analysis.technology import area_needs
    from query.sites_read import poor_needs

    con, frame = store
    rule = PoorRule()
    rows = frame[(frame["round_be"] == 2564) & (frame["province_code"] == "46")]
    causes, failing = area_needs(rows[_poor(rows, rule)], BMN_CODES)
    got_causes, got_failing = poor_needs(con, 2564, "46", rule, BMN_CODES)
    assert got_causes.index.tolist() == causes.index.tolist()
    assert got_failing.index.tolist() == failing.index.tolist()
    _close(got_causes, causes, "causes")
    _close(got_failing, failing, "failing")


def test_outcome_panel_and_household_history_score_as_the_reference(store):
    from analysis import outcomes as oc
    from analysis.capitals import LEVELS
    from query.household_profile import household_history
    from query.outcomes import outcome_tables

    con, frame = store
    rule = PoorRule()
    ref = frame[frame["province_code"].eq("46") & frame["round_be"].isin([2564, 2565])]
    ref = ref.assign(poor=_poor(ref, rule)).sort_values(["round_be", "hh_id"])
    panel = ref[["hh_id", "round_be", "district_code", "level", "poor"]]
    for derived in (True, False):  # the kept transition counts, and households grouped directly
        got = outcome_tables(
            con,
            2564,
            2565,
            "46",
            rule=rule,
            model=MODEL,
            area_col="district_code",
            types={},
            derived=derived,
        )
        # the levels and the poverty scored in SQL, household by household, as the reference's
        want = oc.level_flows(panel, 2564, 2565, levels=LEVELS)
        _frame_equal(got["flows"], want, "flows")
        want = oc.transitions(panel, 2564, 2565, area_col="district_code")
        _frame_equal(got["by_area"], want, "by_area")
    hh_id = ref["hh_id"].iloc[0]
    history = household_history(con, hh_id, model=MODEL, rule=rule, access=Access.full())
    mine = frame[frame["hh_id"] == hh_id].sort_values("round_be")
    assert "head_id_hash" not in history and len(history) == len(mine)
    for c in CAPITALS:
        _close(history[f"capital_{c}"], mine[c], c)
    assert history["level"].tolist() == mine["level"].tolist()


def test_the_largest_difference_measured(store):
    """Runs last: the differences above stayed within TOL (printed with -s)."""
    print(f"largest difference to the reference: {max(MEASURED, default=0.0):.3g}")
    assert max(MEASURED, default=0.0) <= TOL
