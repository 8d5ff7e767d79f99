"""Who counts as poor, on a household frame: the pure reference of the rule the store applies
in SQL (:meth:`data.store.PoorRule.sql`); tests hold the two equal.

A BMN indicator value of 0 means the household fails it; a missing value means the indicator
does not apply (not failed). Two rules:

* ``"tpmap"``: TPMAP's rule, poor when the household fails any of the indicators;
* ``"af"``: Alkire–Foster identification, poor when the weighted share of failed indicators
  ``c_i`` reaches ``k`` (tested as ``c_i >= k - 1e-12``, :data:`analysis.mpi.IDENTIFICATION_TOL`).

Example:
    >>> frame = pd.DataFrame({"a": [0, 1, None], "b": [1, 1, 0]})
    >>> poor_households(frame, "tpmap", {"a": 0.5, "b": 0.5}, 0.2).tolist()
    [True, False, True]
    >>> poor_households(frame, "af", {"a": 0.75, "b": 0.25}, 0.5).tolist()
    [True, False, False]
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.mpi import IDENTIFICATION_TOL

RULES: tuple[str, ...] = ("tpmap", "af")


def poor_households(
    frame: pd.DataFrame, rule_name: str, weights: Mapping[str, float], k: float
) -> pd.Series:
    """Per row of ``frame``: whether the household is poor under ``rule_name``.

    ``weights``: indicator column -> weight; its indicators are the ones the rule reads
    (``"tpmap"`` uses only the names, ``"af"`` the weights and the cut-off ``k``).
    """
    if rule_name not in RULES:
        raise ValueError(f"unknown poor rule {rule_name!r}: use 'tpmap' or 'af'")
    w = pd.Series(dict(weights.items()), dtype=float)
    if w.empty:
        raise ValueError("poor_households needs the indicators (and their weights)")
    failed = frame[list(w.index)] == 0
    if rule_name == "tpmap":
        return failed.any(axis=1)
    score = failed.astype(float).mul(w, axis=1).sum(axis=1)
    return score >= float(k) - IDENTIFICATION_TOL
