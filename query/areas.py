"""Area numbers, computed in the database: the one door for every per-area count and ratio.

Per area of a level (inside a scope, for one round or every round), one grouped SQL query
gives: households, people, poor households and people under a rule (:meth:`PoorRule.sql`),
the headcount ratio (poor people / people), poor households holding a welfare card
(``targeted_poor_households``), poor households whose head is in the registry snapshot matched
to the round (``registry_targeted_households``, :func:`data.registry.snapshot_for`; NULL for a
round without a snapshot), the mean capital scores of poor households (``capital_<name>``,
:mod:`query.profile`) and Alkire–Foster H, A and M0 (:mod:`query.poverty`). The pure reference
is :func:`analysis.areas.area_measures`; tests hold the two equal.

With an ``access`` that needs suppression (:attr:`query.access.Access.suppressed`), every reader
here hides the numbers of small areas and of enough others that none can be worked out by
subtraction (:func:`hidden_areas`, :func:`analysis.suppression.area_suppression`): their
counts and ratios are NA and ``suppressed`` is True. The hidden areas of a round are the same
in every view (any level, any area), so maps, tables, charts and downloads hide alike.

Subdistrict maps draw boundary polygons, some holding several current DOPA codes: ``polygons``
(DOPA code -> polygon code) is joined in SQL, so the counts are summed per polygon and the
ratios recomputed from the sums, never averaged.

Example:
    >>> import duckdb
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> area_measures(con, "province").columns.tolist()[:4]
    ['code', 'round_be', 'households', 'people']
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import duckdb
import pandas as pd

from analysis.suppression import area_suppression
from data.registry import snapshot_for
from data.store import PoorRule
from query import monitored, scope
from query.access import Access
from query.poverty import af_sql
from query.profile import CAPITALS, HouseholdModel, capital_sql
from query.summary import Spec, relation

#: The default rule: TPMAP's any-indicator rule.
TPMAP = PoorRule()
#: Counts that add up across areas (ratios are recomputed from them, never averaged).
COUNT_COLUMNS: tuple[str, ...] = (
    "households",
    "people",
    "poor_households",
    "poor_people",
    "targeted_poor_households",
)
#: The measures of `povmap stats` and the overview.
STAT_COLUMNS: tuple[str, ...] = (
    "households",
    "people",
    "poor_households",
    "poor_people",
    "headcount_ratio",
)
#: Alkire–Foster columns (when weights and k are given).
AF_COLUMNS: tuple[str, ...] = ("H", "A", "M0")


def _snapshots(
    con: duckdb.DuckDBPyConnection, round_be: int | None, where: str, params: list[object]
) -> dict[int, int]:
    """Round -> the registry snapshot it is matched against (rounds without one left out)."""
    if snapshot_for(con, None) is None:
        return {}
    if round_be is not None:
        found = [int(round_be)]
    else:
        found = [
            int(r[0])
            for r in con.execute(
                f"SELECT DISTINCT round_be FROM households {where}", params
            ).fetchall()
        ]
    out = {}
    for r in found:
        snap = snapshot_for(con, r)
        if snap is not None:
            out[r] = int(snap)
    return out


@contextmanager
def _polygon_relation(
    con: duckdb.DuckDBPyConnection, polygons: Mapping[str, str] | None
) -> Iterator[str | None]:
    """The DOPA -> polygon lookup as a relation registered on ``con`` for one query."""
    if not polygons:
        yield None
        return
    name = f"_polygons_{uuid.uuid4().hex}"
    frame = pd.DataFrame(
        {"subdistrict_code": list(polygons), "polygon_code": list(polygons.values())}
    )
    con.register(name, frame)
    try:
        yield name
    finally:
        con.unregister(name)


def measures_sql(
    level: str | None,
    *,
    rule: PoorRule,
    round_be: int | None = None,
    area: str | None = None,
    snapshots: Mapping[int, int] | None = None,
    model: HouseholdModel | None = None,
    af_weights: Mapping[str, float] | None = None,
    af_k: float | None = None,
    polygons: str | None = None,
) -> tuple[str, list[object]]:
    """The SELECT of :func:`area_measures` and its parameters (``level`` None: one row per
    round for the whole selection; ``polygons``: the name of a registered lookup relation)."""
    where, params = scope.where(round_be, area, "h")
    joins = []
    if level is None:
        code, keys = None, ["round_be"]
    else:
        code = scope.level_column(level, "h")
        if polygons and level == "subdistrict":
            joins.append(f"LEFT JOIN {polygons} m ON m.subdistrict_code = h.subdistrict_code")
            code = "coalesce(m.polygon_code, h.subdistrict_code)"
        keys = ["code", "round_be"]
    snaps = dict(snapshots or {})
    if snaps:
        values = ", ".join(f"({int(r)}, {int(s)})" for r, s in sorted(snaps.items()))
        joins.append(f"LEFT JOIN (VALUES {values}) AS snap(round_be, snapshot_be) USING (round_be)")
        joins.append(
            "LEFT JOIN (SELECT DISTINCT snapshot_be, id_hash FROM registry) r"
            " ON r.snapshot_be = snap.snapshot_be AND r.id_hash = h.head_id_hash"
        )
        matched, has_snapshot = "r.id_hash IS NOT NULL", "snap.snapshot_be IS NOT NULL"
    else:
        matched, has_snapshot = "false", "false"
    capitals = [f"{capital_sql(model, c, 'h')} AS capital_{c}" for c in CAPITALS] if model else []
    base = ", ".join(
        [
            *([f"{code} AS code"] if code else []),
            "h.*",
            f"{rule.sql('h')} AS _poor",
            f"{matched} AS _in_registry",
            f"{has_snapshot} AS _has_snapshot",
            *capitals,
        ]
    )
    mean_capitals = "".join(
        f",\n      avg(capital_{c}) FILTER (WHERE _poor) AS capital_{c}" for c in CAPITALS if model
    )
    group = ", ".join(keys)
    counts = f"""
    SELECT {group},
      count(*)::BIGINT AS households,
      sum(members)::BIGINT AS people,
      count(*) FILTER (WHERE _poor)::BIGINT AS poor_households,
      coalesce(sum(members) FILTER (WHERE _poor), 0)::BIGINT AS poor_people,
      coalesce(sum(members) FILTER (WHERE _poor), 0) / sum(members) AS headcount_ratio,
      count(*) FILTER (WHERE _poor AND coalesce(welfare_card, false))::BIGINT
        AS targeted_poor_households,
      CASE WHEN bool_or(_has_snapshot)
        THEN count(*) FILTER (WHERE _poor AND _in_registry) END::DOUBLE
        AS registry_targeted_households{mean_capitals}
    FROM base GROUP BY {group}"""
    with_af = af_weights is not None and af_k is not None
    af = ""
    if with_af:
        af = f""",
    af AS ({af_sql("base", keys, af_weights, float(af_k), population="members", indicators=[])})"""
    select = "c.*" + (", af.H, af.A, af.M0" if with_af else "")
    join = f"LEFT JOIN af USING ({group})" if with_af else ""
    sql = f"""
    WITH base AS (SELECT {base} FROM households h {" ".join(joins)} {where}),
    c AS ({counts}){af}
    SELECT {select} FROM c {join} ORDER BY {", ".join(f"c.{k}" for k in keys)}"""
    return sql, params


def summed_sql(
    sums: str,
    level: str | None,
    *,
    round_be: int | None = None,
    area: str | None = None,
    with_capitals: bool = False,
    with_af: bool = False,
    polygons: str | None = None,
) -> tuple[str, list[object]]:
    """The SELECT of :func:`area_measures` over village sums (``sums``, a relation of
    :func:`query.summary.relation`): the same columns, each a ratio of sums."""
    where, params = scope.where(round_be, area, "v")
    join = ""
    if level is None:
        keys, code = ["round_be"], None
    else:
        code = scope.level_column(level, "v")
        if polygons and level == "subdistrict":
            join = f"LEFT JOIN {polygons} m ON m.subdistrict_code = v.subdistrict_code"
            code = "coalesce(m.polygon_code, v.subdistrict_code)"
        keys = ["code", "round_be"]
    capitals = "".join(
        f",\n      sum(poor_sum_{c}) / nullif(sum(poor_n_{c}), 0) AS capital_{c}"
        for c in CAPITALS
        if with_capitals
    )
    af = (
        """,
      CASE WHEN sum(af_population) > 0 THEN sum(af_poor_population) / sum(af_population) END AS H,
      CASE WHEN sum(af_poor_population) > 0 THEN sum(af_csum) / sum(af_poor_population)
           WHEN sum(af_population) > 0 THEN 0.0 END AS A,
      CASE WHEN sum(af_population) > 0 THEN sum(af_csum) / sum(af_population) END AS M0"""
        if with_af
        else ""
    )
    group = ", ".join(keys)
    sql = f"""
    SELECT {f"{code} AS code, " if code else ""}v.round_be,
      sum(households)::BIGINT AS households,
      sum(people)::BIGINT AS people,
      sum(poor_households)::BIGINT AS poor_households,
      sum(poor_people)::BIGINT AS poor_people,
      sum(poor_people) / sum(people) AS headcount_ratio,
      sum(targeted_poor_households)::BIGINT AS targeted_poor_households,
      CASE WHEN bool_or(has_snapshot) THEN sum(registry_targeted_households) END::DOUBLE
        AS registry_targeted_households{capitals}{af}
    FROM {sums} v {join} {where}
    GROUP BY {group} ORDER BY {group}"""
    return sql, params


def area_measures(
    con: duckdb.DuckDBPyConnection,
    level: str,
    *,
    round_be: int | None = None,
    area: str | None = None,
    rule: PoorRule = TPMAP,
    model: HouseholdModel | None = None,
    af_weights: Mapping[str, float] | None = None,
    af_k: float | None = None,
    polygons: Mapping[str, str] | None = None,
    summary: Spec | None = None,
    access: Access | None = None,
) -> pd.DataFrame:
    """Per area of ``level`` inside ``area`` and per round (``round_be``: one round): ``code``,
    ``round_be``, :data:`COUNT_COLUMNS`, ``headcount_ratio``, ``registry_targeted_households``,
    with ``model`` the poor households' mean ``capital_<name>``, with ``af_weights`` and
    ``af_k`` Alkire–Foster ``H``, ``A``, ``M0``, and the monitored households
    (:data:`query.monitored.COLUMNS`: open alerts of the round, 0 where none). ``polygons``
    (subdistrict level): DOPA code -> boundary polygon, the code the rows are grouped by
    (unlisted codes keep their own).
    ``summary``: add up its village sums (:mod:`query.summary`) when they answer this question,
    instead of grouping households. With ``access``, a ``suppressed`` column says which areas'
    numbers are hidden (NA) for it."""
    frame = _area_measures(
        con, level, round_be, area, rule, model, af_weights, af_k, polygons, summary
    )
    if access is None:
        return frame
    mapping = polygons if level == "subdistrict" else None
    return suppress(frame, hidden_for(con, access, round_be, summary), polygons=mapping)


def _area_measures(
    con: duckdb.DuckDBPyConnection,
    level: str,
    round_be: int | None,
    area: str | None,
    rule: PoorRule,
    model: HouseholdModel | None,
    af_weights: Mapping[str, float] | None,
    af_k: float | None,
    polygons: Mapping[str, str] | None,
    summary: Spec | None,
) -> pd.DataFrame:
    sums = _sums(con, summary, rule, model, af_weights, af_k)
    if sums is not None:
        with _polygon_relation(con, polygons if level == "subdistrict" else None) as rel:
            sql, args = summed_sql(
                sums,
                level,
                round_be=round_be,
                area=area,
                with_capitals=model is not None,
                with_af=af_weights is not None and af_k is not None,
                polygons=rel,
            )
            return _with_monitored(con, sql, args, level, round_be, area, rel)
    where, params = scope.where(round_be, area)
    snaps = _snapshots(con, round_be, where, params)
    with _polygon_relation(con, polygons if level == "subdistrict" else None) as rel:
        sql, args = measures_sql(
            level,
            rule=rule,
            round_be=round_be,
            area=area,
            snapshots=snaps,
            model=model,
            af_weights=af_weights,
            af_k=af_k,
            polygons=rel,
        )
        return _with_monitored(con, sql, args, level, round_be, area, rel)


def _with_monitored(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    args: list[object],
    level: str,
    round_be: int | None,
    area: str | None,
    polygons: str | None,
) -> pd.DataFrame:
    """The measures of ``sql`` with the monitored households of each area and round
    (:data:`query.monitored.COLUMNS`, 0 where none): read from the alerts on either path."""
    sql, args = monitored.joined_sql(
        sql, args, level, round_be=round_be, area=area, polygons=polygons
    )
    return con.execute(sql, args).df()


def _sums(
    con: duckdb.DuckDBPyConnection,
    summary: Spec | None,
    rule: PoorRule,
    model: HouseholdModel | None = None,
    af_weights: Mapping[str, float] | None = None,
    af_k: float | None = None,
) -> str | None:
    """The village sums that answer this question, or None (then group households)."""
    if summary is None or not summary.matches(rule, model, af_weights, af_k):
        return None
    return relation(con, summary)


def totals(
    con: duckdb.DuckDBPyConnection,
    *,
    round_be: int | None = None,
    area: str | None = None,
    rule: PoorRule = TPMAP,
    summary: Spec | None = None,
    access: Access | None = None,
) -> pd.DataFrame:
    """The same counts and ratios as :func:`area_measures` for the whole selection, one row
    per round (``summary``: as in :func:`area_measures`). With ``access``, a ``suppressed``
    column: the rounds in which the area's own numbers are hidden for it (the whole country's
    never are)."""
    sums = _sums(con, summary, rule)
    if sums is not None:
        sql, args = summed_sql(sums, None, round_be=round_be, area=area)
        frame = con.execute(sql, args).df()
    else:
        where, params = scope.where(round_be, area)
        sql, args = measures_sql(
            None,
            rule=rule,
            round_be=round_be,
            area=area,
            snapshots=_snapshots(con, round_be, where, params),
        )
        frame = con.execute(sql, args).df()
    if access is None:
        return frame
    return suppress(frame, hidden_for(con, access, round_be, summary), code=area or "")


def area_stats(
    con: duckdb.DuckDBPyConnection,
    level: str,
    *,
    round_be: int | None = None,
    area: str | None = None,
    rule: PoorRule = TPMAP,
    summary: Spec | None = None,
    access: Access | None = None,
) -> pd.DataFrame:
    """``code``, ``round_be`` and :data:`STAT_COLUMNS` per area (:func:`area_measures`; with
    ``access``, and ``suppressed``)."""
    frame = area_measures(
        con, level, round_be=round_be, area=area, rule=rule, summary=summary, access=access
    )
    return frame[["code", "round_be", *STAT_COLUMNS, *(["suppressed"] if access else [])]]


def village_measures(
    con: duckdb.DuckDBPyConnection,
    area: str | None,
    round_be: int | None,
    rule: PoorRule = TPMAP,
    *,
    access: Access | None = None,
) -> pd.DataFrame:
    """Every stored village inside ``area`` (all when None) with its point, names and the
    round's households and poor households (0 where nobody was surveyed), by village code
    (with ``access``, and ``suppressed``)."""
    sql, params = measures_sql("village", rule=rule, round_be=round_be, area=area)
    frame = con.execute(
        f"""SELECT v.village_code, v.village_no, v.name_th, v.name_en, v.lat, v.lon,
              coalesce(s.households, 0)::BIGINT AS households,
              coalesce(s.poor_households, 0)::BIGINT AS poor_households
            FROM villages v LEFT JOIN ({sql}) s ON s.code = v.village_code
            WHERE starts_with(v.village_code, ?) ORDER BY v.village_code""",
        [*params, area or ""],
    ).df()
    if access is None:
        return frame
    return suppress(frame, hidden_for(con, access, round_be), code_column="village_code")


# --- suppression -----------------------------------------------------------------------------

#: Columns that say which area a row is (never hidden).
KEY_COLUMNS: tuple[str, ...] = (
    "code",
    "round_be",
    "village_code",
    "village_no",
    "name_th",
    "name_en",
    "lat",
    "lon",
    "suppressed",
)


def hidden_areas(
    con: duckdb.DuckDBPyConnection,
    *,
    round_be: int | None,
    min_cell: int,
    summary: Spec | None = None,
) -> dict[int, frozenset[str]]:
    """Per round (``round_be``: that one), the area codes of every level whose numbers are
    hidden: :func:`analysis.suppression.area_suppression` of the round's surveyed households
    per village (read from the village sums of ``summary`` when they are fresh)."""
    sums = relation(con, summary) if summary is not None else None
    source = sums if sums is not None else "households"
    count = "sum(households)" if sums is not None else "count(*)"
    where, params = scope.where(round_be)
    counts = con.execute(
        f"SELECT round_be, village_code, {count}::BIGINT AS households FROM {source} {where}"
        " GROUP BY ALL",
        params,
    ).df()
    out = {}
    for r, group in counts.groupby("round_be"):
        out[int(r)] = area_suppression(group.set_index("village_code")["households"], min_cell)
    if round_be is not None:
        out.setdefault(int(round_be), frozenset())
    return out


def hidden_for(
    con: duckdb.DuckDBPyConnection,
    access: Access,
    round_be: int | None,
    summary: Spec | None = None,
) -> dict[int, frozenset[str]]:
    """The areas hidden for ``access`` per round (none when it sees every number)."""
    if not access.suppressed:
        return {}
    return hidden_areas(con, round_be=round_be, min_cell=access.min_cell, summary=summary)


def _nullable(column: pd.Series) -> pd.Series:
    """``column`` in a type that holds NA: integers as ``Int64``, booleans as ``boolean``."""
    if pd.api.types.is_bool_dtype(column):
        return column.astype("boolean")
    if pd.api.types.is_integer_dtype(column):
        return column.astype("Int64")
    return column


def suppress(
    frame: pd.DataFrame,
    hidden: Mapping[int, frozenset[str]],
    *,
    code_column: str = "code",
    code: str | None = None,
    polygons: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """``frame`` with the numbers of its hidden areas NA and a ``suppressed`` column. Each row
    is the area in ``code_column`` (or ``code`` for every row: a total; ``""``, the whole
    country, is never hidden) in its ``round_be``
    (a frame without rounds: hidden in any round of ``hidden``); with ``polygons`` (DOPA code ->
    polygon), a polygon is hidden when any of its subdistricts is.

        >>> frame = pd.DataFrame({"code": ["10", "11"], "round_be": [2564, 2564],
        ...                       "households": [3, 40]})
        >>> out = suppress(frame, {2564: frozenset({"10"})})
        >>> out["households"].tolist(), out["suppressed"].tolist()
        ([<NA>, 40], [True, False])
    """
    out = frame.copy()
    members: dict[str, set[str]] = {}
    for dopa, polygon in (polygons or {}).items():
        members.setdefault(str(polygon), set()).add(str(dopa))
    every = frozenset().union(*hidden.values()) if hidden else frozenset()
    rounds = out["round_be"] if "round_be" in out else pd.Series(None, index=out.index)
    codes = pd.Series(code, index=out.index) if code is not None else out[code_column]
    flags = []
    for c, r in zip(codes, rounds, strict=True):
        these = every if pd.isna(r) else hidden.get(int(r), frozenset())
        if c is None or pd.isna(c) or str(c) == "":
            flags.append(False)
            continue
        flags.append(str(c) in these or any(m in these for m in members.get(str(c), ())))
    flags = pd.Series(flags, index=out.index, dtype=bool)
    if flags.any():
        for column in out.columns:
            if column not in KEY_COLUMNS:
                out[column] = _nullable(out[column]).mask(flags)
    out["suppressed"] = flags
    return out
