"""Local-economy reads through the door: the stored sites, tourism-route stops, products with
their enterprise, technology adoptions, livable-city indicators, and what an area's poor
households need (their main causes and failed indicators), grouped in the database.

A site counts as inside an area when its most precise known code starts with the area code.

Example:
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> adoption_counts(con).empty, sites_frame(con, ["market"], area="46").empty
    (True, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import duckdb
import pandas as pd

from analysis.sites import area_ranks
from data.sites.schema import SITE_COLUMNS, SITE_KINDS, STOP_COLUMNS
from data.store import PoorRule
from geo.codes import LEVEL_BY_WIDTH
from query import scope
from query.poverty import deprived_sql
from query.why import NO_CAUSE

_SITE_SELECT = ", ".join(SITE_COLUMNS) + ", synthetic"


def _area_clause(
    area: str | None,
    column: str = "coalesce(village_code, subdistrict_code, district_code, province_code)",
) -> tuple[str, list]:
    if not area:
        return "", []
    if not (area.isdigit() and len(area) in LEVEL_BY_WIDTH):
        raise ValueError(f"area code {area!r} must be 2, 4, 6 or 8 digits")
    return f" AND starts_with({column}, ?)", [area]


def sites_frame(
    con: duckdb.DuckDBPyConnection,
    kinds: Iterable[str] | None = None,
    *,
    area: str | None = None,
) -> pd.DataFrame:
    """Stored sites (of ``kinds``; inside ``area`` when given), ordered by kind and Thai name.

    A site counts as inside an area when its most precise known code starts with the area code.
    """
    kinds = list(kinds) if kinds is not None else list(SITE_KINDS)
    where, params = _area_clause(area)
    return con.execute(
        f"""SELECT {_SITE_SELECT} FROM sites WHERE list_contains(?, kind){where}
            ORDER BY kind, name_th, site_id""",
        [kinds, *params],
    ).df()


def route_stops(
    con: duckdb.DuckDBPyConnection, route_ids: Iterable[str] | None = None
) -> pd.DataFrame:
    """Stops of tourism routes in order (of ``route_ids`` when given)."""
    cols = ", ".join(STOP_COLUMNS)
    if route_ids is None:
        return con.execute(f"SELECT {cols} FROM route_stops ORDER BY route_id, stop_no").df()
    return con.execute(
        f"SELECT {cols} FROM route_stops WHERE list_contains(?, route_id) ORDER BY route_id, stop_no",
        [list(route_ids)],
    ).df()


_PRODUCT_SELECT = """
  p.product_id, p.enterprise_id, p.name_th, p.name_en, p.product_type, p.description_th,
  p.description_en, p.price_baht, p.unit_th, p.unit_en, p.materials_th, p.materials_en,
  p.materials_area_code, p.certifications, p.sold_at, p.source, p.source_url, p.updated_on,
  p.synthetic, e.name_th AS enterprise_name_th, e.name_en AS enterprise_name_en,
  e.category AS enterprise_category, e.value_chain_stage, e.contact, e.phone, e.website,
  e.province_code, e.district_code, e.subdistrict_code, e.village_code, e.lat, e.lon,
  e.approximate"""


def products_frame(
    con: duckdb.DuckDBPyConnection,
    *,
    enterprise_id: str | None = None,
    area: str | None = None,
) -> pd.DataFrame:
    """Products with their enterprise's name, stage, contact and place."""
    where, params = _area_clause(
        area, "coalesce(e.village_code, e.subdistrict_code, e.district_code, e.province_code)"
    )
    if enterprise_id:
        where += " AND p.enterprise_id = ?"
        params.append(enterprise_id)
    return con.execute(
        f"""SELECT {_PRODUCT_SELECT} FROM products p LEFT JOIN sites e ON e.site_id = p.enterprise_id
            WHERE true{where} ORDER BY p.enterprise_id, p.name_th, p.product_id""",
        params,
    ).df()


def product(con: duckdb.DuckDBPyConnection, product_id: str) -> dict | None:
    """One product with its enterprise (None if unknown)."""
    frame = con.execute(
        f"SELECT {_PRODUCT_SELECT} FROM products p LEFT JOIN sites e ON e.site_id = p.enterprise_id WHERE p.product_id = ?",
        [product_id],
    ).df()
    return None if frame.empty else frame.iloc[0].to_dict()


def adoptions_frame(
    con: duckdb.DuckDBPyConnection, *, village_code: str | None = None, area: str | None = None
) -> pd.DataFrame:
    """Technology adoptions with the technology's names and the community's name."""
    where, params = _area_clause(area, "a.village_code")
    if village_code:
        where += " AND a.village_code = ?"
        params.append(village_code)
    return con.execute(
        f"""SELECT a.technology_id, t.name_th, t.name_en, t.category, t.causes, a.village_code,
              a.community_id, c.name_th AS community_name_th, c.name_en AS community_name_en,
              a.households, a.adopted_on, a.source, a.synthetic
            FROM technology_adoptions a
            LEFT JOIN sites t ON t.site_id = a.technology_id
            LEFT JOIN sites c ON c.site_id = a.community_id
            WHERE true{where} ORDER BY a.village_code, t.name_th""",
        params,
    ).df()


def indicator_definitions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Livable-city indicators with names, unit, direction, levels and years available."""
    return con.execute(
        """SELECT d.indicator, d.name_th, d.name_en, d.unit, d.unit_en, d.higher_is_better,
             list_sort(list(DISTINCT v.level)) AS levels,
             list_sort(list(DISTINCT v.period_be)) AS periods, count(v.value) AS areas
           FROM area_indicator_definitions d LEFT JOIN area_indicators v USING (indicator)
           GROUP BY ALL ORDER BY d.indicator"""
    ).df()


def indicator_values(
    con: duckdb.DuckDBPyConnection,
    indicator: str | None = None,
    *,
    level: str | None = None,
    area: str | None = None,
    latest: bool = True,
) -> pd.DataFrame:
    """Indicator values (latest year per area when ``latest``) with source and vintage, and
    ``rank``: each area's rank among the rows returned of its indicator, level and (unless
    ``latest``) year, 1 = best by the indicator's direction (:func:`area_ranks`)."""
    clauses, params = ["true"], []
    if indicator:
        clauses.append("indicator = ?")
        params.append(indicator)
    if level:
        clauses.append("level = ?")
        params.append(level)
    where, extra = _area_clause(area, "area_code")
    sql = f"SELECT * EXCLUDE (record_hash, import_id) FROM area_indicators WHERE {' AND '.join(clauses)}{where}"
    if latest:
        sql += " QUALIFY row_number() OVER (PARTITION BY indicator, area_code ORDER BY period_be DESC) = 1"
    out = con.execute(sql + " ORDER BY indicator, area_code, period_be", [*params, *extra]).df()
    direction = dict(
        con.execute("SELECT indicator, higher_is_better FROM area_indicator_definitions").fetchall()
    )
    groups = ["indicator", "level"] if latest else ["indicator", "level", "period_be"]
    out["rank"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    for key, rows in out.groupby(groups, sort=False):
        out.loc[rows.index, "rank"] = area_ranks(rows["value"], direction.get(key[0]))
    return out


def is_synthetic(con: duckdb.DuckDBPyConnection) -> bool:
    """True when any stored site, product, adoption or indicator came from the demo generator."""
    row = con.execute(
        """SELECT bool_or(synthetic) FROM imports
           WHERE kind LIKE 'sites:%' OR kind = 'indicators'"""
    ).fetchone()
    return bool(row[0])


def adoption_counts(con: duckdb.DuckDBPyConnection) -> pd.Series:
    """Villages that adopted each technology (index: technology_id)."""
    frame = con.execute(
        "SELECT technology_id, count(DISTINCT village_code) AS villages"
        " FROM technology_adoptions GROUP BY 1"
    ).df()
    return frame.set_index("technology_id")["villages"]


def community_reach(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per innovation community (index ``community_id``): the technologies it brought
    (``techs``), the villages that adopted them (``villages``) and their households."""
    return (
        con.execute(
            """SELECT community_id, count(DISTINCT technology_id) AS techs,
             count(DISTINCT village_code) AS villages, sum(households) AS households
           FROM technology_adoptions GROUP BY 1 ORDER BY 1"""
        )
        .df()
        .set_index("community_id")
    )


def poor_needs(
    con: duckdb.DuckDBPyConnection,
    round_be: int | None,
    area: str | None,
    rule: PoorRule,
    indicators: Sequence[str],
) -> tuple[pd.Series, pd.Series]:
    """(share of the area's poor households by main cause, share failing each indicator), as
    :func:`analysis.technology.area_needs` gives them from the poor households: each sorted
    largest first from the causes in code order and the indicators in their order; both empty
    when the area has no poor household."""
    where, params = scope.where(round_be, area)
    poor = f"{where.removeprefix('WHERE ') or 'TRUE'} AND {rule.sql()}"
    causes = con.execute(
        f"SELECT coalesce(main_cause, '{NO_CAUSE}') AS cause, count(*)::BIGINT AS households"
        f" FROM households WHERE {poor} GROUP BY 1 ORDER BY 1",
        params,
    ).df()
    n = int(causes["households"].sum())
    if n == 0:
        return pd.Series(dtype=float), pd.Series(dtype=float)
    fails = ", ".join(f"sum({deprived_sql(c)})::BIGINT AS {c}" for c in indicators)
    row = con.execute(f"SELECT {fails} FROM households WHERE {poor}", params).fetchone()
    cause_share = pd.Series(
        causes["households"].to_numpy() / n,
        index=pd.Index(causes["cause"].tolist(), name="cause"),
        name="share",
    )
    failing = pd.Series(
        [int(v) / n for v in row], index=pd.Index(list(indicators), name="indicator"), name="share"
    )
    return cause_share.sort_values(ascending=False), failing.sort_values(ascending=False)
