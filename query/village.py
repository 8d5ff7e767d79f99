"""Villages through the door: the stored village rows and one village's poor households
summarised in the database (levels, capitals, causes, failed indicators).

Example:
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> villages_in(con, "46").columns.tolist()
    ['village_code', 'village_no', 'name_th', 'name_en']
    >>> village(con, "46010101") is None
    True
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from data.schema import BMN_CODES
from data.store import PoorRule
from query import scope
from query.access import Access
from query.areas import hidden_for, measures_sql, suppress
from query.poverty import deprived_sql
from query.profile import CAPITALS, LEVELS, HouseholdModel, profiled
from query.referrals_read import referral_conditions
from query.why import NO_CAUSE


def villages_in(con: duckdb.DuckDBPyConnection, area: str | None) -> pd.DataFrame:
    """Code, number and names of the stored villages inside ``area`` (every village when None),
    by code."""
    return con.execute(
        "SELECT village_code, village_no, name_th, name_en FROM villages "
        "WHERE starts_with(village_code, ?) ORDER BY village_code",
        [area or ""],
    ).df()


def villages_by_poor(
    con: duckdb.DuckDBPyConnection,
    area: str | None,
    round_be: int | None,
    rule: PoorRule,
    limit: int,
    *,
    access: Access | None = None,
) -> pd.DataFrame:
    """Code, number and names of the stored villages inside ``area`` (every village when None)
    with their ``poor_households`` in the round under ``rule`` (0 where nobody was surveyed),
    most poor first, then by code; at most ``limit`` rows. With ``access``, a ``suppressed``
    column; hidden villages (NA) are ordered as if they had none, so the order gives nothing
    away."""
    stats, params = measures_sql("village", rule=rule, round_be=round_be, area=area)
    hidden = hidden_for(con, access, round_be) if access is not None else {}
    codes = sorted(frozenset().union(*hidden.values())) if hidden else []
    frame = con.execute(
        f"""SELECT v.village_code, v.village_no, v.name_th, v.name_en,
              coalesce(s.poor_households, 0)::BIGINT AS poor_households
            FROM villages v LEFT JOIN ({stats}) s ON s.code = v.village_code
            WHERE starts_with(v.village_code, ?)
            ORDER BY CASE WHEN list_contains(?, v.village_code) THEN 0
                          ELSE coalesce(s.poor_households, 0) END DESC,
                     v.village_code LIMIT ?""",
        [*params, area or "", codes, int(limit)],
    ).df()
    if access is None:
        return frame
    return suppress(frame, hidden, code_column="village_code")


def village(con: duckdb.DuckDBPyConnection, code: str) -> dict | None:
    """The stored village (names, point, ...), or None."""
    frame = con.execute("SELECT * FROM villages WHERE village_code = ?", [code]).df()
    return None if frame.empty else frame.iloc[0].to_dict()


def village_points(con: duckdb.DuckDBPyConnection, subdistrict: str) -> pd.DataFrame:
    """Code, lat and lon of the villages of ``subdistrict`` that have a point."""
    return con.execute(
        "SELECT village_code, lat, lon FROM villages "
        "WHERE subdistrict_code = ? AND lat IS NOT NULL",
        [subdistrict],
    ).df()


def village_names(con: duckdb.DuckDBPyConnection, lang: str) -> dict[str, str]:
    """Village code -> name in ``lang`` ('th' or 'en'), every stored village."""
    col = "name_en" if lang == "en" else "name_th"
    rows = con.execute(f"SELECT village_code, {col} FROM villages").fetchall()
    return {code: str(name) for code, name in rows}


def referral_counts(
    con: duckdb.DuckDBPyConnection, code: str, *, access: Access | None = None
) -> pd.DataFrame | None:
    """Referrals of the village's households per current status (None when the store has no
    referrals yet): those ``access`` may read (of the user's areas; an agency officer's, of
    the user's agencies)."""
    clauses, params = referral_conditions(scope.resolve(access))
    extra = "".join(f" AND {c}" for c in clauses)
    try:
        return con.execute(
            "SELECT status, count(*) AS referrals FROM referral_current "
            f"WHERE village_code = ?{extra} GROUP BY 1",
            [code, *params],
        ).df()
    except duckdb.CatalogException:  # the referrals feature is not installed on this store
        return None


@dataclass(frozen=True)
class VillagePoverty:
    """One village's households in one round, summarised."""

    #: households per level (programme order), with people and the share of households
    levels: pd.DataFrame
    #: poor households of the village (NA when suppressed)
    poor_households: int
    #: mean capital scores (1-4) of the poor households, per capital
    capitals: pd.Series
    #: poor households per main cause (missing = 'other'), most first (ties by code)
    causes: pd.Series
    #: poor households failing each indicator, most first (ties in indicator order)
    failing: pd.Series
    #: True when the village's numbers are hidden for the asking user (every number NA)
    suppressed: bool = False


def village_poverty(
    con: duckdb.DuckDBPyConnection,
    round_be: int | None,
    code: str,
    *,
    rule: PoorRule,
    model: HouseholdModel,
    access: Access | None = None,
) -> VillagePoverty:
    """Levels of the village's households and, of its poor ones (``rule``), the capital means,
    main causes and failed indicators (as analysis.why.level_distribution / capital_means and
    the counts of the village profile). When the village's numbers are hidden for ``access``
    (:func:`query.areas.hidden_areas`), every number is NA and ``suppressed`` is True."""
    numbers = _village_poverty(con, round_be, code, rule=rule, model=model)
    hidden = hidden_for(con, access, round_be) if access is not None else {}
    if not any(code in h for h in hidden.values()):
        return numbers
    return VillagePoverty(
        levels=pd.DataFrame(
            pd.NA, index=numbers.levels.index, columns=numbers.levels.columns, dtype="Float64"
        ),
        poor_households=pd.NA,  # type: ignore[arg-type]
        capitals=pd.Series(pd.NA, index=numbers.capitals.index, dtype="Float64"),
        causes=numbers.causes.iloc[0:0],
        failing=pd.Series(pd.NA, index=numbers.failing.index, dtype="Int64"),
        suppressed=True,
    )


def _village_poverty(
    con: duckdb.DuckDBPyConnection,
    round_be: int | None,
    code: str,
    *,
    rule: PoorRule,
    model: HouseholdModel,
) -> VillagePoverty:
    where, params = scope.where(round_be, code)
    clauses = where.removeprefix("WHERE ") or "TRUE"
    source = profiled(model)
    levels = con.execute(
        f"SELECT level, count(*)::BIGINT AS households, sum(members)::BIGINT AS people"
        f" FROM {source} AS h WHERE {clauses} GROUP BY level",
        params,
    ).df()
    levels = levels.set_index("level").reindex(list(LEVELS), fill_value=0)
    levels["share"] = levels["households"] / max(int(levels["households"].sum()), 1)
    poor = f"{clauses} AND {rule.sql()}"
    means = ", ".join(f"fsum(capital_{c}) / count(capital_{c}) AS {c}" for c in CAPITALS)
    fails = ", ".join(f"sum({deprived_sql(c)})::BIGINT AS {c}" for c in BMN_CODES)
    row = (
        con.execute(
            f"SELECT count(*)::BIGINT AS n, {means}, {fails} FROM {source} AS h WHERE {poor}",
            params,
        )
        .df()
        .iloc[0]
    )
    causes = con.execute(
        f"SELECT coalesce(main_cause, '{NO_CAUSE}') AS cause, count(*)::BIGINT AS households"
        f" FROM households WHERE {poor} GROUP BY 1 ORDER BY 2 DESC, 1",
        params,
    ).df()
    failing = pd.Series(
        [0 if pd.isna(row[c]) else int(row[c]) for c in BMN_CODES], index=list(BMN_CODES)
    )
    return VillagePoverty(
        levels=levels,
        poor_households=int(row["n"]),
        capitals=pd.Series(
            [float("nan") if pd.isna(row[c]) else float(row[c]) for c in CAPITALS],
            index=list(CAPITALS),
        ),
        causes=causes.set_index("cause")["households"],
        failing=failing.sort_values(ascending=False, kind="stable"),
    )
