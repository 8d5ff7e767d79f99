"""Local-economy reads through the door: technology adoptions counted, and what an area's poor
households need (their main causes and failed indicators), grouped in the database.

Example:
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> adoption_counts(con).empty
    True
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from data.store import PoorRule
from query import scope
from query.poverty import deprived_sql
from query.why import NO_CAUSE


def adoption_counts(con: duckdb.DuckDBPyConnection) -> pd.Series:
    """Villages that adopted each technology (index: technology_id)."""
    frame = con.execute(
        "SELECT technology_id, count(DISTINCT village_code) AS villages"
        " FROM technology_adoptions GROUP BY 1"
    ).df()
    return frame.set_index("technology_id")["villages"]


def community_reach(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per innovation community (index ``community_id``): the technologies it brought
    (``techs``), the villages that adopted them (``villages``) and their households."""
    return (
        con.execute(
            """SELECT community_id, count(DISTINCT technology_id) AS techs,
             count(DISTINCT village_code) AS villages, sum(households) AS households
           FROM technology_adoptions GROUP BY 1 ORDER BY 1"""
        )
        .df()
        .set_index("community_id")
    )


def poor_needs(
    con: duckdb.DuckDBPyConnection,
    round_be: int | None,
    area: str | None,
    rule: PoorRule,
    indicators: Sequence[str],
) -> tuple[pd.Series, pd.Series]:
    """(share of the area's poor households by main cause, share failing each indicator), as
    :func:`analysis.technology.area_needs` gives them from the poor households: each sorted
    largest first from the causes in code order and the indicators in their order; both empty
    when the area has no poor household."""
    where, params = scope.where(round_be, area)
    poor = f"{where.removeprefix('WHERE ') or 'TRUE'} AND {rule.sql()}"
    causes = con.execute(
        f"SELECT coalesce(main_cause, '{NO_CAUSE}') AS cause, count(*)::BIGINT AS households"
        f" FROM households WHERE {poor} GROUP BY 1 ORDER BY 1",
        params,
    ).df()
    n = int(causes["households"].sum())
    if n == 0:
        return pd.Series(dtype=float), pd.Series(dtype=float)
    fails = ", ".join(f"sum({deprived_sql(c)})::BIGINT AS {c}" for c in indicators)
    row = con.execute(f"SELECT {fails} FROM households WHERE {poor}", params).fetchone()
    cause_share = pd.Series(
        causes["households"].to_numpy() / n,
        index=pd.Index(causes["cause"].tolist(), name="cause"),
        name="share",
    )
    failing = pd.Series(
        [int(v) / n for v in row], index=pd.Index(list(indicators), name="indicator"), name="share"
    )
    return cause_share.sort_values(ascending=False), failing.sort_values(ascending=False)
