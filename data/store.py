"""The embedded DuckDB store, the writer: connection, versioned schema, transactions, loads.

Every change to the schema is a numbered migration applied once, in order, inside a transaction
(never drop-and-recreate). Loads run in one transaction: a crash or a bad row leaves the store
exactly as before. Reads go through the door, :mod:`query` (area numbers in
:mod:`query.areas`, household records in :mod:`query.households`); this module also owns who
counts as poor (:class:`PoorRule`, the rule's SQL that every query uses).

Example:
    >>> con = connect(":memory:")
    >>> schema_version(con) == ALL_MIGRATIONS[-1][0]
    True
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from analysis.mpi import IDENTIFICATION_TOL
from data.audit import acting as acting_user
from data.audit import record as record_audit
from data.schema import BMN_CODES, HOUSEHOLD_COLUMN_LIST, MEMBER_COLUMN_LIST
from geo.codes import LEVELS

#: The key of a household record (one row per household and survey round).
HOUSEHOLD_KEYS = ("hh_id", "round_be")

#: The household column holding each level's code.
LEVEL_COLUMN: dict[str, str] = {level: f"{level}_code" for level in LEVELS}


def _household_columns_sql() -> str:
    cols = []
    for c in HOUSEHOLD_COLUMN_LIST:
        if c.kind == "national_id":
            cols.append("head_id_hash VARCHAR")
        else:
            cols.append(f"{c.name} {c.duckdb_type()}")
    return ",\n  ".join(cols)


def _member_columns_sql() -> str:
    cols = []
    for c in MEMBER_COLUMN_LIST:
        cols.append("id_hash VARCHAR" if c.kind == "national_id" else f"{c.name} {c.duckdb_type()}")
    return ",\n  ".join(cols)


MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "households, members, imports, villages, areas, meta",
        f"""
        CREATE TABLE households (
          {_household_columns_sql()},
          record_hash UBIGINT NOT NULL,
          import_id VARCHAR NOT NULL,
          PRIMARY KEY (hh_id, round_be)
        );
        CREATE TABLE household_history AS SELECT *, now()::TIMESTAMP AS replaced_at,
          ''::VARCHAR AS replaced_by FROM households WHERE false;
        CREATE TABLE members (
          {_member_columns_sql()},
          import_id VARCHAR NOT NULL,
          PRIMARY KEY (hh_id, round_be, person_no)
        );
        CREATE TABLE imports (
          import_id VARCHAR PRIMARY KEY,
          kind VARCHAR NOT NULL,
          file_name VARCHAR NOT NULL,
          file_sha256 VARCHAR,
          rows_in_file INTEGER,
          rows_new INTEGER,
          rows_replaced INTEGER,
          rows_unchanged INTEGER,
          synthetic BOOLEAN NOT NULL,
          finished_at TIMESTAMP NOT NULL
        );
        CREATE TABLE villages (
          village_code VARCHAR PRIMARY KEY,
          subdistrict_code VARCHAR NOT NULL,
          village_no INTEGER NOT NULL,
          name_th VARCHAR,
          name_en VARCHAR,
          lat DOUBLE,
          lon DOUBLE,
          synthetic BOOLEAN NOT NULL
        );
        CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
        """,
    ),
)


def _file_migrations() -> tuple[tuple[int, str, str], ...]:
    """Migrations from data/migrations/NNN_what_it_adds.sql, in number order (NNN >= 2).

    Each feature adds its tables in its own numbered file.
    """
    folder = files("data").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            number, _, rest = entry.name.partition("_")
            found.append(
                (int(number), rest.removesuffix(".sql").replace("_", " "), entry.read_text("utf-8"))
            )
    found.sort()
    numbers = [n for n, _, _ in found]
    if len(set(numbers)) != len(numbers) or (numbers and numbers[0] < 2):
        raise RuntimeError(f"data/migrations numbers must be unique and >= 2, found {numbers}")
    return tuple(found)


#: (version, description, SQL): the core schema is version 1, then the numbered files.
ALL_MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    *((i, what, sql) for i, (what, sql) in enumerate(MIGRATIONS, start=1)),
    *_file_migrations(),
)


#: Any error of the database engine (a lock held by another process, a failed commit): what a
#: caller outside data/ catches without importing the engine itself.
StoreError = duckdb.Error


class StoreUnavailable(duckdb.IOException):
    """The store file cannot be opened: most often another process (the app) holds its lock."""


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store, creating it and applying pending migrations when writable.

    Raises:
        StoreUnavailable: the file is locked by another process or cannot be read.
    """
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        raise StoreUnavailable(str(exc)) from exc
    if not read_only:
        migrate(con)
    return con


@contextmanager
def transaction(
    con: duckdb.DuckDBPyConnection, kind: str | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run the block in one transaction: committed if it finishes, rolled back if anything raises.

    The commit raises the store's :func:`data_version` (``kind`` says what changed, see
    :func:`record_change`), so every cached read sees the write on its next call.
    """
    with _atomic(con):
        yield con
        record_change(con, kind)


@contextmanager
def _atomic(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        _rollback(con)
        raise
    try:
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise


def atomic(con: duckdb.DuckDBPyConnection) -> contextlib.AbstractContextManager:
    """One transaction that leaves the data version alone: for derived tables only (the
    village sums of :mod:`query.summary`), which change no record. Writes of records use
    :func:`transaction`."""
    return _atomic(con)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back if a transaction is still open (a failed COMMIT or a conflict may have ended it)."""
    with suppress(duckdb.TransactionException):
        con.execute("ROLLBACK")


#: The records people edit in the app one at a time. A write of one of them names its kind; any
#: other write (an import of households, registry or sites, the demo) names none and counts for
#: every read. A cached read that does not depend on some kinds is keyed by
#: ``data_version(con, kinds)`` and so survives edits of the others.
CHANGE_KINDS = ("referrals", "targets", "verification", "monitoring", "grievances")


def record_change(con: duckdb.DuckDBPyConnection, kind: str | None = None) -> None:
    """Raise the data version: call inside every write transaction, before its COMMIT.

    :func:`transaction` does it (every writer uses it).
    """
    if kind is not None and kind not in CHANGE_KINDS:
        raise ValueError(f"unknown change kind {kind!r}: use one of {', '.join(CHANGE_KINDS)}")
    con.execute("INSERT INTO data_changes VALUES (?, now())", [kind])


def data_version(con: duckdb.DuckDBPyConnection, kinds: Sequence[str] | None = None) -> int:
    """A number that grows with every committed write (one SELECT; for cache keys).

    With ``kinds``, only writes of those kinds and writes that name no kind count.
    """
    if kinds is None:
        return con.execute("SELECT count(*) FROM data_changes").fetchall()[0][0]
    return con.execute(
        "SELECT count(*) FROM data_changes WHERE kind IS NULL OR list_contains(?, kind)",
        [list(kinds)],
    ).fetchall()[0][0]


def applied_migrations(con: duckdb.DuckDBPyConnection) -> set[int]:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return set()
    return {r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()}


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest applied migration (0 for a new store)."""
    return max(applied_migrations(con), default=0)


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply, each in its own transaction, the migrations this store has not seen yet."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
    )
    applied = applied_migrations(con)
    for version, description, sql in ALL_MIGRATIONS:
        if version in applied:
            continue
        with _atomic(con):  # not transaction(): data_changes may not exist yet
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, now())", [version, description]
            )
    return schema_version(con)


@dataclass(frozen=True)
class LoadCounts:
    new: int
    replaced: int
    unchanged: int


#: Columns that say where a row came from, not what it records: never part of its hash.
BOOKKEEPING_COLUMNS = ("_line", "record_hash", "import_id")
#: Household columns that never leave the store: the head's national-ID hash (personal data
#: under the PDPA; only joins use it) and the bookkeeping. Every read of household rows
#: excludes them (query/ selects named columns or ``* EXCLUDE`` these).
SECRET_COLUMNS = ("head_id_hash", "record_hash", "import_id")
#: Columns that identify a household or a person: the household ID, its GPS point, the ID
#: hashes and the names of the people who wrote a referral or a review. Left out of records
#: for roles that see households only de-identified (``query.access``).
IDENTIFYING_COLUMNS = (
    "hh_id",
    "lat",
    "lon",
    "head_id_hash",
    "id_hash",
    "referral_id",
    "created_by",
    "changed_by",
    "status_by",
    "reviewer",
)
#: Sensitive data (PDPA section 26) and free text: health and disability counts, answers and
#: causes, the disability flag derived from them, and free-text notes. Shown only to roles
#: that work with named households in that area (``query.access``).
SENSITIVE_COLUMNS = (
    "members_disabled",
    "hc_chronic_ill",
    "disability",
    "bmn_17",
    "main_cause",
    "with_disabled",
    "note",
    "status_note",
)

#: Each versioned table and the table that keeps its replaced rows.
HISTORY_TABLES: dict[str, str] = {
    "households": "household_history",
    "registry": "registry_history",
    "sites": "site_history",
    "route_stops": "route_stop_history",
    "products": "product_history",
    "technology_adoptions": "technology_adoption_history",
    "area_indicators": "area_indicator_history",
}


#: What a missing value hashes as, whatever the column's type (NaN, None, NA, NaT).
_MISSING_HASH = np.uint64(0x9E3779B97F4A7C15)


def record_hash(frame: pd.DataFrame, extra: pd.Series | None = None) -> np.ndarray:
    """The hash of each row's values: what every writer stores as ``record_hash``.

    The same record hashes alike whoever writes it: every column but
    :data:`BOOKKEEPING_COLUMNS`, taken in name order; a missing value is missing whatever its
    type; an integer and a nullable integer hash alike; a date is hashed as its ISO text, and a
    column that mixes numbers and text as each value's text. ``extra`` (one value per row, e.g.
    a route's stops as text) is hashed as one more column.
    """
    values = frame.drop(columns=list(BOOKKEEPING_COLUMNS), errors="ignore")
    columns = [values[c] for c in sorted(values.columns)]
    if extra is not None:
        columns.append(pd.Series(extra, dtype="string").reset_index(drop=True))
    combined = np.zeros(len(frame), dtype=np.uint64)
    for column in columns:
        hashed = pd.util.hash_pandas_object(_canonical(column), index=False).to_numpy("uint64")
        hashed = np.where(column.isna().to_numpy(), _MISSING_HASH, hashed)
        combined = combined * np.uint64(1_000_003) ^ hashed
    return combined


def _canonical(column: pd.Series) -> pd.Series:
    """``column`` in a form whose hash does not depend on how a writer typed it."""
    if pd.api.types.is_datetime64_any_dtype(column):
        times = column.dropna()
        midnight = bool((times == times.dt.normalize()).all())
        return column.dt.strftime("%Y-%m-%d" if midnight else "%Y-%m-%dT%H:%M:%S")
    if column.dtype == object and pd.api.types.infer_dtype(column, skipna=True) not in (
        "string",
        "empty",
    ):
        return column.astype("string")
    return column


def upsert_with_history(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    table: str,
    keys: Sequence[str],
    import_id: str,
    *,
    status_table: str | None = None,
) -> LoadCounts:
    """Store the rows of ``relation`` in ``table``: a new key is added, a row whose
    ``record_hash`` differs from the stored one replaces it (the stored version goes to
    ``table``'s history, :data:`HISTORY_TABLES`), an identical row is left alone.

    Runs inside the caller's :func:`transaction`. ``relation`` (a table, view or registered
    frame) has every column of ``table`` but ``import_id``, in any order and castable to the
    table's types; other columns are ignored. With ``status_table``, each key's status
    (``new``, ``replaced``, ``unchanged``) is left in that temp table for the caller to drop.
    """
    history = HISTORY_TABLES[table]
    described = con.execute(f"DESCRIBE {table}").fetchall()
    typed = ", ".join(
        f"? AS {name}" if name == "import_id" else f"CAST(i.{name} AS {kind}) AS {name}"
        for name, kind, *_ in described
    )
    incoming = f"(SELECT {typed} FROM {relation} i)"
    key_list = ", ".join(keys)
    on = " AND ".join(f"t.{k} = i.{k}" for k in keys)
    status = status_table or "_upsert_status"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {status} AS
            SELECT {", ".join(f"i.{k}" for k in keys)},
              CASE WHEN t.{keys[0]} IS NULL THEN 'new'
                   WHEN t.record_hash = i.record_hash THEN 'unchanged'
                   ELSE 'replaced' END AS status
            FROM {incoming} i LEFT JOIN {table} t ON {on}""",
        [import_id],
    )
    counts = dict(con.execute(f"SELECT status, count(*) FROM {status} GROUP BY 1").fetchall())
    if counts.get("replaced"):
        con.execute(
            f"""INSERT INTO {history}
                SELECT t.*, now()::TIMESTAMP, ? FROM {table} t
                JOIN {status} s USING ({key_list}) WHERE s.status = 'replaced'""",
            [import_id],
        )
        con.execute(
            f"""DELETE FROM {table} WHERE ({key_list}) IN
                (SELECT {key_list} FROM {status} WHERE status = 'replaced')"""
        )
    changed = (
        f"SEMI JOIN (SELECT {key_list} FROM {status} WHERE status <> 'unchanged') s "
        f"USING ({key_list})"
        if counts.get("unchanged")
        else ""  # every row goes in: no need to join
    )
    con.execute(f"INSERT INTO {table} SELECT i.* FROM {incoming} i {changed}", [import_id])
    if status_table is None:
        con.execute(f"DROP TABLE {status}")
    return LoadCounts(counts.get("new", 0), counts.get("replaced", 0), counts.get("unchanged", 0))


def record_import(
    con: duckdb.DuckDBPyConnection,
    import_id: str,
    kind: str,
    file_name: str,
    sha: str | None,
    rows_in_file: int,
    counts: LoadCounts,
    *,
    synthetic: bool = False,
) -> None:
    """Add the row of ``imports`` that says what an import did (inside its transaction), and its
    ``file_imported`` audit entry naming who imported (``data.audit.acting``)."""
    con.execute(
        "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now())",
        [
            import_id,
            kind,
            file_name,
            sha,
            rows_in_file,
            counts.new,
            counts.replaced,
            counts.unchanged,
            synthetic,
        ],
    )
    record_audit(
        con,
        acting_user(),
        "file_imported",
        object=file_name,
        rows=counts.new + counts.replaced,
        details={"kind": kind, "import_id": import_id, "unchanged": counts.unchanged},
    )


def store_households(
    con: duckdb.DuckDBPyConnection,
    households: str,
    members: str | None,
    *,
    import_id: str,
    file_name: str,
    file_sha256: str | None,
    rows_in_file: int,
    synthetic: bool = False,
) -> LoadCounts:
    """Store the households of the relation ``households`` (with ``record_hash``) and the
    members of ``members`` in one transaction, and record the import.

    Households go through :func:`upsert_with_history`. Every household and round that
    appears in ``members`` has its stored members replaced by these (whether or not the
    household itself changed).
    """
    with transaction(con):
        counts = upsert_with_history(con, households, "households", HOUSEHOLD_KEYS, import_id)
        if members is not None:
            cols = [r[0] for r in con.execute("DESCRIBE members").fetchall()]
            select = ", ".join("?" if c == "import_id" else f"m.{c}" for c in cols)
            con.execute(
                f"""DELETE FROM members WHERE (hh_id, round_be) IN
                    (SELECT DISTINCT hh_id, round_be FROM {members})"""
            )
            con.execute(f"INSERT INTO members SELECT {select} FROM {members} m", [import_id])
        record_import(
            con,
            import_id,
            "households",
            file_name,
            file_sha256,
            rows_in_file,
            counts,
            synthetic=synthetic,
        )
    return counts


def load_households(
    con: duckdb.DuckDBPyConnection,
    households: pd.DataFrame,
    members: pd.DataFrame | None,
    *,
    import_id: str,
    file_name: str,
    file_sha256: str | None,
    synthetic: bool,
) -> LoadCounts:
    """Store validated households (and their members) held in memory: :func:`store_households`."""
    frame = households.assign(record_hash=record_hash(households))
    con.register("_incoming_households", frame)
    member_name = None
    if members is not None and len(members):
        member_name = "_incoming_members"
        con.register(member_name, members)
    try:
        return store_households(
            con,
            "_incoming_households",
            member_name,
            import_id=import_id,
            file_name=file_name,
            file_sha256=file_sha256,
            rows_in_file=len(frame),
            synthetic=synthetic,
        )
    finally:
        con.unregister("_incoming_households")
        if member_name is not None:
            con.unregister(member_name)


def store_villages(con: duckdb.DuckDBPyConnection, villages: pd.DataFrame) -> None:
    """Insert or replace village points (village_code, subdistrict_code, village_no, names, lat, lon, synthetic)."""
    con.register("incoming_villages", villages)
    try:
        with transaction(con):
            con.execute(
                "DELETE FROM villages WHERE village_code IN (SELECT village_code FROM incoming_villages)"
            )
            con.execute(
                """INSERT INTO villages SELECT village_code, subdistrict_code, village_no, name_th,
                   name_en, lat, lon, synthetic FROM incoming_villages"""
            )
    finally:
        con.unregister("incoming_villages")


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    with transaction(con):
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def mark_synthetic(con: duckdb.DuckDBPyConnection, import_id: str) -> None:
    """Record an import as synthetic (the demo builders import generated files as real ones)."""
    with transaction(con):
        con.execute("UPDATE imports SET synthetic = true WHERE import_id = ?", [import_id])


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Write the store's log into the database file (after a large load)."""
    con.execute("CHECKPOINT")


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as a field team's CSV (UTF-8, header, comma, missing as empty), through
    an in-memory DuckDB (fast for the national generator's millions of rows)."""
    writer = duckdb.connect()
    try:
        writer.register("_frame", frame)
        writer.execute(f"COPY (SELECT * FROM _frame) TO '{path}' (HEADER, DELIMITER ',')")
    finally:
        writer.close()


# --- who is poor ------------------------------------------------------------------------------------


def deprived_sql(code: str, alias: str = "") -> str:
    """1 where the household fails indicator ``code`` (its column is 0), else 0 (NULL too)."""
    p = f"{alias}." if alias else ""
    return f"coalesce(({p}{code} = 0)::INT, 0)"


def score_sql(weights: Mapping[str, float], alias: str = "") -> str:
    """The weighted deprivation score ``c`` of one household, clipped to [0, 1]."""
    terms = " + ".join(f"{w!r} * {deprived_sql(c, alias)}" for c, w in weights.items() if w)
    return f"least(greatest({terms}, 0.0), 1.0)"


def poor_sql(score: str, k: float) -> str:
    """The Alkire–Foster dual cut-off identification: score at least k (within
    :data:`analysis.mpi.IDENTIFICATION_TOL`) and above 0 — the one SQL of it (the 'af' rule and
    every Alkire–Foster aggregate use it)."""
    return f"({score} >= {float(k) - IDENTIFICATION_TOL!r} AND {score} > 0.0)"


@dataclass(frozen=True)
class PoorRule:
    """Who counts as poor: TPMAP's any-indicator rule, or Alkire-Foster with weights and cut-off k."""

    name: str = "tpmap"
    k: float = 0.2
    weights: tuple[tuple[str, float], ...] = ()

    def sql(self, alias: str = "") -> str:
        """A SQL boolean expression over the BMN columns (0 = deprived, NULL = not applicable).

        Its pure reference is :func:`analysis.poverty.poor_households` (tests hold them equal).
        """
        p = f"{alias}." if alias else ""
        if self.name == "tpmap":
            return "(" + " OR ".join(f"coalesce({p}{c} = 0, false)" for c in BMN_CODES) + ")"
        if self.name == "af":
            if not self.weights:
                raise ValueError("the 'af' rule needs indicator weights")
            return poor_sql(score_sql(dict(self.weights), alias), self.k)
        raise ValueError(f"unknown poor rule {self.name!r}: use 'tpmap' or 'af'")
