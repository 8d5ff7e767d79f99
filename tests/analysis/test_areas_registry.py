"""analysis.areas: poor households matched with the welfare registry, known answers."""

from __future__ import annotations

import math

import pandas as pd

from analysis.areas import area_measures


def frame(in_registry) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area": ["a", "a", "a", "b", "b"],
            "members": [2, 3, 4, 1, 5],
            "poor": [True, True, False, True, False],
            "welfare_card": [True, False, True, False, False],
            "in_registry": pd.array(in_registry, dtype="boolean"),
        }
    )


def test_poor_heads_in_the_registry_are_counted_per_area():
    # a: poor+registered, poor+not, not poor+registered → 1; b: poor with unknown ID → 0
    out = area_measures(frame([True, False, True, None, True]), "area")
    assert out.loc["a", "registry_targeted_households"] == 1
    assert out.loc["b", "registry_targeted_households"] == 0
    # the survey's own welfare-card answer is a different measure
    assert out["targeted_poor_households"].tolist() == [1.0, 0.0]


def test_without_a_registry_the_measure_is_blank_not_zero():
    out = area_measures(frame([None] * 5), "area")
    assert all(math.isnan(v) for v in out["registry_targeted_households"])
    out = area_measures(frame([None] * 5).drop(columns="in_registry"), "area")
    assert all(math.isnan(v) for v in out["registry_targeted_households"])
