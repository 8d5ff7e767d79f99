"""Small-cell suppression: the one rule for which areas' numbers may be shown.

An area with 1 to ``min_cell - 1`` surveyed households is *suppressed*: its values stay on the
server (the map hatches it, tables show a dash) so that no household can be picked out. An area
with no surveyed household is not suppressed; it has *no data*. An area is *reportable* (its
values shown and ranked) when it has at least ``min_cell`` surveyed households, and at least one:
surveyed and not suppressed. ``min_cell`` is the ``POVMAP_MIN_CELL`` setting, passed in.

Example:
    >>> import pandas as pd
    >>> suppressed(pd.Series([0, 1, 4, 5, 12]), 5).tolist()
    [False, True, True, False, False]
    >>> reportable(pd.Series([0, 1, 4, 5, 12]), 5).tolist()
    [False, False, False, True, True]
    >>> below_min_cell(pd.Series([0, 1, 4, 5, 12]), 5).tolist()
    [True, True, True, False, False]
    >>> suppressed(3, 5), reportable(0, 0), below_min_cell(0, 0)
    (True, False, False)

Complementary suppression: hiding a small cell is not enough when its row or its parent total
is shown, since the total minus the shown cells gives it back. :func:`complementary` hides
other cells of the same lines too, so that no hidden value follows from the shown ones;
:func:`table_suppression` applies it to a table with row and column totals,
:func:`area_suppression` to the areas of the DOPA hierarchy (a province's districts add up to
it, ... a subdistrict's villages to the subdistrict) and :func:`determined` tells which hidden
cells could still be worked out (the tests' check).

    >>> sorted(area_suppression(pd.Series({"10010101": 3, "10010102": 40, "10010201": 50}), 5))
    ['10010101', '10010102']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeAlias

import numpy as np
import pandas as pd

#: Counts of surveyed households: a Series, an array or one number.
Counts: TypeAlias = pd.Series | np.ndarray | float
#: The answer for each count, in the same shape: a boolean Series, array or bool.
Flags: TypeAlias = pd.Series | np.ndarray | bool


def suppressed(households: Counts, min_cell: int) -> Flags:
    """Whether each count of surveyed ``households`` is suppressed: at least 1 and fewer than
    ``min_cell``. A missing count is not suppressed (it is no data). A Series gives a boolean
    Series on its index."""
    return _each(households, lambda h: (h >= 1) & (h < min_cell))


def reportable(households: Counts, min_cell: int) -> Flags:
    """Whether each count of surveyed ``households`` may be shown and ranked: at least
    ``min_cell`` and at least 1 (surveyed and not :func:`suppressed`)."""
    return _each(households, lambda h: h >= max(1, min_cell))


def below_min_cell(households: Counts, min_cell: int) -> Flags:
    """Whether each count of surveyed ``households`` is below ``min_cell``, none included: when
    household views are off, a village's numbers are not shown (a village list prints a dash, a
    village's profile says why). A missing count is not below."""
    return _each(households, lambda h: h < min_cell)


def _each(households: Counts, test: Callable[[pd.Series | np.ndarray], Flags]) -> Flags:
    if isinstance(households, pd.Series):
        return test(pd.to_numeric(households, errors="coerce").astype(float))
    out = test(np.asarray(households, dtype=float))
    return bool(out) if np.ndim(out) == 0 else out


#: One additive line of a table: the index of its total cell (None for a total that is shown
#: and is not a cell of the table, such as the country's) and the indices of its parts; the
#: total equals the sum of the parts.
Line: TypeAlias = tuple[int | None, Sequence[int]]


def complementary(
    values: Sequence[float] | np.ndarray,
    lines: Sequence[Line],
    primary: Sequence[bool] | np.ndarray,
    *,
    check: bool = True,
) -> np.ndarray:
    """Which cells to hide so that none of the ``primary`` ones can be worked out from the
    shown cells by the ``lines`` (see :data:`Line`), as a boolean array.

    Two rules are applied to each line, in the order given, until no line breaks them:

    * a line whose total is shown has no hidden part or at least two (one hidden part is the
      total minus the others): the smallest other part with a positive value is hidden too;
    * a line whose total is hidden has at least one hidden part, when it has a positive one
      (else the total is the sum of its shown parts): its smallest positive part is hidden.

    Ties go to the first cell. Zero cells are never chosen (hiding a count that cannot go
    lower protects nothing). For a hierarchy (each cell a part of at most one line, lines given
    top-down) the rules are enough: every hidden cell can move by one while all shown cells and
    totals stay, by moving a hidden sibling or the hidden parent the other way and one hidden
    part of each moved cell along. Other tables (a cell in a row and a column) can hold a
    hidden cell that the lines together still fix; with ``check``, each such cell
    (:func:`determined`) gets a shown neighbour hidden too until none is left.

        >>> complementary([10, 3, 7], [(0, [1, 2])], [False, True, False]).tolist()
        [False, True, True]
        >>> complementary([10, 3, 7], [(0, [1, 2])], [True, False, False]).tolist()
        [True, True, False]
    """
    values = np.asarray(values, dtype=float)
    hidden = np.asarray(primary, dtype=bool).copy()
    if hidden.shape != values.shape:
        raise ValueError("values and primary need the same length")
    positive = np.nan_to_num(values, nan=0.0) > 0
    order = np.argsort(np.nan_to_num(values, nan=np.inf), kind="stable")
    rank = np.empty(len(values), dtype=np.int64)
    rank[order] = np.arange(len(values))
    parsed = [(t, np.asarray(parts, dtype=np.int64)) for t, parts in lines]
    while True:
        changed = _apply_rules(parsed, hidden, positive, rank)
        if changed or not check:
            if not changed:
                return hidden
            continue
        fixed = determined(lines, hidden)
        if not fixed.any():
            return hidden
        if not _hide_neighbour(int(np.flatnonzero(fixed)[0]), parsed, hidden, positive, rank):
            return hidden  # nothing left to hide near it: every other cell is hidden or zero


def _smallest(candidates: np.ndarray, rank: np.ndarray) -> int | None:
    return int(candidates[np.argmin(rank[candidates])]) if len(candidates) else None


def _apply_rules(
    lines: list[tuple[int | None, np.ndarray]],
    hidden: np.ndarray,
    positive: np.ndarray,
    rank: np.ndarray,
) -> bool:
    """One pass of :func:`complementary`'s two rules over ``lines``; whether a cell was hidden."""
    changed = False
    for total, parts in lines:
        if not len(parts):
            continue
        hidden_parts = int(hidden[parts].sum())
        total_hidden = total is not None and bool(hidden[total])
        if (not total_hidden and hidden_parts == 1) or (total_hidden and hidden_parts == 0):
            pick = _smallest(parts[~hidden[parts] & positive[parts]], rank)
            if pick is not None:
                hidden[pick] = True
                changed = True
    return changed


def _hide_neighbour(
    cell: int,
    lines: list[tuple[int | None, np.ndarray]],
    hidden: np.ndarray,
    positive: np.ndarray,
    rank: np.ndarray,
) -> bool:
    """Hide the smallest shown positive part of a line that holds ``cell`` (else of any line)."""
    near = [parts for total, parts in lines if cell in parts or total == cell]
    for group in (near, [parts for _, parts in lines]):
        if group:
            every = np.unique(np.concatenate(group))
            pick = _smallest(every[~hidden[every] & positive[every]], rank)
            if pick is not None:
                hidden[pick] = True
                return True
    return False


def determined(lines: Sequence[Line], hidden: Sequence[bool] | np.ndarray) -> np.ndarray:
    """Which ``hidden`` cells follow exactly from the shown cells and the ``lines``' sums (an
    attacker's linear algebra: a cell is fixed when every change of the hidden cells that keeps
    all lines adding up leaves it alone).

        >>> determined([(None, [0, 1]), (0, [2, 3])], [True, True, True, False]).tolist()
        [False, False, False, False]
        >>> determined([(None, [0, 1]), (0, [2, 3])], [True, False, True, False]).tolist()
        [True, False, True, False]
    """
    hidden = np.asarray(hidden, dtype=bool)
    at = {int(c): k for k, c in enumerate(np.flatnonzero(hidden))}
    equations = []
    for total, parts in lines:
        eq = {at[int(p)]: -1.0 for p in parts if int(p) in at}
        if total is not None and int(total) in at:
            eq[at[int(total)]] = 1.0
        if eq:
            equations.append(eq)
    fixed = np.zeros(len(at), dtype=bool)
    for members, rows in _components(len(at), equations):
        index = {m: i for i, m in enumerate(members)}
        a = np.zeros((len(rows), len(members)))
        for r, eq in enumerate(rows):
            for m, coef in eq.items():
                a[r, index[m]] = coef
        _, s, vh = np.linalg.svd(a)
        rank = int((s > 1e-9 * max(s.max(initial=0.0), 1.0)).sum())
        free = vh[rank:]
        moves = np.linalg.norm(free, axis=0) if len(free) else np.zeros(len(members))
        fixed[members] = moves < 1e-9
    out = np.zeros(len(hidden), dtype=bool)
    out[np.flatnonzero(hidden)] = fixed
    return out


def _components(n: int, equations: list[dict[int, float]]) -> list[tuple[list[int], list]]:
    """The hidden cells linked by shared equations, each group with its equations."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for eq in equations:
        cells = list(eq)
        for c in cells[1:]:
            parent[root(c)] = root(cells[0])
    groups: dict[int, tuple[list[int], list]] = {}
    for i in range(n):
        groups.setdefault(root(i), ([], []))[0].append(i)
    for eq in equations:
        groups[root(next(iter(eq)))][1].append(eq)
    return list(groups.values())


def table_suppression(table: pd.DataFrame, min_cell: int, *, total: str = "total") -> pd.DataFrame:
    """The cells of a table of counts to hide when it is shown with its row and column totals
    (and the grand total): ``table`` with a ``total`` row and column added, True where hidden.
    Small cells (:func:`suppressed`, totals included) are hidden, then enough others
    (:func:`complementary`, checked) that none of them can be worked out.

        >>> t = pd.DataFrame({"a": [3, 6], "b": [9, 8]}, index=["x", "y"])
        >>> table_suppression(t, 5).astype(int).values.tolist()
        [[1, 1, 0], [1, 1, 0], [0, 0, 0]]
    """
    r, c = table.shape
    inner = np.arange(r * c).reshape(r, c)
    row_total = r * c + np.arange(r)
    col_total = r * c + r + np.arange(c)
    grand = r * c + r + c
    counts = table.to_numpy(dtype=float)
    values = np.concatenate(
        [counts.ravel(), counts.sum(axis=1), counts.sum(axis=0), [counts.sum()]]
    )
    lines: list[Line] = [(grand, row_total), (grand, col_total)]
    lines += [(int(row_total[i]), inner[i]) for i in range(r)]
    lines += [(int(col_total[j]), inner[:, j]) for j in range(c)]
    hidden = complementary(values, lines, suppressed(values, min_cell), check=True)
    out = np.zeros((r + 1, c + 1), dtype=bool)
    out[:r, :c] = hidden[: r * c].reshape(r, c)
    out[:r, c] = hidden[row_total]
    out[r, :c] = hidden[col_total]
    out[r, c] = hidden[grand]
    return pd.DataFrame(
        out, index=[*table.index, total], columns=[*table.columns, total], dtype=bool
    )


#: DOPA code widths, province to village: a code's parent is its first characters.
DOPA_WIDTHS: tuple[int, ...] = (2, 4, 6, 8)


def area_suppression(
    households: pd.Series, min_cell: int, widths: Sequence[int] = DOPA_WIDTHS
) -> frozenset[str]:
    """The area codes of every level whose numbers are hidden, from surveyed ``households``
    per smallest area (a Series indexed by village code; an area's households are the sum of
    its villages'). An area with 1 to ``min_cell - 1`` households is hidden
    (:func:`suppressed`), and, by :func:`complementary`, enough others that no hidden area's
    numbers follow from its parent's, its siblings' and its children's: a province's districts,
    a district's subdistricts and a subdistrict's villages each add up to their parent, and the
    provinces to the country, whose total is always shown. Every count that adds up this way
    (households, people, poor households, ...) hides with the area. One round at a time: the
    hidden areas depend on the whole country's counts only, so every view of the round (any
    area, any level) hides the same ones.

        >>> villages = pd.Series({"10010101": 3, "10010102": 40, "10010201": 50, "10020101": 99})
        >>> sorted(area_suppression(villages, 5))
        ['10010101', '10010102']
        >>> sorted(area_suppression(pd.Series({"10010101": 3, "10020101": 40}), 5))
        ['1001', '100101', '10010101', '1002', '100201', '10020101']
    """
    counts = pd.to_numeric(households, errors="coerce").fillna(0)
    counts = counts[counts > 0]
    leaves = counts.index.astype(str)
    codes: list[str] = []
    values: list[float] = []
    at: dict[str, int] = {}
    levels: list[list[str]] = []
    for width in widths:
        sums = counts.groupby(leaves.str[:width]).sum().sort_index()
        level = [str(c) for c in sums.index]
        for code, value in zip(level, sums.to_numpy(dtype=float), strict=True):
            at[code] = len(codes)
            codes.append(code)
            values.append(float(value))
        levels.append(level)
    lines: list[Line] = [(None, [at[c] for c in levels[0]])] if levels else []
    for depth in range(len(widths) - 1):
        children: dict[str, list[int]] = {}
        for code in levels[depth + 1]:
            children.setdefault(code[: widths[depth]], []).append(at[code])
        lines += [(at[code], children.get(code, [])) for code in levels[depth]]
    flags = complementary(values, lines, suppressed(np.asarray(values), min_cell), check=False)
    return frozenset(c for c, hide in zip(codes, flags, strict=True) if hide)


__all__ = [
    "DOPA_WIDTHS",
    "area_suppression",
    "below_min_cell",
    "complementary",
    "determined",
    "reportable",
    "suppressed",
    "table_suppression",
]
