"""One area's rows, one page at a time, for the lists a page shows before anything is picked.

The household, village and product pages open on a list of the selected area (households with
the most failed BMN indicators, villages by poor households, the area's products). Each reader
here returns one page (``page`` counts from 0) of one area with only the columns the list needs,
and the number of rows over all pages: no page ever loads a whole round.

Never a national ID or its hash: :data:`HOUSEHOLD_LIST_COLUMNS` is the whole household select.

Example:
    >>> page_clause(1, 3)
    ('LIMIT ? OFFSET ?', [3, 3])
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
from query.profile import HouseholdModel, profiled
from query.scope import area_level, where

#: Rows per page of a list.
PAGE_SIZE = 50

#: The columns of :func:`household_rows` (besides ``failed`` and the village's names).
HOUSEHOLD_LIST_COLUMNS: tuple[str, ...] = (
    "hh_id",
    "round_be",
    "village_code",
    "village_no",
    "main_cause",
)


def failed_sql(alias: str = "") -> str:
    """SQL: how many BMN indicators a household fails (0 = failed; missing = not applicable)."""
    p = f"{alias}." if alias else ""
    return " + ".join(f"coalesce(({p}{c} = 0)::INT, 0)" for c in BMN_CODES)


def page_clause(page: int, page_size: int = PAGE_SIZE) -> tuple[str, list[int]]:
    """``LIMIT/OFFSET`` of page ``page`` (from 0) and its parameters."""
    size = max(int(page_size), 1)
    return "LIMIT ? OFFSET ?", [size, max(int(page), 0) * size]


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows and how many rows all pages hold."""

    rows: pd.DataFrame
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(-(-self.total // self.page_size), 1)

    @property
    def first(self) -> int:
        """1-based position of the page's first row (0 when empty)."""
        return self.page * self.page_size + 1 if len(self.rows) else 0

    @property
    def last(self) -> int:
        return self.page * self.page_size + len(self.rows)


def household_rows(
    con: duckdb.DuckDBPyConnection,
    area: str,
    round_be: int | None,
    *,
    page: int = 0,
    page_size: int = PAGE_SIZE,
    model: HouseholdModel | None = None,
    access: Access | None = None,
) -> Page:
    """Households of ``area`` in the round, most failed BMN indicators first (then by ID).

    Columns: :data:`HOUSEHOLD_LIST_COLUMNS`, ``failed`` (indicators failed) and the village's
    ``village_name_th`` / ``village_name_en``; with ``model``, the household's programme
    ``level`` (:mod:`query.profile`). ``area`` is required: a whole country is too much
    for one list (see :func:`province_household_counts`). ``access`` may read the area's rows
    and receives only its columns (de-identified: no ID, no main cause).
    """
    if not area:
        raise ValueError("household_rows needs an area (province, district, subdistrict, village)")
    clause, params, hidden = scope.household_where(round_be, area, access=access)
    cols = ", ".join(f"h.{c}" for c in HOUSEHOLD_LIST_COLUMNS if c not in hidden)
    limit, extra = page_clause(page, page_size)
    source = f"(SELECT * FROM households {clause})"
    if model is not None:
        source, cols = profiled(model, source), f"{cols}, h.level"
    rows = con.execute(
        f"""SELECT {cols}, ({failed_sql("h")})::INT AS failed,
              v.name_th AS village_name_th, v.name_en AS village_name_en
            FROM {source} h
            LEFT JOIN villages v USING (village_code)
            ORDER BY failed DESC, h.hh_id {limit}""",
        [*params, *extra],
    ).df()
    total = con.execute(f"SELECT count(*) FROM households {clause}", params).fetchone()[0]
    return Page(rows, int(total), page, page_size)


def province_household_counts(
    con: duckdb.DuckDBPyConnection, round_be: int | None, *, access: Access | None = None
) -> pd.DataFrame:
    """Per province with data: surveyed households and those failing at least one indicator,
    most such households first (with ``access``, a ``suppressed`` column: the provinces
    hidden for it, :func:`query.areas.hidden_areas`)."""
    clause, params = where(round_be, None)
    frame = con.execute(
        f"""SELECT province_code, count(*)::BIGINT AS households,
              count(*) FILTER (WHERE ({failed_sql()}) > 0)::BIGINT AS with_failed
            FROM households {clause}
            GROUP BY 1 ORDER BY with_failed DESC, province_code""",
        params,
    ).df()
    if access is None:
        return frame
    return suppress(frame, hidden_for(con, access, round_be), code_column="province_code")


def village_rows(
    con: duckdb.DuckDBPyConnection,
    area: str | None,
    round_be: int | None,
    rule: PoorRule | None = None,
    *,
    page: int = 0,
    page_size: int = PAGE_SIZE,
    access: Access | None = None,
) -> Page:
    """Villages of ``area`` (every stored village when None) with households, people, poor
    households and people and the headcount ratio in the round (``rule`` decides who is poor),
    most poor households first; villages without surveyed households come last with 0.

    The counts are :func:`query.areas.area_measures` at village level (the same query). With
    ``access``, a ``suppressed`` column; hidden villages (NA) are ordered as if nobody was
    surveyed there, so the order gives nothing away.
    """
    stats, params = measures_sql("village", rule=rule or PoorRule(), round_be=round_be, area=area)
    hidden = hidden_for(con, access, round_be) if access is not None else {}
    codes = sorted(frozenset().union(*hidden.values())) if hidden else []
    limit, extra = page_clause(page, page_size)
    rows = con.execute(
        f"""SELECT v.village_code, v.village_no, v.name_th, v.name_en,
              coalesce(s.households, 0)::BIGINT AS households,
              coalesce(s.people, 0)::BIGINT AS people,
              coalesce(s.poor_households, 0)::BIGINT AS poor_households,
              coalesce(s.poor_people, 0)::BIGINT AS poor_people,
              s.headcount_ratio
            FROM villages v LEFT JOIN ({stats}) s ON s.code = v.village_code
            WHERE starts_with(v.village_code, ?)
            ORDER BY CASE WHEN list_contains(?, v.village_code) THEN 0
                          ELSE coalesce(s.poor_households, 0) END DESC,
                     CASE WHEN list_contains(?, v.village_code) THEN 0
                          ELSE coalesce(s.households, 0) END DESC,
                     v.village_code {limit}""",
        [*params, area or "", codes, codes, *extra],
    ).df()
    total = con.execute(
        "SELECT count(*) FROM villages WHERE starts_with(village_code, ?)", [area or ""]
    ).fetchone()[0]
    if access is not None:
        rows = suppress(rows, hidden, code_column="village_code")
    return Page(rows, int(total), page, page_size)


def product_rows(
    con: duckdb.DuckDBPyConnection,
    area: str | None,
    *,
    page: int = 0,
    page_size: int = PAGE_SIZE,
) -> Page:
    """Products of the enterprises in ``area`` (all when None): ID, names, type, price and unit,
    the maker's names and most precise area code; by maker, then name."""
    clause, params = "", []
    if area:
        area_level(area)
        clause = (
            " AND starts_with(coalesce(e.village_code, e.subdistrict_code, e.district_code, "
            "e.province_code), ?)"
        )
        params = [area]
    limit, extra = page_clause(page, page_size)
    base = f"FROM products p LEFT JOIN sites e ON e.site_id = p.enterprise_id WHERE true{clause}"
    rows = con.execute(
        f"""SELECT p.product_id, p.name_th, p.name_en, p.product_type, p.price_baht, p.unit_th,
              p.unit_en, p.enterprise_id, e.name_th AS enterprise_name_th,
              e.name_en AS enterprise_name_en,
              coalesce(e.village_code, e.subdistrict_code, e.district_code, e.province_code)
                AS area_code
            {base} ORDER BY e.name_th, p.name_th, p.product_id {limit}""",
        [*params, *extra],
    ).df()
    total = con.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    return Page(rows, int(total), page, page_size)
