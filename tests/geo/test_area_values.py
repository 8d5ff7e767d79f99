"""geo.area_values: the value each area shows, small cells suppressed, ranks within the parent."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.areas import rank_within, top_bottom, with_change
from analysis.suppression import suppressed
from geo.area_values import area_values, polygon_stats
from geo.metrics import METRICS


def stats_frame(**columns) -> pd.DataFrame:
    frame = pd.DataFrame(columns, index=pd.Index(["a", "b", "c", "d"], name="code"))
    return frame.astype(float)


def test_values_are_suppressed_below_min_cell_and_ranked_within_the_parent():
    stats = stats_frame(households=[10, 3, 20, 0], poor_households=[4, 2, 9, 0])
    values = area_values(
        ["a", "b", "c", "d"],
        stats,
        METRICS["poor_households"],
        parents=["p", "p", "p", "q"],
        min_cell=5,
    )
    assert values["suppressed"].tolist() == [False, True, False, False]
    assert values["shown"].fillna(-1).tolist() == [4.0, -1, 9.0, -1]
    assert values.loc["b", "value"] == 2.0, "kept on the server, never shown"
    assert np.isnan(values.loc["d", "value"]), "no surveyed household: no data"
    assert values["rank"].fillna(0).tolist() == [2.0, 0, 1.0, 0]
    assert values["of"].tolist() == [2.0, 2.0, 2.0, 0.0]


def test_suppression_is_the_one_rule_at_the_threshold():
    """households = min_cell is shown, min_cell - 1 and 1 are suppressed, 0 is no data."""
    stats = stats_frame(households=[5, 4, 1, 0], poor_households=[1, 1, 1, 0])
    values = area_values(list("abcd"), stats, METRICS["poor_households"], min_cell=5)
    assert values["suppressed"].tolist() == [False, True, True, False]
    assert values["suppressed"].tolist() == suppressed(stats["households"], 5).tolist()
    assert values["shown"].notna().tolist() == [True, False, False, False]


def test_capital_scores_rank_the_lowest_first():
    stats = stats_frame(households=[10, 10, 10, 10], capital_human=[2.5, 1.5, 3.0, np.nan])
    values = area_values(list("abcd"), stats, METRICS["capital_human"])
    assert values["rank"].tolist()[:3] == [2.0, 1.0, 3.0]


def test_change_is_suppressed_when_either_round_is_small():
    stats = stats_frame(
        households=[10, 10, 10, 10],
        households_prev=[10, 2, np.nan, 10],
        change_poor_households=[-3, 1, np.nan, 0],
    )
    values = area_values(list("abcd"), stats, METRICS["change_poor_households"])
    assert values["suppressed"].tolist() == [False, True, False, False]
    assert values["shown"].tolist()[0] == -3.0 and values["shown"].tolist()[3] == 0.0


def test_polygon_stats_sum_codes_that_share_a_polygon_and_recompute_the_ratio():
    stats = pd.DataFrame(
        {
            "code": ["100101", "100905", "100910"],
            "households": [10, 5, 3],
            "people": [40, 20, 20],
            "poor_households": [4, 1, 2],
            "poor_people": [16, 4, 6],
        }
    )
    lookup = pd.DataFrame(
        {"subdistrict_code": ["100101", "100910"], "polygon_code": ["100101", "100905"]}
    )
    got = polygon_stats(stats, lookup).set_index("code")
    assert got.index.tolist() == ["100101", "100905"]
    assert got.loc["100905", ["households", "people", "poor_people"]].tolist() == [8, 40, 10]
    assert got.loc["100905", "headcount_ratio"] == 0.25, "10 of 40 people, not a mean of ratios"


def test_change_rank_and_top_bottom_helpers():
    now = pd.DataFrame({"poor_households": [5.0, 2.0], "households": [9.0, 9.0]}, index=["a", "b"])
    before = pd.DataFrame({"poor_households": [8.0], "households": [7.0]}, index=["a"])
    changed = with_change(now, before, ["poor_households"])
    assert changed["change_poor_households"].tolist()[0] == -3.0
    assert changed["households_prev"].tolist()[0] == 7.0
    assert with_change(now, None, ["poor_households"])["change_poor_households"].isna().all()
    ranks = rank_within(pd.Series([1.0, 1.0, 3.0]), ascending=True)
    assert ranks["rank"].tolist() == [1.0, 1.0, 3.0]
    top, bottom = top_bottom(pd.Series([3, 1, 2, None], index=list("abcd")), n=2)
    assert top.index.tolist() == ["a", "c"] and bottom.index.tolist() == ["c", "b"]
