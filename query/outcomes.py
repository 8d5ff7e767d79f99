"""Outcomes across two survey rounds, computed in the database: who stayed poor, exited, entered
or was never poor, per area; level-to-level flows; and exit rates by the intervention received.

The households of round A and round B inside the scope (:mod:`query.scope`, each round on its
own) are joined by ``hh_id`` in DuckDB, poverty by the rule's SQL (:meth:`data.store.PoorRule.sql`)
and the programme level by :mod:`query.profile` (capital, weak-count and level SQL); only the
grouped tables leave the database. The tables equal :mod:`analysis.outcomes` on the same
households (its pure reference, held equal by ``tests/query/test_outcomes.py``): same index,
columns and dtypes.

Kept, not recomputed: the whole country's pairs of one round pair, rule and model are grouped
once per data version of imports into the derived table ``summary_transitions``
(:func:`query.summary.kept`; a fingerprint of the grouping SQL is the key) — household counts
per area codes in A and in B, surveyed in A / B, poor in A / B and level in A / B, plus one
row per household poor in A and surveyed again in B (its ``hh_id`` kept: the base of the exit
rates by intervention). Every table of any area is then a sum over that table; the referrals
received are joined to it when read, so a referral edit needs no new grouping. A read-only store
without fresh rows groups the scope's households directly (the same SQL over the same columns;
tests hold the two paths equal).

Example:
    >>> from data import store
    >>> from data.schema import table
    >>> from query.profile import HouseholdModel
    >>> con = store.connect(":memory:")
    >>> model = HouseholdModel(scoring=tuple(table("capital_scoring")))
    >>> got = outcome_tables(con, 2564, 2565, None, rule=store.PoorRule(), model=model,
    ...                      area_col="province_code", types={})
    >>> sorted(got), got["total"].empty, got["by_intervention"].index.tolist()
    (['by_area', 'by_intervention', 'flows', 'total'], True, ['any', 'none'])
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections.abc import Mapping, Sequence

import duckdb
import pandas as pd

from analysis.capitals import LEVELS
from analysis.outcomes import NOT_SURVEYED
from data.referrals import received_sql
from data.store import PoorRule
from geo.codes import LEVELS as AREA_LEVELS
from query import scope, summary
from query.profile import CAPITALS, HouseholdModel, capital_sql, level_sql, weak_count_sql

#: the household columns an outcome table can be grouped by (the household's area in round A)
AREA_COLUMNS: tuple[str, ...] = tuple(scope.level_column(level) for level in AREA_LEVELS)

#: the derived table of the kept transition counts (:func:`query.summary.kept` fills it)
TABLE = "summary_transitions"
#: raise when the table's columns or meaning change: older rows are then never read
FORMAT = 1

_COUNTS = ("poor_before", "poor_after", "stayed", "exited", "entered", "never")
TRANSITION_COLUMNS: tuple[str, ...] = (
    *_COUNTS,
    "poor_not_resurveyed",
    "exit_rate",
    "entry_rate",
    "net_change",
)


def _round_rows(
    round_be: int,
    area: str | None,
    rule: PoorRule,
    *,
    model: HouseholdModel | None,
    area_cols: Sequence[str],
) -> tuple[str, list[object]]:
    """SELECT of one round's households inside ``area``: hh_id, poor, the codes in
    ``area_cols`` and (with a model) the programme level (the capitals scored once in an inner
    SELECT, the level from them: the model's SQL planned in half the time)."""
    clauses, params = scope.conditions(round_be, area, "s")
    columns = ["s.hh_id", f"{rule.sql('s')} AS poor", *(f"s.{c}" for c in area_cols)]
    rows = f"SELECT {{}} FROM households AS s WHERE {' AND '.join(clauses)}"
    if model is None:
        return rows.format(", ".join([*columns, "NULL::VARCHAR AS level"])), params
    capitals = [f"{capital_sql(model, c, 's')} AS capital_{c}" for c in CAPITALS]
    inputs = ["s.income_per_person_year", "s.hc_earners"]
    weak = weak_count_sql(model, [f"c.capital_{c}" for c in CAPITALS])
    outer = ["c.hh_id", "c.poor", *(f"c.{col}" for col in area_cols)]
    return (
        f"SELECT {', '.join(outer)}, {level_sql(model, f'({weak})', 'c')} AS level"
        f" FROM ({rows.format(', '.join(columns + inputs + capitals))}) AS c",
        params,
    )


#: a pair row is in the base of exit rates: poor in A, surveyed again in B with a poverty answer
_BASE = "in_a AND in_b AND coalesce(poor_a, false) AND poor_b IS NOT NULL"


def _pairs(
    from_round: int,
    to_round: int,
    area: str | None,
    rule: PoorRule,
    model: HouseholdModel | None,
    area_cols: Sequence[str],
) -> tuple[str, list[object]]:
    """One row per household of ``a FULL OUTER JOIN b`` (each round inside ``area``) in the
    columns of ``summary_transitions``: a_<code>, b_<code> for ``area_cols``, in_a, in_b,
    poor_a, poor_b, level_a, level_b, hh_id (only for a household of the exit base) and
    households (1)."""
    a_sql, a_params = _round_rows(from_round, area, rule, model=model, area_cols=area_cols)
    b_sql, b_params = _round_rows(to_round, area, rule, model=model, area_cols=area_cols)
    columns = [f"{side}.{c} AS {side}_{c}" for side in "ab" for c in area_cols]
    columns += [
        "a.hh_id IS NOT NULL AS in_a",
        "b.hh_id IS NOT NULL AS in_b",
        "a.poor AS poor_a",
        "b.poor AS poor_b",
        "a.level AS level_a",
        "b.level AS level_b",
        "coalesce(a.hh_id, b.hh_id) AS id",
    ]
    return (
        f"""SELECT * EXCLUDE (id), CASE WHEN {_BASE} THEN id END AS hh_id,
               1::BIGINT AS households
        FROM (SELECT {", ".join(columns)}
              FROM ({a_sql}) AS a FULL OUTER JOIN ({b_sql}) AS b ON a.hh_id = b.hh_id)""",
        a_params + b_params,
    )


def _fill_sql(
    from_round: int, to_round: int, rule: PoorRule, model: HouseholdModel
) -> tuple[str, list[object]]:
    """The whole country's pairs grouped into the rows of ``summary_transitions``."""
    pairs, params = _pairs(from_round, to_round, None, rule, model, AREA_COLUMNS)
    names = [*(f"{s}_{c}" for s in "ab" for c in AREA_COLUMNS)]
    names += ["in_a", "in_b", "poor_a", "poor_b", "level_a", "level_b", "hh_id"]
    group = ", ".join(names)
    return (
        f"SELECT {group}, sum(households)::BIGINT AS households FROM ({pairs}) GROUP BY {group}",
        params,
    )


def transitions_key(from_round: int, to_round: int, rule: PoorRule, model: HouseholdModel) -> str:
    """The fingerprint of one round pair's kept transition counts: the grouping SQL (poor rule
    and household model as SQL), the rounds and the table format."""
    sql, params = _fill_sql(from_round, to_round, rule, model)
    text = f"outcomes {FORMAT}\n{params}\n{sql}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _table_columns() -> list[tuple[str, str]]:
    cols = [(f"{s}_{c}", "VARCHAR") for s in "ab" for c in AREA_COLUMNS]
    cols += [(n, "BOOLEAN") for n in ("in_a", "in_b", "poor_a", "poor_b")]
    cols += [("level_a", "VARCHAR"), ("level_b", "VARCHAR"), ("hh_id", "VARCHAR")]
    return [*cols, ("households", "BIGINT")]


def _write(
    con: duckdb.DuckDBPyConnection,
    key: str,
    from_round: int,
    to_round: int,
    rule: PoorRule,
    model: HouseholdModel,
) -> None:
    """Replace the key's rows of ``summary_transitions`` (inside :func:`query.summary.fill`)."""
    columns = _table_columns()
    have = [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
            " ORDER BY ordinal_position",
            [TABLE],
        ).fetchall()
    ]
    if have and have != ["key", *(n for n, _ in columns)]:
        con.execute(f"DROP TABLE {TABLE}")  # written by another format: its keys differ
    spec = ", ".join(f"{n} {t}" for n, t in columns)
    con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key VARCHAR, {spec})")
    con.execute(f"DELETE FROM {TABLE} WHERE key = ?", [key])
    sql, params = _fill_sql(from_round, to_round, rule, model)
    con.execute(f"INSERT INTO {TABLE} SELECT ? AS key, * FROM ({sql})", [key, *params])


def kept_transitions(
    con: duckdb.DuckDBPyConnection,
    from_round: int,
    to_round: int,
    *,
    rule: PoorRule,
    model: HouseholdModel,
) -> str | None:
    """The round pair's kept transition counts as a parenthesised SELECT (grouped first when
    missing or older than the imports); None when the store is read-only without fresh rows
    or a write raced the grouping."""
    key = transitions_key(from_round, to_round, rule, model)
    if not summary.kept(con, key, lambda c: _write(c, key, from_round, to_round, rule, model)):
        return None
    return f"(SELECT * FROM {TABLE} WHERE key = '{key}')"


def refresh(
    con: duckdb.DuckDBPyConnection, *, rule: PoorRule, model: HouseholdModel
) -> dict[tuple[int, int], float]:
    """Keep the transition counts of each round with the round before it (the outcomes page's
    first comparison), grouping those missing or older than the imports: for the write paths,
    so that the first visitor after an import finds them ready. Returns the seconds each pair
    took (about none when it was fresh); nothing on a read-only store."""
    rounds = [
        r[0] for r in con.execute("SELECT DISTINCT round_be FROM households ORDER BY 1").fetchall()
    ]
    out = {}
    for a, b in itertools.pairwise(rounds):
        started = time.perf_counter()
        if kept_transitions(con, a, b, rule=rule, model=model) is not None:
            out[(int(a), int(b))] = time.perf_counter() - started
    return out


def _source(
    con: duckdb.DuckDBPyConnection,
    from_round: int,
    to_round: int,
    area: str | None,
    area_col: str | None,
    rule: PoorRule,
    model: HouseholdModel | None,
    derived: bool,
    *,
    levels: bool = True,
) -> tuple[str, list[object]]:
    """Pair rows to sum: the kept table when it can be read, else the scope's households
    (scored for the programme level only when ``levels`` are asked)."""
    if derived and model is not None:
        kept = kept_transitions(con, from_round, to_round, rule=rule, model=model)
        if kept is not None:
            return kept, []
    cols = [scope.level_column(scope.area_level(area))] if area else []
    cols += [area_col] if area_col and area_col not in cols else []
    sql, params = _pairs(from_round, to_round, area, rule, model if levels else None, cols)
    return f"({sql})", params


def _scoped(area: str | None) -> tuple[str, str, list[object]]:
    """Whether a pair row's round-A and round-B households are inside ``area``."""
    if not area:
        return "in_a", "in_b", []
    column = scope.level_column(scope.area_level(area))
    return f"(in_a AND a_{column} = ?)", f"(in_b AND b_{column} = ?)", [area, area]


#: transition of a pair row inside the scope (as analysis.outcomes assigns it)
_TRANSITION = """(CASE
    WHEN sa AND sb THEN CASE
        WHEN coalesce(pa, false) AND coalesce(pb, false) THEN 'stayed'
        WHEN coalesce(pa, false) AND NOT coalesce(pb, true) THEN 'exited'
        WHEN NOT coalesce(pa, true) AND coalesce(pb, false) THEN 'entered'
        ELSE 'never' END
    WHEN sa THEN 'not_resurveyed'
    ELSE 'new_in_survey' END)"""


def _check_area_col(area_col: str | None) -> None:
    if area_col is not None and area_col not in AREA_COLUMNS:
        raise ValueError(f"area_col must be one of {', '.join(AREA_COLUMNS)}, not {area_col!r}")


def _transition_table(counts: pd.DataFrame, index_name: str) -> pd.DataFrame:
    """Counts of the grouped query as :func:`analysis.outcomes.transitions` lays them out."""
    out = counts[list(TRANSITION_COLUMNS)].copy()
    for column in (*_COUNTS, "poor_not_resurveyed", "net_change"):
        out[column] = out[column].astype("int64")
    for column in ("exit_rate", "entry_rate"):
        out[column] = out[column].astype("float64")
    out.index.name = index_name
    return out


def changes(
    con: duckdb.DuckDBPyConnection,
    from_round: int,
    to_round: int,
    area: str | None,
    *,
    rule: PoorRule,
    model: HouseholdModel,
    area_col: str,
    levels: Sequence[str] = LEVELS,
    derived: bool = True,
) -> dict[str, pd.DataFrame]:
    """The transitions between two rounds for the whole scope (``total``, one row ``all``) and
    per area (``by_area``, the household's ``area_col`` in ``from_round``; a household new in
    ``to_round`` takes its area there), and the level-to-level ``flows`` — in one grouped pass
    over the kept counts (``derived``; else, or when they cannot be kept, over households).

    ``total`` and ``by_area`` are :func:`analysis.outcomes.transitions` (without and with
    ``area_col``); ``flows`` is :func:`analysis.outcomes.level_flows` with ``levels``.
    """
    _check_area_col(area_col)
    source, params = _source(con, from_round, to_round, area, area_col, rule, model, derived)
    sa, sb, scope_params = _scoped(area)
    frame = con.execute(
        f"""WITH source AS (SELECT * FROM {source} WHERE in_a OR in_b),
        scoped AS (
            SELECT households AS n, {sa} AS sa, {sb} AS sb, poor_a, poor_b, level_a, level_b,
                   a_{area_col}, b_{area_col}
            FROM source),
        pair AS (
            SELECT n, sa, sb,
                   CASE WHEN sa THEN poor_a END AS pa, CASE WHEN sb THEN poor_b END AS pb,
                   coalesce(CASE WHEN sa THEN level_a END, '{NOT_SURVEYED}') AS level_a,
                   coalesce(CASE WHEN sb THEN level_b END, '{NOT_SURVEYED}') AS level_b,
                   coalesce(CASE WHEN sa THEN a_{area_col} END,
                            CASE WHEN sb THEN b_{area_col} END) AS area
            FROM scoped WHERE sa OR sb),
        marked AS (SELECT *, {_TRANSITION} AS transition FROM pair)
        SELECT grouping(area) = 0 AS by_area, grouping(level_a, level_b) = 0 AS by_level,
               area, level_a, level_b,
               coalesce(sum(n), 0)::BIGINT AS households,
               coalesce(sum(n) FILTER (WHERE coalesce(pa, false)), 0)::BIGINT AS poor_before,
               coalesce(sum(n) FILTER (WHERE coalesce(pb, false)), 0)::BIGINT AS poor_after,
               coalesce(sum(n) FILTER (WHERE transition = 'stayed'), 0)::BIGINT AS stayed,
               coalesce(sum(n) FILTER (WHERE transition = 'exited'), 0)::BIGINT AS exited,
               coalesce(sum(n) FILTER (WHERE transition = 'entered'), 0)::BIGINT AS entered,
               coalesce(sum(n) FILTER (WHERE transition = 'never'), 0)::BIGINT AS never,
               coalesce(sum(n) FILTER (WHERE transition = 'not_resurveyed'
                                         AND coalesce(pa, false)), 0)::BIGINT
                   AS poor_not_resurveyed,
               exited::DOUBLE / nullif(stayed + exited, 0) AS exit_rate,
               entered::DOUBLE / nullif(entered + never, 0) AS entry_rate,
               poor_after - poor_before AS net_change
        FROM marked
        GROUP BY GROUPING SETS ((area), (), (level_a, level_b))""",
        params + scope_params,
    ).df()
    whole = frame[~frame["by_area"] & ~frame["by_level"] & (frame["households"] > 0)]
    total = _transition_table(whole.set_index(pd.Index(["all"] * len(whole))), "area")
    areas = frame[frame["by_area"] & frame["area"].notna()].set_index("area").sort_index()
    cells = frame[frame["by_level"]].pivot(index="level_a", columns="level_b", values="households")
    order = [*levels, NOT_SURVEYED]
    flows = cells.reindex(index=order, columns=order).fillna(0).astype("int64")
    flows.index.name, flows.columns.name = "from", "to"
    return {"total": total, "by_area": _transition_table(areas, area_col), "flows": flows}


def by_intervention(
    con: duckdb.DuckDBPyConnection,
    from_round: int,
    to_round: int,
    area: str | None,
    *,
    rule: PoorRule,
    types: Mapping[str, str],
    model: HouseholdModel | None = None,
    derived: bool = True,
) -> pd.DataFrame:
    """Exit rates of ``from_round``'s poor households (surveyed again in ``to_round``) by the
    type of intervention they received — an association, not an effect —
    as :func:`analysis.outcomes.outcomes_by_intervention` computes them.

    Received: :func:`data.referrals.received_sql` (a referral whose history reached
    'assisted'), based on ``from_round``; ``types`` maps an intervention code to its type (the
    catalogue's ``type``; any other code counts as ``other``). Rows: each type, ``any`` and
    ``none``; columns households, exited, exit_rate, difference_pts. With a ``model`` (and
    ``derived``) the households come from the kept transition counts; the referrals are read
    now.
    """
    source, params = _source(
        con, from_round, to_round, area, None, rule, model, derived, levels=False
    )
    sa, sb, scope_params = _scoped(area)
    pairs = [(str(k), str(v)) for k, v in types.items() if isinstance(v, str)]
    if pairs:
        catalogue = "VALUES " + ", ".join("(?, ?)" for _ in pairs)
    else:
        catalogue = "SELECT NULL::VARCHAR, NULL::VARCHAR WHERE false"
    frame = con.execute(
        f"""WITH base AS (
            SELECT hh_id, NOT poor_b AS exited FROM {source}
            WHERE hh_id IS NOT NULL AND {sa} AND {sb}),
        catalogue(intervention, type) AS ({catalogue}),
        got AS (
            SELECT DISTINCT r.hh_id, coalesce(c.type, 'other') AS type
            FROM ({received_sql()}) AS r LEFT JOIN catalogue AS c
                ON r.intervention = c.intervention
            WHERE r.round_be = ?)
        SELECT got.type AS type, false AS overall,
               count(*) AS households, count_if(base.exited) AS exited
        FROM got JOIN base ON got.hh_id = base.hh_id
        GROUP BY got.type
        UNION ALL
        SELECT CASE WHEN h.hh_id IS NULL THEN 'none' ELSE 'any' END, true,
               count(*), count_if(base.exited)
        FROM base LEFT JOIN (SELECT DISTINCT hh_id FROM got) AS h ON base.hh_id = h.hh_id
        GROUP BY 1""",
        params + scope_params + [v for pair in pairs for v in pair] + [int(from_round)],
    ).df()
    per = frame[~frame["overall"]].set_index("type").sort_index()[["households", "exited"]]
    ends = (
        frame[frame["overall"]]
        .set_index("type")[["households", "exited"]]
        .reindex(["any", "none"], fill_value=0)
    )
    out = pd.concat([per, ends]).astype("int64")
    out["exit_rate"] = out["exited"] / out["households"].where(out["households"] > 0)
    out["difference_pts"] = (out["exit_rate"] - out.loc["none", "exit_rate"]) * 100
    out.index.name = "type"
    return out


def outcome_tables(
    con: duckdb.DuckDBPyConnection,
    from_round: int,
    to_round: int,
    area: str | None,
    *,
    rule: PoorRule,
    model: HouseholdModel,
    area_col: str,
    types: Mapping[str, str],
    levels: Sequence[str] = LEVELS,
    derived: bool = True,
) -> dict[str, pd.DataFrame]:
    """Everything the outcomes page shows: ``total``, ``by_area`` and ``flows``
    (:func:`changes`) and ``by_intervention`` (:func:`by_intervention`), from the kept
    transition counts when ``derived`` and the store can keep them."""
    tables = changes(
        con,
        from_round,
        to_round,
        area,
        rule=rule,
        model=model,
        area_col=area_col,
        levels=levels,
        derived=derived,
    )
    tables["by_intervention"] = by_intervention(
        con, from_round, to_round, area, rule=rule, types=types, model=model, derived=derived
    )
    return tables
