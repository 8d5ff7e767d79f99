"""Outcomes across two survey rounds, computed in the database: who stayed poor, exited, entered
or was never poor, per area; level-to-level flows; and exit rates by the intervention received.

The households of round A and round B inside the scope (:mod:`query.scope`, each round on its
own) are joined by ``hh_id`` in DuckDB, poverty by the rule's SQL (:meth:`data.store.PoorRule.sql`)
and the programme level by :mod:`query.profile` (capital, weak-count and level SQL); only the grouped tables leave
the database. The tables equal :mod:`analysis.outcomes` on the same households (its pure
reference, held equal by ``tests/query/test_outcomes.py``): same index, columns and dtypes.

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

from collections.abc import Mapping, Sequence

import duckdb
import pandas as pd

from analysis.capitals import LEVELS
from analysis.outcomes import NOT_SURVEYED
from data.store import PoorRule
from geo.codes import LEVELS as AREA_LEVELS
from query import scope
from query.profile import CAPITALS, HouseholdModel, capital_sql, level_sql, weak_count_sql

#: the household columns an outcome table can be grouped by (the household's area in round A)
AREA_COLUMNS: tuple[str, ...] = tuple(scope.level_column(level) for level in AREA_LEVELS)

#: transition of a household row of ``a FULL OUTER JOIN b`` (as analysis.outcomes assigns it)
_TRANSITION = """(CASE
    WHEN a.hh_id IS NOT NULL AND b.hh_id IS NOT NULL THEN CASE
        WHEN coalesce(a.poor, false) AND coalesce(b.poor, false) THEN 'stayed'
        WHEN coalesce(a.poor, false) AND NOT coalesce(b.poor, true) THEN 'exited'
        WHEN NOT coalesce(a.poor, true) AND coalesce(b.poor, false) THEN 'entered'
        ELSE 'never' END
    WHEN a.hh_id IS NOT NULL THEN 'not_resurveyed'
    ELSE 'new_in_survey' END)"""

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
    model: HouseholdModel | None = None,
    area_col: str | None = None,
    poor_only: bool = False,
) -> tuple[str, list[object]]:
    """SELECT of one round's households inside ``area``: hh_id, poor, and (when asked) the
    household's area code in ``area_col`` and its programme level (the capitals scored once
    in an inner SELECT, the level from them: the model's SQL planned in half the time)."""
    clauses, params = scope.conditions(round_be, area, "s")
    columns = ["s.hh_id", f"{rule.sql('s')} AS poor"]
    if area_col:
        columns.append(f"s.{area_col} AS area")
    if poor_only:
        clauses.append(rule.sql("s"))
    rows = f"SELECT {{}} FROM households AS s WHERE {' AND '.join(clauses)}"
    if model is None:
        return rows.format(", ".join(columns)), params
    capitals = [f"{capital_sql(model, c, 's')} AS capital_{c}" for c in CAPITALS]
    inputs = ["s.income_per_person_year", "s.hc_earners"]
    weak = weak_count_sql(model, [f"c.capital_{c}" for c in CAPITALS])
    outer = ["c.hh_id", "c.poor", *(["c.area"] if area_col else [])]
    return (
        f"SELECT {', '.join(outer)}, {level_sql(model, f'({weak})', 'c')} AS level"
        f" FROM ({rows.format(', '.join(columns + inputs + capitals))}) AS c",
        params,
    )


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
) -> dict[str, pd.DataFrame]:
    """The transitions between two rounds for the whole scope (``total``, one row ``all``) and
    per area (``by_area``, the household's ``area_col`` in ``from_round``; a household new in
    ``to_round`` takes its area there), and the level-to-level ``flows`` — in one grouped pass.

    ``total`` and ``by_area`` are :func:`analysis.outcomes.transitions` (without and with
    ``area_col``); ``flows`` is :func:`analysis.outcomes.level_flows` with ``levels``.
    """
    _check_area_col(area_col)
    a_sql, a_params = _round_rows(from_round, area, rule, model=model, area_col=area_col)
    b_sql, b_params = _round_rows(to_round, area, rule, model=model, area_col=area_col)
    frame = con.execute(
        f"""WITH a AS ({a_sql}), b AS ({b_sql}),
        pair AS (
            SELECT coalesce(a.area, b.area) AS area,
                   coalesce(a.level, '{NOT_SURVEYED}') AS level_a,
                   coalesce(b.level, '{NOT_SURVEYED}') AS level_b,
                   coalesce(a.poor, false) AS poor_a,
                   coalesce(b.poor, false) AS poor_b,
                   {_TRANSITION} AS transition
            FROM a FULL OUTER JOIN b ON a.hh_id = b.hh_id)
        SELECT grouping(area) = 0 AS by_area, grouping(level_a, level_b) = 0 AS by_level,
               area, level_a, level_b,
               count(*) AS households,
               count_if(poor_a) AS poor_before,
               count_if(poor_b) AS poor_after,
               count_if(transition = 'stayed') AS stayed,
               count_if(transition = 'exited') AS exited,
               count_if(transition = 'entered') AS entered,
               count_if(transition = 'never') AS never,
               -- every household of round A not surveyed again, as analysis.outcomes counts it
               count_if(transition = 'not_resurveyed') AS poor_not_resurveyed,
               exited::DOUBLE / nullif(stayed + exited, 0) AS exit_rate,
               entered::DOUBLE / nullif(entered + never, 0) AS entry_rate,
               poor_after - poor_before AS net_change
        FROM pair
        GROUP BY GROUPING SETS ((area), (), (level_a, level_b))""",
        a_params + b_params,
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
) -> pd.DataFrame:
    """Exit rates of ``from_round``'s poor households (surveyed again in ``to_round``) by the
    type of intervention they received — an association, not an effect —
    as :func:`analysis.outcomes.outcomes_by_intervention` computes them.

    Received: a referral based on ``from_round`` whose history reached 'assisted'
    (:func:`data.referrals.received`); ``types`` maps an intervention code to its type (the
    catalogue's ``type``; any other code counts as ``other``). Rows: each type, ``any`` and
    ``none``; columns households, exited, exit_rate, difference_pts.
    """
    a_sql, a_params = _round_rows(from_round, area, rule, poor_only=True)
    b_sql, b_params = _round_rows(to_round, area, rule)
    pairs = [(str(k), str(v)) for k, v in types.items() if isinstance(v, str)]
    if pairs:
        catalogue = "VALUES " + ", ".join("(?, ?)" for _ in pairs)
    else:
        catalogue = "SELECT NULL::VARCHAR, NULL::VARCHAR WHERE false"
    frame = con.execute(
        f"""WITH a AS ({a_sql}), b AS ({b_sql}),
        base AS (
            SELECT a.hh_id, {_TRANSITION} = 'exited' AS exited
            FROM a JOIN b ON a.hh_id = b.hh_id
            WHERE {_TRANSITION} IN ('stayed', 'exited')),
        catalogue(intervention, type) AS ({catalogue}),
        got AS (
            SELECT DISTINCT r.hh_id, coalesce(c.type, 'other') AS type
            FROM referrals AS r LEFT JOIN catalogue AS c ON r.intervention = c.intervention
            WHERE r.round_be = ? AND r.referral_id IN
                (SELECT referral_id FROM referral_events WHERE to_status = 'assisted'))
        SELECT got.type AS type, false AS overall,
               count(*) AS households, count_if(base.exited) AS exited
        FROM got JOIN base ON got.hh_id = base.hh_id
        GROUP BY got.type
        UNION ALL
        SELECT CASE WHEN h.hh_id IS NULL THEN 'none' ELSE 'any' END, true,
               count(*), count_if(base.exited)
        FROM base LEFT JOIN (SELECT DISTINCT hh_id FROM got) AS h ON base.hh_id = h.hh_id
        GROUP BY 1""",
        a_params + b_params + [v for pair in pairs for v in pair] + [int(from_round)],
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
) -> dict[str, pd.DataFrame]:
    """Everything the outcomes page shows: ``total``, ``by_area`` and ``flows``
    (:func:`changes`) and ``by_intervention`` (:func:`by_intervention`)."""
    tables = changes(
        con, from_round, to_round, area, rule=rule, model=model, area_col=area_col, levels=levels
    )
    tables["by_intervention"] = by_intervention(
        con, from_round, to_round, area, rule=rule, types=types
    )
    return tables
