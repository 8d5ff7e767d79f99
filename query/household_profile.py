"""One household's rounds with its profile (capital scores, level, types) and its poverty
under a rule, scored in the database, for the household page.

Example:
    >>> from data import store
    >>> from data.schema import table
    >>> con = store.connect(":memory:")
    >>> model = HouseholdModel(scoring=tuple(table("capital_scoring")))
    >>> household_history(
    ...     con, "H0", model=model, rule=store.PoorRule(), access=Access.full()
    ... ).empty
    True
"""

from __future__ import annotations

import duckdb
import pandas as pd

from data.store import SECRET_COLUMNS, PoorRule
from query import scope
from query.access import Access
from query.profile import HouseholdModel, profiled


def household_history(
    con: duckdb.DuckDBPyConnection,
    hh_id: str,
    *,
    model: HouseholdModel,
    rule: PoorRule,
    access: Access | None = None,
) -> pd.DataFrame:
    """Every round of household ``hh_id`` (oldest first): its stored answers without the secret
    columns, ``capital_<name>``, ``weak_capitals``, ``level``, the type flags and ``poor``.
    Named records only: refused for a household stored only outside the user's areas; the
    columns ``access`` may not receive (sensitive ones, ``with_disabled``) are left out."""
    inside, params, hidden = scope.household_located(con, hh_id, access=access)
    extra = "".join(f" AND {c}" for c in inside)
    source = f"(SELECT * FROM households WHERE hh_id = ?{extra})"
    columns = f"s.* EXCLUDE ({', '.join(SECRET_COLUMNS)}), {rule.sql('s')} AS poor"
    return con.execute(
        f"SELECT {scope.columns_except(hidden)} FROM {profiled(model, source, columns)} AS h"
        " ORDER BY round_be",
        [hh_id, *params],
    ).df()
