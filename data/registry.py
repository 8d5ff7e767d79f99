"""Cross-checking sources: the state-welfare registry matched to surveyed households.

The registry (ทะเบียนผู้มีสิทธิ์บัตรสวัสดิการแห่งรัฐ) is a second source: one row per registered
person with the address codes and card status of a snapshot (the year BE of the extract). It is
imported by ``data.importer.import_registry``; national IDs are replaced by the keyed hash made
with the households' key, so ``registry.id_hash`` matches ``households.head_id_hash`` and no
raw ID is ever stored.

What this module answers, per area and survey round:

* :func:`cross_match`: households in both sources, in the survey only (head's ID known but not
  registered), without an ID (cannot be matched), and registry entries not surveyed;
* :func:`targeted_poor`: TPMAP's "targeted poor" (คนจนเป้าหมาย): households that are poor by
  the poverty rule **and** whose head is in the registry; :func:`in_registry_sql` is the same
  test as a SQL expression for map metrics;
* :func:`registry_mismatches`: a matched household whose registry address is another
  subdistrict, or whose card status differs between the two sources.

Which snapshot a round is matched against: the latest snapshot not after the round, else the
earliest snapshot (:func:`snapshot_for`). "In the registry" means registered in that
snapshot, whatever the card status (TPMAP counts registered people).

Example:
    >>> con = duckdb.connect()
    >>> _ = con.execute("CREATE TABLE registry (snapshot_be INTEGER)")
    >>> _ = con.execute("INSERT INTO registry VALUES (2562), (2565)")
    >>> snapshot_for(con, 2564), snapshot_for(con, 2561), snapshot_for(con, 2566)
    (2562, 2562, 2565)
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd

from data.messages import msg
from data.schema import REGISTRY_COLUMN_LIST
from data.store import LEVEL_COLUMN, PoorRule
from data.validate import Validation, _validate, code_hierarchy_rules
from geo.codes import level_or_none

TPMAP_RULE = PoorRule()
MATCH_COLUMNS = (
    "households",
    "with_id",
    "in_both",
    "survey_only",
    "no_id",
    "registry_only",
    "registry_total",
)


# --- validation ---------------------------------------------------------------------------------


def validate_registry(
    frame: pd.DataFrame, file_name: str, id_key: bytes | None = None
) -> Validation:
    """Check a registry table (canonical text columns) and hash its national IDs (id_hash)."""
    return _validate(frame, file_name, REGISTRY_COLUMN_LIST, _registry_rules, id_key)


def _registry_rules(t: pd.DataFrame) -> Iterable[tuple[pd.Series, str, str]]:
    yield from code_hierarchy_rules(t)
    dup = t.duplicated(["national_id"], keep="first") & t.national_id.notna()
    yield (dup, "national_id", msg("validate.earlier.registry"))


# --- snapshots ----------------------------------------------------------------------------------


def snapshots(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Registry snapshots in the store (years BE), oldest first."""
    return [
        r[0] for r in con.execute("SELECT DISTINCT snapshot_be FROM registry ORDER BY 1").fetchall()
    ]


def snapshot_for(con: duckdb.DuckDBPyConnection, round_be: int | None) -> int | None:
    """The snapshot a survey round is matched against: the latest not after the round, else the
    earliest; None when the registry is empty."""
    found = snapshots(con)
    if not found:
        return None
    if round_be is None:
        return found[-1]
    before = [s for s in found if s <= round_be]
    return before[-1] if before else found[0]


def in_registry_sql(alias: str = "", snapshot_be: int | None = None) -> str:
    """SQL: the household's head is registered (in ``snapshot_be``; any snapshot if None).

    For map metrics: ``count(*) FILTER (WHERE {rule.sql()} AND {in_registry_sql('', 2565)})``.

    >>> in_registry_sql("h", 2565)
    'EXISTS (SELECT 1 FROM registry r WHERE r.id_hash = h.head_id_hash AND r.snapshot_be = 2565)'
    """
    p = f"{alias}." if alias else ""
    when = f" AND r.snapshot_be = {int(snapshot_be)}" if snapshot_be is not None else ""
    return f"EXISTS (SELECT 1 FROM registry r WHERE r.id_hash = {p}head_id_hash{when})"


# --- matching -----------------------------------------------------------------------------------


def _area_filter(column_prefix: str, area: str | None) -> tuple[str, list]:
    if not area:
        return "", []
    level = level_or_none(area)
    if level is None:
        raise ValueError(f"area code {area!r} must be 2, 4, 6 or 8 digits")
    return f" AND {column_prefix}{LEVEL_COLUMN[level]} = ?", [area]


def cross_match(
    con: duckdb.DuckDBPyConnection,
    level: str,
    *,
    round_be: int,
    area: str | None = None,
    snapshot_be: int | None = None,
) -> pd.DataFrame:
    """Households and registry entries per area, matched by hashed national ID.

    Columns: ``code``, ``households`` (surveyed in the round), ``with_id`` (head's ID known),
    ``in_both``, ``survey_only`` (ID known, not registered), ``no_id`` (cannot be matched),
    ``registry_only`` (registered people living in the area by the registry's address who
    are neither head nor member of any household surveyed in the round), ``registry_total``.
    Households count where they were surveyed, registry entries where the registry puts
    them. ``snapshot_be`` defaults to :func:`snapshot_for` the round.
    """
    if level not in LEVEL_COLUMN:
        raise ValueError(f"level must be one of {', '.join(LEVEL_COLUMN)}")
    snap = snapshot_be if snapshot_be is not None else snapshot_for(con, round_be)
    col = LEVEL_COLUMN[level]
    h_where, h_params = _area_filter("h.", area)
    r_where, r_params = _area_filter("r.", area)
    sql = f"""
        WITH reg AS (SELECT * FROM registry WHERE snapshot_be = ?),
        hh AS (
          SELECT h.{col} AS code, h.head_id_hash,
                 h.head_id_hash IS NOT NULL AS has_id,
                 h.head_id_hash IN (SELECT id_hash FROM reg) AS matched
          FROM households h WHERE h.round_be = ? {h_where}),
        survey AS (
          SELECT code, count(*) AS households, count(*) FILTER (WHERE has_id) AS with_id,
                 count(*) FILTER (WHERE matched) AS in_both,
                 count(*) FILTER (WHERE has_id AND NOT coalesce(matched, false)) AS survey_only,
                 count(*) FILTER (WHERE NOT has_id) AS no_id
          FROM hh GROUP BY code),
        regd AS (
          SELECT r.{col} AS code, count(*) AS registry_total,
                 count(*) FILTER (WHERE r.id_hash NOT IN (
                   SELECT head_id_hash FROM households
                   WHERE round_be = ? AND head_id_hash IS NOT NULL
                   UNION ALL SELECT id_hash FROM members
                   WHERE round_be = ? AND id_hash IS NOT NULL)) AS registry_only
          FROM reg r WHERE true {r_where} GROUP BY 1)
        SELECT coalesce(s.code, g.code) AS code,
               coalesce(s.households, 0)::BIGINT AS households,
               coalesce(s.with_id, 0)::BIGINT AS with_id,
               coalesce(s.in_both, 0)::BIGINT AS in_both,
               coalesce(s.survey_only, 0)::BIGINT AS survey_only,
               coalesce(s.no_id, 0)::BIGINT AS no_id,
               coalesce(g.registry_only, 0)::BIGINT AS registry_only,
               coalesce(g.registry_total, 0)::BIGINT AS registry_total
        FROM survey s FULL OUTER JOIN regd g ON s.code = g.code
        ORDER BY code"""
    params = [snap, int(round_be), *h_params, int(round_be), int(round_be), *r_params]
    return con.execute(sql, params).df()


def targeted_poor(
    con: duckdb.DuckDBPyConnection,
    level: str,
    *,
    round_be: int,
    area: str | None = None,
    rule: PoorRule = TPMAP_RULE,
    snapshot_be: int | None = None,
) -> pd.DataFrame:
    """TPMAP's targeted poor per area: poor by ``rule`` AND the head is in the registry.

    Columns: ``code``, ``poor_households``, ``targeted_poor_households``,
    ``targeted_poor_people`` (members of those households), ``targeted_share`` (targeted poor
    households ÷ poor households). A map metric: the count, or the share.
    """
    if level not in LEVEL_COLUMN:
        raise ValueError(f"level must be one of {', '.join(LEVEL_COLUMN)}")
    snap = snapshot_be if snapshot_be is not None else snapshot_for(con, round_be)
    col = LEVEL_COLUMN[level]
    where, params = _area_filter("", area)
    registered = (
        "false"
        if snap is None
        else f"head_id_hash IN (SELECT id_hash FROM registry WHERE snapshot_be = {int(snap)})"
    )
    sql = f"""
        SELECT {col} AS code,
          count(*) FILTER (WHERE {rule.sql()})::BIGINT AS poor_households,
          count(*) FILTER (WHERE {rule.sql()} AND coalesce({registered}, false))::BIGINT
            AS targeted_poor_households,
          coalesce(sum(members) FILTER (WHERE {rule.sql()} AND coalesce({registered}, false)),
            0)::BIGINT AS targeted_poor_people
        FROM households WHERE round_be = ? {where}
        GROUP BY 1 ORDER BY 1"""
    out = con.execute(sql, [int(round_be), *params]).df()
    out["targeted_share"] = out["targeted_poor_households"] / out["poor_households"].where(
        out["poor_households"] > 0
    )
    return out


def registry_mismatches(
    con: duckdb.DuckDBPyConnection,
    *,
    round_be: int,
    area: str | None = None,
    snapshot_be: int | None = None,
) -> pd.DataFrame:
    """Matched households whose two sources disagree, one row per household and reason.

    ``reason`` is ``address`` (the registry puts the person in another subdistrict),
    ``card_missing`` (the survey says the household holds a welfare card, but the head is
    not registered), or ``card_status`` (the registry's card status differs from the
    survey's answer). Columns: ``hh_id``, ``round_be``, ``village_code``, ``subdistrict_code``,
    ``registry_subdistrict``, ``welfare_card``, ``card_holder``, ``reason``. No ID hash.
    """
    snap = snapshot_be if snapshot_be is not None else snapshot_for(con, round_be)
    if snap is None:
        return pd.DataFrame(
            columns=[
                "hh_id",
                "round_be",
                "village_code",
                "subdistrict_code",
                "registry_subdistrict",
                "welfare_card",
                "card_holder",
                "reason",
            ]
        )
    where, params = _area_filter("h.", area)
    sql = f"""
        WITH reg AS (SELECT * FROM registry WHERE snapshot_be = ?)
        SELECT h.hh_id, h.round_be, h.village_code, h.subdistrict_code,
               r.subdistrict_code AS registry_subdistrict, h.welfare_card, r.card_holder,
               CASE WHEN r.id_hash IS NULL THEN 'card_missing'
                    WHEN r.subdistrict_code <> h.subdistrict_code THEN 'address'
                    ELSE 'card_status' END AS reason
        FROM households h LEFT JOIN reg r ON r.id_hash = h.head_id_hash
        WHERE h.round_be = ? {where} AND h.head_id_hash IS NOT NULL AND (
          (r.id_hash IS NULL AND h.welfare_card)
          OR (r.id_hash IS NOT NULL AND r.subdistrict_code <> h.subdistrict_code)
          OR (r.id_hash IS NOT NULL AND r.card_holder IS NOT NULL
              AND r.card_holder <> h.welfare_card))
        ORDER BY h.subdistrict_code, h.hh_id"""
    return con.execute(sql, [snap, int(round_be), *params]).df()
