"""analysis.household: one household's profile across rounds, known answers."""

from __future__ import annotations

import pandas as pd

from analysis.household import failed_counts, failed_indicators, round_record

PROFILE = pd.DataFrame(
    {
        "round_be": [2563, 2564, 2565],
        "water": [0, 1, 1],
        "school": [0, 0, None],  # missing: does not apply, not failed
        "income": [1, 0, 1],
    }
)
CODES = ["water", "school", "income"]


def test_the_record_shown_is_the_rounds_else_the_latest():
    assert int(round_record(PROFILE, 2564)["round_be"]) == 2564
    assert int(round_record(PROFILE, 2566)["round_be"]) == 2565
    assert int(round_record(PROFILE, None)["round_be"]) == 2565


def test_failed_indicators_are_the_zeros_in_the_order_given():
    assert failed_indicators(PROFILE.iloc[0], CODES) == ["water", "school"]
    assert failed_indicators(PROFILE.iloc[0], ["school", "water"]) == ["school", "water"]
    assert failed_indicators(PROFILE.iloc[2], CODES) == []


def test_failed_counts_per_round_leave_missing_out():
    assert failed_counts(PROFILE, CODES).tolist() == [2, 2, 0]
