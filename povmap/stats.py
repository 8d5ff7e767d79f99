"""Area statistics as `povmap stats` prints them: the store's counts joined with Alkire–Foster H, A, M0.

One function serves the CLI and the tests, so the numbers checked outside the UI are the
numbers the app shows. Columns keep machine names; the measure each one holds, with the name the
app gives it, is :data:`analysis.measures.STATS_COLUMNS` (shown by ``povmap stats --help``):
``headcount_ratio`` is the TPMAP headcount ratio (any of 17 indicators) under the TPMAP rule,
``mpi_H`` the Alkire–Foster multidimensional headcount H — two different numbers.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analysis.mpi import af_by_area
from data import registry, store
from data.schema import BMN_CODES
from povmap import rules, settings

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
    Alkire–Foster H, A and M0 (weights and k from the settings)."""
    rule = rules.poor_rule()
    frame = store.area_stats(con, level, round_be=round_be, area=area, rule=rule)
    frame["registry_targeted_households"] = _registry_targeted(con, frame, level, area, rule)
    if not with_mpi or frame.empty:
        return frame
    col = store.LEVEL_COLUMN[level]
    households = store.household_frame(
        con, [col, "round_be", "members", *BMN_CODES], round_be=round_be, area=area
    )
    households["_key"] = households[col] + "|" + households["round_be"].astype(str)
    af = af_by_area(
        households,
        list(BMN_CODES),
        rules.af_weights(),
        float(settings.get("POVMAP_AF_K")),
        "_key",
        "members",
    )[["H", "A", "M0"]].add_prefix("mpi_")
    key = frame["code"] + "|" + frame["round_be"].astype(str)
    return frame.join(af, on=key)


def _registry_targeted(con, frame: pd.DataFrame, level: str, area, rule) -> pd.Series:
    """Poor households whose head is in the registry snapshot matched to each row's round."""
    out = pd.Series(float("nan"), index=frame.index)
    for round_be in frame["round_be"].unique() if len(frame) else []:
        if registry.snapshot_for(con, int(round_be)) is None:
            continue
        matched = registry.targeted_poor(con, level, round_be=int(round_be), area=area, rule=rule)
        counts = matched.set_index("code")["targeted_poor_households"]
        rows = frame["round_be"] == round_be
        out[rows] = frame.loc[rows, "code"].map(counts).fillna(0).astype(float)
    return out
