"""Erasing one household on a lawful request (PDPA s. 33), keeping the area numbers consistent.

:func:`erase_household` deletes, in one transaction, every record of the household: its survey
rows in every round and their replaced versions, its members, its referrals, monitoring alerts
and grievances with their histories, its place in exit-verification samples and their field
checks, its verification history and review flags, and the welfare-registry rows of its head
and members (only those nobody else in the store shares: a person who also belongs to another
household keeps their registry row). Nothing else changes: the ``imports`` log keeps its counts
(what each file did then), and targets keep their versions.

Area numbers stay consistent because they are never stored apart from the records: the village
sums, round-to-round transitions and review flags are derived tables keyed by the data version,
which the erase raises, so they are summed again from the remaining households (the command
runs ``povmap.bootstrap.summarise`` right after; a stale sum is never read). Afterwards every
number is the one a store that never held the household would give. Figures published before
the erase are not changed.

The audit trail gets one ``household_erased`` entry that holds no erased data: its object is
:func:`erase_token` (a keyed hash of the ID, so ``povmap subject-report ID`` can still say
that the household was erased and when, while the entry names nobody), its details the reason
and the rows removed per table. Earlier audit entries (who viewed or changed the household)
are kept: the trail is append-only and ends by retention (docs/privacy.md says why).

Example:
    >>> import datetime as dt
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> erase_household(con, "H1", reason="request 2568/7", by=Actor("cli:admin"), key=b"k" * 32)
    Traceback (most recent call last):
    ...
    data.erase.NothingToErase: no household H1 is stored
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from data import audit
from data.audit import Actor
from data.problems import safe_text
from data.store import transaction

MAX_REASON = 200


class NothingToErase(ValueError):
    """The store holds no record of the household."""


@dataclass(frozen=True)
class Erased:
    """What an erase removed: rows per table, and the token its audit entry names."""

    token: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def erase_token(hh_id: str, key: bytes) -> str:
    """The keyed hash (HMAC-SHA256 with the store's ID key) an erase's audit entry names instead
    of the household ID.

    >>> erase_token("H1", b"k" * 32) == erase_token("H1", b"k" * 32) != erase_token("H2", b"k" * 32)
    True
    """
    digest = hmac.new(key, b"erase:" + str(hh_id).encode("utf-8"), hashlib.sha256)
    return "erased:" + digest.hexdigest()[:32]


#: The household's cases, each found by its key: referrals, monitoring alerts (raised for it, or
#: a self-report matched to it later) and grievances about it.
_CASES = {
    "referral_id": "SELECT referral_id FROM referrals WHERE hh_id = $1",
    "alert_id": """SELECT alert_id FROM alerts WHERE hh_id = $1
                   UNION SELECT alert_id FROM alert_events WHERE hh_id = $1""",
    "grievance_id": "SELECT grievance_id FROM grievances WHERE hh_id = $1",
}
#: Tables deleted by case key (events before the case they belong to).
_BY_CASE = (
    ("referral_events", "referral_id"),
    ("referrals", "referral_id"),
    ("alert_events", "alert_id"),
    ("alerts", "alert_id"),
    ("grievance_events", "grievance_id"),
    ("grievances", "grievance_id"),
)
#: Tables deleted by the household ID (its rows in the exit-verification samples too).
_BY_HOUSEHOLD = (
    "exit_checks",
    "exit_sample_households",
    "verification_events",
    "review_flags",
    "members",
    "household_history",
    "households",
)
#: Every table that names a household by ``hh_id`` (tests hold it equal to the store's tables).
HOUSEHOLD_TABLES = frozenset({"referrals", "alerts", "alert_events", "grievances", *_BY_HOUSEHOLD})


def _ids(con: duckdb.DuckDBPyConnection, sql: str, hh_id: str) -> list[str]:
    return [r[0] for r in con.execute(sql, [hh_id]).fetchall()]


def _hashes(con: duckdb.DuckDBPyConnection, hh_id: str) -> list[str]:
    """ID hashes of the household's head and members that no other household holds."""
    rows = con.execute(
        """WITH mine AS (
             SELECT head_id_hash AS h FROM households WHERE hh_id = $1
             UNION SELECT head_id_hash FROM household_history WHERE hh_id = $1
             UNION SELECT id_hash FROM members WHERE hh_id = $1),
           others AS (
             SELECT head_id_hash AS h FROM households WHERE hh_id <> $1
             UNION SELECT head_id_hash FROM household_history WHERE hh_id <> $1
             UNION SELECT id_hash FROM members WHERE hh_id <> $1)
           SELECT h FROM mine WHERE h IS NOT NULL AND h NOT IN (SELECT h FROM others
             WHERE h IS NOT NULL)""",
        [hh_id],
    ).fetchall()
    return [r[0] for r in rows]


def _delete(con: duckdb.DuckDBPyConnection, table: str, where: str, params: list) -> int:
    (n,) = con.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchall()[0]
    if n:
        con.execute(f"DELETE FROM {table} WHERE {where}", params)
    return int(n)


def erase_household(
    con: duckdb.DuckDBPyConnection,
    hh_id: str,
    *,
    reason: str,
    by: Actor,
    key: bytes,
    extra: Mapping[str, object] | None = None,
    now: dt.datetime | None = None,
) -> Erased:
    """Delete every record of household ``hh_id`` and leave one audit entry (see the module's
    text), all in one transaction. ``key`` is the store's ID hash key (for :func:`erase_token`);
    ``extra`` adds counts to the entry's details (report files deleted beside the store).

    Raises:
        NothingToErase: no table holds the household.
        ValueError: ``reason`` is empty (an erase says which request it answers).
    """
    why = safe_text(" ".join(str(reason or "").split()))[:MAX_REASON]
    if not why:
        raise ValueError("say which request the erase answers (--reason)")
    token = erase_token(hh_id, key)
    with transaction(con):
        hashes = _hashes(con, hh_id)
        ids = {key: _ids(con, sql, hh_id) for key, sql in _CASES.items()}
        rows = {
            "registry": _delete(con, "registry", "list_contains(?::VARCHAR[], id_hash)", [hashes]),
            "registry_history": _delete(
                con, "registry_history", "list_contains(?::VARCHAR[], id_hash)", [hashes]
            ),
        }
        for table, key in _BY_CASE:
            rows[table] = _delete(con, table, f"list_contains(?::VARCHAR[], {key})", [ids[key]])
        for table in _BY_HOUSEHOLD:
            rows[table] = _delete(con, table, "hh_id = ?", [hh_id])
        if not any(rows.values()):
            raise NothingToErase(f"no household {hh_id} is stored")
        audit.record(
            con,
            by,
            "household_erased",
            object=token,
            details={**dict(extra or {}), "reason": why, "rows": rows},
            rows=sum(rows.values()),
            at=now,
        )
    return Erased(token, rows)
