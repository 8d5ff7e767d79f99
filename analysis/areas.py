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

import pandas as pd

from analysis.capitals import CAPITALS
from analysis.mpi import af_by_area


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
    frame has them — mean capital scores of poor households (``capital_<name>``) and Alkire–Foster
    H, A and M0 (when ``indicator_codes``, ``weights`` and ``k`` are given)."""
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
    if all(c in frame for c in CAPITALS):
        poor = f[f["poor"]]
        means = poor.groupby(area_col)[list(CAPITALS)].mean()
        out = out.join(means.add_prefix("capital_"))
    if indicator_codes and weights is not None and k is not None:
        af = af_by_area(frame, list(indicator_codes), weights, k, area_col, "members")
        out = out.join(af[["H", "A", "M0"]])
    out.index.name = "code"
    return out
