"""Reads of the data and review pages through the door: the import history, one
household's GPS point and the registry matched to the survey per area.

Example:
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> imports_log(con).columns.tolist()[:3]
    ['finished_at', 'kind', 'file_name']
    >>> household_point(con, "H0", 2564, access=Access.full()) is None
    True
"""

from __future__ import annotations

import duckdb
import pandas as pd

from data import registry
from data.store import PoorRule
from query import scope
from query.access import Access
from query.areas import hidden_for, suppress


def imports_log(con: duckdb.DuckDBPyConnection, limit: int = 30) -> pd.DataFrame:
    """The latest ``limit`` imports, newest first: when, kind, file, rows in the file, new,
    replaced and unchanged, and whether the data are synthetic."""
    return con.execute(
        """SELECT finished_at, kind, file_name, rows_in_file, rows_new, rows_replaced,
                  rows_unchanged, synthetic FROM imports ORDER BY finished_at DESC LIMIT ?""",
        [int(limit)],
    ).df()


def household_point(
    con: duckdb.DuckDBPyConnection, hh_id: str, round_be: int, *, access: Access | None = None
) -> tuple[float, float] | None:
    """(lat, lon) the household was surveyed at in that round, None without a point (named
    records only: refused outside the user's areas)."""
    inside, params, _ = scope.household_located(con, hh_id, round_be, access=access)
    extra = "".join(f" AND {c}" for c in inside)
    row = con.execute(
        f"SELECT lat, lon FROM households WHERE hh_id = ? AND round_be = ?{extra}",
        [hh_id, int(round_be), *params],
    ).fetchone()
    if not row or row[0] is None:
        return None
    return float(row[0]), float(row[1])


def registry_match(
    con: duckdb.DuckDBPyConnection,
    level: str,
    round_be: int,
    area: str | None,
    rule: PoorRule,
    *,
    access: Access | None = None,
) -> pd.DataFrame:
    """Per area of ``level`` inside ``area``: the survey and registry matched by hashed ID
    (:func:`data.registry.cross_match`) with TPMAP's targeted poor households beside them
    (:func:`data.registry.targeted_poor`, poor by ``rule`` and registered). With ``access``,
    a ``suppressed`` column (the areas hidden for it: :func:`query.areas.hidden_areas`)."""
    match = registry.cross_match(con, level, round_be=round_be, area=area)
    target = registry.targeted_poor(con, level, round_be=round_be, area=area, rule=rule)
    frame = match.merge(target[["code", "targeted_poor_households"]], on="code", how="left")
    if access is None:
        return frame
    return suppress(frame, hidden_for(con, access, round_be))
