"""Monitored categories and risk clearing on hand-made three-round panels (known answers).

The line is 38,000 baht per person per year; with the default thresholds an exited household
is unstable below 57,000 (1.5 × the line), a household never poor is marginal below 57,000.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.monitoring import (
    CATEGORIES,
    SHOCKS,
    MonitoringThresholds,
    classify,
    risk_cleared,
    shocks,
)
from analysis.working_days import add_working_days, is_working_day, working_days_between

LINE = 38_000.0
TPMAP = {"bmn_02": 1.0, "bmn_13": 1.0, "bmn_15": 1.0}
ROUNDS = (2563, 2564, 2565)


def row(hh, round_be, income, **changes):
    """One household record; poor under TPMAP exactly when its income is below the line."""
    out = {
        "hh_id": hh,
        "round_be": round_be,
        "province_code": "46",
        "village_code": "46010103",
        "income_per_person_year": float(income),
        "bmn_02": 1,
        "bmn_13": 1,
        "bmn_15": int(income >= LINE),
        "members": 4,
        "hc_chronic_ill": 0,
        "members_disabled": 0,
        "fc_debt_baht": 10_000.0,
        "main_cause": None,
    }
    out.update(changes)
    return out


def panel(*households):
    """Rows of (hh_id, [income per round or None], {round: changes})."""
    rows = []
    for hh, incomes, *changes in households:
        extra = changes[0] if changes else {}
        for r, income in zip(ROUNDS, incomes, strict=True):
            if income is not None:
                rows.append(row(hh, r, income, **extra.get(r, {})))
    return pd.DataFrame(rows)


PANEL = panel(
    ("U1", [30_000, 30_000, 45_000]),  # exited in 2565, still within 1.5 × the line
    ("U2", [30_000, 80_000, 90_000]),  # exited in 2564, comfortably above
    ("M1", [50_000, 52_000, 55_000]),  # never poor, within 1.5 × the line
    ("M2", [100_000, 100_000, 100_000]),  # never poor, well off
    ("P1", [40_000, 40_000, 30_000], {2565: {"hc_chronic_ill": 1}}),  # poor now: not monitored
    ("S1", [100_000, 100_000, 100_000], {2565: {"hc_chronic_ill": 2}}),  # a new chronic illness
    ("S2", [100_000, 100_000, 69_000]),  # income fell 31 %
    ("S3", [100_000, 100_000, 71_000]),  # income fell 29 %: not a shock
    ("S4", [60_000, 60_000, 60_000], {2565: {"fc_debt_baht": 10_000.0 + 150_000}}),  # debt
    ("S5", [30_000, 30_000, 40_000], {2565: {"main_cause": "disaster"}}),  # exited, then flood
    ("D1", [100_000, 100_000, 100_000], {2565: {"members_disabled": 1}}),
    ("N1", [None, None, 50_000]),  # surveyed for the first time
)


def categories(out: pd.DataFrame) -> dict[str, str | None]:
    return dict(zip(out["hh_id"], out["category"], strict=True))


def test_each_hand_made_household_lands_in_its_category():
    out = classify(PANEL, 2565, income_line=LINE, weights=TPMAP)
    assert categories(out) == {
        "D1": "sudden_hardship",
        "M1": "marginal",
        "M2": None,
        "N1": "marginal",
        "P1": None,
        "S1": "sudden_hardship",
        "S2": "sudden_hardship",
        "S3": None,
        "S4": "sudden_hardship",
        "S5": "sudden_hardship",
        "U1": "exited_unstable",
        "U2": None,
    }
    by = out.set_index("hh_id")
    assert by.loc["S5", "exited_unstable"] and by.loc["S5", "sudden_hardship"]
    assert by.loc["S5", "shocks"] == "disaster" and by.loc["S1", "shocks"] == "illness"
    assert by.loc["S2", "shocks"] == "income_drop" and by.loc["S4", "shocks"] == "large_expense"
    assert by.loc["D1", "shocks"] == "disability" and by.loc["S3", "shocks"] == ""
    assert by.loc["P1", "poor"] and by.loc["P1", "shocks"] == "illness"
    assert not by.loc["P1", list(CATEGORIES)].any()
    assert by.loc["U2", "exited"] and not by.loc["M1", "exited"]
    assert by.loc["U1", "income_ratio"] == pytest.approx(45_000 / 38_000)
    assert list(out.columns[:3]) == ["hh_id", "province_code", "village_code"]


def test_the_look_back_decides_who_has_exited():
    out = classify(
        PANEL,
        2565,
        income_line=LINE,
        weights=TPMAP,
        thresholds=MonitoringThresholds(exit_lookback_rounds=1),
    ).set_index("hh_id")
    # U2 was poor in 2563 only: with one round of look-back it has not exited, and is well off
    assert not out.loc["U2", "exited"] and out.loc["U2", "category"] is None
    assert out.loc["U1", "category"] == "exited_unstable"


def test_margins_and_shares_are_thresholds():
    wide = MonitoringThresholds(unstable_margin=1.5, marginal_multiple=2.0, income_drop_share=0.25)
    out = classify(PANEL, 2565, income_line=LINE, weights=TPMAP, thresholds=wide)
    got = categories(out)
    assert got["U2"] == "exited_unstable"  # 90,000 < 38,000 × 2.5
    assert got["M2"] is None and got["S3"] == "sudden_hardship"  # a 29 % fall is now a shock
    assert out.set_index("hh_id").loc["S4", "marginal"]  # 60,000 < 76,000


def test_failing_indicators_again_counts_under_alkire_foster():
    # four indicators weighted 1/4, poor at k = 0.75: failing one or two is not poor
    weights = {"bmn_02": 0.25, "bmn_03": 0.25, "bmn_13": 0.25, "bmn_15": 0.25}
    rows = pd.DataFrame(
        [
            row("X", 2564, 30_000, bmn_02=0, bmn_03=0, bmn_13=0),  # poor: fails 4
            row("X", 2565, 90_000, bmn_03=0, bmn_13=1),  # exited, fails one again
            row("Y", 2564, 90_000, bmn_03=1),
            row("Y", 2565, 90_000, bmn_02=0, bmn_03=0),  # never poor, fails two
            row("Z", 2564, 90_000, bmn_03=1),
            row("Z", 2565, 90_000, bmn_03=0),  # fails one: below N = 2
        ]
    ).fillna({"bmn_03": 1})
    out = classify(rows, 2565, income_line=LINE, weights=weights, rule_name="af", k=0.75)
    assert categories(out) == {"X": "exited_unstable", "Y": "marginal", "Z": None}
    assert out["failed"].tolist() == [1, 2, 1]
    income_only = MonitoringThresholds(unstable_failed_indicators=0, marginal_failed_indicators=0)
    out = classify(
        rows,
        2565,
        income_line=LINE,
        weights=weights,
        rule_name="af",
        k=0.75,
        thresholds=income_only,
    )
    assert categories(out) == {"X": None, "Y": None, "Z": None}


def test_shocks_reported_by_other_channels_count():
    reported = pd.DataFrame({"hh_id": ["M2"], "shock": ["disaster"]})
    out = classify(PANEL, 2565, income_line=LINE, weights=TPMAP, reported_shocks=reported)
    assert categories(out)["M2"] == "sudden_hardship"
    with pytest.raises(ValueError, match="unknown shocks"):
        shocks(PANEL, 2565, reported=pd.DataFrame({"hh_id": ["M2"], "shock": ["flood"]}))


def test_shock_table_has_one_column_per_shock():
    table = shocks(PANEL, 2565)
    assert list(table.columns) == list(SHOCKS)
    assert table.sum().to_dict() == {
        "illness": 2,
        "disability": 1,
        "disaster": 1,
        "large_expense": 1,
        "income_drop": 1,
    }
    assert not table.loc["N1"].any()  # no earlier record to compare with


# --- risk cleared -----------------------------------------------------------------------------------

CLEAR = panel(
    ("C1", [30_000, 80_000, 90_000]),  # above in 2564 and 2565
    ("C2", [90_000, 45_000, 90_000]),  # marginal in 2564
    ("C3", [30_000, 80_000, 90_000]),  # as C1, with a shock still open
    ("C4", [90_000, None, 90_000]),  # not surveyed in 2564
    ("C5", [90_000, 90_000, 90_000], {2565: {"hc_chronic_ill": 1}}),  # a shock now
    ("C6", [90_000, 90_000, 90_000]),
)


def test_risk_is_cleared_after_rounds_above_the_range_and_no_open_shock():
    out = risk_cleared(CLEAR, 2565, income_line=LINE, weights=TPMAP, open_shocks={"C3"})
    got = out.set_index("hh_id")
    assert got["rounds_above"].to_dict() == {"C1": 2, "C2": 1, "C3": 2, "C4": 1, "C5": 0, "C6": 3}
    assert got["cleared"].to_dict() == {
        "C1": True,
        "C2": False,
        "C3": False,
        "C4": False,
        "C5": False,
        "C6": True,
    }
    assert got.loc["C3", "shock_open"] and not got.loc["C1", "shock_open"]
    three = risk_cleared(
        CLEAR,
        2565,
        income_line=LINE,
        weights=TPMAP,
        thresholds=MonitoringThresholds(clear_after_rounds=3),
    ).set_index("hh_id")
    assert three["cleared"][three["cleared"]].index.tolist() == ["C6"]


def test_thresholds_are_checked():
    for bad in (
        dict(exit_lookback_rounds=0),
        dict(clear_after_rounds=0),
        dict(marginal_multiple=0.9),
        dict(unstable_margin=-0.1),
        dict(income_drop_share=0),
        dict(income_drop_share=1.5),
        dict(large_expense_share=0),
        dict(marginal_failed_indicators=-1),
    ):
        with pytest.raises(ValueError):
            MonitoringThresholds(**bad)
    with pytest.raises(ValueError, match="no household of round 2570"):
        classify(PANEL, 2570, income_line=LINE, weights=TPMAP)


def test_every_threshold_has_a_docstring():
    import ast
    import inspect

    from analysis import monitoring

    tree = ast.parse(inspect.getsource(monitoring.MonitoringThresholds))
    body = tree.body[0].body
    fields = [n.target.id for n in body if isinstance(n, ast.AnnAssign)]
    documented = [
        body[i].target.id
        for i in range(len(body) - 1)
        if isinstance(body[i], ast.AnnAssign)
        and isinstance(body[i + 1], ast.Expr)
        and isinstance(body[i + 1].value, ast.Constant)
    ]
    assert fields and fields == documented


# --- the service-level clock ------------------------------------------------------------------------


def test_working_days_skip_weekends_and_holidays():
    friday, saturday = dt.date(2025, 1, 3), dt.date(2025, 1, 4)
    assert add_working_days(friday, 2) == dt.date(2025, 1, 7)  # Tuesday
    assert add_working_days(saturday, 2) == dt.date(2025, 1, 7)
    assert add_working_days(dt.datetime(2025, 1, 3, 16, 30), 1) == dt.date(2025, 1, 6)
    assert add_working_days(friday, 15) == dt.date(2025, 1, 24)  # three weeks
    assert add_working_days(friday, 0) == friday and add_working_days(saturday, 0) == dt.date(
        2025, 1, 6
    )
    # three holidays in a row, Monday to Wednesday
    songkran = {dt.date(2025, 4, d) for d in (14, 15, 16)}
    assert add_working_days(dt.date(2025, 4, 11), 2, songkran) == dt.date(2025, 4, 18)
    assert not is_working_day(dt.date(2025, 4, 14), songkran)
    assert working_days_between(dt.date(2025, 4, 11), dt.date(2025, 4, 18), songkran) == 2
    assert working_days_between(friday, friday) == 0
    with pytest.raises(ValueError):
        add_working_days(friday, -1)


def test_a_round_the_household_missed_counts_when_the_rounds_are_given():
    """A panel of one household (as the store reads it to clear one alert) cannot see the
    rounds the household missed; the survey rounds passed in can."""
    alone = CLEAR[CLEAR["hh_id"] == "C4"]  # surveyed in 2563 and 2565 only
    args = dict(income_line=LINE, weights=TPMAP)
    assert risk_cleared(alone, 2565, **args)["rounds_above"].tolist() == [2]  # 2564 unseen
    given = risk_cleared(alone, 2565, rounds=ROUNDS, **args)
    assert given["rounds_above"].tolist() == [1] and not given["cleared"].iloc[0]
    # the exit look-back counts survey rounds, not the household's records
    gap = panel(("G", [30_000, None, 90_000]))  # poor in 2563, not surveyed in 2564
    one = MonitoringThresholds(exit_lookback_rounds=1)
    assert classify(gap, 2565, thresholds=one, **args)["exited"].tolist() == [True]
    assert classify(gap, 2565, thresholds=one, rounds=ROUNDS, **args)["exited"].tolist() == [False]
    with pytest.raises(ValueError, match="no household of round 2566"):
        risk_cleared(alone, 2566, **args)
