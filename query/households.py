"""Household records and store facts, read through the door: one area or one household at a time,
only the columns asked for, and only what the asking user's access allows
(:func:`query.scope.household_conditions`).

Example:
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> rounds(con), household_count(con), is_synthetic(con)
    ([], 0, False)
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from data.messages import msg
from data.store import SECRET_COLUMNS, PoorRule
from query import scope
from query.access import Access, AccessDenied

#: Every household column but the secret ones (data.store.SECRET_COLUMNS), as SQL.
ALL_COLUMNS = scope.columns_except(SECRET_COLUMNS)


def rounds(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The survey rounds (years BE) with household records, oldest first."""
    return [
        r[0] for r in con.execute("SELECT DISTINCT round_be FROM households ORDER BY 1").fetchall()
    ]


def household_count(con: duckdb.DuckDBPyConnection) -> int:
    """Household records over every round."""
    return con.execute("SELECT count(*) FROM households").fetchone()[0]


def is_synthetic(con: duckdb.DuckDBPyConnection) -> bool:
    """True when any stored household came from the synthetic demo generator."""
    row = con.execute("SELECT bool_or(synthetic) FROM imports WHERE kind = 'households'").fetchone()
    return bool(row[0])


def data_provinces(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Province codes with household records, by code."""
    return [
        r[0]
        for r in con.execute("SELECT DISTINCT province_code FROM households ORDER BY 1").fetchall()
    ]


def household_frame(
    con: duckdb.DuckDBPyConnection,
    columns: Sequence[str],
    *,
    round_be: int | None = None,
    area: str | None = None,
    access: Access | None = None,
) -> pd.DataFrame:
    """Selected household columns for one round and area (plain column names only; ``*``:
    every column but the secret ones, which are refused by name). ``access`` may read the
    area's rows (named or de-identified); ``*`` gives only the columns it may receive and a
    column it may not is refused by name (:class:`query.access.AccessDenied`)."""
    for name in columns:
        if name in SECRET_COLUMNS:
            raise ValueError(f"{name!r} never leaves the store")
        if name != "*" and not name.isidentifier():
            raise ValueError(f"{name!r} is not a column name")
    where, params, hidden = scope.household_where(round_be, area, access=access)
    for name in columns:
        if name in hidden:
            raise AccessDenied(msg("scope.denied.column", column=name))
    every = scope.columns_except(hidden)
    selected = ", ".join(every if name == "*" else name for name in columns)
    return con.execute(f"SELECT {selected} FROM households {where}", params).df()


def household_rounds(
    con: duckdb.DuckDBPyConnection, hh_id: str, *, access: Access | None = None
) -> pd.DataFrame:
    """Every stored round of one household (no ID hash: profiles never need it), the columns
    ``access`` may receive; refused for a household stored only outside the user's areas."""
    inside, params, hidden = scope.household_located(con, hh_id, access=access)
    extra = "".join(f" AND {c}" for c in inside)
    return con.execute(
        f"SELECT {scope.columns_except(hidden)} FROM households WHERE hh_id = ?{extra} ORDER BY round_be",
        [hh_id, *params],
    ).df()


def village_households(
    con: duckdb.DuckDBPyConnection,
    village_code: str,
    round_be: int | None,
    *,
    access: Access | None = None,
) -> list[str]:
    """IDs of the households of one village in the round, sorted (named records only)."""
    where, params, _ = scope.household_where(round_be, village_code, access=access, named=True)
    return [
        r[0]
        for r in con.execute(
            f"SELECT hh_id FROM households {where} ORDER BY hh_id", params
        ).fetchall()
    ]


def household_points(
    con: duckdb.DuckDBPyConnection,
    area: str,
    round_be: int,
    rule: PoorRule,
    *,
    access: Access | None = None,
) -> pd.DataFrame:
    """Households of one area (district or smaller) with a GPS point: ``hh_id``, ``lat``,
    ``lon``, ``members`` and ``poor`` under ``rule``, by ID (named records only)."""
    if not area or scope.area_level(area) == "province":
        raise ValueError("household points are read for one district or a smaller area")
    where, params, _ = scope.household_where(round_be, area, access=access, named=True)
    return con.execute(
        f"""SELECT hh_id, lat, lon, members, {rule.sql()} AS poor FROM households {where}
            AND lat IS NOT NULL AND lon IS NOT NULL ORDER BY hh_id""",
        params,
    ).df()
