"""Which areas a survey round covers: the denominator every headline, chart and ranking needs.

A national total over the surveyed provinces is not a figure for Thailand, and a "bottom 10"
drawn from 20 surveyed provinces says nothing about the other 57. :func:`coverage` counts, for
one round and one level inside one area, the official (DOPA) areas, the areas with survey
records, and the areas with enough records to show and rank (``min_cell``, the same threshold
that suppresses small areas on the map).

Example:
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> _ = con.execute("CREATE TABLE households (province_code VARCHAR, district_code VARCHAR,"
    ...     " subdistrict_code VARCHAR, village_code VARCHAR, round_be INTEGER)")
    >>> _ = con.execute("INSERT INTO households VALUES ('46','4601','460101','46010101',2565),"
    ...     " ('46','4601','460101','46010101',2565), ('94','9401','940101','94010101',2565)")
    >>> c = coverage(con, "province", round_be=2565, min_cell=2)
    >>> c.areas, c.surveyed, c.reportable
    (77, ('46', '94'), ('46',))
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from analysis import suppression
from geo.codes import area_table
from query.scope import level_column

#: The levels a coverage is counted at (villages have no official list).
LEVELS = ("province", "district", "subdistrict")


@dataclass(frozen=True)
class Coverage:
    """Areas of ``level`` inside ``within`` (None = Thailand) and which of them round
    ``round_be`` covers.

    ``areas``: how many official areas there are (current DOPA codes, plus any recorded code
    that is not current); ``surveyed``: codes with at least one household record;
    ``reportable``: codes with at least ``min_cell`` records (and at least one:
    :func:`analysis.suppression.reportable`), the only ones whose values are shown and ranked.
    """

    level: str
    round_be: int | None
    within: str | None
    areas: int
    surveyed: tuple[str, ...]
    reportable: tuple[str, ...]
    min_cell: int

    @property
    def complete(self) -> bool:
        """Every area of the level has survey records this round."""
        return len(self.surveyed) >= self.areas


def coverage(
    con: duckdb.DuckDBPyConnection,
    level: str,
    *,
    round_be: int | None,
    within: str | None = None,
    min_cell: int = 1,
) -> Coverage:
    """Which areas of ``level`` inside ``within`` have survey records in ``round_be``."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    col = level_column(level)
    clauses, params = ["round_be = ?"], [round_be]
    if within:
        clauses.append(f"starts_with({col}, ?)")
        params.append(within)
    counts = dict(
        con.execute(
            f"SELECT {col}, count(*) FROM households WHERE {' AND '.join(clauses)} "
            f"AND {col} IS NOT NULL GROUP BY 1 ORDER BY 1",
            params,
        ).fetchall()
    )
    table = area_table()
    official = table.loc[table["level"] == level, "code"]
    if within:
        official = official[official.str.startswith(within)]
    return Coverage(
        level=level,
        round_be=round_be,
        within=within or None,
        areas=len(set(official) | set(counts)),
        surveyed=tuple(counts),
        reportable=tuple(c for c, n in counts.items() if suppression.reportable(n, int(min_cell))),
        min_cell=int(min_cell),
    )
