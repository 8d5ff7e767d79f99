"""Import what field teams send (households, members, the welfare registry) into the store.

One code path for the command line (``povmap import``) and the app's data page:
:func:`import_households`, :func:`import_registry` and :func:`preview` are here; the steps,
in order, are one module each:

1. **read** (``data.readers``): CSV in UTF-8, UTF-8 with BOM or TIS-620/cp874, Excel, Parquet, in
   chunks of ``chunksize`` rows, so memory stays bounded whatever the file's size;
2. **normalise** (``data.normalize``): Thai/English headers and a mapping file, codes, names,
   years, numbers, yes/no, national IDs;
3. **validate** (``data.import_chunk``, with ``data.validate``) chunk by chunk, in worker
   processes on a large file (``data.import_pool``, ``data.import_worker``); national IDs become
   keyed hashes here, so a raw ID never reaches the store, a log or a report; the same key twice
   in a file is explained (``data.import_duplicates``);
4. **stage** (``data.staging``): the valid rows wait in memory (a file of one chunk) or in
   temporary Parquet files; ``data.import_file`` runs steps 1-4 for one file;
5. **store**: one transaction (``data.store``) moves them into the store. A crash or kill at any
   moment leaves the store exactly as before or exactly as after.

Modes (``data.import_options``): ``strict`` (default) writes nothing if any row is invalid;
``accept_valid`` writes the valid rows and lists every invalid one in the rejects file. Importing
the same file again changes nothing; a corrected file replaces those records and keeps the
previous versions in history.

Every run writes a report, a rejects and a summary file to ``report_dir``
(``data.import_report``) and ends with an :class:`ImportResult` or an :class:`ImportFailed`
(``data.import_result``).
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import os
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from data import store
from data.column_mapping import ColumnReport
from data.columns import MappingError, TableKind
from data.import_duplicates import HOUSEHOLD_KEYS, MEMBER_KEYS, REGISTRY_KEYS
from data.import_file import FileRun
from data.import_options import DETECT, IMPORT_STEPS, Mode, ReadOptions, RowsProgress
from data.import_pool import import_workers
from data.import_report import Reports, report_frame, summarise, write_report
from data.import_result import ImportFailed, ImportResult, fail, finish, member_notes
from data.messages import msg
from data.normalize import normalize_table
from data.problems import Problem
from data.readers import (
    DEFAULT_CHUNK,
    DELIMITER_NAMES,
    ENCODING_NAMES,
    RawTable,
    ReadError,
    describe_read,
    iter_chunks,
)
from data.staging import Stage
from data.validate import Validation


def id_hash_key(var_dir: Path, configured: str | None = None) -> bytes:
    """The secret key for hashing national IDs: the setting if given, else a key file made once."""
    if configured:
        return configured.encode("utf-8")
    path = var_dir / "id_hash.key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(secrets.token_bytes(32))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    return path.read_bytes()


def file_sha256_later(path: Path) -> Callable[[], str]:
    """Start hashing ``path`` in a thread (hashlib works outside the GIL); call the result for
    the hex digest."""
    pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="povmap-sha256")
    future = pool.submit(file_sha256, path)
    pool.shutdown(wait=False)
    return future.result


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- households -------------------------------------------------------------------------------------


def import_households(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    members_path: Path | None = None,
    report_dir: Path,
    id_key: bytes,
    progress: Callable[[str], None] = lambda _step: None,
    options: ReadOptions = DETECT,
    members_options: ReadOptions | None = None,
    mode: Mode = "strict",
    dry_run: bool = False,
    chunksize: int | None = DEFAULT_CHUNK,
    on_rows: RowsProgress = lambda _done, _total: None,
    workers: int | None = None,
) -> ImportResult:
    """Read, normalise, validate and store a household file (and its member file).

    Args:
        con: the store (writable).
        path: household file: CSV (UTF-8, BOM, cp874), Excel .xlsx or Parquet.
        members_path: optional member file (one row per person).
        report_dir: where the report, rejects and summary files go.
        id_key: the key national IDs are hashed with.
        progress: told each step as it starts: "read", "validate", "store" (IMPORT_STEPS).
        options: encoding, sheet, mapping file and delimiter (detected when not given).
        mode: "strict" (any invalid row: nothing written) or "accept_valid" (valid rows
            written, invalid rows in the rejects file).
        dry_run: check everything and count what would change, write nothing to the store.
        chunksize: rows read and validated at a time (bounds memory).
        on_rows: told (rows read so far, estimated rows in the file) after every chunk.
        workers: processes that check the chunks of a file longer than one chunk (None or 0:
            one per core, at most 4; 1: none, everything in this process).

    Returns:
        What was stored (or would be, for a dry run) and where the reports are.

    Raises:
        ImportFailed: nothing was written; the message summarises why.
    """
    con.complete()  # a result the caller left half-read would block registering frames
    import_id = uuid.uuid4().hex[:12]
    reports = Reports(report_dir, import_id)
    households = Stage(con, f"households_{import_id}")
    members_stage = Stage(con, f"members_{import_id}")
    sha256 = file_sha256_later(path)
    try:
        progress("read")
        run = FileRun(
            path,
            "households",
            options,
            id_key,
            mode,
            chunksize,
            reports,
            households,
            HOUSEHOLD_KEYS,
            on_rows=on_rows,
            on_first=lambda: progress("validate"),
            workers=import_workers(workers),
        )
        run.run()
        mrun = None
        if members_path is not None and run.readable:
            mrun = FileRun(
                members_path,
                "members",
                members_options or ReadOptions(),
                id_key,
                mode,
                chunksize,
                reports,
                members_stage,
                MEMBER_KEYS,
                workers=import_workers(workers),
            )
            run.errors = reports.errors
            mrun.run()
            if mrun.readable and households.rows and (mode == "accept_valid" or not run.errors):
                _member_orphans(mrun, households)
            mrun.errors = reports.errors - run.errors
        run.errors = reports.errors - (mrun.errors if mrun else 0)
        failed = (
            not run.readable
            or (mrun is not None and not mrun.readable)
            or (mode == "strict" and reports.errors > 0)
            or households.rows == 0
        )
        result_args = dict(
            rows_in_file=run.rows_in_file,
            rejected_rows=run.rejected_rows,
            members_in_file=mrun.rows_in_file if mrun else 0,
            rejected_members=mrun.rejected_rows if mrun else 0,
            read_as=run.read_as,
            column_report=run.column_report,
        )
        if failed:
            fail(reports, import_id, path.name, run, result_args, mrun)
        if dry_run:
            counts = _would_change(con, households.relation(), "households", HOUSEHOLD_KEYS)
        else:
            progress("store")
            counts = _commit_households(
                con,
                households,
                members_stage if mrun is not None else None,
                import_id=import_id,
                file_name=path.name,
                file_sha256=sha256(),
                rows_in_file=run.rows_in_file,
            )
        return finish(
            reports,
            import_id,
            path.name,
            counts,
            households.rows,
            members_stage.rows,
            dry_run=dry_run,
            notes=member_notes(run, mrun),
            **result_args,
        )
    except BaseException:
        reports.abandon()
        raise
    finally:
        households.close()
        members_stage.close()


def _member_orphans(mrun: FileRun, households: Stage) -> None:
    """Members whose household is not among the valid households of the household file."""
    con = mrun.con
    members, homes = mrun.stage.relation(), households.relation()
    rows = con.execute(
        f"""SELECT m._line, m.hh_id FROM {members} m
            ANTI JOIN {homes} h USING (hh_id, round_be) ORDER BY m._line"""
    ).fetchall()
    if not rows:
        return
    problems = [
        Problem(
            mrun.name,
            int(line),
            "hh_id",
            str(hh),
            msg("import.orphan_member"),
        )
        for line, hh in rows
    ]
    mrun.unmatched = len(rows) == mrun.stage.rows
    mrun.reports.error(problems)
    mrun.rejected_rows += len(problems)
    mrun.stage.drop_lines([p.line for p in problems])


def _commit_households(
    con,
    households: Stage,
    members: Stage | None,
    *,
    import_id,
    file_name,
    file_sha256,
    rows_in_file,
) -> store.LoadCounts:
    """One transaction: ``store.load_households`` in memory, ``store.store_households`` staged."""
    if households.in_memory and (members is None or members.in_memory):
        con.complete()
        frame = households.frame.drop(columns=["_line"])
        member_frame = None
        if members is not None and members.frame is not None:
            member_frame = members.frame.drop(columns=["_line"])
        return store.load_households(
            con,
            frame,
            member_frame,
            import_id=import_id,
            file_name=file_name,
            file_sha256=file_sha256,
            synthetic=False,
        )
    return store.store_households(
        con,
        households.relation(),
        members.relation() if members is not None and members.rows else None,
        import_id=import_id,
        file_name=file_name,
        file_sha256=file_sha256,
        rows_in_file=rows_in_file,
    )


def _would_change(con, relation: str, table: str, keys: tuple[str, ...]) -> store.LoadCounts:
    on = " AND ".join(f"t.{k} = i.{k}" for k in keys)
    row = con.execute(
        f"""SELECT count(*) FILTER (WHERE t.{keys[0]} IS NULL),
                   count(*) FILTER (WHERE t.{keys[0]} IS NOT NULL AND t.record_hash <> i.record_hash),
                   count(*) FILTER (WHERE t.record_hash = i.record_hash)
            FROM {relation} i LEFT JOIN {table} t ON {on}"""
    ).fetchall()[0]
    return store.LoadCounts(int(row[0]), int(row[1]), int(row[2]))


# --- the welfare registry ---------------------------------------------------------------------------


def import_registry(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    snapshot_be: int,
    report_dir: Path,
    id_key: bytes,
    progress: Callable[[str], None] = lambda _step: None,
    options: ReadOptions = DETECT,
    mode: Mode = "strict",
    dry_run: bool = False,
    chunksize: int | None = DEFAULT_CHUNK,
    on_rows: RowsProgress = lambda _done, _total: None,
    workers: int | None = None,
) -> ImportResult:
    """Import a state-welfare registry extract (national ID, address codes, card status).

    ``snapshot_be`` is the year (Buddhist era) of the extract; a second import of the same
    snapshot replaces changed rows (previous versions kept in ``registry_history``). National
    IDs are hashed with ``id_key``, the key of the households, so the two sources match.
    Arguments otherwise as for :func:`import_households`.
    """
    if not 2400 <= int(snapshot_be) <= 2700:
        raise ValueError(msg("import.snapshot_year", year=snapshot_be))
    con.complete()
    import_id = uuid.uuid4().hex[:12]
    reports = Reports(report_dir, import_id)
    stage = Stage(con, f"registry_{import_id}")
    sha256 = file_sha256_later(path)
    try:
        progress("read")
        run = FileRun(
            path,
            "registry",
            options,
            id_key,
            mode,
            chunksize,
            reports,
            stage,
            ("id_hash",),
            extra={"snapshot_be": int(snapshot_be)},
            on_rows=on_rows,
            on_first=lambda: progress("validate"),
            workers=import_workers(workers),
        )
        run.run()
        result_args = dict(
            rows_in_file=run.rows_in_file,
            rejected_rows=run.rejected_rows,
            read_as=run.read_as,
            column_report=run.column_report,
            kind="registry",
        )
        if not run.readable or (mode == "strict" and reports.errors) or stage.rows == 0:
            fail(reports, import_id, path.name, run, result_args)
        relation = stage.relation()
        if dry_run:
            counts = _would_change(con, relation, "registry", REGISTRY_KEYS)
        else:
            progress("store")
            sha = sha256()
            with store.transaction(con):
                counts = store.upsert_with_history(
                    con, relation, "registry", REGISTRY_KEYS, import_id
                )
                store.record_import(
                    con, import_id, "registry", path.name, sha, run.rows_in_file, counts
                )
        return finish(
            reports, import_id, path.name, counts, stage.rows, 0, dry_run=dry_run, **result_args
        )
    except BaseException:
        reports.abandon()
        raise
    finally:
        stage.close()


# --- previews (the data page) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """The first rows of a file as they will be imported, and how its columns map."""

    column_report: ColumnReport
    sample: pd.DataFrame  # canonical text columns; national IDs replaced by a mask
    read_as: str
    raw: RawTable  # the first rows as read (format, encoding, delimiter, sheet, header row)
    notes: tuple[str, ...]
    problems: tuple[Problem, ...]  # problems in the sample rows
    line_numbers: tuple[int, ...]


def preview(
    path: Path,
    *,
    kind: TableKind = "households",
    options: ReadOptions = DETECT,
    rows: int = 20,
) -> Preview:
    """Map and normalise the first ``rows`` rows (no validation against the store, no hashing).

    Raises:
        ImportFailed: the file cannot be read (or the mapping file is wrong).
    """
    try:
        raw = next(
            iter_chunks(
                path,
                rows,
                encoding=options.encoding,
                sheet=options.sheet,
                delimiter=options.delimiter,
                user_mapping=options.mapping,
            )
        )
        table = normalize_table(raw, options.mapping, kind=kind)
    except ReadError as exc:
        raise ImportFailed(str(exc), [exc.problem()], None) from None
    except MappingError as exc:
        raise ImportFailed(str(exc), [Problem(path.name, 1, "", "", str(exc))], None) from None
    sample = table.frame.copy()
    for column in ("head_national_id", "national_id"):
        if column in sample:
            sample[column] = sample[column].map(lambda v: "•" * 13 if v else "")
    return Preview(
        table.column_report,
        sample,
        describe_read(raw),
        raw,
        tuple(table.notes),
        tuple(table.problems),
        tuple(int(x) for x in table.line_numbers),
    )


# --- used by the demo builder ---------------------------------------------------------------------


def load_validated(
    con: duckdb.DuckDBPyConnection,
    households: Validation,
    members: Validation | None,
    *,
    import_id: str,
    file_name: str,
    file_sha256: str | None,
    synthetic: bool,
) -> ImportResult:
    """Store already validated tables in one transaction (the synthetic demo's path)."""
    counts = store.load_households(
        con,
        households.frame,
        members.frame if members is not None else None,
        import_id=import_id,
        file_name=file_name,
        file_sha256=file_sha256,
        synthetic=synthetic,
    )
    n_members = len(members.frame) if members is not None else 0
    return ImportResult(import_id, len(households.frame), n_members, counts)


__all__ = [
    "DELIMITER_NAMES",
    "ENCODING_NAMES",
    "IMPORT_STEPS",
    "ImportFailed",
    "ImportResult",
    "Mode",
    "Preview",
    "ReadOptions",
    "describe_read",
    "file_sha256",
    "id_hash_key",
    "import_households",
    "import_registry",
    "import_workers",
    "load_validated",
    "preview",
    "report_frame",
    "summarise",
    "write_report",
]
