"""Verification (สอบทาน): GPS checks, the stored review flags, and each household's status history.

**GPS check** (:func:`gps_check`): a household or village point is compared with the polygon of
the subdistrict it declares (the fine subdistrict layer; the DOPA codes newer than the
boundaries are mapped to the polygon that holds them with ``geo.boundaries.load_lookup``,
:func:`polygon_positions`). A point outside is measured (metres, UTM zone 47N) to the polygon;
it is **flagged** only when farther than ``tolerance_m`` (default 500 m), because the
boundaries are simplified and a house on the edge may fall just outside. The polygon that does
hold the point is named when there is one.

**Status** (:func:`set_status`): unverified / verified / disputed per household and round,
with a note and the reviewer's name. Every change is a new row of ``verification_events``:
nothing is updated or deleted, so the history is complete (:func:`status_history`). No row
means unverified (:func:`latest_status_sql`). Notes are stored with anything that looks like a
national ID hidden.

**Stored flags** (:func:`write_flags`): the GPS check of every point of a round, its duplicates
(``data.duplicates``) and registry mismatches (``data.registry``), kept in ``review_flags``
under :func:`flags_key`; ``query.review_read.ensure_flags`` has them written once per round and
data version of the imports (``query.summary.kept``) and the review page reads them there
(counts in SQL, the queue a page at a time). A status, referral or target edit does not change
them.

**Review queue** (:func:`review_queue`): the flagged households of an area and round, one row
each, with every reason and the current status, computed in memory from the checks: the
reference ``query.review_read.queue`` is held equal to.

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
import hashlib
from collections.abc import Iterable

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data import audit
from data.audit import Actor
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


def polygon_positions(polygons: gpd.GeoDataFrame, lookup: pd.DataFrame | None) -> pd.Series:
    """Declared subdistrict code -> the position (row) in ``polygons`` of the polygon it is
    checked against: the lookup's polygon for a current DOPA code that shares an older
    polygon, else the polygon of that code itself. Codes with neither are absent."""
    codes = polygons["code"].astype(str).to_numpy()
    own = pd.Series(np.arange(len(codes)), index=codes)
    own = own[~own.index.duplicated()]
    if lookup is None or not len(lookup):
        return own
    known = lookup[lookup["polygon_code"].notna()]
    known = known[known["polygon_code"].astype(str) != ""]
    via = pd.Series(
        known["polygon_code"].astype(str).to_numpy(),
        index=known["subdistrict_code"].astype(str).to_numpy(),
    )
    via = via[~via.index.duplicated(keep="last")]
    mapped = pd.Series(own.reindex(via.to_numpy()).to_numpy(), index=via.index).dropna()
    out = pd.concat([mapped.astype("int64"), own[~own.index.isin(via.index)]])
    return out[~out.index.duplicated()]


def _check_positions(
    position: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    polygons: gpd.GeoDataFrame,
    metric: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The GPS check of points (lon ``x``, lat ``y``) against the polygons at ``position``
    (-1: none): ``inside``, ``distance_m`` (0 inside, NaN without a polygon) and the position
    of the polygon holding each point that is not inside (-1 if none). ``metric``: the
    polygons in METRIC_CRS when the caller keeps them (else projected here, as needed)."""
    geoms = polygons.geometry.to_numpy()
    has = position >= 0
    inside = np.zeros(len(position), bool)
    if has.any():
        shapes = geoms[position[has]]
        shapely.prepare(shapes)
        inside[has] = shapely.intersects_xy(shapes, x[has], y[has])  # the edge counts as inside
    distance = np.where(has, 0.0, np.nan)
    out = has & ~inside
    if out.any():
        if metric is None:
            needed = np.unique(position[out])
            projected = gpd.GeoSeries(geoms[needed], crs=polygons.crs or "EPSG:4326")
            metric = np.empty(len(geoms), dtype=object)
            metric[needed] = projected.to_crs(METRIC_CRS).to_numpy()
        where = gpd.GeoSeries(gpd.points_from_xy(x[out], y[out]), crs="EPSG:4326")
        distance[out] = shapely.distance(metric[position[out]], where.to_crs(METRIC_CRS).to_numpy())
    found = np.full(len(position), -1, dtype="int64")
    lost = (~inside).nonzero()[0]
    if len(lost):
        hit_point, hit_poly = polygons.sindex.query(
            gpd.points_from_xy(x[lost], y[lost]), predicate="intersects"
        )
        first = np.unique(hit_point, return_index=True)[1]
        found[lost[hit_point[first]]] = hit_poly[first]
    return inside, distance, found


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
            older polygon; a code not in it is looked up as a polygon code itself
            (:func:`polygon_positions`).
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
    declared = pts["subdistrict_code"].astype(str).to_numpy()
    position = (
        polygon_positions(polygons, lookup).reindex(declared).fillna(-1).to_numpy().astype("int64")
    )
    x = pts["lon"].astype(float).to_numpy()
    y = pts["lat"].astype(float).to_numpy()
    inside, distance, found = _check_positions(position, x, y, polygons)
    codes = np.append(polygons["code"].astype(str).to_numpy().astype(object), "")
    pts["polygon_code"] = codes[position]  # -1 picks the "" at the end
    pts["inside"] = inside
    pts["distance_m"] = distance
    pts["flagged"] = (position < 0) | (distance > tolerance_m)
    pts["found_code"] = codes[found]
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
    actor: Actor | None = None,
) -> int:
    """Record a verification status for one household and round (a new row; returns its number).

    With ``actor`` (the signed-in user) the reviewer is that user, whatever ``reviewer`` says,
    and the same transaction leaves an audit entry.

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
    clean_reviewer = safe_text(str(actor.name if actor else reviewer or "").strip())[:MAX_REVIEWER]
    at = now or dt.datetime.now()
    flag_list = sorted(set(flags))
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
                ",".join(flag_list),
                at,
            ],
        ).fetchall()[0]
        if actor is not None:
            audit.record(
                con,
                actor,
                "verification_set",
                object=hh_id,
                details={"round": int(round_be), "status": status, "flags": flag_list},
                at=at,
            )
    return int(row[0])


def latest_status_sql(round_be: int) -> str:
    """SQL of the current status of the households of a round that have one: the latest event
    of each (``hh_id``, ``round_be``, ``status``, ``note``, ``reviewer``, ``set_at``). A
    household without a row is unverified."""
    return f"""SELECT hh_id, round_be, status, note, reviewer, set_at FROM verification_events
               WHERE round_be = {int(round_be)}
               QUALIFY row_number() OVER (PARTITION BY hh_id, round_be
                                          ORDER BY event_no DESC) = 1"""


def current_status(
    con: duckdb.DuckDBPyConnection, *, round_be: int, area: str | None = None
) -> pd.DataFrame:
    """The latest status of every household of a round that has one (others are unverified)."""
    where, params = _area("h", area)
    return con.execute(
        f"""SELECT e.* FROM ({latest_status_sql(round_be)}) e
            JOIN households h ON h.hh_id = e.hh_id AND h.round_be = e.round_be
            WHERE true {where} ORDER BY e.hh_id""",
        params,
    ).df()


def status_history(con: duckdb.DuckDBPyConnection, hh_id: str, round_be: int) -> pd.DataFrame:
    """Every status ever set for one household and round, oldest first."""
    return con.execute(
        """SELECT event_no, status, note, reviewer, flags, set_at FROM verification_events
           WHERE hh_id = ? AND round_be = ? ORDER BY event_no""",
        [hh_id, int(round_be)],
    ).df()


# --- the review queue -------------------------------------------------------------------------------

FLAG_KINDS = (
    "gps_outside",
    "person_in_two_households",
    "household_twice",
    "registry_address",
    "registry_card_missing",
    "registry_card_status",
)
DUPLICATE_KINDS = ("person_in_two_households", "household_twice")
REGISTRY_KINDS = ("registry_address", "registry_card_missing", "registry_card_status")


def flagged_households(
    con: duckdb.DuckDBPyConnection,
    polygons: gpd.GeoDataFrame,
    lookup: pd.DataFrame | None,
    *,
    round_be: int,
    area: str | None = None,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
) -> pd.DataFrame:
    """Flagged households of one round inside ``area``, one row each, without their status,
    computed in memory from the checks: the reference that the stored flags
    (:func:`write_flags`, read by ``query.review_read``) are held equal to. The app reads
    ``query.review_read``; this reads every household of ``area``.

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
    """:func:`flagged_households` with the current status of each (see :func:`with_status`):
    the in-memory reference of ``query.review_read.queue``."""
    queue = flagged_households(
        con, polygons, lookup, round_be=round_be, area=area, tolerance_m=tolerance_m
    )
    return with_status(queue, con, round_be=round_be)


# --- the stored flags (computed once per round and data version) -----------------------------------

#: Raise when a check changes what it flags: stored flags of an older check are computed again.
CHECK_VERSION = 1
#: GPS points read and checked at a time (DuckDB vectors of 2,048 rows): bounded memory.
GPS_CHUNK_VECTORS = 128


def boundaries_fingerprint(polygons: gpd.GeoDataFrame, lookup: pd.DataFrame | None) -> str:
    """A short hash of the polygons (codes and shapes) and the code lookup the GPS check uses:
    part of the stored flags' key, so other boundaries are never answered from old flags."""
    digest = hashlib.sha256()
    digest.update("\n".join(polygons["code"].astype(str)).encode())
    for wkb in shapely.to_wkb(polygons.geometry.to_numpy()):
        digest.update(wkb)
    if lookup is not None and len(lookup):
        pairs = lookup[["subdistrict_code", "polygon_code"]].astype(str)
        digest.update("\n".join(pairs["subdistrict_code"] + ">" + pairs["polygon_code"]).encode())
    return digest.hexdigest()[:16]


def flags_key(round_be: int, boundaries: str) -> str:
    """The key of a round's stored flags: the check version, the round and the boundaries'
    :func:`boundaries_fingerprint`. Which data version they were computed from is kept beside
    the key by ``query.summary`` (imports only: a status, referral or target edit never changes
    a flag)."""
    return f"review_flags:c{CHECK_VERSION}:r{int(round_be)}:b{boundaries}"


def write_flags(
    con: duckdb.DuckDBPyConnection,
    polygons: gpd.GeoDataFrame,
    lookup: pd.DataFrame | None,
    *,
    round_be: int,
    key: str,
) -> int:
    """Compute the flags of every household of one round and store them under ``key``,
    replacing that key's rows; returns how many flag rows were stored. Call it inside one
    transaction (``query.summary.fill`` runs it in one that also records the data version);
    derived data, so it does not raise the data version.

    Stored (``review_flags``): every GPS point not inside its declared polygon (its distance
    out and the polygon that holds it; the tolerance is applied when read), every duplicate
    (``data.duplicates``, groups over the whole round) and every registry mismatch
    (``data.registry.registry_mismatches``), with the household's area codes. The GPS points
    are read and checked a chunk at a time.
    """
    from data.duplicates import duplicates
    from data.registry import registry_mismatches

    round_be = int(round_be)
    gps = _gps_outside(con, polygons, lookup, round_be)
    dup = duplicates(con, round_be=round_be)
    mis = registry_mismatches(con, round_be=round_be)
    others = pd.concat(
        [
            pd.DataFrame(
                {
                    "hh_id": dup["hh_id"].astype(str),
                    "flag": dup["kind"].astype(str),
                    "dup_group": dup["group"].astype("int64"),
                    "dup_role": dup["role"].astype(str),
                    "dup_records": dup["records"].astype("int64"),
                }
            ),
            pd.DataFrame(
                {"hh_id": mis["hh_id"].astype(str), "flag": "registry_" + mis["reason"].astype(str)}
            ),
        ],
        ignore_index=True,
    ).reindex(columns=["hh_id", "flag", "dup_group", "dup_role", "dup_records"])
    others["dup_group"] = others["dup_group"].astype("Int64")
    others["dup_records"] = others["dup_records"].astype("Int64")
    codes = "h.province_code, h.district_code, h.subdistrict_code, h.village_code"
    con.execute("DELETE FROM review_flags WHERE flags_key = ?", [key])
    con.register("_review_gps", gps)
    con.register("_review_others", others)
    try:
        con.execute(
            f"""INSERT INTO review_flags
                SELECT ?, h.round_be, h.hh_id, {codes}, 'gps_outside', g.distance_m,
                       g.found_code, NULL, NULL, NULL
                FROM _review_gps g JOIN households h ON h.rowid = g.rid AND h.round_be = ?""",
            [key, round_be],
        )
        con.execute(
            f"""INSERT INTO review_flags
                SELECT ?, h.round_be, h.hh_id, {codes}, o.flag, NULL, NULL,
                       o.dup_group, o.dup_role, o.dup_records
                FROM _review_others o JOIN households h ON h.hh_id = o.hh_id AND h.round_be = ?""",
            [key, round_be],
        )
    finally:
        con.unregister("_review_gps")
        con.unregister("_review_others")
    return len(gps) + len(others)


def _gps_outside(
    con: duckdb.DuckDBPyConnection,
    polygons: gpd.GeoDataFrame,
    lookup: pd.DataFrame | None,
    round_be: int,
) -> pd.DataFrame:
    """The points of a round that are not inside their declared polygon: ``rid`` (the
    household's row), ``distance_m`` (NaN: no polygon for the code) and ``found_code``.
    Read and checked a chunk at a time; the codes are matched to polygons in the store, so only
    numbers leave it."""
    positions = polygon_positions(polygons, lookup)
    con.register(
        "_review_positions",
        pd.DataFrame({"code": positions.index.astype(str), "position": positions.to_numpy()}),
    )
    try:
        result = con.execute(
            """SELECT h.rowid AS rid, coalesce(p.position, -1)::BIGINT AS position, h.lat, h.lon
               FROM households h LEFT JOIN _review_positions p ON p.code = h.subdistrict_code
               WHERE h.round_be = ? AND h.lat IS NOT NULL AND h.lon IS NOT NULL""",
            [int(round_be)],
        )
        metric = gpd.GeoSeries(polygons.geometry.to_numpy(), crs=polygons.crs or "EPSG:4326")
        metric = metric.to_crs(METRIC_CRS).to_numpy()
        codes = np.append(polygons["code"].astype(str).to_numpy().astype(object), "")
        parts = []
        while len(chunk := result.fetch_df_chunk(GPS_CHUNK_VECTORS)):
            position = chunk["position"].to_numpy()
            inside, distance, found = _check_positions(
                position, chunk["lon"].to_numpy(), chunk["lat"].to_numpy(), polygons, metric
            )
            keep = ~inside
            parts.append(
                pd.DataFrame(
                    {
                        "rid": chunk["rid"].to_numpy()[keep],
                        "distance_m": distance[keep],
                        "found_code": codes[found[keep]],
                    }
                )
            )
    finally:
        con.unregister("_review_positions")
    if not parts:
        return pd.DataFrame({"rid": pd.Series(dtype="int64"), "distance_m": [], "found_code": []})
    return pd.concat(parts, ignore_index=True)
