"""The number each area of a map shows: its value, whether it is suppressed, its rank in its parent.

Used by every map (the browser's :mod:`geo.area_map`, the PNG :mod:`geo.static_map`) and the
map page's table, so all of them suppress and rank alike. Suppression is
:func:`analysis.suppression.suppressed` (1 to ``min_cell - 1`` surveyed households); ranks are
:func:`analysis.areas.rank_within`.

Example:
    >>> import pandas as pd
    >>> from geo.metrics import METRICS
    >>> stats = pd.DataFrame({"code": ["100101", "100910"], "households": [10, 5],
    ...     "people": [40, 20], "poor_households": [4, 1], "poor_people": [16, 4]})
    >>> lookup = pd.DataFrame({"subdistrict_code": ["100101", "100910"],
    ...     "polygon_code": ["100101", "100905"]})
    >>> polygon_stats(stats, lookup)["code"].tolist()
    ['100101', '100905']
    >>> area_values(["100101", "100910"], stats, METRICS["poor_households"], min_cell=6)[
    ...     ["shown", "suppressed"]].values.tolist()
    [[4.0, False], [nan, True]]
    >>> hidden = stats.assign(suppressed=[True, False])  # hidden by the door for this user
    >>> area_values(["100101", "100910"], hidden, METRICS["poor_households"], min_cell=2)[
    ...     "suppressed"].tolist()
    [True, False]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.areas import rank_within
from analysis.suppression import suppressed
from geo.metrics import Metric

#: The counts :func:`polygon_stats` adds up when several codes share one polygon.
COUNT_COLUMNS = ("households", "people", "poor_households", "poor_people")


def polygon_stats(stats: pd.DataFrame, lookup: pd.DataFrame) -> pd.DataFrame:
    """Subdistrict aggregates re-keyed to boundary polygons (DOPA codes newer than the boundaries
    share an older polygon); counts are summed and ratios recomputed from the sums."""
    poly = dict(zip(lookup["subdistrict_code"], lookup["polygon_code"], strict=True))
    frame = stats.assign(code=stats["code"].map(lambda c: poly.get(c, c)))
    out = frame.groupby("code", as_index=False)[list(COUNT_COLUMNS)].sum()
    return with_ratios(out)


def with_ratios(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``headcount_ratio`` recomputed from its summed ``poor_people`` and
    ``people`` (NaN where no people)."""
    out = frame.copy()
    out["headcount_ratio"] = out["poor_people"] / out["people"].where(out["people"] > 0)
    return out


def area_values(
    codes: Sequence[str],
    stats: pd.DataFrame,
    metric: Metric,
    *,
    parents: Sequence[str] | None = None,
    min_cell: int = 5,
) -> pd.DataFrame:
    """The mapped value of every shown area, whether it is suppressed, and its rank in its parent.

    ``stats`` is indexed by code (or has a ``code`` column) with the metric's column and
    ``households`` (and ``households_prev`` for change metrics). An area with fewer than
    ``min_cell`` surveyed households (in either round, for a change) is suppressed: its value
    never leaves the server; so is an area the door hid for the asking user (a ``suppressed``
    column, :func:`query.areas.suppress`: its numbers are NA, complementary cells included; for
    a change, ``suppressed_prev`` says the same of the previous round). Columns: ``value`` (as stored, NaN = no data), ``suppressed``,
    ``shown`` (value, NaN when suppressed), ``rank`` (among the areas with the same parent and
    data: 1 = most in need for a level, the largest fall for a change) and ``of``.
    """
    table = stats.set_index("code") if "code" in stats.columns else stats
    table = table.reindex(pd.Index(list(codes), name="code"))
    value = pd.to_numeric(table.get(metric.source), errors="coerce").astype(float)
    if metric.source not in table:
        value = pd.Series(np.nan, index=table.index)
    households = pd.to_numeric(table.get("households"), errors="coerce").fillna(0)
    small = suppressed(households, min_cell)
    if "suppressed" in table:
        small |= table["suppressed"].fillna(False).astype(bool)
    if metric.is_change and "households_prev" in table:
        small |= suppressed(table["households_prev"], min_cell)
    if metric.is_change and "suppressed_prev" in table:
        small |= table["suppressed_prev"].fillna(False).astype(bool)
    no_data = households <= 0
    value = value.where(~no_data)
    shown = value.where(~small)
    groups = pd.Series(list(parents), index=table.index) if parents is not None else None
    ranks = rank_within(shown, groups, ascending=metric.rank_ascending)
    return pd.DataFrame(
        {
            "value": value,
            "suppressed": small.astype(bool),
            "shown": shown,
            "rank": ranks["rank"],
            "of": ranks["of"],
        }
    )


__all__ = ["COUNT_COLUMNS", "area_values", "polygon_stats", "with_ratios"]
