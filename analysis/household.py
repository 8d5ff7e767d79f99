"""One household across rounds, as its profile shows it: the round's record, the BMN indicators
it fails and how many it failed in each round.

A BMN indicator value of 0 means the household fails it; a missing value means the indicator
does not apply (not failed), as in :mod:`analysis.poverty`.

Example:
    >>> profile = pd.DataFrame({"round_be": [2563, 2564], "a": [0, 1], "b": [0, None]})
    >>> int(round_record(profile, 2563)["round_be"]), int(round_record(profile, 2566)["round_be"])
    (2563, 2564)
    >>> failed_indicators(profile.iloc[1], ["a", "b"]), failed_indicators(profile.iloc[0], ["a", "b"])
    ([], ['a', 'b'])
    >>> failed_counts(profile, ["a", "b"]).tolist()
    [2, 0]
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def round_record(profile: pd.DataFrame, round_be: int | None) -> pd.Series:
    """The household's record of ``round_be``; its last record when it has none that round.

    ``profile``: one row per round (``round_be``), oldest first, at least one row.
    """
    current = profile[profile["round_be"] == round_be]
    return (current if not current.empty else profile.tail(1)).iloc[0]


def failed_indicators(record: pd.Series, indicators: Sequence[str]) -> list[str]:
    """The ``indicators`` (column names) that ``record`` fails, in the order given."""
    return [code for code in indicators if pd.notna(record[code]) and record[code] == 0]


def failed_counts(profile: pd.DataFrame, indicators: Sequence[str]) -> pd.Series:
    """How many of ``indicators`` each row of ``profile`` fails."""
    return (profile[list(indicators)] == 0).sum(axis=1)
