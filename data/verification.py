"""Verification (สอบทาน): GPS checks, the review queue, and each household's status history.

**GPS check** (:func:`gps_check`): a household or village point is compared with the polygon of
the subdistrict it declares (the fine subdistrict layer; the DOPA codes newer than the
boundaries are mapped to the polygon that holds them with ``geo.boundaries.load_lookup``). A
point outside is measured (metres, UTM zone 47N) to the polygon; it is **flagged** only when
farther than ``tolerance_m`` (default 500 m), because the boundaries are simplified and a house
on the edge may fall just outside. The polygon that does hold the point is named when there
is one.

**Status** (:func:`set_status`): unverified / verified / disputed per household and round,
with a note and the reviewer's name. Every change is a new row of ``verification_events``:
nothing is updated or deleted, so the history is complete (:func:`status_history`). No row
means unverified. Notes are stored with anything that looks like a national ID hidden.

**Review queue** (:func:`review_queue`): the flagged households of an area and round, one row
each, with every reason (GPS, duplicates, registry mismatches) and the current status.

Example:
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> polygons = gpd.GeoDataFrame({"code": ["100101"]}, geometry=[box(100.0, 13.0, 100.1, 13.1)],
    ...                              crs="EPSG:4326")
    >>> points = pd.DataFrame({"hh_id": ["in", "far"], "subdistrict_code": ["100101"] * 2,
    ...                        "lat": [13.05, 13.05], "lon": [100.05, 100.2]})
    >>> gps_check(points, polygons)[["hh_id", "flagged"]].values.tolist()
    [['in', False], ['far', True]]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data.problems import safe_text
from data.store import LEVEL_COLUMN, transaction
from geo.codes import level_or_none

STATUSES = ("unverified", "verified", "disputed")
DEFAULT_TOLERANCE_M = 500.0
METRIC_CRS = "EPSG:32647"  # UTM zone 47N: Thailand's usual metric grid (48N east of 102°E
# would be exact there; the scale error at 105.6°E is under 0.6 %, far below the tolerance)
MAX_NOTE = 2000
MAX_REVIEWER = 80


def _area(alias: str, area: str | None) -> tuple[str, list]:
    if not area:
        return "", []
    level = level_or_none(area)
    if level is None:
        raise ValueError(f"area code {area!r} must be 2, 4, 6 or 8 digits")
    p = f"{alias}." if alias else ""
    return f" AND {p}{LEVEL_COLUMN[level]} = ?", [area]


# --- GPS --------------------------------------------------------------------------------------------


def gps_check(
    points: pd.DataFrame,
    polygons: gpd.GeoDataFrame,
    lookup: pd.DataFrame | None = None,
    *,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
) -> pd.DataFrame:
    """Is each point inside the subdistrict polygon it declares, and if not, how far out?

    Args:
        points: rows with ``subdistrict_code``, ``lat``, ``lon`` (any other columns are kept).
            Rows without coordinates are left out of the result.
        polygons: subdistrict polygons with ``code`` (EPSG:4326).
        lookup: ``subdistrict_code`` -> ``polygon_code`` for current DOPA codes that share an
            older polygon; a code not in it is looked up as a polygon code itself.
        tolerance_m: how far outside (metres) a point may be before it is flagged.

    Returns:
        ``points`` (with coordinates) plus ``polygon_code`` (declared polygon, "" if none),
        ``inside``, ``distance_m`` (0 inside; NaN when there is no polygon), ``flagged``
        (outside by more than the tolerance, or no polygon for the code) and ``found_code``
        (the polygon holding the point when it is outside; "" if none).
    """
    if tolerance_m < 0:
        raise ValueError("tolerance_m must be >= 0")
    pts = points.dropna(subset=["lat", "lon"]).reset_index(drop=True).copy()
    geoms = polygons.set_index(polygons["code"].astype(str)).geometry
    declared = pts["subdistrict_code"].astype(str)
    if lookup is not None and len(lookup):
        mapping = dict(
            zip(lookup["subdistrict_code"].astype(str), lookup["polygon_code"], strict=True)
        )
        poly = declared.map(lambda c: mapping.get(c) or c)
    else:
        poly = declared
    poly = poly.where(poly.isin(geoms.index), "")
    pts["polygon_code"] = poly.astype(str)
    x = pts["lon"].astype(float).to_numpy()
    y = pts["lat"].astype(float).to_numpy()
    has = (pts["polygon_code"] != "").to_numpy()
    inside = np.zeros(len(pts), bool)
    if has.any():
        shapes = geoms.reindex(pts.loc[has, "polygon_code"]).to_numpy()
        shapely.prepare(shapes)
        inside[has] = shapely.contains_xy(shapes, x[has], y[has]) | shapely.intersects_xy(
            shapes, x[has], y[has]
        )
    distance = np.where(has, 0.0, np.nan)
    out = has & ~inside
    if out.any():
        codes = pts.loc[out, "polygon_code"]
        metric = gpd.GeoSeries(geoms.reindex(codes.unique()), crs=polygons.crs or "EPSG:4326")
        metric = metric.to_crs(METRIC_CRS)
        where = gpd.GeoSeries(gpd.points_from_xy(x[out], y[out]), crs="EPSG:4326").to_crs(
            METRIC_CRS
        )
        shapes = metric.reindex(codes).to_numpy()
        distance[out] = shapely.distance(shapes, where.to_numpy())
    pts["inside"] = inside
    pts["distance_m"] = distance
    pts["flagged"] = (~has) | (distance > tolerance_m)
    pts["found_code"] = ""
    lost = (~inside).nonzero()[0]
    if len(lost):
        where = gpd.points_from_xy(x[lost], y[lost])
        hit_point, hit_poly = polygons.sindex.query(where, predicate="intersects")
        found = pd.Series(polygons["code"].astype(str).to_numpy()[hit_poly], index=lost[hit_point])
        found = found[~found.index.duplicated()]
        pts.loc[found.index, "found_code"] = found.to_numpy()
    return pts


def household_points(
    con: duckdb.DuckDBPyConnection, *, round_be: int, area: str | None = None
) -> pd.DataFrame:
    """GPS points of the households of one round (only those that have one)."""
    where, params = _area("", area)
    return con.execute(
        f"""SELECT hh_id, round_be, village_code, subdistrict_code, lat, lon FROM households
            WHERE round_be = ? AND lat IS NOT NULL AND lon IS NOT NULL {where}
            ORDER BY hh_id""",
        [int(round_be), *params],
    ).df()


def village_points(con: duckdb.DuckDBPyConnection, *, area: str | None = None) -> pd.DataFrame:
    """Village points (``villages`` table) with their names."""
    where = " AND starts_with(village_code, ?)" if area else ""
    return con.execute(
        f"""SELECT village_code, subdistrict_code, name_th, name_en, lat, lon FROM villages
            WHERE lat IS NOT NULL AND lon IS NOT NULL {where} ORDER BY village_code""",
        [area] if area else [],
    ).df()


# --- status -------------------------------------------------------------------------------------


def set_status(
    con: duckdb.DuckDBPyConnection,
    hh_id: str,
    round_be: int,
    status: str,
    *,
    note: str = "",
    reviewer: str = "",
    flags: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> int:
    """Record a verification status for one household and round (a new row; returns its number).

    Raises:
        ValueError: unknown status, or no such household and round in the store.
    """
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    exists = con.execute(
        "SELECT count(*) FROM households WHERE hh_id = ? AND round_be = ?", [hh_id, int(round_be)]
    ).fetchall()[0][0]
    if not exists:
        raise ValueError(f"no household {hh_id!r} in round {round_be}")
    clean_note = safe_text(str(note or "").strip())[:MAX_NOTE]
    clean_reviewer = safe_text(str(reviewer or "").strip())[:MAX_REVIEWER]
    with transaction(con, "verification"):
        row = con.execute(
            """INSERT INTO verification_events
               (hh_id, round_be, status, note, reviewer, flags, set_at)
               VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING event_no""",
            [
                hh_id,
                int(round_be),
                status,
                clean_note,
                clean_reviewer,
                ",".join(sorted(set(flags))),
                now or dt.datetime.now(),
            ],
        ).fetchall()[0]
    return int(row[0])


def current_status(
    con: duckdb.DuckDBPyConnection, *, round_be: int, area: str | None = None
) -> pd.DataFrame:
    """The latest status of every household of a round that has one (others are unverified)."""
    where, params = _area("h", area)
    return con.execute(
        f"""SELECT e.hh_id, e.round_be, e.status, e.note, e.reviewer, e.set_at
            FROM verification_events e
            JOIN households h ON h.hh_id = e.hh_id AND h.round_be = e.round_be
            WHERE e.round_be = ? {where}
            QUALIFY row_number() OVER (PARTITION BY e.hh_id, e.round_be
                                       ORDER BY e.event_no DESC) = 1
            ORDER BY e.hh_id""",
        [int(round_be), *params],
    ).df()


def status_history(con: duckdb.DuckDBPyConnection, hh_id: str, round_be: int) -> pd.DataFrame:
    """Every status ever set for one household and round, oldest first."""
    return con.execute(
        """SELECT event_no, status, note, reviewer, flags, set_at FROM verification_events
           WHERE hh_id = ? AND round_be = ? ORDER BY event_no""",
        [hh_id, int(round_be)],
    ).df()


def status_counts(
    con: duckdb.DuckDBPyConnection, *, round_be: int, area: str | None = None
) -> dict[str, int]:
    """Households of a round per current status (households never reviewed are unverified)."""
    where, params = _area("", area)
    total = con.execute(
        f"SELECT count(*) FROM households WHERE round_be = ? {where}", [int(round_be), *params]
    ).fetchall()[0][0]
    current = current_status(con, round_be=round_be, area=area)["status"].value_counts()
    counts = {s: int(current.get(s, 0)) for s in STATUSES}
    counts["unverified"] = int(total) - counts["verified"] - counts["disputed"]
    return counts


# --- the review queue -------------------------------------------------------------------------------

FLAG_KINDS = (
    "gps_outside",
    "person_in_two_households",
    "household_twice",
    "registry_address",
    "registry_card_missing",
    "registry_card_status",
)


def flagged_households(
    con: duckdb.DuckDBPyConnection,
    polygons: gpd.GeoDataFrame,
    lookup: pd.DataFrame | None,
    *,
    round_be: int,
    area: str | None = None,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
) -> pd.DataFrame:
    """Flagged households of one round inside ``area``, one row each, without their status.

    Columns: ``hh_id``, ``round_be``, ``village_code``, ``subdistrict_code``, ``reasons``
    (tuple of FLAG_KINDS), ``distance_m`` (GPS; NaN if not flagged for GPS), ``found_code``
    (the polygon that holds the point), ``duplicate_group``. A duplicate's partner outside
    ``area`` is listed by ``data.duplicates``, not here.
    """
    from data.duplicates import duplicates
    from data.registry import registry_mismatches

    base = ["hh_id", "village_code", "subdistrict_code", "flag"]
    gps = gps_check(
        household_points(con, round_be=round_be, area=area),
        polygons,
        lookup,
        tolerance_m=tolerance_m,
    )
    gps = gps[gps["flagged"]].assign(flag="gps_outside")
    dup = duplicates(con, round_be=round_be, area=area)
    dup = dup.assign(flag=dup["kind"], duplicate_group=dup["group"])
    mis = registry_mismatches(con, round_be=round_be, area=area)
    mis = mis.assign(flag="registry_" + mis["reason"].astype(str))
    parts = [
        gps[[*base, "distance_m", "found_code"]],
        dup[[*base, "duplicate_group"]],
        mis[base],
    ]
    parts = [p for p in parts if len(p)]
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=base)
    for column, empty in (("distance_m", np.nan), ("found_code", ""), ("duplicate_group", np.nan)):
        if column not in rows:
            rows[column] = empty
    rows["found_code"] = rows["found_code"].fillna("").astype(str)
    rows["distance_m"] = rows["distance_m"].astype(float)
    rows["duplicate_group"] = rows["duplicate_group"].astype(float)
    if area:
        rows = rows[rows["village_code"].astype(str).str.startswith(area)]
    queue = (
        rows.groupby("hh_id", sort=True)
        .agg(
            village_code=("village_code", "first"),
            subdistrict_code=("subdistrict_code", "first"),
            reasons=("flag", lambda f: tuple(k for k in FLAG_KINDS if k in set(f))),
            distance_m=("distance_m", "max"),
            found_code=("found_code", "max"),
            duplicate_group=("duplicate_group", "min"),
        )
        .reset_index()
    )
    queue.insert(1, "round_be", int(round_be))
    return queue


def with_status(
    queue: pd.DataFrame, con: duckdb.DuckDBPyConnection, *, round_be: int
) -> pd.DataFrame:
    """``queue`` plus the current ``status``, ``note`` and ``set_at`` of each household."""
    status = current_status(con, round_be=round_be)[["hh_id", "status", "note", "set_at"]]
    out = queue.merge(status, on="hh_id", how="left")
    out["status"] = out["status"].fillna("unverified")
    out["note"] = out["note"].fillna("")
    return out


def review_queue(
    con: duckdb.DuckDBPyConnection,
    polygons: gpd.GeoDataFrame,
    lookup: pd.DataFrame | None,
    *,
    round_be: int,
    area: str | None = None,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
) -> pd.DataFrame:
    """:func:`flagged_households` with the current status of each (see :func:`with_status`)."""
    queue = flagged_households(
        con, polygons, lookup, round_be=round_be, area=area, tolerance_m=tolerance_m
    )
    return with_status(queue, con, round_be=round_be)


def village_gps_flags(
    con: duckdb.DuckDBPyConnection,
    polygons: gpd.GeoDataFrame,
    lookup: pd.DataFrame | None,
    *,
    area: str | None = None,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
) -> pd.DataFrame:
    """Village points outside their subdistrict by more than the tolerance."""
    checked = gps_check(village_points(con, area=area), polygons, lookup, tolerance_m=tolerance_m)
    return checked[checked["flagged"]].reset_index(drop=True)
