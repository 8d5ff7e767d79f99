"""Sites beside the poor: what the local-economy pages compute from the tables they have read.

Pure functions of frames (sites with ``lat``/``lon``, products, stops, adoptions, indicator
values): distances and what is near a point, the filters of the lists, counts joined per site,
and areas ranked on an indicator.

Example:
    >>> round(float(distance_km(16.43, 103.51, 16.43, 103.61)), 2)
    10.67
    >>> rows = pd.DataFrame({"site_id": ["R1", "R2"], "kind": ["market", "market"],
    ...                      "category": ["floating", "night"]})
    >>> stops = pd.DataFrame({"route_id": ["R1", "R1", "R9"]})
    >>> count_per(rows["site_id"], stops["route_id"]).tolist()
    [2, 0]
    >>> in_categories(rows, ["market:night"])["site_id"].tolist()
    ['R2']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

# --- where ---------------------------------------------------------------------------------------


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle (haversine) distance in km; works on numbers and numpy arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(a))


def nearby(frame: pd.DataFrame, lat: float, lon: float, radius_km: float) -> pd.DataFrame:
    """Rows of ``frame`` (with lat, lon) within ``radius_km`` of a point, nearest first, with
    their ``distance_km`` (rows without a point are left out).

    >>> f = pd.DataFrame({"site_id": ["a", "b"], "lat": [16.0, 17.0], "lon": [103.0, 103.0]})
    >>> nearby(f, 16.0, 103.05, 20)["site_id"].tolist()
    ['a']
    """
    located = frame.dropna(subset=["lat", "lon"])
    d = distance_km(lat, lon, located["lat"].to_numpy(float), located["lon"].to_numpy(float))
    out = located.assign(distance_km=d)
    return out[out["distance_km"] <= radius_km].sort_values(["distance_km", *out.columns[:1]])


def nearest(frame: pd.DataFrame, lat: float, lon: float, column: str) -> object | None:
    """The ``column`` value of the row of ``frame`` (with lat, lon) nearest to the point; the
    first such row on a tie, None for an empty frame.

    >>> f = pd.DataFrame({"village": ["A", "B"], "lat": [16.0, 16.1], "lon": [103.0, 103.0]})
    >>> nearest(f, 16.08, 103.0, "village"), nearest(f.iloc[0:0], 16.0, 103.0, "village")
    ('B', None)
    """
    if frame.empty:
        return None
    d = distance_km(lat, lon, frame["lat"].to_numpy(float), frame["lon"].to_numpy(float))
    return frame[column].iloc[int(np.argmin(d))]


def finest_code(frame: pd.DataFrame) -> pd.Series:
    """The most precise area code of each site above the village: subdistrict, else district,
    else province.

    >>> f = pd.DataFrame({"subdistrict_code": ["460101", None], "district_code": ["4601", None],
    ...                   "province_code": ["46", "46"]})
    >>> finest_code(f).tolist()
    ['460101', '46']
    """
    return (
        frame["subdistrict_code"]
        .where(frame["subdistrict_code"].notna(), frame["district_code"])
        .where(lambda s: s.notna(), frame["province_code"])
    )


# --- the lists -----------------------------------------------------------------------------------


def search(frame: pd.DataFrame, query: str, columns: Iterable[str]) -> pd.DataFrame:
    """Rows where every word of ``query`` appears in one of ``columns`` (case-insensitive).

    >>> f = pd.DataFrame({"name": ["Silk weavers", "Rice mill"], "area": ["Kalasin", "Roi Et"]})
    >>> search(f, "silk KALASIN", ["name", "area"])["name"].tolist()
    ['Silk weavers']
    >>> len(search(f, "  ", ["name"]))
    2
    """
    words = [w for w in query.lower().split() if w]
    if not words or frame.empty:
        return frame
    text = frame[list(columns)].astype("string").fillna("").agg(" ".join, axis=1).str.lower()
    keep = pd.Series(True, index=frame.index)
    for word in words:
        keep &= text.str.contains(word, regex=False)
    return frame[keep]


def filter_in(frame: pd.DataFrame, chosen: Mapping[str, Sequence[object]]) -> pd.DataFrame:
    """Rows whose value in each column of ``chosen`` is one of the chosen values (a column with
    nothing chosen does not filter).

    >>> f = pd.DataFrame({"type": ["food", "textile", "food"], "stage": ["up", "mid", "mid"]})
    >>> filter_in(f, {"type": ["food"], "stage": ["mid"]}).index.tolist()
    [2]
    >>> len(filter_in(f, {"type": [], "stage": []}))
    3
    """
    keep = pd.Series(True, index=frame.index)
    for column, values in chosen.items():
        if len(values):
            keep &= frame[column].isin(list(values))
    return frame[keep]


def with_any_tag(frame: pd.DataFrame, column: str, wanted: Iterable[str]) -> pd.DataFrame:
    """Rows whose '|'-separated tags in ``column`` hold at least one of ``wanted`` (all rows when
    nothing is wanted).

    >>> f = pd.DataFrame({"causes": ["lack_water|disaster", "illness", None]})
    >>> with_any_tag(f, "causes", ["disaster", "debt"]).index.tolist()
    [0]
    """
    wanted = set(wanted)
    if not wanted:
        return frame
    tags = frame[column].fillna("").map(lambda v: bool(set(str(v).split("|")) & wanted))
    return frame[tags.astype(bool)]


def in_categories(rows: pd.DataFrame, picked: Iterable[str]) -> pd.DataFrame:
    """Rows whose ``kind:category`` is one of ``picked`` (all rows when nothing is picked)."""
    picked = list(picked)
    if not picked or rows.empty:
        return rows
    return rows[(rows["kind"] + ":" + rows["category"]).isin(picked)]


def in_order(frame: pd.DataFrame, column: str, order: Sequence[object]) -> pd.DataFrame:
    """``frame`` sorted by where each row's ``column`` stands in ``order`` (unknown values last,
    in their order).

    >>> f = pd.DataFrame({"status": ["done", "new", "odd", "sent"]})
    >>> in_order(f, "status", ["new", "sent", "done"])["status"].tolist()
    ['new', 'sent', 'done', 'odd']
    """
    rank = {value: i for i, value in enumerate(order)}
    return frame.sort_values(column, key=lambda s: s.map(rank).fillna(len(rank)), kind="stable")


# --- counts ---------------------------------------------------------------------------------------


def count_per(ids: pd.Series, refs: pd.Series) -> pd.Series:
    """How many of ``refs`` name each of ``ids`` (0 for none), on the index of ``ids``."""
    return ids.map(refs.value_counts()).fillna(0).astype(int)


def by_frequency(values: pd.Series) -> list[object]:
    """The distinct values, the most common first (ties in the order they first appear).

    >>> by_frequency(pd.Series(["temple", "museum", "museum", None]))
    ['museum', 'temple']
    """
    return list(values.value_counts(sort=True).index)


def with_counts(rows: pd.DataFrame, counts: pd.Series | pd.DataFrame, key: str) -> pd.DataFrame:
    """``rows`` with the counts of each row's ``key`` (``counts`` indexed by key; a named series
    or the columns of a frame) added as whole numbers, 0 where ``counts`` has none.

    >>> rows = pd.DataFrame({"site_id": ["T1", "T2"]})
    >>> counts = pd.Series({"T2": 3}, name="villages")
    >>> with_counts(rows, counts, "site_id")["villages"].tolist()
    [0, 3]
    """
    table = counts.to_frame() if isinstance(counts, pd.Series) else counts
    out = rows.copy()
    for column in table.columns:
        out[column] = rows[key].map(table[column]).fillna(0).astype(int)
    return out


def most_failed(failing: pd.Series, n: int) -> pd.Series:
    """The first ``n`` of ``failing`` (a share or count per indicator, largest first) above 0.

    >>> most_failed(pd.Series({"bmn_01": 0.4, "bmn_07": 0.1, "bmn_09": 0.0}), 5).to_dict()
    {'bmn_01': 0.4, 'bmn_07': 0.1}
    """
    top = failing.head(n)
    return top[top > 0]


def with_library(ranked: pd.DataFrame, library: pd.DataFrame) -> pd.DataFrame:
    """Ranked technologies (``analysis.technology.match_technologies``) with their library
    columns (names, tags, cost, ...), in rank order."""
    return ranked.merge(library.drop(columns=["rank"], errors="ignore"), on="site_id", how="left")


# --- livable-city indicators ---------------------------------------------------------------------


def area_ranks(values: pd.Series, higher_is_better: object) -> pd.Series:
    """Rank of each area on an indicator: 1 = best; ties share the best rank (1, 2, 2, 4).

    No rank without a value, or when the direction is not known.

    >>> area_ranks(pd.Series([3.0, 9.0, 3.0, None]), False).tolist()
    [1, 3, 1, <NA>]
    """
    known = higher_is_better is not None and higher_is_better is not pd.NA
    if not known or (isinstance(higher_is_better, float) and np.isnan(higher_is_better)):
        return pd.Series(pd.NA, index=values.index, dtype="Int64")
    ranks = pd.to_numeric(values, errors="coerce").rank(
        method="min", ascending=not bool(higher_is_better)
    )
    return ranks.round().astype("Int64")


def by_rank(values: pd.DataFrame) -> pd.DataFrame:
    """Indicator values best rank first (ties and unranked areas by area code, unranked last)."""
    return values.sort_values(["rank", "area_code"], na_position="last")
