"""Why are they poor: the tables behind the "why" page, from one frame of household records.

Everything here is a pure function of a household frame (one row per household and round, the
canonical columns) so the page only lays out what comes back, and tests check the numbers.

Example:
    >>> import pandas as pd
    >>> f = pd.DataFrame({"members": [2, 3], "members_60_plus": [2, 0], "members_under_15": [0, 1],
    ...                   "members_disabled": [0, 0], "welfare_card": [True, False]})
    >>> household_types(f)["elderly_only"].tolist()
    [True, False]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis import capitals as cap
from analysis.mpi import af_by_area

HOUSEHOLD_TYPES: dict[str, tuple[str, str]] = {
    "elderly_only": ("ผู้สูงอายุอยู่ลำพัง", "Elderly only"),
    "with_disabled": ("มีสมาชิกพิการ", "With a disabled member"),
    "with_children": ("มีเด็กอายุต่ำกว่า 15 ปี", "With children under 15"),
    "welfare_card": ("ถือบัตรสวัสดิการแห่งรัฐ", "Welfare-card holder"),
}


def household_types(frame: pd.DataFrame) -> pd.DataFrame:
    """Boolean household-type flags used by the researcher filters."""
    return pd.DataFrame(
        {
            "elderly_only": frame["members_60_plus"] == frame["members"],
            "with_disabled": frame["members_disabled"] > 0,
            "with_children": frame["members_under_15"] > 0,
            "welfare_card": frame["welfare_card"].astype(bool),
        },
        index=frame.index,
    )


def add_profile(
    frame: pd.DataFrame,
    scoring: pd.DataFrame,
    *,
    income_line: float,
    weak_below: float,
    struggling_weak: int,
    fragile_margin: float,
) -> pd.DataFrame:
    """The frame with capital scores (human … social), ``level`` and household-type flags added."""
    scores = cap.capital_scores(frame, scoring)
    levels = cap.household_levels(
        scores,
        frame["income_per_person_year"],
        frame["hc_earners"],
        income_line=income_line,
        weak_below=weak_below,
        struggling_weak=struggling_weak,
        fragile_margin=fragile_margin,
    )
    return pd.concat([frame, scores, levels, household_types(frame)], axis=1)


def apply_filters(
    frame: pd.DataFrame, types: Iterable[str] = (), levels: Iterable[str] = ()
) -> pd.DataFrame:
    """Keep households of every selected type (AND) and of any selected level (OR)."""
    keep = pd.Series(True, index=frame.index)
    for t in types:
        keep &= frame[t].astype(bool)
    levels = list(levels)
    if levels:
        keep &= frame["level"].isin(levels)
    return frame[keep]


def capital_means(frame: pd.DataFrame, poor: pd.Series | None = None) -> pd.Series:
    """Mean capital scores (1-4) of the households (of the poor ones when ``poor`` is given)."""
    rows = frame if poor is None else frame[poor.to_numpy(bool)]
    return rows[list(cap.CAPITALS)].astype(float).mean()


def level_distribution(frame: pd.DataFrame) -> pd.DataFrame:
    """Households and people per level, in the programme's order, with shares."""
    grouped = frame.groupby("level").agg(households=("level", "size"), people=("members", "sum"))
    grouped = grouped.reindex(list(cap.LEVELS), fill_value=0)
    grouped["share"] = grouped["households"] / max(int(grouped["households"].sum()), 1)
    return grouped


def mpi_table(
    frame: pd.DataFrame,
    indicator_codes: Sequence[str],
    weights: pd.Series,
    k: float,
    area_col: str,
) -> pd.DataFrame:
    """Alkire–Foster H, A, M0 and indicator contributions per child area (people-weighted)."""
    return af_by_area(frame, list(indicator_codes), weights, k, area_col, "members")


def dimension_contributions(
    mpi: pd.DataFrame, indicators: pd.DataFrame, weights: pd.Series
) -> pd.DataFrame:
    """Per area, each TPMAP dimension's share of M0 (the heatmap): sums of indicator contributions.

    ``indicators`` has columns ``code`` and ``dimension``.
    """
    out = {}
    for dim, codes in indicators.groupby("dimension", sort=False)["code"]:
        cols = [f"phi_{c}" for c in codes if f"phi_{c}" in mpi]
        out[dim] = mpi[cols].sum(axis=1)
    return pd.DataFrame(out, index=mpi.index)


def overall_mpi(
    frame: pd.DataFrame, indicator_codes: Sequence[str], weights: pd.Series, k: float
) -> pd.Series:
    """H, A, M0 and contributions for the whole frame as one area."""
    single = frame.assign(_all="all")
    if single.empty:
        return pd.Series(dtype=float)
    return af_by_area(single, list(indicator_codes), weights, k, "_all", "members").iloc[0]


def ranked(series: pd.Series, n: int | None = None) -> pd.Series:
    out = series.sort_values(ascending=False)
    return out if n is None else out.head(n)


def safe_share(num: float, den: float) -> float:
    return float(num) / float(den) if den else float(np.nan)
