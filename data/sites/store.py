"""Checked site and indicator rows stored: one transaction per file, each replaced record's
previous version kept in history (``data.store.upsert_with_history``), the import recorded.

Step five of the site import (:mod:`data.sites`), after :mod:`data.sites.validate`. A tourism
route's stops are part of its record: a route whose stops change is replaced, stops and all.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd

from data import store
from data.sites.validate import SiteValidation


def _upsert(
    con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, keys: list[str], import_id: str
) -> store.LoadCounts:
    """:func:`store.upsert_with_history` of the rows of ``frame`` (inside the caller's transaction)."""
    name = f"incoming_{table}"
    con.register(name, frame)
    try:
        return store.upsert_with_history(con, name, table, keys, import_id)
    finally:
        con.unregister(name)


def _transaction(
    con: duckdb.DuckDBPyConnection, work: Callable[[], store.LoadCounts]
) -> store.LoadCounts:
    with store.transaction(con):
        return work()


def store_sites(
    con: duckdb.DuckDBPyConnection,
    validation: SiteValidation,
    kind: str,
    *,
    import_id: str,
    file_name: str,
    file_sha256: str | None,
    synthetic: bool,
) -> store.LoadCounts:
    """Store validated rows of one kind in one transaction (history kept for replaced records)."""
    if not validation.ok:
        raise ValueError("refusing to store a file with problems")
    frame = validation.frame.copy()
    frame["synthetic"] = synthetic
    frame["import_id"] = import_id
    rows = len(validation.stops) if validation.stops is not None else len(frame)

    def work() -> store.LoadCounts:
        if kind == "product":
            frame["record_hash"] = store.record_hash(frame)
            counts = _upsert(con, "products", frame, ["product_id"], import_id)
        elif kind == "adoption":
            frame["record_hash"] = store.record_hash(frame)
            counts = _upsert(
                con, "technology_adoptions", frame, ["technology_id", "village_code"], import_id
            )
        else:
            extra = None
            if validation.stops is not None:
                stops = validation.stops
                extra = frame["site_id"].map(
                    {
                        rid: g.drop(columns="route_id")
                        .astype("string")
                        .fillna("")
                        .to_csv(index=False)
                        for rid, g in stops.groupby("route_id")
                    }
                )
            frame["record_hash"] = store.record_hash(frame, extra)
            con.register("incoming_sites", frame)
            try:
                counts = store.upsert_with_history(
                    con,
                    "incoming_sites",
                    "sites",
                    ["site_id"],
                    import_id,
                    status_table="_site_status",
                )
            finally:
                con.unregister("incoming_sites")
            status = con.execute("SELECT site_id, status FROM _site_status").df()
            con.execute("DROP TABLE _site_status")
            if validation.stops is not None:
                changed = set(status.loc[status["status"] != "unchanged", "site_id"])
                stops = validation.stops[validation.stops["route_id"].isin(changed)].copy()
                stops["import_id"] = import_id
                con.register("incoming_stops", stops)
                try:
                    con.execute(
                        """INSERT INTO route_stop_history SELECT s.*, now()::TIMESTAMP, ? FROM route_stops s
                           WHERE route_id IN (SELECT DISTINCT route_id FROM incoming_stops)""",
                        [import_id],
                    )
                    con.execute(
                        "DELETE FROM route_stops WHERE route_id IN (SELECT DISTINCT route_id FROM incoming_stops)"
                    )
                    cols = [r[0] for r in con.execute("DESCRIBE route_stops").fetchall()]
                    con.execute(
                        f"INSERT INTO route_stops SELECT {', '.join(cols)} FROM incoming_stops"
                    )
                finally:
                    con.unregister("incoming_stops")
        store.record_import(
            con,
            import_id,
            f"sites:{kind}",
            file_name,
            file_sha256,
            rows,
            counts,
            synthetic=synthetic,
        )
        return counts

    return _transaction(con, work)


def store_indicators(
    con: duckdb.DuckDBPyConnection,
    validation: SiteValidation,
    *,
    import_id: str,
    file_name: str,
    file_sha256: str | None,
    synthetic: bool,
) -> store.LoadCounts:
    """Store validated indicator values and their definitions in one transaction."""
    if not validation.ok:
        raise ValueError("refusing to store a file with problems")
    frame = validation.frame.copy()
    frame["synthetic"] = synthetic
    frame["record_hash"] = store.record_hash(frame)
    frame["import_id"] = import_id
    definitions = validation.definitions.copy()
    definitions["import_id"] = import_id

    def work() -> store.LoadCounts:
        con.register("incoming_definitions", definitions)
        try:
            con.execute(
                """INSERT OR REPLACE INTO area_indicator_definitions
                   SELECT indicator, name_th, name_en, unit, unit_en, CAST(higher_is_better AS BOOLEAN),
                     import_id
                   FROM incoming_definitions"""
            )
        finally:
            con.unregister("incoming_definitions")
        counts = _upsert(
            con, "area_indicators", frame, ["indicator", "area_code", "period_be"], import_id
        )
        store.record_import(
            con,
            import_id,
            "indicators",
            file_name,
            file_sha256,
            len(frame),
            counts,
            synthetic=synthetic,
        )
        return counts

    return _transaction(con, work)
