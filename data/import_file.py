"""One import file read, checked and staged: :class:`FileRun`.

The file is read in chunks (``data.readers``); each chunk is normalised and validated
(``data.import_chunk``), in worker processes when the file is long (``data.import_pool``);
errors and warnings go to the run's reports (``data.import_report``) and the valid rows to a
stage (``data.staging``). The same key twice in different chunks is found once every chunk is
staged (``data.import_duplicates``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.parquet as pq

from data.column_mapping import ColumnReport
from data.columns import MappingError, TableKind
from data.import_chunk import CheckedChunk, check_chunk
from data.import_duplicates import duplicates_across_chunks
from data.import_options import Mode, ReadOptions, RowsProgress
from data.import_pool import Pipeline
from data.import_report import Reports
from data.messages import msg
from data.problems import Problem
from data.readers import RawTable, ReadError, describe_read, iter_chunks
from data.staging import Stage

#: files larger than this start their worker processes before the first chunk is read
EARLY_WORKERS_BYTES = 32 * 1024 * 1024


@dataclass
class FileRun:
    """Reading, normalising and validating one file into a stage."""

    path: Path
    kind: TableKind
    options: ReadOptions
    id_key: bytes
    mode: Mode
    chunksize: int | None
    reports: Reports
    stage: Stage
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
        with Pipeline(self.workers) as pipeline:
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
                    check_chunk,
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

    def _drain(self, pipeline: Pipeline, total: int | None, until: int) -> bool:
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

    def _accept(self, shape: tuple[int, int], prepared: CheckedChunk, *, first: bool) -> bool:
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
        bad_lines = sorted(validation.bad_lines())
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
        problems = duplicates_across_chunks(self.stage, self.kind, self.keys, self.name)
        if not problems:
            return
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


def _estimate_rows(path: Path, raw: RawTable) -> int | None:
    """Rows in the file, for a progress bar: exact for Parquet, line count for CSV."""
    try:
        if raw.format == "parquet":
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
