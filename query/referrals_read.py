"""Referral reads through the door: one household's record and referrals, and the panel of
households (level and poverty per round, computed in the database, one row per household and
round). The outcomes page does not read the panel: its tables are grouped in the database by
:mod:`query.outcomes`.

Example:
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> household_record(con, "H0", 2564) is None
    True
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from data.store import SECRET_COLUMNS, PoorRule
from query import scope
from query.profile import HouseholdModel, profiled


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


def panel(
    con: duckdb.DuckDBPyConnection,
    rounds: Sequence[int],
    area: str | None,
    *,
    rule: PoorRule,
    model: HouseholdModel,
) -> pd.DataFrame:
    """Households of ``rounds`` inside ``area``: hh_id, round_be, province/district/subdistrict
    codes, level (:mod:`query.profile`) and poor (``rule``), level and poverty computed in the
    database; only those columns leave it."""
    clauses, params = scope.conditions(None, area)
    clauses.append(f"round_be IN ({', '.join('?' for _ in rounds)})")
    params += [int(r) for r in rounds]
    source = f"(SELECT * FROM households WHERE {' AND '.join(clauses)})"
    keys = "s.hh_id, s.round_be, s.province_code, s.district_code, s.subdistrict_code"
    rows = profiled(model, source, f"{keys}, {rule.sql('s')} AS poor")
    return con.execute(
        "SELECT hh_id, round_be, province_code, district_code, subdistrict_code, level, poor"
        f" FROM {rows} AS h ORDER BY round_be, hh_id",
        params,
    ).df()
