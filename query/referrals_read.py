"""Referral reads through the door: one household's record, whether it is poor in a round, and
its referrals. Outcomes across rounds are grouped in the database by :mod:`query.outcomes`.

Example:
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> household_record(con, "H0", 2564) is None
    True
"""

from __future__ import annotations

import duckdb
import pandas as pd

from data.store import SECRET_COLUMNS, PoorRule


def household_record(
    con: duckdb.DuckDBPyConnection, hh_id: str, round_be: int | None
) -> pd.Series | None:
    """One household's stored answers in one round, without the secret columns (None when
    there is none)."""
    if not hh_id or round_be is None:
        return None
    frame = con.execute(
        f"SELECT * EXCLUDE ({', '.join(SECRET_COLUMNS)}) FROM households "
        "WHERE hh_id = ? AND round_be = ?",
        [hh_id, int(round_be)],
    ).df()
    return None if frame.empty else frame.iloc[0]


def is_poor(con: duckdb.DuckDBPyConnection, hh_id: str, round_be: int, rule: PoorRule) -> bool:
    """Whether the household is poor by ``rule`` in that round (False when not surveyed)."""
    row = con.execute(
        f"SELECT {rule.sql()} FROM households WHERE hh_id = ? AND round_be = ?",
        [hh_id, int(round_be)],
    ).fetchone()
    return bool(row and row[0])


def household_referrals(con: duckdb.DuckDBPyConnection, hh_id: str) -> pd.DataFrame:
    """The household's referrals (every round) with their current status, oldest first."""
    return con.execute(
        "SELECT referral_id, round_be, intervention, agency, status, target_date "
        "FROM referral_current WHERE hh_id = ? ORDER BY referral_id",
        [hh_id],
    ).df()
