"""Reads of the review page (สอบทาน) through the door: flag and status counts of an area, the
review queue and the duplicates a page at a time, one household's history, village points.

:func:`ensure_flags` has the flags of a round written once per data version of the imports
(``data.verification.write_flags`` into ``review_flags``, with each household's area codes,
kept fresh by ``query.summary.kept``: one computation at a time, the other sessions wait for
it), and every reader here takes the key it returned. What is read is
grouped SQL over those stored rows (a few per flagged household), never over every household:
counts come from SQL, household rows leave one page of one area at a time with the columns
shown, and never a national ID or its hash.

Every reader of households here takes the asking user's ``access``: the review queue needs
``verify`` in the area (:func:`query.scope.household_conditions`) and gives only the columns
the user may receive; a duplicate partner outside the user's areas is left out.

The GPS tolerance is applied here (a point is flagged when it has no polygon or lies farther
than ``tolerance_m`` outside it), so a changed tolerance needs no new run.
``data.verification.review_queue`` and ``data.duplicates.duplicates`` are the in-memory
references these are held equal to (``tests/query/test_review_read.py``).

Example:
    >>> from query.access import Access
    >>> where, params = _flag_scope("k", 2564, "4601", 500.0, access=Access.full())
    >>> where
    "f.flags_key = ? AND f.round_be = ? AND f.district_code = ? AND (f.flag <> 'gps_outside' OR f.distance_m IS NULL OR f.distance_m > ?)"
    >>> params
    ['k', 2564, '4601', 500.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import geopandas as gpd
import pandas as pd

from data import registry, verification
from data.duplicates import COLUMNS as DUPLICATE_COLUMNS
from data.verification import DUPLICATE_KINDS, FLAG_KINDS, STATUSES
from query import scope, summary
from query.access import Access
from query.area_rows import PAGE_SIZE, Page, page_clause

#: What the queue shows of a household (besides the village's names): no ID hash.
QUEUE_COLUMNS: tuple[str, ...] = (
    "hh_id",
    "round_be",
    "village_code",
    "subdistrict_code",
    "reasons",
    "distance_m",
    "found_code",
    "duplicate_group",
    "status",
    "note",
    "set_at",
)

status_history = verification.status_history


def ensure_flags(
    con: duckdb.DuckDBPyConnection,
    polygons: gpd.GeoDataFrame,
    lookup: pd.DataFrame | None,
    *,
    round_be: int,
    boundaries: str | None = None,
) -> str | None:
    """The key of the round's stored flags, written first when the store has none fresh for
    its data version; None on a read-only store without them. ``boundaries``: the polygons'
    ``data.verification.boundaries_fingerprint`` when the caller keeps it."""
    if boundaries is None:
        boundaries = verification.boundaries_fingerprint(polygons, lookup)
    key = verification.flags_key(round_be, boundaries)

    def write(c: duckdb.DuckDBPyConnection) -> None:
        verification.write_flags(c, polygons, lookup, round_be=round_be, key=key)

    return key if summary.kept(con, key, write) else None


def _flag_scope(
    key: str,
    round_be: int,
    area: str | None,
    tolerance_m: float,
    alias: str = "f",
    *,
    access: Access | None = None,
) -> tuple[str, list]:
    """The stored flags of one run, round and area that count at this GPS tolerance (after
    checking that ``access`` may review the area)."""
    if tolerance_m < 0:
        raise ValueError("tolerance_m must be >= 0")
    clauses, params, _ = scope.household_conditions(
        round_be, area, alias, access=access, capability="verify"
    )
    gps = f"({alias}.flag <> 'gps_outside' OR {alias}.distance_m IS NULL OR {alias}.distance_m > ?)"
    return " AND ".join([f"{alias}.flags_key = ?", *clauses, gps]), [
        key,
        *params,
        float(tolerance_m),
    ]


def flag_counts(
    con: duckdb.DuckDBPyConnection,
    key: str,
    *,
    round_be: int,
    area: str | None,
    tolerance_m: float,
    access: Access | None = None,
) -> dict[str, int]:
    """Flagged households of an area: ``flagged`` (any reason), ``gps_outside``,
    ``duplicates`` (either kind), ``registry`` (any registry mismatch)."""
    where, params = _flag_scope(key, round_be, area, tolerance_m, access=access)
    dup_kinds = ", ".join(f"'{k}'" for k in DUPLICATE_KINDS)
    row = con.execute(
        f"""WITH per AS (
              SELECT f.hh_id, bool_or(f.flag = 'gps_outside') AS gps,
                     bool_or(f.flag IN ({dup_kinds})) AS dup,
                     bool_or(starts_with(f.flag, 'registry_')) AS reg
              FROM review_flags f WHERE {where} GROUP BY f.hh_id)
            SELECT count(*), count(*) FILTER (gps), count(*) FILTER (dup), count(*) FILTER (reg)
            FROM per""",
        params,
    ).fetchall()[0]
    return dict(
        zip(("flagged", "gps_outside", "duplicates", "registry"), map(int, row), strict=True)
    )


def status_counts(
    con: duckdb.DuckDBPyConnection,
    *,
    round_be: int,
    area: str | None = None,
    access: Access | None = None,
) -> dict[str, int]:
    """Households of a round and area per current status (never reviewed: unverified)."""
    clauses, params, _ = scope.household_conditions(
        round_be, area, "h", access=access, capability="verify"
    )
    row = con.execute(
        f"""SELECT count(*), count(*) FILTER (s.status = 'verified'),
                   count(*) FILTER (s.status = 'disputed')
            FROM households h
            LEFT JOIN ({verification.latest_status_sql(round_be)}) s USING (hh_id, round_be)
            WHERE {" AND ".join(clauses)}""",
        params,
    ).fetchall()[0]
    total, verified, disputed = (int(x) for x in row)
    return {"unverified": total - verified - disputed, "verified": verified, "disputed": disputed}


def _queue_sql(
    key: str,
    round_be: int,
    area: str | None,
    tolerance_m: float,
    kinds: Sequence[str],
    statuses: Sequence[str],
    hh_id: str | None,
    access: Access | None = None,
) -> tuple[str, list]:
    """The filtered queue as SQL (one row per household) and its parameters."""
    unknown = sorted(set(kinds) - set(FLAG_KINDS)) + sorted(set(statuses) - set(STATUSES))
    if unknown:
        raise ValueError(f"unknown flag kinds or statuses: {', '.join(unknown)}")
    where, params = _flag_scope(key, round_be, area, tolerance_m, access=access)
    filters, extra = ["true"], []
    if kinds:
        filters.append("list_has_any(q.kinds_at, ?)")
        extra.append([FLAG_KINDS.index(k) + 1 for k in kinds])
    if statuses:
        filters.append("list_contains(?, coalesce(s.status, 'unverified'))")
        extra.append(list(statuses))
    if hh_id is not None:
        filters.append("q.hh_id = ?")
        extra.append(str(hh_id))
    sql = f"""
        WITH f AS (SELECT * FROM review_flags f WHERE {where}),
        groups AS (
          SELECT dup_group, dense_rank() OVER (ORDER BY dup_group) AS shown_group
          FROM (SELECT DISTINCT dup_group FROM f WHERE dup_group IS NOT NULL)),
        q AS (
          SELECT f.hh_id, any_value(f.village_code) AS village_code,
                 any_value(f.subdistrict_code) AS subdistrict_code,
                 list_sort(list_distinct(list(list_position(?, f.flag)))) AS kinds_at,
                 max(f.distance_m) FILTER (WHERE f.flag = 'gps_outside') AS distance_m,
                 coalesce(max(f.found_code), '') AS found_code,
                 min(g.shown_group) AS duplicate_group
          FROM f LEFT JOIN groups g USING (dup_group) GROUP BY f.hh_id),
        s AS ({verification.latest_status_sql(round_be)})
        SELECT q.hh_id, {int(round_be)}::INTEGER AS round_be, q.village_code,
               q.subdistrict_code, q.kinds_at, q.distance_m, q.found_code,
               q.duplicate_group::DOUBLE AS duplicate_group,
               coalesce(s.status, 'unverified') AS status, coalesce(s.note, '') AS note,
               s.set_at, v.name_th AS village_name_th, v.name_en AS village_name_en
        FROM q LEFT JOIN s USING (hh_id) LEFT JOIN villages v USING (village_code)
        WHERE {" AND ".join(filters)}"""
    return sql, [*params, list(FLAG_KINDS), *extra]


def _queue_frame(rows: pd.DataFrame) -> pd.DataFrame:
    rows.insert(
        rows.columns.get_loc("kinds_at"),
        "reasons",
        [tuple(FLAG_KINDS[i - 1] for i in at) for at in rows["kinds_at"]],
    )
    return rows.drop(columns="kinds_at")


def queue(
    con: duckdb.DuckDBPyConnection,
    key: str,
    *,
    round_be: int,
    area: str | None,
    tolerance_m: float,
    kinds: Sequence[str] = (),
    statuses: Sequence[str] = (),
    page: int = 0,
    page_size: int = PAGE_SIZE,
    access: Access | None = None,
) -> Page:
    """One page of the review queue of an area, by household ID: each flagged household once.

    ``kinds``: only households with one of these reasons (all when empty); ``statuses``: only
    households whose current status is one of these. Columns: :data:`QUEUE_COLUMNS` and the
    village's ``village_name_th`` / ``village_name_en``; ``reasons`` is a tuple in the order of
    ``FLAG_KINDS``, ``distance_m`` is NaN unless the household is flagged for GPS,
    ``duplicate_group`` numbers the area's duplicate groups from 1 (as ``data.duplicates``).
    ``total`` counts every household of the filtered queue. Columns ``access`` may not
    receive in the area (a note without ``sensitive``) are left out.
    """
    sql, params = _queue_sql(key, round_be, area, tolerance_m, kinds, statuses, None, access)
    limit, extra = page_clause(page, page_size)
    rows = con.execute(f"{sql} ORDER BY q.hh_id {limit}", [*params, *extra]).df()
    total = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchall()[0][0]
    shown = scope.visible(_queue_frame(rows), scope.resolve(access).hidden_columns(area))
    return Page(shown, int(total), int(page), max(int(page_size), 1))


def queue_row(
    con: duckdb.DuckDBPyConnection,
    key: str,
    hh_id: str,
    *,
    round_be: int,
    area: str | None,
    tolerance_m: float,
    kinds: Sequence[str] = (),
    statuses: Sequence[str] = (),
    access: Access | None = None,
) -> pd.Series | None:
    """One household's row of the filtered queue (as :func:`queue`), None when it is not in it."""
    sql, params = _queue_sql(key, round_be, area, tolerance_m, kinds, statuses, hh_id, access)
    rows = con.execute(sql, params).df()
    if rows.empty:
        return None
    return scope.visible(_queue_frame(rows), scope.resolve(access).hidden_columns(area)).iloc[0]


def duplicates(
    con: duckdb.DuckDBPyConnection,
    key: str,
    *,
    round_be: int,
    area: str | None,
    page: int = 0,
    page_size: int = PAGE_SIZE,
    access: Access | None = None,
) -> Page:
    """One page of the duplicate groups with a household in ``area``, every record of each
    (a partner elsewhere too, when it lies inside the user's areas), by group and household.
    Columns as ``data.duplicates.COLUMNS`` (``group`` numbered from 1 over the area's groups)
    and the village's names."""
    clauses, params, hidden = scope.household_conditions(
        round_be, area, "f", access=access, capability="verify"
    )
    inside, inside_params = scope.area_conditions(scope.resolve(access).areas, "f")
    partners = "".join(f" AND {c}" for c in inside)
    sql = f"""
        WITH listed AS (
          SELECT DISTINCT f.dup_group FROM review_flags f
          WHERE f.flags_key = ? AND {" AND ".join(clauses)} AND f.dup_group IS NOT NULL),
        ranked AS (
          SELECT dup_group, dense_rank() OVER (ORDER BY dup_group) AS "group" FROM listed)
        SELECT f.flag AS kind, r."group", f.hh_id, f.round_be, f.village_code,
               f.subdistrict_code, f.dup_role AS role, f.dup_records AS records,
               v.name_th AS village_name_th, v.name_en AS village_name_en
        FROM review_flags f JOIN ranked r USING (dup_group)
        LEFT JOIN villages v USING (village_code)
        WHERE f.flags_key = ? AND f.round_be = ?{partners}"""
    args = [key, *params, key, int(round_be), *inside_params]
    limit, extra = page_clause(page, page_size)
    rows = con.execute(f'{sql} ORDER BY r."group", f.hh_id {limit}', [*args, *extra]).df()
    total = con.execute(f"SELECT count(*) FROM ({sql})", args).fetchall()[0][0]
    rows = rows.reindex(columns=[*DUPLICATE_COLUMNS, "village_name_th", "village_name_en"])
    return Page(scope.visible(rows, hidden), int(total), int(page), max(int(page_size), 1))


def village_points(con: duckdb.DuckDBPyConnection, *, area: str | None = None) -> pd.DataFrame:
    """Village points (``villages`` table) inside ``area`` with their names."""
    where = " AND starts_with(village_code, ?)" if area else ""
    return con.execute(
        f"""SELECT village_code, subdistrict_code, name_th, name_en, lat, lon FROM villages
            WHERE lat IS NOT NULL AND lon IS NOT NULL {where} ORDER BY village_code""",
        [area] if area else [],
    ).df()


def village_flags(
    con: duckdb.DuckDBPyConnection,
    polygons: gpd.GeoDataFrame,
    lookup: pd.DataFrame | None,
    *,
    area: str | None = None,
    tolerance_m: float = verification.DEFAULT_TOLERANCE_M,
) -> pd.DataFrame:
    """Village points of ``area`` outside their subdistrict by more than the tolerance
    (:func:`data.verification.gps_check`)."""
    checked = verification.gps_check(
        village_points(con, area=area), polygons, lookup, tolerance_m=tolerance_m
    )
    return checked[checked["flagged"]].reset_index(drop=True)


def registry_snapshot(con: duckdb.DuckDBPyConnection, round_be: int | None) -> int | None:
    """The registry snapshot a round is matched against (``data.registry.snapshot_for``)."""
    return registry.snapshot_for(con, round_be)
