"""Alkire–Foster measures in SQL: identification and aggregation inside the database.

The same definitions as the pure reference :func:`analysis.mpi.af_by_area` (tests hold the two
equal): an indicator column holds 1 = passes, 0 = fails (deprived), NULL = not applicable (not
deprived); a household's score ``c = sum_j w_j g_j`` (clipped to [0, 1]); it is poor when
``c >= k`` (tolerance 1e-12) and ``c > 0``; every member takes the household's status, so the
ratios are shares of people:

    H = q / n        A = sum(c | poor) / q        M0 = sum(c | poor) / n = H × A
    h_j = people poor and deprived in j / n       phi_j = w_j h_j / M0

Example:
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> _ = con.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('x', 1, 0, 0), ('x', 4, 1, 1),"
    ...                 " ('y', 2, 0, NULL)) AS v(tambon, size, i1, i2)")
    >>> out = af_table(con, "t", ["tambon"], {"i1": 0.5, "i2": 0.5}, 0.5, population="size")
    >>> out.set_index("tambon").loc["x", ["population", "poor_population", "H", "M0"]].tolist()
    [5.0, 1.0, 0.2, 0.2]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import duckdb
import pandas as pd

from data.store import deprived_sql, poor_sql, score_sql


def checked_weights(weights: Mapping[str, float], k: float) -> dict[str, float]:
    """The non-zero weights, checked (non-negative, summing to 1, column names) with k in (0, 1]."""
    w = {str(c): float(v) for c, v in weights.items() if float(v) != 0.0}
    if not w or any(v < 0 or math.isnan(v) for v in w.values()):
        raise ValueError("Alkire–Foster weights must be non-negative and not all zero")
    if abs(sum(w.values()) - 1.0) > 1e-9:
        raise ValueError(f"Alkire–Foster weights must sum to 1, not {sum(w.values())!r}")
    for code in w:
        if not code.isidentifier():
            raise ValueError(f"indicator {code!r} is not a column name")
    if not 0 < float(k) <= 1:
        raise ValueError(f"the cut-off k must lie in (0, 1], not {k!r}")
    return w


def af_sql(
    source: str,
    group: Sequence[str],
    weights: Mapping[str, float],
    k: float,
    *,
    population: str | None = "members",
    where: str = "TRUE",
    indicators: Sequence[str] | None = None,
) -> str:
    """A SELECT of the Alkire–Foster measures per ``group`` over ``source`` rows matching
    ``where``: ``households``, ``poor_households``, ``population``, ``poor_population``, ``H``,
    ``A``, ``M0``, then ``h_<code>`` and ``phi_<code>`` for each of ``indicators`` (default:
    the weighted ones). ``group`` and ``population`` are SQL expressions over ``source``
    (``population`` None counts households). An empty ``group`` gives one row."""
    w = checked_weights(weights, k)
    codes = list(indicators) if indicators is not None else list(w)
    p = f"({population})::DOUBLE" if population else "1.0"
    keys = [f"{g} AS g{i}" for i, g in enumerate(group)]
    inner = ", ".join(
        [
            *keys,
            f"{p} AS p",
            f"{score_sql(w)} AS c",
            *(f"{deprived_sql(c)} AS d_{c}" for c in codes),
        ]
    )
    names = [f"g{i}" for i in range(len(group))]
    by = f"GROUP BY {', '.join(names)}" if names else ""
    h = ",\n  ".join(f"sum(p) FILTER (WHERE poor AND d_{c} = 1) AS q_{c}" for c in codes)
    summed = f"""
  SELECT {", ".join([*names, ""])}
    count(*)::BIGINT AS households,
    (count(*) FILTER (WHERE poor))::BIGINT AS poor_households,
    sum(p) AS population,
    coalesce(sum(p) FILTER (WHERE poor), 0.0) AS poor_population,
    coalesce(sum(p * c) FILTER (WHERE poor), 0.0) AS csum{"," if codes else ""}
    {h}
  FROM scored {by}"""
    scored = (
        f"SELECT *, {poor_sql('c', k)} AS poor FROM (SELECT {inner} FROM {source} WHERE {where})"
    )
    return _measured_sql(f"scored AS ({scored}), summed AS ({summed})", group, w, codes)


def af_summed_sql(
    sums: str,
    group: Sequence[str],
    weights: Mapping[str, float],
    k: float,
    *,
    where: str = "TRUE",
    indicators: Sequence[str] | None = None,
) -> str:
    """:func:`af_sql` over village sums (:mod:`query.summary`: ``af_population``,
    ``af_poor_population``, ``af_csum``, ``q_<code>`` ... summed for these weights and k):
    the same columns, from sums of sums."""
    w = checked_weights(weights, k)
    codes = list(indicators) if indicators is not None else list(w)
    names = [f"g{i}" for i in range(len(group))]
    keys = ", ".join(f"{g} AS g{i}, " for i, g in enumerate(group))
    by = f"GROUP BY {', '.join(names)}" if names else ""
    q = "".join(f",\n    coalesce(sum(q_{c}), 0.0) AS q_{c}" for c in codes)
    summed = f"""
  SELECT {keys}
    coalesce(sum(households), 0)::BIGINT AS households,
    coalesce(sum(af_poor_households), 0)::BIGINT AS poor_households,
    sum(af_population) AS population,
    coalesce(sum(af_poor_population), 0.0) AS poor_population,
    coalesce(sum(af_csum), 0.0) AS csum{q}
  FROM {sums} WHERE {where} {by}"""
    return _measured_sql(f"summed AS ({summed})", group, w, codes)


def _measured_sql(
    sums_cte: str, group: Sequence[str], w: Mapping[str, float], codes: Sequence[str]
) -> str:
    """H, A, M0, h_<code> and phi_<code> from a CTE ``summed`` of households, poor households,
    population, poor population, ``csum`` and ``q_<code>`` per ``g0``, ``g1`` ..."""
    names = [f"g{i}" for i in range(len(group))]
    ratios = ",\n  ".join(
        f"CASE WHEN population > 0 THEN coalesce(q_{c}, 0) / population END AS h_{c}" for c in codes
    )
    contributions = ",\n  ".join(
        f"CASE WHEN M0 > 0 THEN {w.get(c, 0.0)!r} * h_{c} / M0"
        f" WHEN M0 IS NULL THEN NULL ELSE 0.0 END AS phi_{c}"
        for c in codes
    )
    rename = ", ".join(f"g{i} AS {_name(g)}" for i, g in enumerate(group))
    return f"""
WITH {sums_cte}, measured AS (
  SELECT *,
    CASE WHEN population > 0 THEN poor_population / population END AS H,
    CASE WHEN poor_population > 0 THEN csum / poor_population
         WHEN population > 0 THEN 0.0 END AS A,
    CASE WHEN population > 0 THEN csum / population END AS M0
  FROM summed
), rated AS (
  SELECT *{"," if codes else ""} {ratios} FROM measured
)
SELECT {rename + "," if rename else ""} households, poor_households, population, poor_population,
  H, A, M0{"," if codes else ""} {", ".join(f"h_{c}" for c in codes)}{"," if codes else ""}
  {contributions}
FROM rated {"ORDER BY " + ", ".join(names) if names else ""}"""


def _name(expression: str) -> str:
    """The output name of a group expression: a plain column keeps its name."""
    name = expression.split(".")[-1].strip()
    if not name.isidentifier():
        raise ValueError(f"group by a column name, not {expression!r}")
    return name


def af_table(
    con: duckdb.DuckDBPyConnection,
    source: str,
    group: Sequence[str],
    weights: Mapping[str, float],
    k: float,
    *,
    population: str | None = "members",
    where: str = "TRUE",
    params: Sequence[object] = (),
    indicators: Sequence[str] | None = None,
) -> pd.DataFrame:
    """:func:`af_sql` run on ``con`` (``params`` fill the ``?`` of ``where``)."""
    sql = af_sql(
        source, group, weights, k, population=population, where=where, indicators=indicators
    )
    return con.execute(sql, list(params)).df()
