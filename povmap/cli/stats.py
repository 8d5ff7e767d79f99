"""Area statistics as `povmap stats` prints them: the store's counts with Alkire–Foster H, A, M0.

One function serves the CLI and the tests, so the numbers checked outside the UI are the
numbers the app shows; every number is computed in the database by :mod:`query.areas`. Columns
keep machine names; the measure each one holds, with the name the app gives it, is
:data:`analysis.measures.STATS_COLUMNS` (shown by ``povmap stats --help``):
``headcount_ratio`` is the TPMAP headcount ratio (any of 17 indicators) under the TPMAP rule,
``mpi_H`` the Alkire–Foster multidimensional headcount H — two different numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from povmap import rules, settings
from query import areas
from query.access import Access

if TYPE_CHECKING:
    import duckdb

MPI_COLUMNS = ("mpi_H", "mpi_A", "mpi_M0")


def area_table(
    con: duckdb.DuckDBPyConnection,
    level: str,
    *,
    round_be: int | None = None,
    area: str | None = None,
    with_mpi: bool = True,
) -> pd.DataFrame:
    """Per area and round: households, people, poor households/people, headcount ratio under the
    configured rule, poor households matched with the welfare registry
    (``registry_targeted_households``, blank for a round without a registry snapshot), plus
    Alkire–Foster H, A and M0 (weights and k from the settings). Read as the operator at the
    command line (:meth:`query.access.Access.full`: every area, nothing suppressed)."""
    frame = areas.area_measures(
        con,
        level,
        round_be=round_be,
        area=area,
        rule=rules.poor_rule(),
        af_weights=dict(rules.af_weights()) if with_mpi else None,
        af_k=float(settings.get("POVMAP_AF_K")) if with_mpi else None,
        summary=rules.summary_spec(),
        access=Access.full(),
    )
    columns = ["code", "round_be", *areas.STAT_COLUMNS, "registry_targeted_households"]
    if not with_mpi:
        return frame[columns]
    return frame[[*columns, *areas.AF_COLUMNS]].rename(
        columns={c: f"mpi_{c}" for c in areas.AF_COLUMNS}
    )
