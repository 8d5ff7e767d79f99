"""Why are they poor: shares of poor households by main cause and by deprived indicator, per area.

Each share is *poor households in the area with that cause (or failing that indicator) ÷ poor
households in the area*. Shares by indicator do not sum to 1: a household may fail several.

Example:
    >>> import pandas as pd
    >>> f = pd.DataFrame({"area": ["a", "a", "b"], "main_cause": ["illness", "illness", "lack_land"]})
    >>> float(cause_shares(f, "area").loc[("a", "illness"), "share"])
    1.0
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def cause_shares(poor: pd.DataFrame, area_col: str, cause_col: str = "main_cause") -> pd.DataFrame:
    """Count, share and rank of each main cause among an area's poor households.

    ``poor`` has one row per poor household. Missing causes count as ``other``. Result indexed by
    (area, cause) with columns ``households``, ``share``, ``rank`` (1 = most common in the area).
    """
    frame = poor[[area_col]].assign(cause=poor[cause_col].fillna("other"))
    counts = frame.groupby([area_col, "cause"]).size().rename("households").to_frame()
    totals = counts.groupby(level=0)["households"].transform("sum")
    counts["share"] = counts["households"] / totals
    counts["rank"] = (
        counts.groupby(level=0)["households"].rank(ascending=False, method="min").astype(int)
    )
    counts.index = counts.index.set_names([area_col, "cause"])
    return counts.sort_index()


def indicator_shares(poor: pd.DataFrame, area_col: str, indicators: Sequence[str]) -> pd.DataFrame:
    """Share of an area's poor households failing each indicator (0 = fails; missing = not applicable).

    Result indexed by (area, indicator) with ``households`` failing, ``share`` and ``rank``.
    """
    failed = pd.DataFrame({c: (poor[c] == 0).fillna(False).astype(int) for c in indicators})
    failed[area_col] = poor[area_col].to_numpy()
    sums = failed.groupby(area_col)[list(indicators)].sum()
    n = failed.groupby(area_col).size()
    long = sums.stack().rename("households").to_frame()
    long.index = long.index.set_names([area_col, "indicator"])
    long["share"] = long["households"] / long.index.get_level_values(0).map(n).to_numpy()
    long["rank"] = (
        long.groupby(level=0)["households"].rank(ascending=False, method="min").astype(int)
    )
    return long


def compare_with_parents(area: pd.Series, parent: pd.Series, country: pd.Series) -> pd.DataFrame:
    """Line up an area's shares with its parent's and the country's, with the differences.

    All three are shares indexed by the same keys (causes or indicators); missing keys count as 0.
    Sorted by the area's share, largest first; equal shares keep the order the keys first appear
    in (the area's, then the parent's, then the country's), so the order never depends on how
    the sort breaks ties.
    """
    keys = list(dict.fromkeys([*area.index, *parent.index, *country.index]))
    name = next((s.index.name for s in (area, parent, country) if s.index.name), None)
    frame = (
        pd.DataFrame(
            {"area": area, "parent": parent, "country": country}, index=pd.Index(keys, name=name)
        )
        .astype(float)
        .fillna(0.0)
    )
    frame["vs_parent"] = frame["area"] - frame["parent"]
    frame["vs_country"] = frame["area"] - frame["country"]
    return frame.sort_values("area", ascending=False, kind="stable")


def comparison_long(
    comparison: pd.DataFrame, scopes: Sequence[str], key: str = "cause"
) -> pd.DataFrame:
    """A :func:`compare_with_parents` frame in long form, one row per (scope, key): columns
    ``key``, ``where`` (one of ``scopes``: ``area``, ``parent``, ``country``) and ``share``;
    the scopes in the order given, the keys in the frame's order within each.

    Example:
        >>> c = compare_with_parents(pd.Series({"x": 0.6, "y": 0.4}), pd.Series({"x": 0.5}),
        ...                          pd.Series({"y": 1.0}))
        >>> comparison_long(c, ["area", "parent"]).values.tolist()
        [['x', 'area', 0.6], ['y', 'area', 0.4], ['x', 'parent', 0.5], ['y', 'parent', 0.0]]
    """
    return (
        comparison[list(scopes)]
        .reset_index(names=key)
        .melt(id_vars=key, var_name="where", value_name="share")
    )
