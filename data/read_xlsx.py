"""Excel workbooks (.xlsx/.xlsm), read with openpyxl as :class:`data.read_table.RawTable`
chunks: the sheet with a recognisable header row (or the one asked for), cells as the team saw
them (cached values; a formula never calculated kept as its text, never run; numbers formatted
"0000" keep their zeros), sheet row numbers as line numbers. A damaged workbook is a
:class:`data.read_table.ReadError` saying what is wrong and after which row.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

from data.columns import count_recognised
from data.messages import msg
from data.read_table import (
    HEADER_SEARCH_ROWS,
    MIN_RECOGNISED,
    RawTable,
    ReadError,
    Resumable,
    chunked,
    clean_header,
    find_header,
)


def xlsx_chunks(path: Path, chunksize, sheet, header_row, user_mapping) -> Iterator[RawTable]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a dependency
        raise ReadError(path.name, None, msg("read.needs_openpyxl")) from None
    name = path.name
    try:
        # cached values, and the formulas themselves for cells never calculated
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
        except Exception:
            values.close()
            raise
    except Exception as exc:  # a damaged zip or XML: openpyxl raises many kinds
        raise _damaged_workbook(name, exc) from None
    read = _RowsRead()
    try:
        if not values.sheetnames:  # Excel never saves a workbook without a sheet
            raise _damaged_workbook(name, None)
        sheet_name = _choose_sheet(values, formulas, sheet, header_row, user_mapping, name, read)
        stream = Resumable(
            read.rows(
                _xlsx_records(values[sheet_name], formulas[sheet_name], name, sheet_name),
                sheet_name,
            )
        )
        header_line, header, before = find_header(stream, header_row, user_mapping, name)
        header = _trim_header([clean_header(h) for h in header])
        base = dict(
            file_name=name,
            encoding=None,
            header_row=header_line,
            format="xlsx",
            delimiter=None,
            sheet=sheet_name,
            rows_above_header=before,
            sheets=tuple(values.sheetnames),
        )
        yield from chunked(name, header, stream, chunksize, base, pad_short=True)
    except ReadError:
        raise
    except Exception as exc:
        raise _damaged_workbook(name, exc, read.sheet, read.last) from None
    finally:
        values.close()
        formulas.close()


class _RowsRead:
    """The sheet being read and its last row read (to say where a damaged workbook broke)."""

    def __init__(self) -> None:
        self.sheet: str | None = None
        self.last = 0

    def rows(self, records: Iterator[tuple[int, list[str]]], sheet: str | None = None):
        self.sheet, self.last = sheet or self.sheet, 0
        for number, cells in records:
            self.last = number
            yield number, cells


def _damaged_workbook(
    name: str, exc: BaseException | None, sheet: str | None = None, last_row: int = 0
) -> ReadError:
    """A damaged .xlsx in words (never the library's exception): what is wrong, where, what to do.

    An incomplete zip (a copy or download cut short) and a missing part are named as such; a
    sheet whose contents break off says after which row (the next one is ``line``).
    """
    import zipfile
    import zlib

    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        return ReadError(name, None, msg("read.xlsx_incomplete"))
    part = re.search(r"named '([^']+)'", str(exc)) if isinstance(exc, KeyError) else None
    if part:
        return ReadError(name, None, msg("read.xlsx_part_missing", part=part[1]))
    if exc is None:
        return ReadError(name, None, msg("read.xlsx_no_sheet"))
    if sheet is not None:
        if last_row:
            reason = msg("read.xlsx_sheet_broken_after", sheet=sheet, row=f"{last_row:,}")
        else:
            reason = msg("read.xlsx_sheet_broken", sheet=sheet)
        return ReadError(name, last_row + 1 if last_row else None, reason)
    return ReadError(name, None, msg("read.xlsx_unreadable"))


def _choose_sheet(values, formulas, sheet, header_row, user_mapping, name, read=None) -> str:
    names = values.sheetnames
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if not 0 <= sheet < len(names):
            raise ReadError(
                name, None, msg("read.no_sheet_number", n=sheet, names=", ".join(names))
            )
        return names[sheet]
    if isinstance(sheet, str) and sheet not in names and sheet.strip().isdigit():
        number = int(sheet)  # "2" on the command line: the second sheet (1-based)
        if not 1 <= number <= len(names):
            raise ReadError(
                name, None, msg("read.no_sheet_number", n=number, names=", ".join(names))
            )
        return names[number - 1]
    if isinstance(sheet, str):
        if sheet not in names:
            raise ReadError(
                name, None, msg("read.no_sheet_named", sheet=repr(sheet), names=", ".join(names))
            )
        return sheet
    if header_row is not None:
        return names[0]
    first_nonempty = None
    for sheet_name in names:
        records = _xlsx_records(values[sheet_name], formulas[sheet_name], name, sheet_name)
        if read is not None:
            records = read.rows(records, sheet_name)
        head = list(itertools.islice(records, HEADER_SEARCH_ROWS))
        if not head:
            continue
        first_nonempty = first_nonempty or sheet_name
        for _, row in head:
            cells = [c for c in row if c.strip()]
            if count_recognised(cells, user_mapping) >= min(MIN_RECOGNISED, max(len(cells), 1)):
                return sheet_name
    if first_nonempty is None:
        raise ReadError(name, None, msg("read.sheets_empty", names=", ".join(names)))
    return first_nonempty


def _xlsx_records(ws_values, ws_formulas, name, sheet_name) -> Iterator[tuple[int, list[str]]]:
    rows = itertools.zip_longest(ws_values.iter_rows(), ws_formulas.iter_rows(), fillvalue=())
    for number, (row_v, row_f) in enumerate(rows, start=1):
        cells = []
        for cell_v, cell_f in itertools.zip_longest(row_v, row_f, fillvalue=None):
            cells.append(_xlsx_text(cell_v, cell_f))
        while cells and cells[-1] == "":
            cells.pop()
        if any(c.strip() for c in cells):
            yield number, cells


def _xlsx_text(cell_v, cell_f) -> str:
    value = getattr(cell_v, "value", None)
    if value is None:
        formula = getattr(cell_f, "value", None)
        # a formula never calculated (no cached value): keep its text as data, never run it
        return formula if isinstance(formula, str) else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return _zero_pad(str(value), getattr(cell_v, "number_format", ""))
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return _zero_pad(str(int(value)), getattr(cell_v, "number_format", ""))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _zero_pad(digits: str, number_format: str | None) -> str:
    """Excel shows 46 formatted "0000" as 0046: the text the team typed and saw."""
    if number_format and re.fullmatch(r"0+", number_format) and digits.isdigit():
        return digits.zfill(len(number_format))
    return digits


def _trim_header(header: list[str]) -> list[str]:
    while header and header[-1] == "":
        header.pop()
    return header
