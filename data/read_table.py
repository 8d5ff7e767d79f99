"""The table every reader returns, and the steps all formats share: finding the header row,
cutting rows into chunks, joining chunks.

:class:`RawTable` holds the cells exactly as written (all ``str``, missing cells ``""``), the
header as found and, for every data row, the line of the original file it came from (for Excel
the sheet row number), so that every later problem can name the real line. :class:`ReadError`
is what makes a file unreadable (file, line, message), never a bare traceback.

The formats: ``data.read_csv``, ``data.read_xlsx``, ``data.read_parquet``; ``data.readers``
chooses among them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from data.columns import count_recognised, drop_invisible
from data.messages import msg
from data.problems import Problem

HEADER_SEARCH_ROWS = 20  # the header must be within the first 20 non-empty rows
MIN_RECOGNISED = 3  # cells of a row that must map to canonical columns to call it the header

FileFormat = Literal["csv", "xlsx", "parquet"]


class ReadError(Exception):
    """The file cannot be read as a table. ``line`` is the line (or sheet row) at fault, if any."""

    def __init__(self, file: str, line: int | None, message: str):
        self.file = file
        self.line = line
        self.message = message
        if line:
            self.text = msg("read_error.at_line", file=file, line=line, reason=message)
        else:
            self.text = msg("read_error.in_file", file=file, reason=message)
        super().__init__(self.text)

    def __str__(self) -> str:
        return self.text

    def problem(self) -> Problem:
        """The error as a :class:`data.problems.Problem` for an import report."""
        return Problem(self.file, self.line or 1, "", "", self.message)


@dataclass
class RawTable:
    """A table as read: header cells as column names, every cell text, original line numbers.

    ``frame`` may have duplicate or empty column names (they are the file's own header cells);
    use positions (``frame.iloc``) when that matters. ``line_numbers[i]`` is the line of the
    file (CSV, 1-based, counting every physical line) or the sheet row (Excel) where data row
    ``i`` starts; for Parquet, which has no lines, it is the row number + 1 (as if the file were
    a CSV with a header on line 1).
    """

    frame: pd.DataFrame
    file_name: str
    line_numbers: np.ndarray
    encoding: str | None
    header_row: int
    format: FileFormat = "csv"
    delimiter: str | None = None
    sheet: str | None = None
    problems: list[Problem] = field(default_factory=list)
    rows_above_header: int = 0
    sheets: tuple[str, ...] = ()  # every sheet of an Excel workbook (only ``sheet`` is read)

    @property
    def source(self) -> str:
        """The name to use in messages: the file name, plus the sheet for Excel."""
        return f"{self.file_name} (sheet {self.sheet})" if self.sheet else self.file_name

    def __len__(self) -> int:
        return len(self.frame)


# --- header and chunks (all formats) -------------------------------------------------------------


def find_header(
    stream: Resumable, header_row: int | None, user_mapping, name: str
) -> tuple[int, list[str], int]:
    """(line of the header, its cells, rows skipped above it); the stream resumes after it."""
    if header_row is not None:
        for skipped, (line, row) in enumerate(stream):
            if line == header_row:
                return line, row, skipped
            if line > header_row:
                break
        raise ReadError(name, header_row, msg("read.no_header_row"))
    head: list[tuple[int, list[str]]] = []
    for item in stream:
        head.append(item)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    if not head:
        raise ReadError(name, None, msg("read.empty"))
    chosen = pick_header([row for _, row in head], user_mapping)
    line, row = head[chosen]
    stream.push(head[chosen + 1 :])
    return line, row, chosen


class Resumable:
    """An iterator with a push-back buffer (for rows read while looking for the header)."""

    def __init__(self, source: Iterable):
        self.source = iter(source)
        self.buffer: list = []

    def __iter__(self):
        return self

    def __next__(self):
        if self.buffer:
            return self.buffer.pop(0)
        return next(self.source)

    def push(self, items) -> None:
        self.buffer = list(items) + self.buffer


def pick_header(rows: list[list[str]], user_mapping) -> int:
    """The header among the top rows: the first with >= 3 cells naming canonical columns, else
    the one naming most, else the first row (nothing to go by: the mapping will say so)."""
    hits = []
    for i, row in enumerate(rows):
        cells = [c for c in row if str(c).strip()]
        n = count_recognised(cells, user_mapping)
        if n > 0 and n >= min(MIN_RECOGNISED, len(cells)):
            return i
        hits.append(n)
    return hits.index(max(hits)) if max(hits) > 0 else 0


def clean_header(cell: Any) -> str:
    return re.sub(r"\s+", " ", drop_invisible(str(cell))).strip()


def chunked(name, header, stream, chunksize, base, *, pad_short: bool) -> Iterator[RawTable]:
    width = len(header)
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    produced = False
    for line, row in stream:
        n = len(row)
        if n != width:
            if n > width and not any(str(c).strip() for c in row[width:]):
                row = row[:width]
            elif n < width and pad_short:  # Excel leaves trailing empty cells out
                row = list(row) + [""] * (width - n)
            else:
                problems.append(_ragged(name, base, line, n, width))
                row = (list(row) + [""] * width)[:width]
        rows.append(row)
        lines.append(line)
        if chunksize is not None and len(rows) >= chunksize:
            yield make_table(header, rows, lines, problems, base)
            produced = True
            rows, lines, problems = [], [], []
    if rows or not produced:
        yield make_table(header, rows, lines, problems, base)


def _ragged(name, base, line, n, width) -> Problem:
    file = msg("read.sheet_file", file=name, sheet=base["sheet"]) if base.get("sheet") else name
    code = "read.ragged_long" if n > width else "read.ragged_short"
    reason = msg(code, n=n, width=width)
    return Problem(file, line, "", "", reason)


def make_table(header, rows, lines, problems, base) -> RawTable:
    width = len(header)
    grid = np.empty((len(rows), width), dtype=object)
    if rows:
        grid[:] = rows
    frame = pd.DataFrame({i: text_array(grid[:, i]) for i in range(width)})
    frame.columns = list(header)
    return RawTable(
        frame=frame,
        line_numbers=np.asarray(lines, dtype=np.int64),
        problems=problems,
        **base,
    )


def text_array(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A column of Python strings as pandas' text dtype (built through Arrow: much faster)."""
    import pyarrow as pa

    return pd.array(pa.array(values, type=pa.string()), dtype=TEXT_DTYPE)


TEXT_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)


def concat(chunks: list[RawTable]) -> RawTable:
    if len(chunks) == 1:
        return chunks[0]
    first = chunks[0]
    positional = [c.frame.set_axis(range(c.frame.shape[1]), axis=1) for c in chunks]
    frame = pd.concat(positional, ignore_index=True, axis=0)  # headers may repeat a name
    frame.columns = first.frame.columns
    return RawTable(
        frame=frame,
        file_name=first.file_name,
        line_numbers=np.concatenate([c.line_numbers for c in chunks]),
        encoding=first.encoding,
        header_row=first.header_row,
        format=first.format,
        delimiter=first.delimiter,
        sheet=first.sheet,
        problems=[p for c in chunks for p in c.problems],
        rows_above_header=first.rows_above_header,
        sheets=first.sheets,
    )
