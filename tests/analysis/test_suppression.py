"""analysis.suppression: the one small-cell rule, known answers at and around the threshold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.suppression import below_min_cell, reportable, suppressed


@pytest.mark.parametrize(
    ("households", "min_cell", "hidden", "shown"),
    [
        (0, 5, False, False),  # not surveyed: no data, not suppressed
        (1, 5, True, False),
        (4, 5, True, False),
        (5, 5, False, True),  # exactly min_cell is shown
        (6, 5, False, True),
        (1, 1, False, True),  # min_cell 1: nothing is suppressed
        (0, 1, False, False),
        (0, 0, False, False),  # min_cell 0 still needs a surveyed household to report
        (2, 0, False, True),
    ],
)
def test_known_answers(households, min_cell, hidden, shown):
    assert suppressed(households, min_cell) is hidden
    assert reportable(households, min_cell) is shown


def test_a_series_keeps_its_index_and_missing_counts_are_not_suppressed():
    counts = pd.Series([10, 3, None, 0, 5], index=list("abcde"), dtype="Int64")
    got = suppressed(counts, 5)
    assert got.index.tolist() == list("abcde")
    assert got.tolist() == [False, True, False, False, False]
    assert reportable(counts, 5).tolist() == [True, False, False, False, True]


def test_each_surveyed_area_is_either_suppressed_or_reportable():
    counts = np.arange(0, 30)
    for min_cell in (0, 1, 5, 11):
        surveyed = counts >= 1
        hidden, shown = suppressed(counts, min_cell), reportable(counts, min_cell)
        assert not (hidden & shown).any()
        assert ((hidden | shown) == surveyed).all(), min_cell


@pytest.mark.parametrize(
    ("households", "min_cell", "below"),
    [
        (0, 5, True),  # no surveyed household: nothing to show either
        (4, 5, True),
        (5, 5, False),
        (0, 0, False),  # min_cell 0 hides nothing
        (0, 1, True),
    ],
)
def test_below_min_cell(households, min_cell, below):
    assert below_min_cell(households, min_cell) is below


def test_below_min_cell_keeps_the_index_of_a_series():
    got = below_min_cell(pd.Series([0, 3, 7, None], index=list("abcd")), 5)
    assert got.tolist() == [True, True, False, False]
    assert got.index.tolist() == list("abcd")
