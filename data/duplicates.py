"""Duplicates across a survey round, listed for review (never removed automatically).

Two kinds, both within one round:

* **person in two households** (``person_in_two_households``): one person, by the keyed hash of
  the national ID, is the head or a member of two or more households;
* **household twice** (``household_twice``): one household recorded under two IDs: the same
  head (hashed ID) in the same village, or every survey answer identical (everything but the
  household ID) in the same village.

The same (``hh_id``, round) twice cannot be stored (it is the key; a file that has it is
rejected at import). Results carry a ``group`` number (records of one group are the same person
or household), never the ID hash.

Example:
    >>> import duckdb
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> duplicates(con, round_be=2564).columns.tolist()
    ['kind', 'group', 'hh_id', 'round_be', 'village_code', 'subdistrict_code', 'role', 'records']
"""

from __future__ import annotations

import duckdb
import pandas as pd

from data.store import LEVEL_COLUMN
from geo.codes import level_or_none

COLUMNS = [
    "kind",
    "group",
    "hh_id",
    "round_be",
    "village_code",
    "subdistrict_code",
    "role",
    "records",
]
#: columns that are not survey answers (left out when comparing two records)
NOT_ANSWERS = ("hh_id", "head_id_hash", "record_hash", "import_id")
#: a few answers compared first: only records equal in these are compared in every answer
CANDIDATE_KEY = ("village_code", "members", "income_per_person_year", "lat", "lon")


def _area(alias: str, area: str | None) -> tuple[str, list]:
    if not area:
        return "", []
    level = level_or_none(area)
    if level is None:
        raise ValueError(f"area code {area!r} must be 2, 4, 6 or 8 digits")
    return f" AND {alias}.{LEVEL_COLUMN[level]} = ?", [area]


def _people(con: duckdb.DuckDBPyConnection, round_be: int) -> str:
    """SQL of (person hash, hh_id, role) for heads and members of a round."""
    return f"""
        SELECT head_id_hash AS person, hh_id, 'head' AS role FROM households
        WHERE round_be = {int(round_be)} AND head_id_hash IS NOT NULL
        UNION ALL
        SELECT id_hash, hh_id, 'member' FROM members
        WHERE round_be = {int(round_be)} AND id_hash IS NOT NULL"""


def person_in_two_households(
    con: duckdb.DuckDBPyConnection, *, round_be: int, area: str | None = None
) -> pd.DataFrame:
    """People who are head or member of two or more households in one round.

    A group is listed when any of its households is inside ``area``; all of its households
    are listed (the other may be elsewhere). Same head in the same village is reported by
    :func:`household_twice` instead.
    """
    where, params = _area("r", area)
    sql = f"""
        WITH p AS ({_people(con, round_be)}),
        maybe AS (  -- 8-byte hashes first: a small table even for tens of millions of people
          SELECT hash(person) AS ph FROM p GROUP BY ph
          HAVING min(hash(hh_id)) <> max(hash(hh_id))),
        candidates AS (SELECT p.* FROM p WHERE hash(p.person) IN (SELECT ph FROM maybe)),
        multi AS (
          SELECT person FROM candidates GROUP BY person HAVING min(hh_id) <> max(hh_id)),
        per AS (
          SELECT c.person, c.hh_id, min(c.role) AS role
          FROM candidates c SEMI JOIN multi USING (person) GROUP BY 1, 2),
        rows AS (
          SELECT per.person, per.role, h.hh_id, h.round_be, h.province_code, h.district_code,
                 h.subdistrict_code, h.village_code
          FROM per JOIN households h ON h.hh_id = per.hh_id AND h.round_be = {int(round_be)}),
        same_village_heads AS (
          SELECT person FROM rows GROUP BY person
          HAVING count(DISTINCT village_code) = 1 AND bool_and(role = 'head')),
        shown AS (
          SELECT DISTINCT r.person FROM rows r
          WHERE r.person NOT IN (SELECT person FROM same_village_heads) {where}),
        listed AS (
          SELECT r.*, min(r.hh_id) OVER (PARTITION BY r.person) AS first_hh,
                 count(*) OVER (PARTITION BY r.person) AS records
          FROM rows r JOIN shown USING (person))
        SELECT 'person_in_two_households' AS kind,
               dense_rank() OVER (ORDER BY first_hh) AS "group",
               hh_id, round_be, village_code, subdistrict_code, role, records
        FROM listed ORDER BY "group", hh_id"""
    return con.execute(sql, params).df().reindex(columns=COLUMNS)


def household_twice(
    con: duckdb.DuckDBPyConnection, *, round_be: int, area: str | None = None
) -> pd.DataFrame:
    """One household recorded under two or more IDs in one round (see the module notes)."""
    columns = [r[0] for r in con.execute("DESCRIBE households").fetchall()]
    answers = ", ".join(f"h.{c}" for c in columns if c not in NOT_ANSWERS)
    where, params = _area("h", area)
    key = ", ".join(f"h.{k}" for k in CANDIDATE_KEY)
    rows = f"FROM households h WHERE h.round_be = {int(round_be)} {where}"
    sql = f"""
        WITH maybe_answers AS (  -- 8-byte hashes of a few answers first: a small table
          SELECT hash({key}) AS k {rows} GROUP BY k HAVING count(*) > 1),
        by_answers AS (
          SELECT h.hh_id, h.round_be, h.village_code, h.subdistrict_code,
                 hash({answers}) AS answers
          {rows} AND hash({key}) IN (SELECT k FROM maybe_answers)
          QUALIFY count(*) OVER (PARTITION BY answers, village_code) > 1),
        maybe_heads AS (
          SELECT hash(h.head_id_hash, h.village_code) AS k
          {rows} AND h.head_id_hash IS NOT NULL GROUP BY k HAVING count(*) > 1),
        by_head AS (
          SELECT h.hh_id, h.round_be, h.village_code, h.subdistrict_code, h.head_id_hash
          {rows} AND h.head_id_hash IS NOT NULL
            AND hash(h.head_id_hash, h.village_code) IN (SELECT k FROM maybe_heads)
          QUALIFY count(*) OVER (PARTITION BY head_id_hash, village_code) > 1)
        SELECT 'head:' || head_id_hash || coalesce(village_code, '') AS dup,
               hh_id, round_be, village_code, subdistrict_code FROM by_head
        UNION
        SELECT 'answers:' || answers::VARCHAR || coalesce(village_code, ''),
               hh_id, round_be, village_code, subdistrict_code FROM by_answers
        ORDER BY hh_id"""
    params = params * 4
    links = con.execute(sql, params).df()
    if links.empty:
        return pd.DataFrame(columns=COLUMNS)
    # records linked by either rule form one group (connected components)
    label = dict(zip(links["hh_id"], links["hh_id"], strict=True))
    changed = True
    while changed:
        first = links.assign(label=links["hh_id"].map(label)).groupby("dup")["label"].min()
        proposed = links.assign(label=links["dup"].map(first)).groupby("hh_id")["label"].min()
        changed = any(proposed[h] < label[h] for h in proposed.index)
        label.update(proposed.to_dict())
    out = links.drop_duplicates("hh_id").drop(columns="dup").copy()
    out["first_hh"] = out["hh_id"].map(label)
    out["records"] = out.groupby("first_hh")["hh_id"].transform("count")
    out["group"] = out["first_hh"].rank(method="dense").astype("int64")
    out["kind"], out["role"] = "household_twice", "head"
    out = out.sort_values(["group", "hh_id"]).reset_index(drop=True)
    return out.reindex(columns=COLUMNS)


def duplicates(
    con: duckdb.DuckDBPyConnection, *, round_be: int, area: str | None = None
) -> pd.DataFrame:
    """Both kinds in one table; ``group`` numbers are unique across the two kinds."""
    a = person_in_two_households(con, round_be=round_be, area=area)
    b = household_twice(con, round_be=round_be, area=area)
    if len(a):
        b = b.assign(group=b["group"] + int(a["group"].max()))
    out = pd.concat([x for x in (a, b) if len(x)], ignore_index=True) if len(a) or len(b) else a
    out = out.reindex(columns=COLUMNS)
    out["group"] = out["group"].astype("int64")
    out["records"] = out["records"].astype("int64")
    return out
