"""Village sums: the area numbers' additive parts, summed once per data version and kept.

Every area number the pages open with (counts, headcount ratios, registry matches, capital
means, programme levels, failed indicators, main causes, Alkire–Foster H, A, M0 and censored
headcounts) is a ratio of sums over households. This module sums those parts per round and
village, once, into the store's derived tables, and :mod:`query.areas` and :mod:`query.why`
add villages up to any area: a national page reads about 75,000 rows a round instead of
13 million households.

* A :class:`Spec` says what the sums are for: the poverty rule, the household model, the
  Alkire–Foster weights and cut-off and the indicators counted. Its :meth:`Spec.key` is a
  fingerprint of the SQL that sums them, so any change of a setting gives other sums.
* The sums carry the store's data version of imports (:func:`data.store.data_version` with no
  app edit kinds: referrals, targets and verification do not change them). Sums of an older
  version are never read: the next read sums again (one thread at a time per spec; the others
  wait for it), and every write path (imports, the demo, ``povmap refresh``) sums the settings'
  specs right after it commits, so the first visitor finds them ready.
* A read-only store without fresh sums gives ``None``: callers then group households directly
  (the same SQL numbers; tests hold the two paths equal).

The tables (``summary_keys``, ``summary_villages``, ``summary_causes``) are derived: dropping
them loses nothing, and writing them does not raise the data version.

Example:
    >>> from data import store
    >>> from data.schema import table
    >>> con = store.connect(":memory:")
    >>> spec = Spec(store.PoorRule(), HouseholdModel(scoring=tuple(table("capital_scoring"))),
    ...             (("bmn_01", 1.0),), 0.5)
    >>> relation(con, spec) == f"(SELECT * FROM summary_villages WHERE key = '{spec.key}')"
    True
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import duckdb

from data import store
from data.registry import snapshot_for
from data.store import PoorRule
from query.poverty import checked_weights, deprived_sql, poor_sql, score_sql
from query.profile import CAPITALS, LEVELS, HouseholdModel, profiled

#: Raise when the tables' columns change: older tables are dropped and summed again.
FORMAT = 1
#: Main cause counted for a poor household without one (as analysis.causes.cause_shares).
NO_CAUSE = "other"
#: The village's place: every level's code column, as the households table names them.
PLACE = ("province_code", "district_code", "subdistrict_code", "village_code")


@dataclass(frozen=True)
class Spec:
    """What village sums are for: who is poor, how households are profiled, the Alkire–Foster
    weights and cut-off, and the indicators whose failures are counted (default: the weighted
    ones)."""

    rule: PoorRule
    model: HouseholdModel
    af_weights: tuple[tuple[str, float], ...]
    af_k: float
    indicators: tuple[str, ...] = ()
    _codes: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        weights = checked_weights(dict(self.af_weights), self.af_k)
        object.__setattr__(self, "af_weights", tuple(weights.items()))
        codes = tuple(self.indicators) or tuple(weights)
        for code in codes:
            if not code.isidentifier():
                raise ValueError(f"indicator {code!r} is not a column name")
        object.__setattr__(self, "_codes", codes)

    @property
    def codes(self) -> tuple[str, ...]:
        """The indicators whose failures the sums count."""
        return self._codes

    def matches(
        self,
        rule: PoorRule,
        model: HouseholdModel | None = None,
        af_weights: Mapping[str, float] | None = None,
        af_k: float | None = None,
        indicators: tuple[str, ...] | list[str] = (),
    ) -> bool:
        """Whether these sums answer a question asked with these settings (None: not asked)."""
        if rule.sql() != self.rule.sql() or (model is not None and model != self.model):
            return False
        if af_weights is not None or af_k is not None:
            if af_weights is None or af_k is None or float(af_k) != float(self.af_k):
                return False
            if dict(checked_weights(dict(af_weights), af_k)) != dict(self.af_weights):
                return False
        return set(indicators) <= set(self.codes)

    @cached_property
    def key(self) -> str:
        """A fingerprint of the summing SQL (and of the table format)."""
        text = f"{FORMAT}\n{_sum_sql(self, {})}"
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    def __hash__(self) -> int:
        return hash(self.key)


def _columns(codes: tuple[str, ...]) -> list[tuple[str, str]]:
    """(name, type) of the village sums, after the key, version, round and place."""
    cols = [
        ("households", "BIGINT"),
        ("people", "BIGINT"),
        ("poor_households", "BIGINT"),
        ("poor_people", "BIGINT"),
        ("targeted_poor_households", "BIGINT"),
        ("registry_targeted_households", "BIGINT"),
        ("has_snapshot", "BOOLEAN"),
        ("tpmap_poor_people", "BIGINT"),
    ]
    for c in CAPITALS:
        cols += [
            (f"all_sum_{c}", "DOUBLE"),
            (f"all_n_{c}", "BIGINT"),
            (f"poor_sum_{c}", "DOUBLE"),
            (f"poor_n_{c}", "BIGINT"),
        ]
    cols += [(f"hh_{v}", "BIGINT") for v in LEVELS]
    cols += [(f"people_{v}", "BIGINT") for v in LEVELS]
    cols += [
        ("af_poor_households", "BIGINT"),
        ("af_population", "DOUBLE"),
        ("af_poor_population", "DOUBLE"),
        ("af_csum", "DOUBLE"),
    ]
    cols += [(f"fail_{c}", "BIGINT") for c in codes]
    cols += [(f"q_{c}", "DOUBLE") for c in codes]
    return cols


def _snapshot_join(snapshots: Mapping[int, int]) -> tuple[str, str, str]:
    """The joins matching heads to the registry snapshot of their round, and the two flags."""
    if not snapshots:
        return "", "false", "false"
    values = ", ".join(f"({int(r)}, {int(s)})" for r, s in sorted(snapshots.items()))
    joins = (
        f" LEFT JOIN (VALUES {values}) AS snap(round_be, snapshot_be) USING (round_be)"
        " LEFT JOIN (SELECT DISTINCT snapshot_be, id_hash FROM registry) r"
        " ON r.snapshot_be = snap.snapshot_be AND r.id_hash = h.head_id_hash"
    )
    return joins, "r.id_hash IS NOT NULL", "snap.snapshot_be IS NOT NULL"


def _sum_sql(spec: Spec, snapshots: Mapping[int, int]) -> str:
    """The SELECT of one spec's village sums (round, place, then :func:`_columns`)."""
    joins, matched, has_snapshot = _snapshot_join(snapshots)
    weights = dict(spec.af_weights)
    base = ", ".join(
        [
            "h.round_be",
            *(f"h.{p}" for p in PLACE),
            "h.members",
            f"{spec.rule.sql('h')} AS poor",
            f"{PoorRule('tpmap').sql('h')} AS tpmap_poor",
            "coalesce(h.welfare_card, false) AS card",
            f"{matched} AS in_registry",
            f"{has_snapshot} AS with_snapshot",
            f"coalesce(h.main_cause, '{NO_CAUSE}') AS cause",
            "h.level",
            *(f"h.capital_{c}" for c in CAPITALS),
            f"{score_sql(weights, 'h')} AS c",
            *(f"{deprived_sql(c, 'h')} AS d_{c}" for c in spec.codes),
        ]
    )
    sums = [
        "count(*)::BIGINT",
        "coalesce(sum(members), 0)::BIGINT",
        "(count(*) FILTER (WHERE poor))::BIGINT",
        "coalesce(sum(members) FILTER (WHERE poor), 0)::BIGINT",
        "(count(*) FILTER (WHERE poor AND card))::BIGINT",
        "(count(*) FILTER (WHERE poor AND in_registry))::BIGINT",
        "bool_or(with_snapshot)",
        "coalesce(sum(members) FILTER (WHERE tpmap_poor), 0)::BIGINT",
    ]
    for c in CAPITALS:
        sums += [
            f"fsum(capital_{c})",
            f"count(capital_{c})::BIGINT",
            f"fsum(capital_{c}) FILTER (WHERE poor)",
            f"(count(capital_{c}) FILTER (WHERE poor))::BIGINT",
        ]
    sums += [f"(count(*) FILTER (WHERE level = '{v}'))::BIGINT" for v in LEVELS]
    sums += [f"coalesce(sum(members) FILTER (WHERE level = '{v}'), 0)::BIGINT" for v in LEVELS]
    sums += [
        "(count(*) FILTER (WHERE af_poor))::BIGINT",
        "coalesce(sum(members::DOUBLE), 0.0)",
        "coalesce(sum(members::DOUBLE) FILTER (WHERE af_poor), 0.0)",
        "coalesce(sum(members::DOUBLE * c) FILTER (WHERE af_poor), 0.0)",
    ]
    sums += [f"coalesce(sum(d_{c}) FILTER (WHERE poor), 0)::BIGINT" for c in spec.codes]
    sums += [
        f"coalesce(sum(members::DOUBLE) FILTER (WHERE af_poor AND d_{c} = 1), 0.0)"
        for c in spec.codes
    ]
    names = [n for n, _ in _columns(spec.codes)]
    group = ", ".join(["round_be", *PLACE])
    selected = ",\n    ".join(f"{s} AS {n}" for s, n in zip(sums, names, strict=True))
    return f"""
WITH base AS (
  SELECT {base} FROM {profiled(spec.model)} AS h{joins}
), scored AS (SELECT *, {poor_sql("c", spec.af_k)} AS af_poor FROM base)
SELECT {group},
    {selected}
FROM scored GROUP BY {group}"""


def _cause_sql(spec: Spec) -> str:
    """Poor households per round, village and main cause (causes without any left out)."""
    group = ", ".join(["round_be", *PLACE])
    return f"""
SELECT {group}, coalesce(main_cause, '{NO_CAUSE}') AS cause,
  (count(*) FILTER (WHERE {spec.rule.sql()}))::BIGINT AS poor_households
FROM households GROUP BY ALL HAVING poor_households > 0"""


def _table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchall()[0][0]
    )


def _create(con: duckdb.DuckDBPyConnection, spec: Spec) -> None:
    """The village tables, with a column for each of ``spec``'s indicators (added when new)."""
    place = ", ".join(f"{p} VARCHAR" for p in PLACE)
    if _table_exists(con, "summary_villages") and not _table_exists(con, "summary_keys"):
        con.execute("DROP TABLE summary_villages; DROP TABLE summary_causes")
    fixed = ", ".join(f"{n} {t}" for n, t in _columns(()))
    con.execute(
        "CREATE TABLE IF NOT EXISTS summary_villages (key VARCHAR, round_be INTEGER,"
        f" {place}, {fixed})"
    )
    con.execute(
        "CREATE TABLE IF NOT EXISTS summary_causes (key VARCHAR, round_be INTEGER,"
        f" {place}, cause VARCHAR, poor_households BIGINT)"
    )
    have = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'summary_villages'"
        ).fetchall()
    }
    for name, kind in _columns(spec.codes):
        if name not in have:
            con.execute(f"ALTER TABLE summary_villages ADD COLUMN {name} {kind}")


def _version(con: duckdb.DuckDBPyConnection) -> int:
    """The data version the sums depend on: imports only (no app edit kind)."""
    return store.data_version(con, ())


def _fresh(con: duckdb.DuckDBPyConnection, key: str, version: int) -> bool:
    """Whether the derived rows of ``key`` were made from this data version in this format."""
    if not _table_exists(con, "summary_keys"):
        return False
    rows = con.execute("SELECT version, format FROM summary_keys WHERE key = ?", [key]).fetchall()
    return bool(rows) and rows[0][0] == version and rows[0][1] == FORMAT


_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock(key: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


def _snapshots(con: duckdb.DuckDBPyConnection) -> dict[int, int]:
    """Round -> the registry snapshot its heads are matched against (rounds without one left out)."""
    if snapshot_for(con, None) is None:
        return {}
    rounds = [int(r[0]) for r in con.execute("SELECT DISTINCT round_be FROM households").fetchall()]
    found = {r: snapshot_for(con, r) for r in rounds}
    return {r: int(s) for r, s in found.items() if s is not None}


def _keys(con: duckdb.DuckDBPyConnection) -> None:
    """The record of what derived rows exist (dropped with every derived table when its format
    is older than this code's)."""
    if _table_exists(con, "summary_keys"):
        found = con.execute("SELECT max(format) FROM summary_keys").fetchall()[0][0]
        if found is not None and found != FORMAT:
            tables = con.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE starts_with(table_name, 'summary_')"
            ).fetchall()
            for (name,) in tables:
                con.execute(f"DROP TABLE {name}")
    con.execute(
        "CREATE TABLE IF NOT EXISTS summary_keys (key VARCHAR PRIMARY KEY, format INTEGER,"
        " version BIGINT, built_at TIMESTAMP, seconds DOUBLE)"
    )


def fill(
    con: duckdb.DuckDBPyConnection, key: str, write: Callable[[duckdb.DuckDBPyConnection], None]
) -> float:
    """Make the derived rows of ``key`` for the current data version: ``write(con)`` replaces
    them (in its own ``summary_<name>`` table, created there) inside one transaction that also
    records the key's version. Returns the seconds it took."""
    started = time.perf_counter()
    version = _version(con)
    with store.atomic(con):
        _keys(con)
        write(con)
        seconds = time.perf_counter() - started
        con.execute(
            "INSERT OR REPLACE INTO summary_keys VALUES (?, ?, ?, now(), ?)",
            [key, FORMAT, version, seconds],
        )
    return seconds


def kept(
    con: duckdb.DuckDBPyConnection, key: str, write: Callable[[duckdb.DuckDBPyConnection], None]
) -> bool:
    """Whether derived rows of ``key`` fresh for the data can be read: made first with
    :func:`fill` when missing or older than the data (one thread per key at a time; the others
    wait and read the same rows). False on a read-only store without fresh rows, or when a
    write raced the filling: the caller then computes from households."""
    if _fresh(con, key, _version(con)):
        return True
    if not _writable(con):
        return False
    with _lock(key):
        if _fresh(con, key, _version(con)):
            return True
        try:
            fill(con, key, write)
        except duckdb.TransactionException:
            return False
    return True


def build(con: duckdb.DuckDBPyConnection, spec: Spec) -> float:
    """Sum ``spec``'s village sums for the store's current data version (in one transaction,
    replacing older sums of the spec); returns the seconds it took."""
    return fill(con, spec.key, lambda c: _write_sums(c, spec))


def _write_sums(con: duckdb.DuckDBPyConnection, spec: Spec) -> None:
    """Replace the spec's village sums and causes (inside :func:`fill`'s transaction)."""
    _create(con, spec)
    names = ", ".join(["key", "round_be", *PLACE, *(n for n, _ in _columns(spec.codes))])
    con.execute("DELETE FROM summary_villages WHERE key = ?", [spec.key])
    con.execute("DELETE FROM summary_causes WHERE key = ?", [spec.key])
    con.execute(
        f"INSERT INTO summary_villages ({names}) SELECT ? AS key, *"
        f" FROM ({_sum_sql(spec, _snapshots(con))})",
        [spec.key],
    )
    con.execute(
        "INSERT INTO summary_causes SELECT ? AS key, * FROM (" + _cause_sql(spec) + ")",
        [spec.key],
    )


def _writable(con: duckdb.DuckDBPyConnection) -> bool:
    rows = con.execute(
        "SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    return bool(rows) and not rows[0][0]


def relation(con: duckdb.DuckDBPyConnection, spec: Spec | None) -> str | None:
    """The spec's village sums as a parenthesised SELECT, summed first when missing or older
    than the data; None without a spec, or when the store is read-only and has no fresh sums.

    One thread sums a spec at a time; the others wait for it and read the same sums.
    """
    if spec is None or not kept(con, spec.key, lambda c: _write_sums(c, spec)):
        return None
    return f"(SELECT * FROM summary_villages WHERE key = '{spec.key}')"


def causes_relation(spec: Spec) -> str:
    """The spec's poor households per main cause (call after :func:`relation` gave sums)."""
    return f"(SELECT * FROM summary_causes WHERE key = '{spec.key}')"


def refresh(con: duckdb.DuckDBPyConnection, specs: list[Spec]) -> dict[str, float]:
    """Sum every spec that is missing or older than the data (after a write): key -> seconds."""
    out = {}
    for spec in specs:
        if not _fresh(con, spec.key, _version(con)):
            with _lock(spec.key):
                out[spec.key] = build(con, spec)
    return out
