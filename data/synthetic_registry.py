"""Synthetic demo content for cross-checking and verification (run after the demo households).

Everything here is **synthetic** and seeded:

* a state-welfare registry snapshot for the latest survey round: most heads who say they hold
  a welfare card are registered (a few with a different card status), a few heads without a
  card are registered too, a few registered people live in another subdistrict by the
  registry's address, and about 10 % of the registry is people no household names
  (registry only, with made-up hashes);
* a few duplicates: the same head (by hashed ID) in two households of one village (a household
  recorded twice) and in two villages (a person in two households);
* a few household GPS points moved several kilometres out of their subdistrict;
* a few verification statuses with notes, so the review page shows a history.

Only head ID hashes and GPS points of existing households change (never a count the poverty
figures use). Those few records keep the ``record_hash`` of the generated version.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from data import store
from data.schema import LAT_RANGE, LON_RANGE
from geo.codes import ancestor, ancestors

REGISTERED_IF_CARD = 0.97
REGISTERED_IF_NO_CARD = 0.06
CARD_STATUS_DIFFERS = 0.01
MOVED_ADDRESS = 0.01
REGISTRY_ONLY_SHARE = 0.10
REVIEWER = "ทีมสอบทาน (สังเคราะห์)"


def add_demo(con: duckdb.DuckDBPyConnection, *, seed: int, scale: float, cache_dir: Path) -> None:
    """Add the synthetic registry, duplicates, GPS outliers and statuses (one transaction)."""
    snapshot = con.execute("SELECT max(round_be) FROM households").fetchone()[0]
    if snapshot is None:
        return
    rng = np.random.default_rng(seed + 6)
    heads = con.execute(
        """SELECT hh_id, province_code, district_code, subdistrict_code, village_code,
                  welfare_card, head_id_hash FROM households
           WHERE round_be = ? AND head_id_hash IS NOT NULL ORDER BY hh_id""",
        [snapshot],
    ).df()
    registry = _registry(heads, snapshot, rng, con)
    dup_updates = _duplicates(heads, rng, scale)
    gps_updates = _gps_outliers(con, snapshot, rng, scale)
    import_id = f"demo-registry-{uuid.uuid4().hex[:8]}"
    con.complete()
    con.register("_demo_registry", registry)
    try:
        with store.transaction(con):
            counts = store.upsert_with_history(
                con, "_demo_registry", "registry", ("id_hash", "snapshot_be"), import_id
            )
            store.record_import(
                con,
                import_id,
                "registry",
                "synthetic-registry",
                None,
                len(registry),
                counts,
                synthetic=True,
            )
            for hh_id, head_hash in dup_updates:
                con.execute(
                    "UPDATE households SET head_id_hash = ? WHERE hh_id = ?", [head_hash, hh_id]
                )
            if len(gps_updates):
                con.complete()
                con.register("_demo_gps", gps_updates)
                con.execute(
                    """UPDATE households h SET lat = g.lat, lon = g.lon FROM _demo_gps g
                       WHERE h.hh_id = g.hh_id"""
                )
            _statuses(con, snapshot, dup_updates, gps_updates)
    finally:
        con.complete()
        con.unregister("_demo_registry")
        if len(gps_updates):
            con.unregister("_demo_gps")


def _registry(
    heads: pd.DataFrame, snapshot: int, rng: np.random.Generator, con: duckdb.DuckDBPyConnection
) -> pd.DataFrame:
    card = heads["welfare_card"].fillna(False).to_numpy(bool)
    p = np.where(card, REGISTERED_IF_CARD, REGISTERED_IF_NO_CARD)
    reg = heads[rng.random(len(heads)) < p].reset_index(drop=True)
    holder = reg["welfare_card"].fillna(False).to_numpy(bool)
    flip = rng.random(len(reg)) < CARD_STATUS_DIFFERS
    reg["card_holder"] = np.where(flip, ~holder, holder)
    # a few registered people live elsewhere by the registry's address (same district)
    subs = (
        con.execute("SELECT DISTINCT subdistrict_code FROM households ORDER BY 1")
        .df()["subdistrict_code"]
        .tolist()
    )
    by_district: dict[str, list[str]] = {}
    for code in subs:
        by_district.setdefault(ancestor(code, "district"), []).append(code)
    move = np.flatnonzero(rng.random(len(reg)) < MOVED_ADDRESS)
    for i in move:
        current = reg.at[i, "subdistrict_code"]
        options = [c for c in by_district.get(ancestor(current, "district"), []) if c != current]
        if options:
            reg.at[i, "subdistrict_code"] = options[int(rng.integers(len(options)))]
            reg.at[i, "village_code"] = None
    # registry only: people no surveyed household names
    n_only = round(len(reg) * REGISTRY_ONLY_SHARE)
    places = reg.sample(n=n_only, replace=True, random_state=int(rng.integers(2**31))).reset_index(
        drop=True
    )
    only = places[["province_code", "district_code", "subdistrict_code", "village_code"]].copy()
    only["id_hash"] = [rng.bytes(32).hex() for _ in range(n_only)]
    only["card_holder"] = rng.random(n_only) < 0.85
    out = pd.concat(
        [
            reg.rename(columns={"head_id_hash": "id_hash"})[
                [
                    "id_hash",
                    "province_code",
                    "district_code",
                    "subdistrict_code",
                    "village_code",
                    "card_holder",
                ]
            ],
            only,
        ],
        ignore_index=True,
    )
    out["province_code"] = ancestors(out["subdistrict_code"], "province")
    out["district_code"] = ancestors(out["subdistrict_code"], "district")
    out["snapshot_be"] = snapshot
    out = out.drop_duplicates("id_hash").reset_index(drop=True)
    out["card_holder"] = out["card_holder"].astype("boolean")
    out["record_hash"] = store.record_hash(out)
    return out


def _duplicates(
    heads: pd.DataFrame, rng: np.random.Generator, scale: float
) -> list[tuple[str, str]]:
    """(hh_id, head hash to give it): same head in one village, and in two villages."""
    n = max(3, round(30 * scale))
    updates: list[tuple[str, str]] = []
    by_village = heads.groupby("village_code")["hh_id"].apply(list)
    villages = [v for v, ids in by_village.items() if len(ids) >= 2]
    used: set[str] = set()
    for v in rng.choice(villages, size=min(n, len(villages)), replace=False):
        a, b = rng.choice(by_village[v], size=2, replace=False)
        if a in used or b in used:
            continue
        used |= {a, b}
        updates.append((str(b), _hash_of(heads, a)))
    ids = heads["hh_id"].to_numpy()
    villages_of = dict(zip(heads["hh_id"], heads["village_code"], strict=True))
    for _ in range(n):
        a, b = rng.choice(ids, size=2, replace=False)
        if a in used or b in used or villages_of[a] == villages_of[b]:
            continue
        used |= {a, b}
        updates.append((str(b), _hash_of(heads, a)))
    return updates


def _hash_of(heads: pd.DataFrame, hh_id: str) -> str:
    return str(heads.loc[heads["hh_id"] == hh_id, "head_id_hash"].iloc[0])


def _gps_outliers(
    con: duckdb.DuckDBPyConnection, snapshot: int, rng: np.random.Generator, scale: float
) -> pd.DataFrame:
    points = con.execute(
        """SELECT hh_id, lat, lon FROM households WHERE round_be = ? AND lat IS NOT NULL
           ORDER BY hh_id""",
        [snapshot],
    ).df()
    n = min(len(points), max(5, round(60 * scale)))
    if not n:
        return points.iloc[:0]
    chosen = points.sample(n=n, random_state=int(rng.integers(2**31))).reset_index(drop=True)
    km = rng.uniform(6, 20, n)
    angle = rng.uniform(0, 2 * np.pi, n)
    lat = chosen["lat"] + km / 111.0 * np.sin(angle)
    lon = chosen["lon"] + km / (111.0 * np.cos(np.radians(chosen["lat"]))) * np.cos(angle)
    chosen["lat"] = lat.clip(LAT_RANGE[0] + 0.01, LAT_RANGE[1] - 0.01).round(6)
    chosen["lon"] = lon.clip(LON_RANGE[0] + 0.01, LON_RANGE[1] - 0.01).round(6)
    return chosen


def _statuses(con, snapshot: int, dup_updates, gps_updates: pd.DataFrame) -> None:
    """A few review decisions with notes and a history (some changed their mind)."""
    when = dt.datetime(2023, 3, 1, 9, 30)
    events: list[tuple[str, str, str, str]] = []
    gps_ids = list(gps_updates["hh_id"])[:4]
    if gps_ids:
        events.append((gps_ids[0], "disputed", "จุดพิกัดอยู่นอกตำบลที่แจ้ง ให้ อสม. ตรวจซ้ำ", "gps_outside"))
        events.append(
            (gps_ids[0], "verified", "ตรวจซ้ำแล้ว: บ้านอยู่ในตำบลที่แจ้ง แก้พิกัดในรอบหน้า", "gps_outside")
        )
    if len(gps_ids) > 1:
        events.append((gps_ids[1], "disputed", "พิกัดคลาดเคลื่อน รอผู้ใหญ่บ้านยืนยัน", "gps_outside"))
    if dup_updates:
        events.append(
            (dup_updates[0][0], "disputed", "อาจบันทึกซ้ำ: หัวหน้าครัวเรือนคนเดียวกัน", "household_twice")
        )
    for i, (hh_id, status, note, flag) in enumerate(events):
        con.execute(
            """INSERT INTO verification_events (hh_id, round_be, status, note, reviewer, flags, set_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [hh_id, snapshot, status, note, REVIEWER, flag, when + dt.timedelta(days=7 * i)],
        )
