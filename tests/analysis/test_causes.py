"""analysis.causes: the Why page's cause comparison in long form, known answers."""

from __future__ import annotations

import pandas as pd

from analysis.causes import compare_with_parents, comparison_long


def test_long_form_keeps_scope_then_cause_order_and_the_shares():
    comparison = compare_with_parents(
        pd.Series({"illness": 0.5, "debt": 0.3, "land": 0.2}),
        pd.Series({"debt": 0.6, "illness": 0.4}),
        pd.Series({"land": 1.0}),
    )
    long = comparison_long(comparison, ["area", "parent", "country"])
    assert list(long.columns) == ["cause", "where", "share"]
    assert long["where"].tolist() == ["area"] * 3 + ["parent"] * 3 + ["country"] * 3
    assert long["cause"].tolist() == ["illness", "debt", "land"] * 3
    assert long["share"].tolist() == [0.5, 0.3, 0.2, 0.4, 0.6, 0.0, 0.0, 0.0, 1.0]


def test_long_form_of_the_area_alone():
    comparison = compare_with_parents(pd.Series({"a": 1.0}), pd.Series(), pd.Series())
    assert comparison_long(comparison, ["area"]).values.tolist() == [["a", "area", 1.0]]
