"""Per-area measures for the maps: counts, headcount ratio, targeted poor, M0 and capital means.

Pure pandas over a household frame with the poverty flag and capital scores already attached, so
the same numbers feed the map, the tables and the downloads.

Example:
    >>> import pandas as pd
    >>> f = pd.DataFrame({"area": ["a", "a", "b"], "members": [2, 4, 3], "poor": [True, False, True],
    ...                   "welfare_card": [True, True, False]})
    >>> area_measures(f, "area").loc["a", ["poor_households", "headcount_ratio"]].tolist()
    [1.0, 0.3333333333333333]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.capitals import CAPITALS
from analysis.mpi import af_by_area

#: Counts that add up across areas (ratios are recomputed from them, never averaged).
COUNT_COLUMNS: tuple[str, ...] = (
    "households",
    "people",
    "poor_households",
    "poor_people",
    "targeted_poor_households",
)

#: Columns compared between two rounds by :func:`with_change`.
CHANGE_COLUMNS: tuple[str, ...] = ("poor_households", "poor_people", "headcount_ratio")


def area_measures(
    frame: pd.DataFrame,
    area_col: str,
    *,
    indicator_codes: Sequence[str] = (),
    weights: pd.Series | None = None,
    k: float | None = None,
) -> pd.DataFrame:
    """One row per area: households, people, poor households and people, headcount ratio (poor
    people / people), targeted poor households (poor and holding a welfare card), and — when the
    frame has them — poor households whose head is in the welfare registry
    (``registry_targeted_households``, from a boolean ``in_registry`` column; missing when no
    household could be matched), mean capital scores of poor households (``capital_<name>``)
    and Alkire–Foster H, A and M0 (when ``indicator_codes``, ``weights`` and ``k`` are given)."""
    f = frame.assign(
        poor_people=frame["members"].where(frame["poor"], 0),
        targeted=frame["poor"] & frame["welfare_card"].astype(bool),
    )
    g = f.groupby(area_col)
    out = pd.DataFrame(
        {
            "households": g.size(),
            "people": g["members"].sum(),
            "poor_households": g["poor"].sum(),
            "poor_people": g["poor_people"].sum(),
            "targeted_poor_households": g["targeted"].sum(),
        }
    ).astype(float)
    out["headcount_ratio"] = out["poor_people"] / out["people"]
    if "in_registry" in frame and frame["in_registry"].notna().any():
        matched = f["poor"] & frame["in_registry"].fillna(False).astype(bool)
        out["registry_targeted_households"] = matched.groupby(f[area_col]).sum().astype(float)
    else:
        out["registry_targeted_households"] = np.nan
    if all(c in frame for c in CAPITALS):
        poor = f[f["poor"]]
        means = poor.groupby(area_col)[list(CAPITALS)].mean()
        out = out.join(means.add_prefix("capital_"))
    if indicator_codes and weights is not None and k is not None:
        af = af_by_area(frame, list(indicator_codes), weights, k, area_col, "members")
        out = out.join(af[["H", "A", "M0"]])
    out.index.name = "code"
    return out


def with_change(
    current: pd.DataFrame,
    previous: pd.DataFrame | None,
    columns: Sequence[str] = CHANGE_COLUMNS,
) -> pd.DataFrame:
    """``current`` with ``change_<col>`` = current − previous and ``households_prev`` per area.

    Both frames are indexed by area code (as :func:`area_measures` returns them). An area missing
    from either round has no change (NaN), never a change from or to zero.

    Example:
        >>> now = pd.DataFrame({"poor_households": [5.0, 2.0]}, index=["a", "b"])
        >>> before = pd.DataFrame({"poor_households": [8.0], "households": [20.0]}, index=["a"])
        >>> with_change(now, before, ["poor_households"])["change_poor_households"].tolist()
        [-3.0, nan]
    """
    out = current.copy()
    if previous is None or previous.empty:
        for col in columns:
            out[f"change_{col}"] = np.nan
        out["households_prev"] = np.nan
        return out
    before = previous.reindex(out.index)
    for col in columns:
        out[f"change_{col}"] = out[col] - before[col]
    out["households_prev"] = before.get("households", np.nan)
    return out


def rank_within(
    values: pd.Series, groups: pd.Series | None = None, *, ascending: bool = False
) -> pd.DataFrame:
    """Rank of each value inside its group (1 = largest, or smallest with ``ascending``).

    Ties share the best rank (``method="min"``); missing values get no rank and do not count.
    Returns ``rank`` and ``of`` (how many ranked values the group has), indexed like ``values``.

    Example:
        >>> v = pd.Series([3.0, 9.0, None, 5.0], index=list("abcd"))
        >>> g = pd.Series(["x", "x", "x", "y"], index=list("abcd"))
        >>> rank_within(v, g).to_dict("list")
        {'rank': [2.0, 1.0, nan, 1.0], 'of': [2.0, 2.0, 2.0, 1.0]}
    """
    keys = groups if groups is not None else pd.Series(0, index=values.index)
    keys = keys.reindex(values.index)
    numeric = pd.to_numeric(values, errors="coerce").astype(float)
    rank = numeric.groupby(keys).rank(ascending=ascending, method="min")
    of = numeric.notna().groupby(keys).transform("sum").astype(float)
    return pd.DataFrame({"rank": rank, "of": of}, index=values.index)


def top_bottom(values: pd.Series, n: int = 10) -> tuple[pd.Series, pd.Series]:
    """The ``n`` largest and ``n`` smallest values (missing ones left out), largest first in both.

    Ties keep the order of ``values``.

    Example:
        >>> top, bottom = top_bottom(pd.Series([4, 1, None, 7], index=list("abcd")), n=2)
        >>> top.index.tolist(), bottom.index.tolist()
        (['d', 'a'], ['a', 'b'])
    """
    known = pd.to_numeric(values, errors="coerce").dropna()
    top = known.sort_values(ascending=False, kind="stable").head(n)
    bottom = known.sort_values(ascending=True, kind="stable").head(n).iloc[::-1]
    return top, bottom
