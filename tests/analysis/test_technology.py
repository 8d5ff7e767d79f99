"""Matching library technologies to an area's main causes: known answers on a small example."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.technology import area_needs, match_technologies, top_causes_of

# ten poor households: 4 lack water, 3 illness, 2 lack capital, 1 other
POOR = pd.DataFrame(
    {
        "main_cause": ["lack_water"] * 4 + ["illness"] * 3 + ["lack_capital"] * 2 + [None],
        "bmn_06": [0, 0, 1, 1, 1, 1, 1, 1, 1, 1],  # 2 of 10 fail drinking water
        "bmn_07": [0, 0, 0, 0, 0, 1, 1, 1, 1, 1],  # 5 of 10 fail water for use
        "bmn_15": [0, 0, 0, 0, 0, 0, 0, 0, 1, 1],  # 8 of 10 fail income
        "bmn_17": [np.nan] * 10,  # nobody disabled: not applicable
    }
)
LIBRARY = pd.DataFrame(
    {
        "site_id": ["pump", "tank", "clinic", "fund", "ramp"],
        "causes": [
            "lack_water|lack_capital",
            "lack_water",
            "illness",
            "lack_capital",
            "disability",
        ],
        "indicators": ["bmn_07|bmn_15", "bmn_06|bmn_07", None, "bmn_15", "bmn_17"],
    }
)


def test_area_needs_are_shares_of_poor_households():
    causes, failing = area_needs(POOR, ["bmn_06", "bmn_07", "bmn_15", "bmn_17"])
    assert causes.to_dict() == pytest.approx(
        {"lack_water": 0.4, "illness": 0.3, "lack_capital": 0.2, "other": 0.1}
    )
    assert failing.to_dict() == pytest.approx(
        {"bmn_15": 0.8, "bmn_07": 0.5, "bmn_06": 0.2, "bmn_17": 0.0}
    )


def test_known_answer_ranking_with_reasons():
    causes, failing = area_needs(POOR, ["bmn_06", "bmn_07", "bmn_15", "bmn_17"])
    got = match_technologies(LIBRARY, causes, failing, top_causes=3, indicator_weight=0.5)
    # pump: lack_water .4 + lack_capital .2 = .6; best indicator bmn_15 .8 -> .6 + .4 = 1.0
    # tank: .4 + .5 x bmn_07 .5 = .65 ; fund: .2 + .5 x .8 = .6 ; clinic: .3 + 0 = .3
    # ramp targets disability, not a top cause: left out
    assert got["site_id"].tolist() == ["pump", "tank", "fund", "clinic"]
    assert got["rank"].tolist() == [1, 2, 3, 4]
    assert got["score"].tolist() == pytest.approx([1.0, 0.65, 0.6, 0.3])
    assert got["cause_coverage"].tolist() == pytest.approx([0.6, 0.4, 0.2, 0.3])
    pump = got.iloc[0]
    assert pump["matched_causes"] == ["lack_water", "lack_capital"]
    assert pump["matched_indicators"] == ["bmn_15", "bmn_07"]
    assert got.iloc[3]["matched_indicators"] == []


def test_only_the_top_causes_count_and_other_is_never_one():
    causes = pd.Series({"other": 0.5, "illness": 0.3, "lack_water": 0.2})
    assert top_causes_of(causes, 1).index.tolist() == ["illness"]
    got = match_technologies(LIBRARY, causes, None, top_causes=1)
    assert got["site_id"].tolist() == ["clinic"]
    assert got["score"].tolist() == pytest.approx([0.3])


def test_ties_break_by_cause_coverage_then_id_and_weight_zero_means_causes_only():
    library = pd.DataFrame(
        {
            "site_id": ["b", "a", "c"],
            "causes": ["illness", "illness", "lack_land"],
            "indicators": [None, None, "bmn_15"],
        }
    )
    causes = pd.Series({"illness": 0.5, "lack_land": 0.5})
    got = match_technologies(library, causes, pd.Series({"bmn_15": 1.0}), indicator_weight=0.0)
    assert got["site_id"].tolist() == ["a", "b", "c"]  # equal scores: by ID
    assert got["score"].tolist() == pytest.approx([0.5, 0.5, 0.5])


def test_no_poor_households_means_nothing_to_match():
    causes, failing = area_needs(POOR.iloc[0:0], ["bmn_06"])
    assert causes.empty and failing.empty
    got = match_technologies(LIBRARY, causes, failing)
    assert got.empty
    assert list(got.columns)[:3] == ["site_id", "rank", "score"]
