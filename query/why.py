"""Why are they poor, computed in the database: every number of the Why page for one selection.

For a round, an area (None = Thailand) and the researcher filters (household types, levels),
:func:`why_numbers` gives, for the area, its parent and the country (the parent of a province
and of Thailand is the country):

* mean capital scores of the households and of the poor ones (``analysis.why.capital_means``),
* the area's households and people per level, with shares (``analysis.why.level_distribution``),
* the area's Alkire–Foster H, A, M0, censored headcounts and contributions as one row
  (``analysis.why.overall_mpi``) and per child area (``analysis.why.mpi_table``), and the
  dimensions' shares of M0 per child area (``analysis.why.dimension_contributions``),
* the TPMAP headcount ratio (poor people / people under the any-indicator rule) beside H,
* the main causes and the failed indicators among the poor, with shares and ranks
  (``analysis.causes.cause_shares`` / ``indicator_shares``) and lined up with the parent's and
  the country's (``analysis.causes.compare_with_parents``).

Everything is grouped SQL over :func:`query.profile.profiled` households filtered by
:func:`query.profile.filter_sql`: the three scopes come from one pass over the round
(``GROUPING SETS``), the Alkire–Foster tables from :func:`query.poverty.af_table` over the
area. No household row leaves the database; tests hold every number equal to the references.

Example:
    >>> from data import store
    >>> from data.schema import table
    >>> con = store.connect(":memory:")
    >>> model = HouseholdModel(scoring=tuple(table("capital_scoring")))
    >>> out = why_numbers(con, 2564, None, rule=store.PoorRule(), model=model,
    ...                   weights={"bmn_01": 1.0}, k=0.2, indicators=[("bmn_01", "health")])
    >>> out.households, list(out.levels.index)
    (0, ['struggling', 'difficult', 'getting_by', 'living_well'])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from analysis.causes import compare_with_parents
from analysis.why import dimension_contributions
from data.store import PoorRule
from geo.codes import level_below, level_of, parent_code
from query import scope
from query.poverty import af_summed_sql, af_table, deprived_sql
from query.profile import CAPITALS, LEVELS, HouseholdModel, filter_sql, profiled
from query.summary import Spec, causes_relation, relation

#: The three places the page compares, in its order.
SCOPES: tuple[str, ...] = ("area", "parent", "country")
#: Main cause counted for a poor household without one (as analysis.causes.cause_shares).
NO_CAUSE = "other"


@dataclass(frozen=True)
class WhyNumbers:
    """The Why page's numbers for one selection (small aggregates only)."""

    #: households of the area that pass the filters
    households: int
    #: mean capital score (1-4) per capital (index) of the households, per scope (columns)
    capitals_all: pd.DataFrame
    #: the same of the poor households (what the page draws)
    capitals_poor: pd.DataFrame
    #: the area's households, people and share of households per level (programme order)
    levels: pd.DataFrame
    #: the area's Alkire–Foster row: households ... M0, h_<code>, phi_<code>
    overall: pd.Series
    #: Alkire–Foster per child area (index: the child level's code column)
    mpi: pd.DataFrame
    #: per child area, each dimension's share of M0 (sums of the indicator contributions)
    dimensions: pd.DataFrame
    #: poor people / people of the area under the TPMAP any-indicator rule (NaN without people)
    tpmap_ratio: float
    #: (scope, cause) -> households, share, rank among the scope's poor households
    causes: pd.DataFrame
    #: (scope, indicator) -> households failing, share, rank among the scope's poor households
    indicator_shares: pd.DataFrame
    #: each cause's share in the area, parent and country, with the differences (largest first)
    cause_comparison: pd.DataFrame
    #: the same for the failed indicators
    indicator_comparison: pd.DataFrame


def child_column(area: str | None) -> str:
    """The household column of the areas one level below ``area`` (geo.codes.level_below)."""
    return scope.level_column(level_below(area))


def _scope_sql(code: str | None) -> str:
    """A condition: the household lies inside ``code`` (TRUE for the country)."""
    if not code:
        return "TRUE"
    if not code.isdigit():
        raise ValueError(f"{code!r} is not an area code")
    return f"({scope.level_column(level_of(code))} = '{code}')"


def _pass_sql(
    model: HouseholdModel,
    rule: PoorRule,
    area: str | None,
    codes: Sequence[str],
    where: str,
    filters: str,
) -> str:
    """One pass over the round: per scope, counts, means and failed indicators (GROUPING SETS
    (in_area), (in_parent), () and the same with the main cause)."""
    parent = parent_code(area) if area else None
    base = ", ".join(
        [
            f"{_scope_sql(area)} AS in_area",
            f"{_scope_sql(parent)} AS in_parent",
            f"coalesce(main_cause, '{NO_CAUSE}') AS cause",
            f"{rule.sql()} AS poor",
            f"{PoorRule('tpmap').sql()} AS tpmap_poor",
            "members",
            "level",
            *(f"capital_{c}" for c in CAPITALS),
            *(f"{deprived_sql(c)} AS d_{c}" for c in codes),
        ]
    )
    sums = ",\n  ".join(
        [
            "count(*)::BIGINT AS households",
            "sum(members)::BIGINT AS people",
            "(count(*) FILTER (WHERE poor))::BIGINT AS poor_households",
            "coalesce(sum(members) FILTER (WHERE tpmap_poor), 0)::BIGINT AS tpmap_poor_people",
            *(f"fsum(capital_{c}) / count(capital_{c}) AS all_{c}" for c in CAPITALS),
            *(
                f"fsum(capital_{c}) FILTER (WHERE poor) / count(capital_{c}) FILTER (WHERE poor) AS poor_{c}"
                for c in CAPITALS
            ),
            *(f"(count(*) FILTER (WHERE level = '{v}'))::BIGINT AS hh_{v}" for v in LEVELS),
            *(
                f"coalesce(sum(members) FILTER (WHERE level = '{v}'), 0)::BIGINT AS people_{v}"
                for v in LEVELS
            ),
            *(f"coalesce(sum(d_{c}) FILTER (WHERE poor), 0)::BIGINT AS fail_{c}" for c in codes),
        ]
    )
    return f"""
WITH base AS (
  SELECT {base} FROM {profiled(model)} AS h WHERE {where} AND {filters}
), grouped AS (
  SELECT grouping(in_area) AS ga, grouping(in_parent) AS gp, grouping(cause) AS gc,
    in_area, in_parent, cause,
  {sums}
  FROM base
  GROUP BY GROUPING SETS ((in_area), (in_parent), (), (in_area, cause), (in_parent, cause),
                         (cause))
)
SELECT CASE WHEN ga = 0 THEN 'area' WHEN gp = 0 THEN 'parent' ELSE 'country' END AS scope,
  gc = 0 AS by_cause, * EXCLUDE (ga, gp, gc, in_area, in_parent)
FROM grouped
WHERE (ga = 0 AND in_area) OR (ga = 1 AND gp = 0 AND in_parent) OR (ga = 1 AND gp = 1)"""


def _summed_pass_sql(
    sums: str, causes: str, area: str | None, codes: Sequence[str], where: str
) -> str:
    """:func:`_pass_sql`'s rows from village sums (:mod:`query.summary`): per scope the same
    totals, and the poor households per main cause (``by_cause``)."""
    parent = parent_code(area) if area else None
    scopes = (
        ("area", _scope_sql(area)),
        ("parent", _scope_sql(parent)),
        ("country", "TRUE"),
    )
    sums_sql = ",\n  ".join(
        [
            "coalesce(sum(households), 0)::BIGINT AS households",
            "coalesce(sum(people), 0)::BIGINT AS people",
            "coalesce(sum(poor_households), 0)::BIGINT AS poor_households",
            "coalesce(sum(tpmap_poor_people), 0)::BIGINT AS tpmap_poor_people",
            *(f"sum(all_sum_{c}) / nullif(sum(all_n_{c}), 0) AS all_{c}" for c in CAPITALS),
            *(f"sum(poor_sum_{c}) / nullif(sum(poor_n_{c}), 0) AS poor_{c}" for c in CAPITALS),
            *(f"coalesce(sum(hh_{v}), 0)::BIGINT AS hh_{v}" for v in LEVELS),
            *(f"coalesce(sum(people_{v}), 0)::BIGINT AS people_{v}" for v in LEVELS),
            *(f"coalesce(sum(fail_{c}), 0)::BIGINT AS fail_{c}" for c in codes),
        ]
    )
    totals = " UNION ALL ".join(
        f"SELECT '{name}' AS scope, false AS by_cause, NULL::VARCHAR AS cause, {sums_sql}"
        f" FROM {sums} WHERE {where} AND {cond}"
        for name, cond in scopes
    )
    by_cause = " UNION ALL ".join(
        f"SELECT '{name}' AS scope, true AS by_cause, cause,"
        f" sum(poor_households)::BIGINT AS poor_households"
        f" FROM {causes} WHERE {where} AND {cond} GROUP BY cause"
        for name, cond in scopes
    )
    return f"SELECT * FROM ({totals}) UNION ALL BY NAME SELECT * FROM ({by_cause})"


def _ranked(counts: pd.DataFrame, key: str) -> pd.DataFrame:
    """``households`` per (scope, key) with the share of the scope's poor households (``poor``)
    and the rank (1 = most; ties share the smallest)."""
    out = counts.set_index(["scope", key])[["households"]].astype("int64")
    out["share"] = out["households"] / counts["poor"].to_numpy()
    out["rank"] = out.groupby(level=0)["households"].rank(ascending=False, method="min").astype(int)
    return out


def _empty_ranked(key: str) -> pd.DataFrame:
    index = pd.MultiIndex.from_arrays([[], []], names=["scope", key])
    return pd.DataFrame(
        {
            "households": pd.Series(dtype="int64"),
            "share": pd.Series(dtype=float),
            "rank": pd.Series(dtype=int),
        },
        index=index,
    )


def _shares(table: pd.DataFrame, name: str) -> pd.Series:
    """The ``share`` of one scope, indexed by the second level (empty when the scope has none)."""
    if name in table.index.get_level_values(0):
        return table.loc[name, "share"]
    return pd.Series(dtype=float, index=pd.Index([], name=table.index.names[1]))


def why_numbers(
    con: duckdb.DuckDBPyConnection,
    round_be: int | None,
    area: str | None,
    *,
    rule: PoorRule,
    model: HouseholdModel,
    weights: Mapping[str, float],
    k: float,
    indicators: Sequence[tuple[str, str]],
    types: Iterable[str] = (),
    levels: Iterable[str] = (),
    summary: Spec | None = None,
) -> WhyNumbers:
    """Every number of the Why page for households of ``round_be`` (every round when None)
    passing the filters (``types``: all of them, ``levels``: any of them), inside ``area``,
    its parent and the country. ``rule`` says who is poor for the capitals, causes and
    indicators; ``weights`` and ``k`` are the Alkire–Foster weights and cut-off; ``indicators``
    lists (code, dimension) of the indicators, in their order. ``summary``: without filters,
    add up its village sums (:mod:`query.summary`) when they answer this question."""
    codes = [c for c, _ in indicators]
    filters = filter_sql(types, levels)
    round_where, params = scope.where(round_be)
    where = round_where.removeprefix("WHERE ") or "TRUE"
    sums = None
    if (
        filters == "TRUE"
        and summary is not None
        and summary.matches(rule, model, weights, k, codes)
    ):
        sums = relation(con, summary)
    if sums is not None:
        pass_sql = _summed_pass_sql(sums, causes_relation(summary), area, codes, where)
    else:
        pass_sql = _pass_sql(model, rule, area, codes, where, filters)
    rows = con.execute(pass_sql, params * (6 if sums is not None else 1)).df()
    totals = rows[~rows["by_cause"]].set_index("scope").reindex(list(SCOPES))
    by_cause = rows[rows["by_cause"]]

    def means(prefix: str) -> pd.DataFrame:
        frame = totals[[f"{prefix}_{c}" for c in CAPITALS]].T.astype(float)
        frame.index = pd.Index(list(CAPITALS))
        frame.columns.name = None
        return frame

    here = totals.loc["area"]
    households = 0 if pd.isna(here["households"]) else int(here["households"])
    level_table = pd.DataFrame(
        {
            "households": [0 if households == 0 else int(here[f"hh_{v}"]) for v in LEVELS],
            "people": [0 if households == 0 else int(here[f"people_{v}"]) for v in LEVELS],
        },
        index=pd.Index(list(LEVELS), name="level"),
    )
    level_table["share"] = level_table["households"] / max(int(level_table["households"].sum()), 1)
    people = 0 if households == 0 else int(here["people"])
    tpmap_ratio = int(here["tpmap_poor_people"]) / people if people else float(np.nan)

    # the scope's poor households, for the shares among them
    poor = totals["poor_households"].fillna(0).astype("int64")
    causes = by_cause.assign(households=by_cause["poor_households"])
    causes = causes[causes["households"] > 0].sort_values(["scope", "cause"])
    causes = causes.assign(poor=causes["scope"].map(poor))
    cause_table = _ranked(causes, "cause") if len(causes) else _empty_ranked("cause")
    cause_table = cause_table.reindex(
        sorted(cause_table.index, key=lambda i: (SCOPES.index(i[0]), i[1]))
    )
    failing = [
        {"scope": s, "indicator": c, "households": int(totals.loc[s, f"fail_{c}"]), "poor": poor[s]}
        for s in SCOPES
        if poor[s] > 0
        for c in codes
    ]
    indicator_table = (
        _ranked(pd.DataFrame(failing), "indicator") if failing else _empty_ranked("indicator")
    )

    area_sql = _scope_sql(area)
    af_where = f"{where} AND {area_sql} AND {filters}"
    child = child_column(area)
    if sums is not None:

        def af(group: list[str]) -> pd.DataFrame:
            sql = af_summed_sql(sums, group, weights, k, where=af_where, indicators=codes)
            return con.execute(sql, params).df()

    else:
        source = f"{profiled(model)} AS h"

        def af(group: list[str]) -> pd.DataFrame:
            return af_table(
                con, source, group, weights, k, where=af_where, params=params, indicators=codes
            )

    overall = af([]).iloc[0]
    mpi = af([child]).set_index(child)
    dims = pd.DataFrame(indicators, columns=["code", "dimension"])
    return WhyNumbers(
        households=households,
        capitals_all=means("all"),
        capitals_poor=means("poor"),
        levels=level_table,
        overall=overall,
        mpi=mpi,
        dimensions=dimension_contributions(mpi, dims, pd.Series(dict(weights), dtype=float)),
        tpmap_ratio=tpmap_ratio,
        causes=cause_table,
        indicator_shares=indicator_table,
        cause_comparison=compare_with_parents(
            *(_shares(cause_table, s).rename(None) for s in SCOPES)
        ),
        indicator_comparison=compare_with_parents(
            *(_shares(indicator_table, s).rename(None) for s in SCOPES)
        ),
    )
