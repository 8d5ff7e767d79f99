"""Where the checked rows of an import file wait until the one transaction that stores them.

A :class:`Stage` holds the valid rows of one file: a DataFrame while they fit in one chunk,
then Parquet files (one per chunk, written by whichever process checked it,
:func:`write_stage_file`) read through a temporary view. Nothing here writes the store's
tables; a killed import leaves only its temporary folder, which the next import removes
(:func:`sweep_stale_stages`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from data import store

STAGE_PREFIX = "povmap-stage-"


def register(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    """``con.register``, after finishing any result the caller left half-read (DuckDB >= 2
    refuses to register while one is pending)."""
    con.complete()
    con.register(name, frame)


def unregister(con: duckdb.DuckDBPyConnection, name: str) -> None:
    con.complete()
    with contextlib.suppress(duckdb.Error):  # not registered
        con.unregister(name)


class Stage:
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
            sweep_stale_stages()
            prefix = f"{STAGE_PREFIX}{os.getpid()}-{self.name}-"
            self._folder = Path(tempfile.mkdtemp(prefix=prefix))
        self._numbered += 1
        return self._folder / f"chunk-{self._numbered:06d}.parquet"

    def add(self, frame: pd.DataFrame, record_hash: np.ndarray | None = None) -> None:
        """Stage ``frame`` (valid rows with ``_line``); ``record_hash``: its rows' hashes
        (:func:`data.store.record_hash`) when already computed."""
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

    def relation(self) -> str:
        """A name to query the rows by (a registered view while they are in memory)."""
        if self.table is not None:
            return self.table
        view = f"_mem_{self.name}"
        if self.frame is None:
            frame = pd.DataFrame({"_line": []})
        else:  # _line is not part of the hash (store.BOOKKEEPING_COLUMNS)
            frame = self.frame.assign(record_hash=store.record_hash(self.frame))
        register(self.con, view, frame)
        return view

    def drop_lines(self, lines: list[int]) -> None:
        if not lines:
            return
        if self.table is not None:
            frame = pd.DataFrame({"_line": np.asarray(sorted(set(lines)), np.int64)})
            register(self.con, "_drop_lines", frame)
            try:
                self.con.execute(
                    f"INSERT OR IGNORE INTO {self.table}_dropped SELECT _line FROM _drop_lines"
                )
            finally:
                unregister(self.con, "_drop_lines")
        elif self.frame is not None:
            self.frame = self.frame[~self.frame["_line"].isin(lines)].reset_index(drop=True)
        self.rows -= len(lines)

    def close(self) -> None:
        if self.table is not None:
            self.con.execute(f"DROP VIEW IF EXISTS {self.table}")
            self.con.execute(f"DROP TABLE IF EXISTS {self.table}_dropped")
        unregister(self.con, f"_mem_{self.name}")
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)


def sweep_stale_stages() -> None:
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
    hashes = store.record_hash(frame) if record_hash is None else record_hash
    table = pa.Table.from_pandas(frame.assign(record_hash=hashes), preserve_index=False)
    pq.write_table(table, path, compression="lz4")
    return table.num_rows
