"""analysis.areas: totals, the previous round and the change since it, known answers."""

from __future__ import annotations

import pandas as pd

from analysis.areas import previous_round, round_change, round_pair, total


def test_total_adds_up_the_areas():
    stats = pd.DataFrame({"poor_households": [3.0, 4.0, None]})
    assert total(stats, "poor_households") == 7
    assert total(stats.iloc[0:0], "poor_households") == 0


def test_previous_round_is_the_last_one_before():
    assert previous_round([2562, 2563, 2565], 2565) == 2563
    assert previous_round([2562, 2563, 2565], 2564) == 2563
    assert previous_round([2562, 2563], 2562) is None
    assert previous_round([2562, 2563], None) is None
    assert previous_round([], 2565) is None


def test_round_change_and_pair():
    totals = pd.DataFrame(
        {"poor_households": [120, 90], "headcount_ratio": [0.25, 0.2]}, index=[2563, 2565]
    )
    now, before, when = round_pair(totals, 2565)
    assert when == 2563
    assert round_change(now, before, "poor_households") == -30
    assert abs(round_change(now, before, "headcount_ratio") - (-0.05)) < 1e-15
    first, none, never = round_pair(totals, 2563)
    assert none is None and never is None
    assert round_change(first, none, "poor_households") is None
    assert round_change(None, before, "poor_households") is None
