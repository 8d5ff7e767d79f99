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

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.capitals import CAPITALS
from analysis.mpi import af_by_area
from analysis.suppression import reportable as is_reportable

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


#: Measures of the map's table and CSV, in order.
MAP_TABLE_COLUMNS: tuple[str, ...] = (
    "households",
    "poor_households",
    "poor_people",
    "headcount_ratio",
    "targeted_poor_households",
    "registry_targeted_households",
    "M0",
    "capital_human",
    "capital_physical",
    "capital_financial",
    "capital_natural",
    "capital_social",
    "monitored_households",
    "monitored_sudden_hardship",
    "monitored_exited_unstable",
    "monitored_marginal",
    "change_poor_households",
    "change_headcount_ratio",
)


def map_table(
    geo: Mapping[str, Any],
    stats: pd.DataFrame,
    values: pd.DataFrame,
    hot: pd.DataFrame | None = None,
    columns: Sequence[str] = MAP_TABLE_COLUMNS,
) -> pd.DataFrame:
    """Every shown area (``geo``: the map's geometry payload, lists ``code``, ``par``, ``th``,
    ``en`` and parent names ``pn``) with every measure of ``stats`` (indexed by code), blank
    where ``values`` (the map's shown values: ``suppressed``, ``rank`` per area, in ``geo``'s
    order) suppresses the area, its rank and, with ``hot`` (Gi* ``hotspot``, ``z``, ``p``,
    ``p_adjusted`` per code, its ``attrs`` naming the correction), the hot-spot class.

    Example:
        >>> geo = {"code": ["a", "b"], "par": [0, 0], "th": ["ก", "ข"], "en": ["A", "B"],
        ...        "pn": [("จ", "P")]}
        >>> stats = pd.DataFrame({"households": [9, 2]}, index=["a", "b"])
        >>> values = pd.DataFrame({"suppressed": [False, True], "rank": [1.0, None]})
        >>> map_table(geo, stats, values, columns=["households"])["households"].isna().tolist()
        [False, True]
    """
    codes = list(geo["code"])
    parents = list(geo["par"])
    table_ = stats.reindex(codes) if len(stats) else pd.DataFrame(index=codes)
    out = pd.DataFrame(
        {
            "name_th": geo["th"],
            "name_en": geo["en"],
            "parent_th": [geo["pn"][p][0] for p in parents],
            "parent_en": [geo["pn"][p][1] for p in parents],
        },
        index=pd.Index(codes, name="code"),
    )
    for col in columns:
        out[col] = pd.to_numeric(table_[col], errors="coerce") if col in table_ else pd.NA
    out.loc[values["suppressed"].to_numpy(), list(columns)] = pd.NA
    out["suppressed"] = values["suppressed"].to_numpy()
    out["rank"] = values["rank"].astype("Int64").to_numpy()
    if hot is not None:
        gi = hot.reindex(codes)
        out["hotspot"] = gi["hotspot"].to_numpy()
        out["hotspot_z"] = gi["z"].to_numpy()
        out["hotspot_p"] = gi["p"].to_numpy()
        if hot.attrs.get("correction", "none") != "none":
            out["hotspot_p_adjusted"] = gi["p_adjusted"].to_numpy()
    return out


def labelled(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    index_name: str,
    order: Sequence[str] = (),
    percent: Sequence[str] = (),
    names: Mapping[str, Mapping[object, str]] | None = None,
) -> pd.DataFrame:
    """A table for people: ``columns`` (heading -> column of ``frame``, in order; sources
    ``frame`` lacks are left out), rows sorted by ``order`` (missing last), fractions in the
    ``percent`` headings times 100, codes in the ``names`` headings replaced by their name.

    Example:
        >>> f = pd.DataFrame({"r": [0.5, 0.25], "k": ["x", "y"]}, index=["a", "b"])
        >>> labelled(f, {"Rate": "r", "Kind": "k"}, index_name="Code", order=["r"],
        ...          percent=["Rate"], names={"Kind": {"x": "Ex"}}).to_dict("list")
        {'Rate': [25.0, 50.0], 'Kind': ['', 'Ex']}
    """
    shown = frame.sort_values(list(order), na_position="last") if order else frame
    out = pd.DataFrame(
        {label: shown[source] for label, source in columns.items() if source in shown},
        index=shown.index.rename(index_name),
    )
    for label in percent:
        if label in out:
            out[label] = out[label] * 100
    for label, table_ in (names or {}).items():
        if label in out:
            out[label] = out[label].map(lambda c, t=table_: t.get(c, ""))
    return out


def total(stats: pd.DataFrame, column: str) -> int:
    """``column`` of ``stats`` added up over its areas, as a whole number (0 for no area).

    Example:
        >>> total(pd.DataFrame({"poor_households": [3.0, 4.0]}), "poor_households")
        7
        >>> total(pd.DataFrame({"poor_households": []}), "poor_households")
        0
    """
    return int(stats[column].sum()) if len(stats) else 0


def previous_round(rounds: Iterable[int], round_be: int | None) -> int | None:
    """The last of ``rounds`` (in their order, oldest first) before ``round_be`` (None when there
    is none, or no round is chosen).

    Example:
        >>> previous_round([2563, 2564, 2566], 2566), previous_round([2563], 2563)
        (2564, None)
    """
    earlier = [r for r in rounds if round_be is not None and r < round_be]
    return earlier[-1] if earlier else None


def round_change(now: pd.Series | None, before: pd.Series | None, column: str) -> float | None:
    """``column`` of this round's totals minus the previous round's (None without either).

    Example:
        >>> int(round_change(pd.Series({"poor": 3}), pd.Series({"poor": 5}), "poor"))
        -2
        >>> round_change(pd.Series({"poor": 3}), None, "poor") is None
        True
    """
    if now is None or before is None:
        return None
    return now[column] - before[column]


def round_pair(
    totals: pd.DataFrame, round_be: int | None
) -> tuple[pd.Series | None, pd.Series | None, int | None]:
    """From per-round totals (indexed by round): the round's row, the previous round's row and
    the previous round (None where there is none).

    Example:
        >>> tot = pd.DataFrame({"poor": [5, 3]}, index=[2563, 2564])
        >>> now, before, when = round_pair(tot, 2564)
        >>> int(now["poor"]), int(before["poor"]), when
        (3, 5, 2563)
    """
    now = totals.loc[round_be] if round_be in totals.index else None
    before = previous_round(totals.index, round_be)
    if before is None:
        return now, None, None
    return now, totals.loc[before], int(before)


def ranked_extremes(
    stats: pd.DataFrame,
    column: str,
    reportable: Sequence[str],
    min_cell: int,
    n: int = 10,
) -> tuple[pd.Series, pd.Series, int]:
    """The largest and smallest ``column`` values of the areas a ranking may list (codes in
    ``reportable`` with at least ``min_cell`` households), and how many each list holds: at
    most ``n``, and half the ranked areas when there are fewer than ``2 n``, so no area is in
    both lists. ``stats`` has ``code``, ``households`` and ``column``.

    Example:
        >>> s = pd.DataFrame({"code": list("abcd"), "households": [9, 9, 9, 1],
        ...                   "poor": [4, 1, 7, 9]})
        >>> top, bottom, n = ranked_extremes(s, "poor", ["a", "b", "c", "d"], 5)
        >>> top.index.tolist(), bottom.index.tolist(), n
        (['c'], ['b'], 1)
    """
    keep = stats["code"].isin(list(reportable)) & is_reportable(stats["households"], min_cell)
    shown = stats[keep]
    size = min(n, max(1, len(shown) // 2))
    top, bottom = top_bottom(shown.set_index("code")[column], n=size)
    return top, bottom, size


def bar_rows(
    values: pd.Series, names: Mapping[str, str], fmt: Callable[[float], str]
) -> pd.DataFrame:
    """Rows of a horizontal bar chart, the first value at the top: ``code``, ``value``,
    ``name`` (the code where no name is known) and ``text`` (``fmt`` of the value).

    Example:
        >>> bar_rows(pd.Series([7, 4], index=["a", "b"]), {"a": "A"}, str).values.tolist()
        [['b', 4, 'b', '4'], ['a', 7, 'A', '7']]
    """
    rows = values.rename("value").rename_axis("code").reset_index().iloc[::-1]
    rows["name"] = [names.get(c, c) for c in rows["code"]]
    rows["text"] = [fmt(v) for v in rows["value"]]
    return rows.reset_index(drop=True)
