"""Monitored households counted in the database (issue 17): the one owner of the SQL that
counts, per area, the households with an open alert in each monitored category
(:data:`analysis.monitoring.CATEGORIES`) and in any of them.

A household is counted once per category and once in ``households`` however many alerts it
has; a self-report not matched to a household counts as one household (its alert ID stands
for it). Open: any state but risk cleared (:data:`data.monitoring.OPEN`).

:func:`query.monitoring_read.category_counts` (the area list) and
:func:`query.areas.area_measures` (the map metrics, :data:`COLUMNS`) both count with
:func:`counts_sql`. On the map an open alert counts in the round that raised it (another
channel's alert, without a round: the latest surveyed round) and in every later round, as it is
still open: in the latest round the map counts what the area list counts.

Example:
    >>> COLUMNS[0], counts_sql("monitored_").split(" AS ")[-1]
    ('monitored_households', 'monitored_households')
"""

from __future__ import annotations

from analysis.monitoring import CATEGORIES
from data.monitoring import OPEN
from query import scope

#: What one monitored household is: the matched household, else the alert itself.
UNIT = "coalesce(hh_id, alert_id)"
#: The map's columns: households monitored in any category, then one per category.
PREFIX = "monitored_"
COLUMNS: tuple[str, ...] = (f"{PREFIX}households", *(f"{PREFIX}{c}" for c in CATEGORIES))


def counts_sql(prefix: str = "") -> str:
    """The aggregates (over rows with ``hh_id``, ``alert_id`` and ``category``): the
    households in each category (``<prefix><category>``) and in any (``<prefix>households``)."""
    per_category = [
        f"count(DISTINCT {UNIT}) FILTER (WHERE category = '{c}') AS {prefix}{c}" for c in CATEGORIES
    ]
    return ", ".join([*per_category, f"count(DISTINCT {UNIT}) AS {prefix}households"])


def round_sql(alias: str = "a") -> str:
    """The first round an alert counts in: its own, else the latest surveyed round."""
    return f"coalesce({alias}.round_be, (SELECT max(round_be) FROM households))"


def area_sql(
    level: str | None,
    *,
    round_be: int | None = None,
    area: str | None = None,
    polygons: str | None = None,
) -> tuple[str, list[object]]:
    """Per area of ``level`` (``code``; None: the whole selection) and surveyed round
    (``round_be``: that one) the :data:`COLUMNS` of the open alerts counted in it (from their
    first round on, :func:`round_sql`), areas without any left out. ``polygons``: the
    name of a registered DOPA -> polygon relation (subdistrict level)."""
    clauses, params = scope.conditions(None, area, "a")
    states = ", ".join(f"'{s}'" for s in OPEN)
    clauses.append(f"a.state IN ({states})")
    rounds = "SELECT DISTINCT round_be FROM households"
    if round_be is not None:
        rounds, params = "SELECT ?::INTEGER AS round_be", [int(round_be), *params]
    join, keys = "", ["round_be"]
    code = None
    if level is not None:
        code = scope.level_column(level, "a")
        if polygons and level == "subdistrict":
            join = f"LEFT JOIN {polygons} m ON m.subdistrict_code = a.subdistrict_code"
            code = "coalesce(m.polygon_code, a.subdistrict_code)"
        keys = ["code", "round_be"]
    sql = f"""
    SELECT {", ".join(keys)}, {counts_sql(PREFIX)} FROM (
      SELECT {f"{code} AS code, " if code else ""}r.round_be,
        a.hh_id, a.alert_id, a.category
      FROM alert_current a {join} JOIN ({rounds}) r ON r.round_be >= {round_sql("a")}
      WHERE {" AND ".join(clauses)}
    ) GROUP BY {", ".join(keys)}"""
    return sql, params


def joined_sql(
    measures: str,
    measure_params: list[object],
    level: str | None,
    *,
    round_be: int | None = None,
    area: str | None = None,
    polygons: str | None = None,
) -> tuple[str, list[object]]:
    """``measures`` (a SELECT with ``code`` unless ``level`` is None, and ``round_be``) with
    :data:`COLUMNS` LEFT JOINed by area and round: 0 where no household is monitored."""
    counts, params = area_sql(level, round_be=round_be, area=area, polygons=polygons)
    keys = ["round_be"] if level is None else ["code", "round_be"]
    added = ", ".join(f"coalesce(x.{c}, 0)::BIGINT AS {c}" for c in COLUMNS)
    order = ", ".join(f"s.{k}" for k in keys)
    sql = f"""
    SELECT s.*, {added} FROM ({measures}) s
    LEFT JOIN ({counts}) x USING ({", ".join(keys)}) ORDER BY {order}"""
    return sql, [*measure_params, *params]


__all__ = ["COLUMNS", "PREFIX", "UNIT", "area_sql", "counts_sql", "joined_sql", "round_sql"]
