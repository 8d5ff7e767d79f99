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
"""

from __future__ import annotations

from collections.abc import Callable
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


__all__ = ["below_min_cell", "reportable", "suppressed"]
