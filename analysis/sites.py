"""Sites beside the poor: distances, what is near a point, and areas ranked on an indicator.

Pure functions of frames the local-economy pages have read (sites with ``lat``/``lon``,
indicator values).

Example:
    >>> round(float(distance_km(16.43, 103.51, 16.43, 103.61)), 2)
    10.67
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle (haversine) distance in km; works on numbers and numpy arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(a))


def nearby(frame: pd.DataFrame, lat: float, lon: float, radius_km: float) -> pd.DataFrame:
    """Rows of ``frame`` (with lat, lon) within ``radius_km`` of a point, nearest first.

    >>> f = pd.DataFrame({"site_id": ["a", "b"], "lat": [16.0, 17.0], "lon": [103.0, 103.0]})
    >>> nearby(f, 16.0, 103.05, 20)["site_id"].tolist()
    ['a']
    """
    located = frame.dropna(subset=["lat", "lon"])
    d = distance_km(lat, lon, located["lat"].to_numpy(float), located["lon"].to_numpy(float))
    out = located.assign(distance_km=d)
    return out[out["distance_km"] <= radius_km].sort_values(["distance_km", *out.columns[:1]])


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
