"""Import what field teams send (households, members, the welfare registry) into the store.

One code path for the command line (``povmap import``) and the app's data page:

1. **read** (``data.readers``): CSV in UTF-8, UTF-8 with BOM or TIS-620/cp874, Excel, Parquet, in
   chunks of ``chunksize`` rows, so memory stays bounded whatever the file's size;
2. **normalise** (``data.normalize``): Thai/English headers and a mapping file, codes, names,
   years, numbers, yes/no, national IDs;
3. **validate** (``data.validate``) chunk by chunk; national IDs become keyed hashes here, so a
   raw ID never reaches the store, a log or a report;
4. **store**: the valid rows wait in a temporary staging table (in memory when the file fits
   in one chunk) and one transaction moves them into the store. A crash or kill at any moment
   leaves the store exactly as before or exactly as after.

Modes: ``strict`` (default) writes nothing if any row is invalid; ``accept_valid`` writes the
valid rows and lists every invalid one in the rejects file. Importing the same file again
changes nothing; a corrected file replaces those records and keeps the previous versions in
history.

Every run writes three files to ``report_dir`` (nothing is dropped without a line in them):

* ``import-<id>-report.csv``: every error and warning (severity, file, line, column, value,
  reason): rejected rows, unknown columns left out, title rows above the header, other sheets;
* ``import-<id>-rejected.csv``: the errors that kept rows (or the file) out of the store;
* ``import-<id>-summary.txt``: the short summary the command line prints.

Values in reports are shown safely: national IDs hidden, long text cut, cells that start like
a spreadsheet formula defused by ``data.export`` (the one rule for every export).

Example:
    >>> _report_row(Problem("f.csv", 3, "hh_id", '=HYPERLINK("http://x")', "bad"))
    ['f.csv', 3, 'hh_id', '\\'=HYPERLINK("http://x")', 'bad']
"""

from __future__ import annotations

import collections
import concurrent.futures
import concurrent.futures.process
import contextlib
import csv
import hashlib
import os
import queue
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from data import export, store
from data.columns import MappingError, TableKind
from data.import_chunk import validate_table
from data.messages import Text, cut, join, msg, word
from data.normalize import ColumnReport, normalize_table
from data.problems import Problem, safe_text
from data.readers import DEFAULT_CHUNK, RawTable, ReadError, delimiter_word, iter_chunks
from data.validate import Validation

IMPORT_STEPS = ("read", "validate", "store")
Mode = Literal["strict", "accept_valid"]
#: problems kept in memory for messages and the data page (all of them go to the report files)
KEEP_PROBLEMS = 500

RowsProgress = Callable[[int, int | None], None]
#: files larger than this start their worker processes before the first chunk is read
EARLY_WORKERS_BYTES = 32 * 1024 * 1024
#: seconds the worker processes get to exit once their sockets close (then they are killed)
POOL_EXIT_TIMEOUT_S = 10.0


class ImportFailed(Exception):
    """The file was not imported; ``problems`` says why and ``report`` where the full list is.

    ``result`` (when the run got that far) has the counts and every report path.
    """

    def __init__(
        self,
        message: str,
        problems: list[Problem],
        report: Path | None,
        result: ImportResult | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.problems = problems
        self.report = report
        self.result = result

    def __str__(self) -> str:
        return self.message  # a Text: the app renders it in the page's language


@dataclass(frozen=True)
class ReadOptions:
    """How to read a file; every field is detected when left ``None``."""

    encoding: str | None = None
    sheet: str | int | None = None
    mapping: Mapping[str, str | None] | str | Path | None = None
    delimiter: str | None = None


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, for a dry run, would do).

    ``rows`` is the number of valid rows stored; ``counts`` splits them into new, replaced
    (previous version kept in history) and unchanged.
    """

    import_id: str
    rows: int
    members: int
    counts: store.LoadCounts
    rows_in_file: int = 0
    rejected_rows: int = 0
    members_in_file: int = 0
    rejected_members: int = 0
    report: Path | None = None
    rejected: Path | None = None
    summary_file: Path | None = None
    summary: str = ""
    read_as: str = ""
    dry_run: bool = False
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    column_report: ColumnReport | None = None
    kind: str = "households"
    file_error: bool = False  # the whole file was refused (unreadable, columns missing, ...)


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


# --- reports ------------------------------------------------------------------------------------


class Reports:
    """The run's report files, written as problems arrive (never all held in memory)."""

    HEADER = ("severity", "file", "line", "column", "value", "reason")

    def __init__(self, report_dir: Path, import_id: str):
        report_dir.mkdir(parents=True, exist_ok=True)
        self.report_path = report_dir / f"import-{import_id}-report.csv"
        self.rejected_path = report_dir / f"import-{import_id}-rejected.csv"
        self.summary_path = report_dir / f"import-{import_id}-summary.txt"
        self._files = {}
        self._writers = {}
        self.errors = 0
        self.warnings = 0
        self.by_reason: Counter[tuple[str, str]] = Counter()
        self.first_errors: list[Problem] = []
        self.first_warnings: list[Problem] = []
        self.file_level = False  # an error about the whole file (not one row)

    def _writer(self, which: str):
        if which not in self._writers:
            path = self.report_path if which == "report" else self.rejected_path
            fh = path.with_suffix(".tmp").open("w", newline="", encoding="utf-8-sig")
            writer = csv.writer(fh)
            writer.writerow(self.HEADER if which == "report" else self.HEADER[1:])
            self._files[which], self._writers[which] = fh, writer
        return self._writers[which]

    def error(self, problems: list[Problem], *, file_level: bool = False) -> None:
        for p in problems:
            row = _report_row(p)
            self._writer("report").writerow(["error", *row])
            self._writer("rejected").writerow(row)
            self.by_reason[(p.column, _reason_kind(p.reason))] += 1
            if len(self.first_errors) < KEEP_PROBLEMS:
                self.first_errors.append(p)
        self.errors += len(problems)
        self.file_level = self.file_level or (file_level and bool(problems))

    def warning(self, problems: list[Problem]) -> None:
        for p in problems:
            self._writer("report").writerow(["warning", *_report_row(p)])
            if len(self.first_warnings) < KEEP_PROBLEMS:
                self.first_warnings.append(p)
        self.warnings += len(problems)

    def close(self, summary: str) -> tuple[Path, Path | None, Path]:
        """Finish the files (the report exists even when empty); returns their paths."""
        self._writer("report")
        for which, fh in self._files.items():
            fh.close()
            path = self.report_path if which == "report" else self.rejected_path
            os.replace(path.with_suffix(".tmp"), path)
        self._files.clear()
        tmp = self.summary_path.with_suffix(".tmp")
        tmp.write_text(summary + "\n", encoding="utf-8")
        os.replace(tmp, self.summary_path)
        rejected = self.rejected_path if self.errors else None
        return self.report_path, rejected, self.summary_path

    def abandon(self) -> None:
        for fh in self._files.values():
            fh.close()
        self._files.clear()


def _report_row(p: Problem) -> list[object]:
    """One report line, every text cell defused (:func:`data.export.defuse_cell`)."""
    cells = (str(p.file), p.line, str(p.column), safe_text(p.value), str(p.reason))
    return [export.defuse_cell(c) for c in cells]


def _reason_kind(reason: str) -> str:
    """A reason without the parts that differ per row (for the summary's counts)."""
    reason = _without_detail(reason)
    return reason if len(reason) <= 160 else cut(reason, 160)


def _without_detail(reason: str) -> str:
    """A duplicate's reason without the line kept and the columns that differ."""
    if not isinstance(reason, Text):
        return reason
    if reason.code == "column":
        inner = _without_detail(reason.params["inner"])  # type: ignore[arg-type]
        return (
            reason
            if inner is reason.params["inner"]
            else msg("column", **{**reason.params, "inner": inner})
        )
    if reason.code in ("dup.other_values", "dup.same_values"):
        return msg(reason.code, what=reason.params["what"], kept="")
    if reason.code == "dup.rejected_too":
        return msg("dup.rejected_too_kind", what=reason.params["what"])
    return reason


# --- the same key twice in a file -----------------------------------------------------------------

#: the validator's reason for a key it saw earlier in the same chunk
_VALIDATOR_EARLIER = {
    kind: f"validate.earlier.{kind}" for kind in ("households", "members", "registry")
}


def duplicate_reason(
    kind: str, first_line: int, differs: list[str], *, first_rejected: bool = False
) -> str:
    """Why a row whose key (household and round, person, ...) is on an earlier line too is
    rejected, naming the line that is kept and the columns whose values differ.

    >>> duplicate_reason("households", 4, ["members", "lat"])
    'same household and round as an earlier line, with other values: the earlier row is kept, this one rejected (kept: line 4; differs in: members, lat)'
    >>> duplicate_reason("households", 1200, [])
    'same household and round as an earlier line, with the same values: the earlier row is kept, this one rejected (kept: line 1,200)'
    """
    what = msg(f"dup.what.{kind}")
    line = f"{first_line:,}"
    if first_rejected:
        return msg("dup.rejected_too", what=what, line=line)
    if differs:
        kept = msg("dup.kept_differs", line=line, columns=", ".join(differs))
        return msg("dup.other_values", what=what, kept=kept)
    return msg("dup.same_values", what=what, kept=msg("dup.kept", line=line))


def _innermost(reason: str) -> str:
    """The code of the reason inside any ``column 'header': …`` prefix."""
    while isinstance(reason, Text) and reason.code == "column":
        reason = reason.params["inner"]  # type: ignore[assignment]
    return reason.code if isinstance(reason, Text) else ""


def _replace_innermost(reason: str, new: Text) -> Text:
    if isinstance(reason, Text) and reason.code == "column":
        inner = _replace_innermost(reason.params["inner"], new)  # type: ignore[arg-type]
        return msg("column", **{**reason.params, "inner": inner})
    return new


def _file_keys(kind: str) -> tuple[str, ...]:
    return {"households": HOUSEHOLD_KEYS, "members": MEMBER_KEYS, "registry": REGISTRY_KEYS}[kind]


def _differing(later: pd.DataFrame, earlier: pd.DataFrame, skip: set[str]) -> list[list[str]]:
    """For each row pair (same position), the columns whose values differ (missing = missing)."""
    later, earlier = later.reset_index(drop=True), earlier.reset_index(drop=True)
    out: list[list[str]] = [[] for _ in range(len(later))]
    for column in later.columns:
        if column in skip:
            continue
        a, b = later[column], earlier[column]
        both = (a.notna() & b.notna()).to_numpy(bool)
        differ = (a.isna() != b.isna()).to_numpy(bool)
        if both.any():
            differ = differ | (both & (a.where(both) != b.where(both)).fillna(False).to_numpy(bool))
        for i in np.flatnonzero(differ):
            out[i].append(str(column))
    return out


def _explain_duplicates(kind: str, validation: Validation, lines: np.ndarray) -> None:
    """The validator's "appears earlier" problems of one chunk, with the line that is kept
    and what differs (:func:`duplicate_reason`)."""
    earlier = _VALIDATOR_EARLIER[kind]
    problems = validation.problems
    marked = [k for k, p in enumerate(problems) if _innermost(p.reason) == earlier]
    frame = validation.frame
    keys = [k for k in _file_keys(kind) if k in frame]
    if not marked or not keys or len(frame) != len(lines):
        return
    # a row with a missing key is in no group (NaN: the numbers are floats), so its own first
    group = frame.groupby(keys, sort=False, dropna=True).ngroup().to_numpy()
    rows = pd.Series(np.arange(len(frame)))
    first = rows.groupby(group).transform("min").fillna(rows).to_numpy(np.int64)
    lines = np.asarray(lines, np.int64)
    at = np.searchsorted(lines, [problems[k].line for k in marked])
    firsts = first[at]
    rejected = {p.line for k, p in enumerate(problems) if k not in set(marked)}
    differs = _differing(frame.iloc[at], frame.iloc[firsts], set(keys))
    for k, j, columns in zip(marked, firsts, differs, strict=True):
        p = problems[k]
        line = int(lines[j])
        why = duplicate_reason(kind, line, columns, first_rejected=line in rejected)
        problems[k] = Problem(p.file, p.line, p.column, p.value, _replace_innermost(p.reason, why))


REPORT_COLUMNS = ("file", "line", "column", "value", "reason")


def report_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as the rows of a report (for a download: ``data.export`` writes it)."""
    return pd.DataFrame([_report_row(p) for p in problems], columns=list(REPORT_COLUMNS))


def write_report(problems: list[Problem], path: Path) -> Path:
    """Write problems as CSV through :func:`data.export.csv_bytes` (UTF-8 with BOM for Excel;
    cells that start like a formula are defused)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(export.csv_bytes(report_frame(problems)))
    os.replace(tmp, path)
    return path


def summarise(problems: list[Problem], file_name: str, rows: int, shown: int = 10) -> str:
    """A short text: how many problems in how many rows, the commonest reasons, the first ones."""
    lines = sorted({p.line for p in problems if p.line > 1})
    by_reason = Counter((p.column, p.reason) for p in problems)
    counts = _counts(len(problems), len(lines), rows)
    inhead = msg("summary.in_header") if any(p.line == 1 for p in problems) else ""
    out: list[object] = [
        msg("summary.nothing_imported", file=file_name, counts=counts, also="", inhead=inhead)
    ]
    out += _count_lines(by_reason.most_common(shown))
    out.append(msg("summary.first_problems"))
    out += [msg("summary.first_problem", problem=p.line_text()) for p in problems[:shown]]
    return join("\n", out)


def _counts(n: int, rows: int, total: int) -> Text:
    return msg("summary.counts", n=f"{n:,}", rows=f"{rows:,}", total=f"{total:,}")


def _count_lines(counted: list[tuple[tuple[str, str], int]]) -> list[Text]:
    """``  12 × members: not a number``: how often each reason occurs, by column."""
    return [
        msg(
            "summary.count_line",
            n=f"{n:>7,}",
            column=column or msg("summary.whole_file"),
            reason=reason,
        )
        for (column, reason), n in counted
    ]


# --- staging ------------------------------------------------------------------------------------


def _register(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    """``con.register``, after finishing any result the caller left half-read (DuckDB >= 2
    refuses to register while one is pending)."""
    con.complete()
    con.register(name, frame)


def _unregister(con: duckdb.DuckDBPyConnection, name: str) -> None:
    con.complete()
    with contextlib.suppress(duckdb.Error):  # not registered
        con.unregister(name)


class _Stage:
    """Valid rows of one file: a DataFrame while they fit in one chunk, then Parquet files
    (one per chunk, written by whichever process checked it) read through a temp view.

    The files live in a private temporary folder that :meth:`close` removes; they hold checked
    rows only (national IDs already hashed). Rows dropped later (duplicates across chunks,
    orphan members) are listed in a temp table the view leaves out.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, name: str):
        self.con = con
        self.name = name
        self.frame: pd.DataFrame | None = None
        self.table: str | None = None
        self.rows = 0
        self.files: list[Path] = []
        self._folder: Path | None = None
        self._numbered = 0

    @property
    def in_memory(self) -> bool:
        return self.table is None

    def next_file(self) -> Path:
        """A new file name for a chunk's rows (a worker process may write it)."""
        if self._folder is None:
            _sweep_stale_stages()
            prefix = f"{STAGE_PREFIX}{os.getpid()}-{self.name}-"
            self._folder = Path(tempfile.mkdtemp(prefix=prefix))
        self._numbered += 1
        return self._folder / f"chunk-{self._numbered:06d}.parquet"

    def add(self, frame: pd.DataFrame, record_hash: np.ndarray | None = None) -> None:
        """Stage ``frame`` (valid rows with ``_line``); ``record_hash``: its rows' hashes
        (:meth:`hashes`) when already computed."""
        if not len(frame):
            return
        if self.table is None and self.frame is None:
            self.rows += len(frame)
            self.frame = frame.reset_index(drop=True)
            return
        path = self.next_file()
        self.add_file(path, write_stage_file(frame, record_hash, path))

    def add_file(self, path: Path, rows: int) -> None:
        """Stage a chunk file :func:`write_stage_file` wrote (``rows`` rows)."""
        if self.frame is not None:  # the first chunk joins the files
            first, self.frame = self.frame, None
            held = self.next_file()
            write_stage_file(first, None, held)
            self.files.append(held)
        if rows:
            self.files.append(path)
            self.rows += rows
        self._view()

    def _view(self) -> None:
        if not self.files:
            return
        self.table = f"_stage_{self.name}"
        self.con.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {self.table}_dropped (_line BIGINT PRIMARY KEY)"
        )
        files = ", ".join(f"'{f}'" for f in self.files)
        self.con.execute(
            f"""CREATE OR REPLACE TEMP VIEW {self.table} AS
                SELECT * FROM read_parquet([{files}], union_by_name = true)
                WHERE _line NOT IN (SELECT _line FROM {self.table}_dropped)"""
        )

    @staticmethod
    def hashes(frame: pd.DataFrame) -> np.ndarray:
        """Each row's :func:`store.record_hash` (``_line`` is not part of it)."""
        return store.record_hash(frame)

    @classmethod
    def _hashed(cls, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with its ``record_hash`` column."""
        return frame.assign(record_hash=cls.hashes(frame))

    def relation(self) -> str:
        """A name to query the rows by (a registered view while they are in memory)."""
        if self.table is not None:
            return self.table
        view = f"_mem_{self.name}"
        frame = pd.DataFrame({"_line": []}) if self.frame is None else self._hashed(self.frame)
        _register(self.con, view, frame)
        return view

    def drop_lines(self, lines: list[int]) -> None:
        if not lines:
            return
        if self.table is not None:
            frame = pd.DataFrame({"_line": np.asarray(sorted(set(lines)), np.int64)})
            _register(self.con, "_drop_lines", frame)
            try:
                self.con.execute(
                    f"INSERT OR IGNORE INTO {self.table}_dropped SELECT _line FROM _drop_lines"
                )
            finally:
                _unregister(self.con, "_drop_lines")
        elif self.frame is not None:
            self.frame = self.frame[~self.frame["_line"].isin(lines)].reset_index(drop=True)
        self.rows -= len(lines)

    def close(self) -> None:
        if self.table is not None:
            self.con.execute(f"DROP VIEW IF EXISTS {self.table}")
            self.con.execute(f"DROP TABLE IF EXISTS {self.table}_dropped")
        _unregister(self.con, f"_mem_{self.name}")
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)


STAGE_PREFIX = "povmap-stage-"


def _sweep_stale_stages() -> None:
    """Remove staging folders left by imports that were killed (their process is gone)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{STAGE_PREFIX}*"):
        pid = folder.name[len(STAGE_PREFIX) :].split("-", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # alive, or not ours to signal
            continue


def write_stage_file(frame: pd.DataFrame, record_hash: np.ndarray | None, path: Path) -> int:
    """Write checked rows (with ``_line``) and their ``record_hash`` as Parquet; the row count."""
    hashes = _Stage.hashes(frame) if record_hash is None else record_hash
    table = pa.Table.from_pandas(frame.assign(record_hash=hashes), preserve_index=False)
    pq.write_table(table, path, compression="lz4")
    return table.num_rows


# --- one file ---------------------------------------------------------------------------------------


@dataclass
class _Prepared:
    """One chunk normalised and validated: what :meth:`_FileRun._accept` needs of it."""

    validation: Validation
    line_numbers: np.ndarray
    column_report: ColumnReport
    warnings: list[Problem]
    record_hash: np.ndarray  # of each row of validation.frame with the constant columns
    staged: tuple[Path, int] | None = None  # valid rows already written there (and how many)


def _prepare_chunk(
    raw: RawTable,
    mapping: Mapping[str, str | None] | str | Path | None,
    kind: TableKind,
    id_key: bytes,
    extra: Mapping[str, object],
    stage_file: Path | None = None,
) -> _Prepared:
    """Normalise and validate one chunk, add the constant columns ``extra`` and hash the
    rows (pure: runs in a worker process on large files). With ``stage_file`` the valid rows
    are written there (:func:`write_stage_file`) instead of being handed back."""
    table = normalize_table(raw, mapping, kind=kind)
    warnings = _warnings(raw, table.column_report, table.notes)
    validation = validate_table(table, id_key)
    for name, value in extra.items():
        validation.frame[name] = value
    _explain_duplicates(kind, validation, table.line_numbers)
    hashes = _Stage.hashes(validation.frame)
    prepared = _Prepared(validation, table.line_numbers, table.column_report, warnings, hashes)
    if stage_file is not None:
        lines = table.line_numbers
        bad = np.isin(lines, sorted({p.line for p in validation.problems}))
        frame = validation.frame.assign(_line=lines)[~bad]
        prepared.staged = (stage_file, write_stage_file(frame, hashes[~bad], stage_file))
        validation.frame = validation.frame.iloc[:0]
        prepared.record_hash = hashes[:0]
    return prepared


def import_workers(configured: int | None = None) -> int:
    """Worker processes for a large import: ``configured`` if positive, else one per core
    (at most 4; 1 means none: everything in this process)."""
    if configured and configured > 0:
        return configured
    return max(1, min(4, os.cpu_count() or 1))


class _Pipeline:
    """Chunks checked in worker processes, results handed back in the order submitted.

    Nothing starts until :meth:`start` (a small file never pays for processes). At most
    ``ahead`` chunks wait at a time, so memory stays bounded by a few chunks. Workers only
    compute: the store is written by the importing process alone, so killing an import at
    any moment still leaves the store as before (the workers exit when their parent does).
    If the workers cannot run (a broken pool), the chunks are checked in this process. The
    workers have exited when the ``with`` block ends.
    """

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: _WorkerPool | None = None
        self._failed = False
        self._pending: collections.deque = collections.deque()

    @property
    def parallel(self) -> bool:
        """True while worker processes run (they then write the staged rows themselves)."""
        return self._pool is not None

    @property
    def ahead(self) -> int:
        """Chunks that may wait unfinished (none when everything runs in this process)."""
        return 2 * self.workers if self.parallel else 0

    def start(self) -> None:
        """Start the workers (they load in the background while this process reads on)."""
        if self.workers > 1 and self._pool is None and not self._failed:
            try:
                self._pool = _start_pool(self.workers)
            except (OSError, subprocess.SubprocessError):
                self._failed = True  # no processes here: check in this process

    def submit(self, shape, fn, *args) -> None:
        future: concurrent.futures.Future | None = None
        if self._pool is not None:
            try:
                future = self._pool.submit(fn, *args)
            except concurrent.futures.process.BrokenProcessPool:
                self._stop()  # the workers died: the rest is checked here
        if future is None:
            future = concurrent.futures.Future()
            future.set_result(fn(*args))
        self._pending.append((shape, future, fn, args))

    def results(self, until: int) -> Iterator[tuple[tuple[int, int, bool], _Prepared]]:
        while len(self._pending) > until:
            shape, future, fn, args = self._pending.popleft()
            try:
                result = future.result()
            except (
                concurrent.futures.process.BrokenProcessPool,
                concurrent.futures.CancelledError,
            ):
                self._stop()  # the workers died (or were stopped when one did): check it here
                result = fn(*args)
            yield shape, result

    def _stop(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            self._failed = True
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> _Pipeline:
        return self

    def __exit__(self, *exc) -> None:
        for _shape, future, _fn, _args in self._pending:
            future.cancel()
        self._pending.clear()
        self._stop()


class _WorkerPool:
    """``workers`` processes that check chunks, with futures like a ``ProcessPoolExecutor``'s.

    They are started from their own entry module (:mod:`data.import_worker`), never from this
    program's main script, so nothing in this process is swapped or hidden while they start (a
    Streamlit page or a test runner may be ``__main__``). One process loads the import modules
    and forks the workers; each worker is fed through its own socket by a thread here, which
    sends a chunk, waits for the answer and takes the next. The pool belongs to one import:
    :meth:`shutdown` ends every process it started before it returns.
    """

    def __init__(self, workers: int):
        from multiprocessing.connection import Connection

        conns: list = []
        theirs: list[socket.socket] = []
        try:
            for _ in range(workers):
                mine, other = socket.socketpair()
                conns.append(Connection(mine.detach()))
                theirs.append(other)
            root = str(Path(__file__).resolve().parent.parent)
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
            fds = [s.fileno() for s in theirs]
            self._process = subprocess.Popen(
                [sys.executable, "-P", "-m", "data.import_worker", *map(str, fds)],
                pass_fds=fds,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                start_new_session=True,  # its own process group (stopped as one), no Ctrl-C
            )
        except BaseException:
            for conn in conns:
                conn.close()
            raise
        finally:
            for s in theirs:
                s.close()
        self._conns = conns
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._broken: str | None = None
        self._closed = False
        self._busy = 0
        self._threads = [
            threading.Thread(target=self._feed, args=(c,), name="povmap-import-worker", daemon=True)
            for c in conns
        ]
        for thread in self._threads:
            thread.start()

    @property
    def pid(self) -> int:
        """The process that forks the workers (their parent)."""
        return self._process.pid

    def submit(self, fn: Callable, *args) -> concurrent.futures.Future:
        future: concurrent.futures.Future = concurrent.futures.Future()
        with self._lock:
            if self._broken:
                raise concurrent.futures.process.BrokenProcessPool(self._broken)
            if self._closed:
                raise RuntimeError("the import workers were shut down")
            self._tasks.put((future, fn, args))
        return future

    def _feed(self, conn) -> None:
        """One worker's thread: its chunks, one at a time, until the pool stops or it dies.
        Nothing is sent before the worker is up (a chunk waiting in a socket is a copy)."""
        try:
            conn.recv()  # the worker's process id, once it has started
        except (OSError, EOFError) as exc:
            self._break(f"an import worker did not start ({exc!r})")
            return
        while True:
            task = self._tasks.get()
            if task is None or not self._run(conn, *task):
                return
            del task  # a chunk held here while waiting would double the memory it takes

    def _run(self, conn, future: concurrent.futures.Future, fn: Callable, args: tuple) -> bool:
        """Send one call, set its future from the answer; False once the worker is gone."""
        if not future.set_running_or_notify_cancel():
            return True
        with self._lock:
            self._busy += 1
        try:
            conn.send((fn, args))
            ok, value = conn.recv()
        except (OSError, EOFError) as exc:  # the worker is gone (or was stopped)
            future.set_exception(self._break(f"an import worker stopped ({exc!r})"))
            return False
        except Exception as exc:  # arguments or an answer that cannot be pickled
            future.set_exception(exc)
            return True
        finally:
            with self._lock:
                self._busy -= 1
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)
        return True

    def _break(self, why: str) -> concurrent.futures.process.BrokenProcessPool:
        """No more chunks for these workers: the waiting ones fail (and are checked here)."""
        with self._lock:
            self._broken = self._broken or why
            waiting = self._drain()
        error = concurrent.futures.process.BrokenProcessPool(self._broken)
        for future in waiting:
            future.set_exception(error)
        return error

    def _drain(self) -> list[concurrent.futures.Future]:
        waiting = []
        with contextlib.suppress(queue.Empty):
            while True:
                task = self._tasks.get_nowait()
                if task is not None:
                    waiting.append(task[0])
        return waiting

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop the workers and wait until every process of the pool has exited.

        With ``cancel_futures`` the chunks not started are cancelled and a chunk being checked
        is abandoned (its worker is killed); else they are all checked first.
        """
        with self._lock:
            self._closed = True
            waiting = self._drain() if cancel_futures else []
            abandon = cancel_futures and self._busy > 0
        for future in waiting:
            future.cancel()
        if abandon:
            self._kill()
        for _ in self._threads:
            self._tasks.put(None)
        for thread in self._threads:
            thread.join()
        for conn in self._conns:
            conn.close()  # each worker sees its socket close and exits
        try:
            self._process.wait(timeout=POOL_EXIT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._kill()
            self._process.wait()

    def _kill(self) -> None:
        if self._process.poll() is None:  # not yet reaped: its process group is still ours
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._process.pid, signal.SIGKILL)


def _start_pool(workers: int) -> _WorkerPool:
    """The worker processes of one import (see :class:`_WorkerPool`)."""
    return _WorkerPool(workers)


@dataclass
class _FileRun:
    """Reading, normalising and validating one file into a stage."""

    path: Path
    kind: TableKind
    options: ReadOptions
    id_key: bytes
    mode: Mode
    chunksize: int | None
    reports: Reports
    stage: _Stage
    keys: tuple[str, ...]
    extra: dict[str, object] = field(default_factory=dict)  # constant columns (snapshot_be)
    on_rows: RowsProgress = lambda _done, _total: None
    on_first: Callable[[], None] = lambda: None
    rows_in_file: int = 0
    rejected_rows: int = 0
    read_as: str = ""
    column_report: ColumnReport | None = None
    readable: bool = True
    workers: int = 1
    errors: int = 0  # problems of this file that keep rows (or the file) out
    unmatched: bool = False  # members: not one valid row has its household in the household file

    @property
    def name(self) -> str:
        return self.path.name

    def run(self) -> None:
        """Read every chunk; errors and warnings go to the reports, valid rows to the stage.

        On a file of several chunks the chunks are normalised and validated by ``workers``
        processes while this one reads ahead; results are taken in the file's order (the
        first chunk decides whether the file can be read at all).
        """
        total: int | None = None
        first = True
        chunks = self._chunks()
        with _Pipeline(self.workers) as pipeline:
            if self.chunksize and _size(self.path) > EARLY_WORKERS_BYTES:
                pipeline.start()  # surely several chunks: boot the workers while reading
            while True:
                try:
                    raw = next(chunks)
                except StopIteration:
                    break
                except ReadError as exc:
                    if not self._drain(pipeline, total, until=0):
                        return
                    self._read_error(exc)
                    return
                except MappingError as exc:
                    self.reports.error([Problem(self.name, 1, "", "", str(exc))], file_level=True)
                    self.readable = False
                    return
                shape = (raw.header_row, len(raw), first)
                if first:
                    total = _estimate_rows(self.path, raw)
                    self.read_as = describe_read(raw)
                    self.on_first()
                    if self.chunksize and len(raw) >= self.chunksize and (total or 0) > len(raw):
                        pipeline.start()
                    first = False
                pipeline.submit(
                    shape,
                    _prepare_chunk,
                    raw,
                    self.options.mapping,
                    self.kind,
                    self.id_key,
                    self.extra,
                    self.stage.next_file() if pipeline.parallel else None,
                )
                del raw
                if not self._drain(pipeline, total, until=pipeline.ahead):
                    return
            if not self._drain(pipeline, total, until=0):
                return
        if self.rows_in_file == 0 and self.readable:
            self.reports.error(
                [Problem(self.name, 1, "", "", msg("import.no_rows"))],
                file_level=True,
            )
            self.readable = False
            return
        self._duplicates_across_chunks()

    def _drain(self, pipeline: _Pipeline, total: int | None, until: int) -> bool:
        """Take finished chunks, oldest first, until ``until`` remain; False if one failed."""
        for (header_row, rows, first), prepared in pipeline.results(until):
            if not self._accept((header_row, rows), prepared, first=first):
                self.readable = False
                return False
            self.on_rows(self.rows_in_file, total)
        return True

    def _chunks(self) -> Iterator[RawTable]:
        o = self.options
        return iter_chunks(
            self.path,
            self.chunksize,
            encoding=o.encoding,
            sheet=o.sheet,
            delimiter=o.delimiter,
            user_mapping=o.mapping,
        )

    def _read_error(self, exc: ReadError) -> None:
        if self.rows_in_file and self.mode == "accept_valid":
            # a damaged tail (truncated file): the rows before it were read and checked
            p = Problem(
                self.name,
                exc.line or 1,
                "",
                "",
                msg("import.rest_not_read", inner=exc.message),
            )
            self.reports.error([p])
            self.rejected_rows += 1
            return
        self.reports.error([exc.problem()], file_level=True)
        self.readable = False

    def _accept(self, shape: tuple[int, int], prepared: _Prepared, *, first: bool) -> bool:
        """Report one checked chunk and stage its valid rows; False if the file cannot be
        imported at all. ``shape`` is (header line, rows) of the chunk as read."""
        header_row, n = shape
        validation = prepared.validation
        if first:
            self.column_report = prepared.column_report
            self.reports.warning(prepared.warnings)
        header = [p for p in validation.problems if p.line == header_row]
        if header:
            if first:
                self.reports.error(header, file_level=True)
            return False
        self.rows_in_file += n
        bad_lines = sorted({p.line for p in validation.problems})
        self.reports.error(validation.problems)
        lines = prepared.line_numbers
        bad = np.isin(lines, bad_lines) if bad_lines else np.zeros(n, bool)
        self.rejected_rows += int(bad.sum())
        if self.mode == "strict" and self.reports.errors:
            return True  # keep checking the rest of the file, but nothing will be stored
        if prepared.staged is not None:
            self.stage.add_file(*prepared.staged)
            return True
        typed = validation.frame
        typed["_line"] = lines
        self.stage.add(typed[~bad], prepared.record_hash[~bad])
        return True

    def _duplicates_across_chunks(self) -> None:
        """The same key twice in one file, in different chunks (one chunk: the validator)."""
        if self.stage.in_memory or not self.keys:
            return
        keys = ", ".join(self.keys)
        table = self.stage.table
        pairs = self.con.execute(
            f"""SELECT _line, first_line FROM (
                  SELECT _line, min(_line) OVER (PARTITION BY {keys}) AS first_line
                  FROM {table}) WHERE _line > first_line ORDER BY _line"""
        ).df()
        if not len(pairs):
            return
        column = {"households": "hh_id", "members": "person_no", "registry": "national_id"}[
            self.kind
        ]
        shown = "NULL" if self.kind == "registry" else f"d.{column}"
        skip = {"_line", "record_hash", *self.keys}
        differs = ", ".join(
            f'CASE WHEN d."{c}" IS DISTINCT FROM f."{c}" THEN \'{c}\' END'
            for c in _columns_of(self.con, table)
            if c not in skip
        )
        _register(self.con, "_duplicate_pairs", pairs)
        try:
            rows = self.con.execute(
                f"""SELECT p._line, p.first_line, {shown},
                           list_filter([{differs}], lambda x: x IS NOT NULL)
                    FROM _duplicate_pairs p JOIN {table} d ON d._line = p._line
                    JOIN {table} f ON f._line = p.first_line ORDER BY p._line"""
            ).fetchall()
        finally:
            _unregister(self.con, "_duplicate_pairs")
        problems = [
            Problem(
                self.name,
                int(line),
                column,
                "" if value is None else str(value),
                duplicate_reason(self.kind, int(first), list(columns)),
            )
            for line, first, value, columns in rows
        ]
        self.reports.error(problems)
        self.rejected_rows += len(problems)
        self.stage.drop_lines([p.line for p in problems])

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        return self.stage.con


def _size(path: Path) -> int:
    """Bytes in ``path``; 0 when it cannot be read (the reader then says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _warnings(raw: RawTable, report: ColumnReport, notes: list[str]) -> list[Problem]:
    """What the import leaves out or changes without it being an error: one line each."""
    name, line = raw.source, raw.header_row
    out = [
        Problem(name, line, header, "", msg("import.unknown_column")) for header in report.unknown
    ]
    out += [
        Problem(name, line, header, "", msg("import.column_left_out", inner=why))
        for header, why in report.ignored
    ]
    if raw.rows_above_header:
        out.append(
            Problem(
                name,
                line,
                "",
                "",
                msg("import.rows_above_header", n=raw.rows_above_header),
            )
        )
    others = [s for s in raw.sheets if s != raw.sheet]
    if others:
        out.append(
            Problem(
                name,
                1,
                "",
                "",
                msg("import.other_sheets", sheet=repr(raw.sheet), others=", ".join(others)),
            )
        )
    out += [Problem(name, line, "", "", note) for note in notes]
    return out


ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "cp874": "TIS-620/cp874 (Thai Windows, not UTF-8)",
    "tis-620": "TIS-620 (not UTF-8)",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 LE",
}
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def describe_read(raw: RawTable) -> str:
    """How a file was read, in one line: format, encoding, delimiter, sheet, header row.

    >>> import numpy as np, pandas as pd
    >>> describe_read(RawTable(pd.DataFrame(), "a.csv", np.zeros(0), "cp874", 3, delimiter=";"))
    'CSV, encoding TIS-620/cp874 (Thai Windows, not UTF-8), delimiter semicolon, header on line 3'
    """
    if raw.format == "xlsx":
        return msg("read_as.excel", sheet=repr(raw.sheet), line=raw.header_row)
    if raw.format == "parquet":
        return msg("read_as.parquet")
    key = (raw.encoding or "").lower()
    enc = word(f"word.encoding.{key}", ENCODING_NAMES.get(key, raw.encoding or "?"))
    delim = delimiter_word(raw.delimiter or ",")
    return msg("read_as.csv", enc=enc, delim=delim, line=raw.header_row)


def _estimate_rows(path: Path, raw: RawTable) -> int | None:
    """Rows in the file, for a progress bar: exact for Parquet, line count for CSV."""
    try:
        if raw.format == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
        if raw.format == "csv":
            lines = 0
            last = b"\n"
            with path.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 22), b""):
                    lines += block.count(b"\n")
                    last = block[-1:]
            lines += last != b"\n"
            return max(lines - raw.header_row, 0)
    except OSError:
        return None
    return None


# --- households -------------------------------------------------------------------------------------

HOUSEHOLD_KEYS = store.HOUSEHOLD_KEYS
MEMBER_KEYS = ("hh_id", "round_be", "person_no")


def import_households(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    members_path: Path | None = None,
    report_dir: Path,
    id_key: bytes,
    progress: Callable[[str], None] = lambda _step: None,
    options: ReadOptions = ReadOptions(),
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
    households = _Stage(con, f"households_{import_id}")
    members_stage = _Stage(con, f"members_{import_id}")
    sha256 = file_sha256_later(path)
    try:
        progress("read")
        run = _FileRun(
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
            mrun = _FileRun(
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
            _fail(reports, import_id, path.name, run, result_args, mrun)
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
        return _finish(
            reports,
            import_id,
            path.name,
            counts,
            households.rows,
            members_stage.rows,
            dry_run=dry_run,
            notes=_member_notes(run, mrun),
            **result_args,
        )
    except BaseException:
        reports.abandon()
        raise
    finally:
        households.close()
        members_stage.close()


def _member_orphans(mrun: _FileRun, households: _Stage) -> None:
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
    households: _Stage,
    members: _Stage | None,
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


def _columns_of(con, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]


# --- the welfare registry ---------------------------------------------------------------------------

REGISTRY_KEYS = ("id_hash", "snapshot_be")


def import_registry(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    snapshot_be: int,
    report_dir: Path,
    id_key: bytes,
    progress: Callable[[str], None] = lambda _step: None,
    options: ReadOptions = ReadOptions(),
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
    stage = _Stage(con, f"registry_{import_id}")
    sha256 = file_sha256_later(path)
    try:
        progress("read")
        run = _FileRun(
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
            _fail(reports, import_id, path.name, run, result_args)
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
        return _finish(
            reports, import_id, path.name, counts, stage.rows, 0, dry_run=dry_run, **result_args
        )
    except BaseException:
        reports.abandon()
        raise
    finally:
        stage.close()


# --- the end of a run -------------------------------------------------------------------------------


def _fail(
    reports: Reports,
    import_id: str,
    file_name: str,
    run: _FileRun,
    result_args,
    mrun: _FileRun | None = None,
) -> None:
    summary = _failure_summary(reports, file_name, run, mrun)
    report, rejected, summary_file = reports.close(summary)
    result = ImportResult(
        import_id,
        0,
        0,
        store.LoadCounts(0, 0, 0),
        report=report,
        rejected=rejected,
        summary_file=summary_file,
        summary=summary,
        problems=tuple(reports.first_errors),
        warnings=tuple(reports.first_warnings),
        file_error=reports.file_level,
        **result_args,
    )
    raise ImportFailed(summary, list(reports.first_errors), rejected or report, result)


def _failure_summary(
    reports: Reports, file_name: str, run: _FileRun, mrun: _FileRun | None = None, shown: int = 10
) -> str:
    """What the command line prints (and the data page shows) when nothing was stored. The
    first line names the file at fault: the member file when only it has problems."""
    members_fault = mrun is not None and (not mrun.readable or (mrun.errors and not run.errors))
    at_fault = mrun if members_fault else run
    out: list[object]
    if reports.file_level:
        out = [msg("summary.cannot_import", file=at_fault.name)]
    else:
        counts = [at_fault]
        if mrun is not None and not members_fault and mrun.errors:
            counts.append(mrun)  # both files have problems: the member file's counts too
        parts = [_counts(r.errors, r.rejected_rows, r.rows_in_file) for r in counts]
        also = msg("summary.also", file=mrun.name, counts=parts[1]) if len(parts) > 1 else ""
        out = [
            msg(
                "summary.nothing_imported",
                file=at_fault.name,
                counts=parts[0],
                also=also,
                inhead="",
            )
        ]
    out += _count_lines(reports.by_reason.most_common(shown))
    out += _member_notes(run, mrun)
    if at_fault.read_as:
        out.append(msg("summary.read_as", how=at_fault.read_as))
    report = at_fault.column_report
    if report is not None and report.unknown and (report.missing or reports.file_level):
        out.append(msg("summary.unknown_columns", names=", ".join(report.unknown[:15])))
    out.append(msg("summary.first_problems"))
    out += [
        msg("summary.first_problem", problem=p.line_text()) for p in reports.first_errors[:shown]
    ]
    return join("\n", out)


def _member_notes(run: _FileRun, mrun: _FileRun | None) -> list[str]:
    """A line when no member has a household in the household file (the wrong file?)."""
    if mrun is None or not mrun.unmatched:
        return []
    return [msg("summary.strangers", members=mrun.name, file=run.name)]


def _finish(
    reports: Reports,
    import_id: str,
    file_name: str,
    counts: store.LoadCounts,
    rows: int,
    members: int,
    *,
    dry_run: bool,
    notes: tuple[str, ...] | list[str] = (),
    **result_args,
) -> ImportResult:
    verb = msg("summary.would_import" if dry_run else "summary.imported")
    shown_members = (
        msg("summary.members", n=f"{members:,}") if result_args.get("members_in_file") else ""
    )
    lines: list[object] = [
        msg(
            "summary.done",
            file=file_name,
            verb=verb,
            rows=f"{rows:,}",
            total=f"{result_args['rows_in_file']:,}",
            new=f"{counts.new:,}",
            replaced=f"{counts.replaced:,}",
            unchanged=f"{counts.unchanged:,}",
            members=shown_members,
        )
    ]
    rejected = result_args["rejected_rows"] + result_args.get("rejected_members", 0)
    if rejected:
        rows_out, n = f"{result_args['rejected_rows']:,}", f"{reports.errors:,}"
        if result_args.get("rejected_members"):
            members_out = f"{result_args['rejected_members']:,}"
            lines.append(msg("summary.rejected_members", rows=rows_out, members=members_out, n=n))
        else:
            lines.append(msg("summary.rejected", rows=rows_out, n=n))
        lines += _count_lines(reports.by_reason.most_common(5))
    lines += notes
    if result_args.get("read_as"):
        lines.append(msg("summary.read_as", how=result_args["read_as"]))
    if reports.warnings:
        lines.append(msg("summary.warnings", n=f"{reports.warnings:,}"))
        lines += [
            msg("summary.warning", column=p.column, reason=p.reason)
            if p.column
            else msg("summary.warning_file", reason=p.reason)
            for p in reports.first_warnings[:10]
        ]
    summary = join("\n", lines)
    report, rejected_path, summary_file = reports.close(summary)
    return ImportResult(
        import_id,
        rows,
        members,
        counts,
        report=report,
        rejected=rejected_path,
        summary_file=summary_file,
        summary=summary,
        dry_run=dry_run,
        problems=tuple(reports.first_errors),
        warnings=tuple(reports.first_warnings),
        **result_args,
    )


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
    options: ReadOptions = ReadOptions(),
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
    "IMPORT_STEPS",
    "ImportFailed",
    "ImportResult",
    "Preview",
    "ReadOptions",
    "describe_read",
    "id_hash_key",
    "import_households",
    "import_registry",
    "load_validated",
    "preview",
    "report_frame",
    "summarise",
    "write_report",
]
