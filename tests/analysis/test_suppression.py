"""analysis.suppression: the one small-cell rule, known answers at and around the threshold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.suppression import (
    area_suppression,
    below_min_cell,
    complementary,
    determined,
    reportable,
    suppressed,
    table_suppression,
)


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


# --- complementary suppression: a hidden cell cannot be worked out from the shown ones --------------


def _naive(values, min_cell):
    return np.asarray(suppressed(np.asarray(values, dtype=float), min_cell))


def test_one_line_naive_suppression_is_undone_by_subtraction_and_complementary_is_not():
    # a subdistrict of 50 households shown, its villages 3, 20 and 27: 50 - 20 - 27 = 3
    values = [50, 3, 20, 27]
    lines = [(0, [1, 2, 3])]
    naive = _naive(values, 5)
    assert naive.tolist() == [False, True, False, False]
    assert determined(lines, naive).tolist() == [False, True, False, False]
    hidden = complementary(values, lines, naive)
    assert hidden.tolist() == [False, True, True, False]  # the smallest other village, 20
    assert not determined(lines, hidden).any()


def test_a_shown_total_with_two_small_parts_needs_nothing_more():
    values = [30, 2, 4, 24]
    assert complementary(values, [(0, [1, 2, 3])], _naive(values, 5)).tolist() == [
        False,
        True,
        True,
        False,
    ]


def test_zero_cells_are_never_chosen_and_ties_go_to_the_first():
    values = [26, 3, 0, 8, 8, 7]
    hidden = complementary(values, [(0, [1, 2, 3, 4, 5])], _naive(values, 5))
    assert hidden.tolist() == [False, True, False, False, False, True]
    values = [19, 3, 8, 8]
    assert complementary(values, [(0, [1, 2, 3])], _naive(values, 5)).tolist() == [
        False,
        True,
        True,
        False,
    ]


def test_a_cross_table_with_totals_naive_is_undone_by_its_row_and_its_column():
    #            a   b   c | total
    #   x        3  10  12 |  25
    #   y        9   8  15 |  32
    #   total   12  18  27 |  57
    table = pd.DataFrame({"a": [3, 9], "b": [10, 8], "c": [12, 15]}, index=["x", "y"])
    got = table_suppression(table, 5)
    want = pd.DataFrame(
        [[True, True, False, False], [True, True, False, False], [False] * 4],
        index=["x", "y", "total"],
        columns=["a", "b", "c", "total"],
    )
    pd.testing.assert_frame_equal(got, want)
    # 3 = 25 - 10 - 12 (its row) = 12 - 9 (its column) when only it is hidden
    cells, lines = _cross_lines(table)
    naive = _naive(cells, 5)
    assert determined(lines, naive)[0]
    assert not determined(lines, _flat(got)).any()


def _cross_lines(table):
    """The cells (inner, row totals, column totals, grand total) and lines of a cross table."""
    r, c = table.shape
    counts = table.to_numpy(dtype=float)
    cells = [*counts.ravel(), *counts.sum(axis=1), *counts.sum(axis=0), counts.sum()]
    inner = np.arange(r * c).reshape(r, c)
    rows, cols, grand = r * c + np.arange(r), r * c + r + np.arange(c), r * c + r + c
    lines = [(grand, rows), (grand, cols)]
    lines += [(int(rows[i]), inner[i]) for i in range(r)]
    lines += [(int(cols[j]), inner[:, j]) for j in range(c)]
    return cells, lines


def _flat(mask: pd.DataFrame) -> np.ndarray:
    """A table_suppression frame in the cell order of _cross_lines."""
    m = mask.to_numpy()
    return np.concatenate([m[:-1, :-1].ravel(), m[:-1, -1], m[-1, :-1], [m[-1, -1]]])


def test_two_hidden_cells_in_every_line_can_still_be_fixed_and_the_check_hides_more():
    # Hidden: a rectangle in rows x, y / columns a, b, another in rows z, w / columns c, d and
    # (x, c) joining them. Every row and column holds 0 or at least 2 hidden cells, yet (x, c)
    # is fixed: rows z and w minus column d give (z, c) + (w, c), and column c minus that
    # gives (x, c).
    table = pd.DataFrame(
        [[20, 21, 22, 40], [23, 24, 40, 40], [40, 40, 25, 26], [40, 40, 27, 28]],
        index=list("xyzw"),
        columns=list("abcd"),
    )
    cells, lines = _cross_lines(table)
    pattern = np.zeros(len(cells), dtype=bool)
    for i, j in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (0, 2)]:
        pattern[i * 4 + j] = True
    fixed = determined(lines, pattern)
    assert np.flatnonzero(fixed).tolist() == [2]  # (x, c) alone
    hidden = complementary(cells, lines, pattern, check=True)
    assert not determined(lines, hidden).any()
    assert (hidden & pattern).sum() == pattern.sum()  # nothing hidden is shown again
    unchecked = complementary(cells, lines, pattern, check=False)
    assert determined(lines, unchecked)[2]  # the line rules alone leave it fixed


def test_area_suppression_a_district_alone_in_its_province_is_not_given_away_by_the_province():
    villages = pd.Series(
        {
            "10010101": 3,  # district 1001: 3 households, small
            "10020101": 30,
            "10020102": 12,  # district 1002: 42 households in one subdistrict
            "11010101": 60,
        }
    )
    got = area_suppression(villages, 5)
    # 1001 is small, so 1002, its only sibling, hides too (else province 10 minus 1002 gives
    # 1001); a hidden area needs a hidden part (else its parts add up to it): 1002's only
    # subdistrict 100201, and of that one's villages the smaller, 10020102. 10020101 stays:
    # 100201 minus it is unknown while 100201 is hidden.
    assert sorted(got) == [
        "1001",
        "100101",
        "10010101",
        "1002",
        "100201",
        "10020102",
    ]


def test_area_suppression_hides_nothing_when_no_area_is_small():
    villages = pd.Series({"10010101": 5, "10010102": 9, "11010101": 60})
    assert area_suppression(villages, 5) == frozenset()
    assert area_suppression(pd.Series(dtype=float), 5) == frozenset()


def test_area_suppression_cannot_be_undone_on_random_hierarchies():
    rng = np.random.default_rng(2564)
    for _ in range(30):
        n = int(rng.integers(5, 60))
        codes = {
            f"{rng.integers(10, 13)}{rng.integers(1, 4):02d}{rng.integers(1, 4):02d}"
            f"{rng.integers(1, 5):02d}"
            for _ in range(n)
        }
        villages = pd.Series({c: int(rng.choice([1, 2, 3, 6, 9, 20, 50])) for c in codes})
        hidden = area_suppression(villages, 5)
        codes, lines, naive = _hierarchy(villages, 5)
        flags = np.array([c in hidden for c in codes])
        assert not determined(lines, flags).any()
        assert (flags | ~naive).all()  # every small area is hidden


def test_naive_area_suppression_is_undone_by_subtraction_from_the_parent():
    villages = pd.Series({"10010101": 3, "10010102": 40, "10010201": 50})
    codes, lines, naive = _hierarchy(villages, 5)
    assert [codes[i] for i in np.flatnonzero(determined(lines, naive))] == ["10010101"]


def _hierarchy(villages, min_cell):
    """Every area code of the villages (province to village), the lines and the small ones."""
    codes, values = [], []
    for width in (2, 4, 6, 8):
        sums = villages.groupby(villages.index.str[:width]).sum().sort_index()
        codes += list(sums.index)
        values += list(sums.to_numpy(dtype=float))
    at = {c: i for i, c in enumerate(codes)}
    lines = [(None, [at[c] for c in codes if len(c) == 2])]
    for c in codes:
        kids = [at[k] for k in codes if len(k) == len(c) + 2 and k.startswith(c)]
        if kids:
            lines.append((at[c], kids))
    return codes, lines, _naive(values, min_cell)
