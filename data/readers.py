"""Read what field teams send (CSV in any common Thai encoding, Excel, Parquet) as a table of text.

Every reader returns a :class:`RawTable`: the cells exactly as written (all ``str``, missing
cells ``""``), the header as found, and for every data row the line of the original file it
came from (for Excel the sheet row number), so that every later problem can name the real line.
Nothing here interprets values: mapping headers and normalising values is ``data.normalize``.

Anything that makes a file unreadable raises :class:`ReadError` (file, line, message), never a
bare traceback. Rows that can be read but look damaged (more or fewer cells than the header) are
kept and reported in ``RawTable.problems``.

CSV files are streamed: only a small sample is held to detect the delimiter and the header, and
:func:`iter_chunks` yields bounded chunks of rows, so a file of a million rows reads in constant
memory. A block of lines in which no quoted cell spans a line break is parsed by pyarrow's CSV
reader (C++); any other block by Python's csv module, which also reports damaged rows. Both
give the same cells and line numbers (a test compares them).

Example:
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "hh.csv"
    >>> _ = path.write_bytes("รหัสครัวเรือน;จำนวนสมาชิก\\nH1;4\\n".encode("cp874"))
    >>> raw = read_any(path)
    >>> raw.encoding, raw.delimiter, list(raw.frame.columns), raw.line_numbers.tolist()
    ('cp874', ';', ['รหัสครัวเรือน', 'จำนวนสมาชิก'], [2])
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from data.columns import count_recognised, drop_invisible, load_user_mapping
from data.messages import Text, join, known, msg
from data.problems import Problem, safe_text

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
SAMPLE_CHARS = 64 * 1024  # text sniffed for the delimiter and the header
SAMPLE_LINES = 200
MAX_LINE_CHARS = 1_000_000  # one physical line longer than this is not a table
HEADER_SEARCH_ROWS = 20  # the header must be within the first 20 non-empty rows
MIN_RECOGNISED = 3  # cells of a row that must map to canonical columns to call it the header
DEFAULT_CHUNK = 100_000
_DECODE_BLOCK = 1 << 20
_THAI = re.compile(r"[\u0e00-\u0e7f]")

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

    @property
    def headers(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    def __len__(self) -> int:
        return len(self.frame)


# --- public entry points --------------------------------------------------------------------------


def read_any(
    path: str | Path,
    *,
    encoding: str | None = None,
    sheet: str | int | None = None,
    delimiter: str | None = None,
    header_row: int | None = None,
    user_mapping: Mapping[str, str | None] | str | Path | None = None,
) -> RawTable:
    """Read a CSV/TSV/TXT, Excel (.xlsx/.xlsm) or Parquet file whole, every cell as text.

    Args:
        path: The file. Its kind is told by its first bytes, not only its extension.
        encoding: Text encoding of a CSV; detected when not given (UTF-8, UTF-8 with BOM,
            UTF-16 with BOM, else TIS-620/cp874).
        sheet: Excel sheet, by name or 0-based position (an ``int``; a text of digits that
            names no sheet is a 1-based number, as typed on the command line); by default the
            first sheet with a recognisable header row.
        delimiter: CSV delimiter; detected among ``, ; tab |`` when not given.
        header_row: Line (CSV) or sheet row (Excel) of the header; found when not given: the
            first of the top 20 non-empty rows with at least 3 cells naming canonical columns,
            else the first non-empty row.
        user_mapping: A mapping ``{their_header: canonical}`` (or a CSV/JSON file of one); its
            headers count as recognised when looking for the header row.

    Raises:
        ReadError: the file is missing, empty, not a table, or damaged beyond reading.
    """
    chunks = list(
        iter_chunks(
            path,
            chunksize=None,
            encoding=encoding,
            sheet=sheet,
            delimiter=delimiter,
            header_row=header_row,
            user_mapping=user_mapping,
        )
    )
    return _concat(chunks)


def iter_chunks(
    path: str | Path,
    chunksize: int | None = DEFAULT_CHUNK,
    *,
    encoding: str | None = None,
    sheet: str | int | None = None,
    delimiter: str | None = None,
    header_row: int | None = None,
    user_mapping: Mapping[str, str | None] | str | Path | None = None,
) -> Iterator[RawTable]:
    """Yield the file as :class:`RawTable` chunks of ``chunksize`` rows (all if ``None``).

    A CSV chunk may hold a few more rows when a quoted cell spans the end of a block (the
    block is read on to the cell's end).

    Every chunk has the same header and its own original line numbers; memory stays bounded by
    the chunk size. A file with a header and no rows yields one empty chunk. Arguments as for
    :func:`read_any`.
    """
    path = Path(path)
    name = path.name
    if chunksize is not None and chunksize < 1:
        raise ValueError("chunksize must be at least 1")
    if user_mapping is not None:
        user_mapping = load_user_mapping(user_mapping)
    kind = _sniff_format(path)
    if kind == "xlsx":
        yield from _xlsx_chunks(path, chunksize, sheet, header_row, user_mapping)
    elif kind == "parquet":
        yield from _parquet_chunks(path, chunksize)
    elif kind == "xls":
        raise ReadError(name, None, msg("read.xls"))
    else:
        yield from _csv_chunks(path, chunksize, encoding, delimiter, header_row, user_mapping)


# --- kinds of file ----------------------------------------------------------------------------------


def check_readable(path: str | Path) -> None:
    """Raise :class:`ReadError` when ``path`` cannot be opened as a file (not found, a folder,
    no permission): the command line checks its files before it opens the store."""
    _magic(Path(path))


def _magic(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(8)
    except FileNotFoundError:
        raise ReadError(path.name, None, msg("read.not_found")) from None
    except IsADirectoryError:
        raise ReadError(path.name, None, msg("read.folder")) from None
    except OSError as exc:
        raise ReadError(
            path.name, None, msg("read.cannot_open", reason=known("os", exc.strerror or exc))
        ) from None


def _sniff_format(path: Path) -> str:
    magic = _magic(path)
    suffix = path.suffix.lower()
    if magic.startswith(b"PK\x03\x04"):
        if suffix in (".ods", ".numbers"):
            raise ReadError(path.name, None, msg("read.unsupported", suffix=suffix))
        return "xlsx"
    if magic.startswith(b"PAR1"):
        return "parquet"
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        if _ENCRYPTED_STREAMS & _compound_file_names(path):
            raise ReadError(path.name, None, XLSX_ENCRYPTED)
        return "xls"
    if suffix in (".xlsx", ".xlsm", ".parquet") and magic:
        raise ReadError(path.name, None, msg("read.wrong_content", suffix=suffix))
    return "csv"


#: an Office file saved with a password: the workbook is encrypted inside an OLE compound file
XLSX_ENCRYPTED = msg("read.xlsx_encrypted")
_ENCRYPTED_STREAMS = frozenset({"EncryptionInfo", "EncryptedPackage"})
_CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CFB_LAST = 0xFFFFFFFA  # sector numbers from here on are markers (end of chain, free, ...)


def _compound_file_names(path: Path, max_sectors: int = 64) -> set[str]:
    """The names in the directory of an OLE compound file (an old .xls, or an Office file
    saved with a password): header, FAT and directory chain, as [MS-CFB] lays them out.
    Empty when the file is not one (or is damaged); never raises on bad content."""
    names: set[str] = set()
    try:
        with path.open("rb") as fh:
            header = fh.read(512)
            if len(header) < 512 or not header.startswith(_CFB_SIGNATURE):
                return names
            shift = int.from_bytes(header[30:32], "little")
            if shift not in (9, 12):
                return names
            size = 1 << shift

            def sector(number: int) -> bytes:
                fh.seek((number + 1) * size)
                return fh.read(size)

            fat_count = int.from_bytes(header[44:48], "little")
            fat: list[int] = []
            for i in range(min(fat_count, 109, max_sectors)):
                where = int.from_bytes(header[76 + 4 * i : 80 + 4 * i], "little")
                if where >= _CFB_LAST:
                    break
                data = sector(where)
                fat += [int.from_bytes(data[j : j + 4], "little") for j in range(0, len(data), 4)]
            number, seen = int.from_bytes(header[48:52], "little"), set()
            while number < _CFB_LAST and number not in seen and len(seen) < max_sectors:
                seen.add(number)
                data = sector(number)
                for at in range(0, len(data) - 127, 128):
                    length = int.from_bytes(data[at + 64 : at + 66], "little")
                    if 2 <= length <= 64 and data[at + 66] in (1, 2, 5):
                        names.add(data[at : at + length - 2].decode("utf-16-le", "replace"))
                number = fat[number] if number < len(fat) else _CFB_LAST
    except OSError:
        return names
    return names


# --- CSV ------------------------------------------------------------------------------------------


class _TooLong(Exception):
    def __init__(self, line: int):
        self.line = line


class _Nul(Exception):
    def __init__(self, line: int):
        self.line = line


_LINE_END = re.compile(r"\r\n|\n|\r(?!\Z)")
_BLOCK_CHARS = 1 << 20


def _split_lines(text: str) -> list[str]:
    r"""The complete lines of ``text`` (each with its ``\n``, ``\r\n`` or ``\r``), without
    the unfinished last one; a ``\r`` at the very end may be half of ``\r\n``, so it waits.

    >>> _split_lines("a,b\r\nc\rd\ne")
    ['a,b\r\n', 'c\r', 'd\n']
    >>> _split_lines("a\x0cb\nc\r")
    ['a\x0cb\n']
    """
    lines = text.splitlines(keepends=True)
    ends = text.count("\n")
    if "\r" in text:
        ends += text.count("\r") - text.count("\r\n")
    closed = bool(lines) and lines[-1][-1] in "\r\n"
    if len(lines) != ends + (0 if closed else 1):  # splitlines also broke at \f, \v, U+2028…
        ends_at = [m.end() for m in _LINE_END.finditer(text)]
        return [text[a:b] for a, b in zip([0, *ends_at[:-1]], ends_at, strict=True)]
    if lines and not lines[-1].endswith("\n"):
        lines.pop()  # no line end yet, or a CR that LF may follow in the next block
    return lines


class _Lines:
    """Physical lines of a text file, each at most MAX_LINE_CHARS long, counting them.

    Reads the file in blocks of a million characters and splits them at ``\n``, ``\r\n`` or
    ``\r`` (the line ends ``open(newline="")`` keeps), so lines come fast one at a time or many
    at once (:meth:`take`).
    """

    def __init__(self, fh: io.TextIOBase):
        self.fh = fh
        self.count = 0
        self._lines: list[str] = []
        self._next = 0
        self._tail = ""
        self._done = False

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self._next >= len(self._lines) and not self._fill():
            raise StopIteration
        line = self._lines[self._next]
        self._next += 1
        self.count += 1
        return line

    def take(self, n: int | None) -> list[str]:
        """Up to ``n`` (all if None) further lines at once."""
        out: list[str] = []
        while n is None or len(out) < n:
            if self._next >= len(self._lines) and not self._fill():
                break
            want = len(self._lines) - self._next if n is None else n - len(out)
            part = self._lines[self._next : self._next + want]
            self._next += len(part)
            self.count += len(part)
            out += part
        return out

    def _fill(self) -> bool:
        """Split the next block into checked lines; False at the end of the file."""
        while True:
            if self._done:
                if self._tail:
                    self._check([self._tail], self._tail)
                    self._lines, self._next, self._tail = [self._tail], 0, ""
                    return True
                return False
            block = self.fh.read(_BLOCK_CHARS)
            if not block:
                self._done = True
                continue
            text = self._tail + block
            lines = _split_lines(text)
            if not lines:
                self._tail = text
                if len(text) > MAX_LINE_CHARS:
                    raise _TooLong(self.count + 1)
                continue
            self._tail = text[sum(map(len, lines)) :]
            self._check(lines, text)
            self._lines, self._next = lines, 0
            return True

    def _check(self, lines: list[str], text: str) -> None:
        longest = max(map(len, lines))
        if longest > MAX_LINE_CHARS or "\x00" in text:
            for i, line in enumerate(lines, start=self.count + 1):
                if len(line) > MAX_LINE_CHARS:
                    raise _TooLong(i)
                if "\x00" in line:
                    raise _Nul(i)


class _Source:
    """The sample lines, then the rest of the file: iterable, or taken many lines at a time."""

    def __init__(self, sample: list[str], lines: _Lines):
        self.sample = sample
        self.lines = lines
        self._i = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self._i < len(self.sample):
            self._i += 1
            return self.sample[self._i - 1]
        return next(self.lines)

    def take(self, n: int | None) -> list[str]:
        out = self.sample[self._i : self._i + n if n is not None else None]
        self._i += len(out)
        rest = None if n is None else n - len(out)
        if rest is None or rest > 0:
            out += self.lines.take(rest)
        return out


def _csv_chunks(
    path, chunksize, encoding, delimiter, header_row, user_mapping
) -> Iterator[RawTable]:
    name = path.name
    if encoding is None:
        encoding = detect_encoding(path)
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ReadError(
                name, None, msg("read.unknown_encoding", encoding=repr(encoding))
            ) from None
    if delimiter is not None and (len(delimiter) != 1 or delimiter in '"\r\n'):
        raise ValueError("delimiter must be one character other than a quote or a line break")
    with path.open("r", encoding=encoding, newline="") as fh:
        lines = _Lines(fh)
        try:
            sample = _take_sample(lines)
            if not drop_invisible("".join(sample)).strip():
                raise ReadError(name, None, msg("read.empty"))
            if delimiter is None:
                delimiter = _detect_delimiter(sample)
            source = _Source(sample, lines)
            yield from _csv_records(
                name, encoding, delimiter, source, lines, chunksize, header_row, user_mapping
            )
        except _TooLong as exc:
            raise ReadError(
                name,
                exc.line,
                msg("read.line_too_long", line=f"{exc.line:,}", limit=f"{MAX_LINE_CHARS:,}"),
            ) from None
        except _Nul as exc:
            raise ReadError(
                name,
                exc.line,
                msg("read.nul_utf16"),
            ) from None
        except UnicodeDecodeError as exc:
            found = _decode_error(path, encoding)  # the exact line: reading decodes ahead
            raise ReadError(
                name,
                found[0] if found else None,
                msg("read.undecodable", encoding=encoding, codec=known("codec", exc.reason)),
            ) from None


def _take_sample(lines: _Lines) -> list[str]:
    sample: list[str] = []
    size = 0
    for line in lines:
        sample.append(line)
        size += len(line)
        if size >= SAMPLE_CHARS or len(sample) >= SAMPLE_LINES:
            break
    return sample


def _records(name: str, lines: Iterable[str], delimiter: str, first_line: int = 1):
    """(line where the record starts, cells) of every non-empty CSV record of ``lines``."""
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=True)
    last_line = first_line - 1
    while True:
        start = last_line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ReadError(name, start, _csv_error_message(str(exc), start)) from None
        last_line = first_line - 1 + reader.line_num
        if row and (row[0].strip() or "".join(row).strip()):
            yield start, row


def _csv_records(name, encoding, delimiter, source, lines, chunksize, header_row, user_mapping):
    counted = _Counted(source)
    stream = _Resumable(_records(name, counted, delimiter))
    header_line, header, before = _find_header(stream, header_row, user_mapping, name)
    header = [_clean_header(h) for h in header]
    if len(header) == 1:
        others = [d for d in DELIMITERS if d != delimiter and d in header[0]]
        if others:
            raise ReadError(
                name,
                header_line,
                msg(
                    "read.wrong_delimiter",
                    delim=delimiter_word(delimiter),
                    found=msg(f"word.delimiters.{DELIMITER_NAMES[others[0]]}"),
                    given=repr(others[0]),
                ),
            )
    base = dict(
        file_name=name,
        encoding=encoding,
        header_row=header_line,
        format="csv",
        delimiter=delimiter,
        rows_above_header=before,
    )
    yield from _csv_blocks(
        name, header, stream.buffer, source, counted.count + 1, chunksize, base, delimiter
    )


class _Counted:
    """An iterator that counts what it hands out (physical lines read by the csv module)."""

    def __init__(self, source: Iterator[str]):
        self.source = source
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self.source)
        self.count += 1
        return line


FAST_EXTEND_LINES = 1000


def _csv_blocks(name, header, buffered, source, first_line, chunksize, base, delimiter):
    """Chunks of the data rows after the header: ``chunksize`` physical lines at a time.

    A block with no cell spanning lines (an even number of quotes on every line) is parsed
    by pyarrow's CSV reader; any other block, or one pyarrow refuses (a row with more or fewer
    cells than the header), by Python's csv module, which reports such rows. Both give the
    same cells and the same line numbers.
    """
    width = len(header)
    pending = list(buffered)
    line = first_line
    produced = False
    while True:
        now, pending = (
            (pending, []) if chunksize is None else (pending[:chunksize], pending[chunksize:])
        )
        parts = [_rows_table(name, header, now, base)] if now else []
        rows = len(now)
        ended = False
        while chunksize is None or rows < chunksize:
            block = source.take(None if chunksize is None else chunksize - rows)
            text = "".join(block)
            quotes = text.count('"')
            while block and quotes % 2:  # a quoted cell is still open: read on to its end
                more = source.take(FAST_EXTEND_LINES)
                if not more:
                    break
                extra = "".join(more)
                quotes += extra.count('"')
                text += extra
                block += more
            if not block:
                ended = True
                break
            table = _fast_block(block, text, line, width, delimiter, header, base)
            if table is None:
                records = _records(name, block, delimiter, first_line=line)
                table = _rows_table(name, header, list(records), base)
            parts.append(table)
            rows += len(table)
            line += len(block)
            if chunksize is None:
                ended = True
                break
        if parts:
            yield parts[0] if len(parts) == 1 else _concat(parts)
            produced = True
        elif not produced:
            yield _make_table(header, [], [], [], base)
            produced = True
        if ended:
            return


def _rows_table(name, header, rows, base) -> RawTable:
    """One table of already split rows (ragged rows reported and padded)."""
    return next(_chunked(name, header, iter(rows), None, base, pad_short=False))


def _may_have_empty_rows(lines: list[str], text: str, blank: str) -> bool:
    """False only when no line can be empty or blank: no line starts with a ``blank``
    character and every carriage return ends a line with ``\n`` (``text``: the lines joined).
    """
    if not lines or ("\r" in text and text.count("\r") != text.count("\r\n")):
        return True  # lone \r line ends: look line by line
    firsts = "".join([line[:1] for line in lines])
    return any(c in firsts for c in blank)


def _fast_block(lines, text, first_line, width, delimiter, header, base) -> RawTable | None:
    """Parse a block of lines (``text`` is them joined) with pyarrow, or None when the csv
    module must read it (a cell spans lines, or pyarrow refuses a row)."""
    if '"' in text and any(part.count('"') % 2 for part in lines):
        return None  # a cell spans lines
    import pyarrow as pa
    import pyarrow.csv as pacsv

    blank = delimiter + '" \t\r\n\ufeff'
    keep = np.ones(len(lines), bool)
    data = text.encode("utf-8")
    if _may_have_empty_rows(lines, text, blank):
        keep = np.fromiter((bool(part.strip(blank)) for part in lines), bool, len(lines))
        if not keep.all():
            data = "".join(p for p, k in zip(lines, keep, strict=True) if k).encode("utf-8")
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, encoding="utf8"),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeError):
        return None
    if table.num_rows != int(keep.sum()):
        return None
    frame = pd.DataFrame(
        {
            i: table.column(i).to_pandas(types_mapper={pa.large_string(): _STR}.get)
            for i in range(width)
        }
    )
    frame.columns = list(header)
    numbers = np.arange(first_line, first_line + len(lines), dtype=np.int64)[keep]
    return RawTable(frame=frame, line_numbers=numbers, problems=[], **base)


def _parquet_error(exc: BaseException) -> Text:
    return msg("read.parquet", system=msg("word.system", text=safe_text(exc)[:200]))


def delimiter_word(delimiter: str | None) -> Text | str:
    """A delimiter's name as a message word ("comma", "จุลภาค (,)"), else its ``repr``."""
    name = DELIMITER_NAMES.get(delimiter or "")
    return msg(f"word.delimiter.{name}") if name else repr(delimiter)


def _csv_error_message(error: str, start: int) -> Text:
    if "unexpected end of data" in error:
        return msg("read.open_quote", line=f"{start:,}")
    if "field larger than field limit" in error:
        return msg("read.huge_cell", line=f"{start:,}", limit=f"{csv.field_size_limit():,}")
    if "expected after" in error:
        return msg("read.text_after_quote")
    if "NUL" in error or "null byte" in error:
        return msg("read.nul")
    return msg("read.csv_error", system=msg("word.system", text=error))


def detect_encoding(path: str | Path) -> str:
    """The text encoding of a file: ``utf-8-sig``, ``utf-16``, ``utf-8`` or ``cp874``.

    A byte-order mark decides; otherwise the whole file is checked (streamed) as strict UTF-8,
    then as cp874 (TIS-620 plus the Windows extras). A file that is UTF-8 Thai in part and
    something else later is an error rather than being read as cp874 mojibake.

    Raises:
        ReadError: no candidate decodes the whole file.
    """
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(64)
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        candidates = ["utf-16"]
    elif len(head) >= 8 and head[1::2].count(0) == len(head[1::2]) and head[0::2].count(0) == 0:
        candidates = ["utf-16-le"]  # ASCII-range text with every other byte zero, no BOM
    else:
        candidates = ["utf-8", "cp874"]
    first_error: tuple[int, str] | None = None
    for enc in candidates:
        error = _decode_error(path, enc)
        if error is None:
            return enc
        line, byte, thai_before = error
        if enc == "utf-8" and thai_before:
            raise ReadError(
                path.name,
                line,
                msg("read.mixed_encodings", byte=f"0x{byte:02X}"),
            )
        first_error = first_error or (line, f"0x{byte:02X}")
    assert first_error is not None
    line, what = first_error
    tried = join(msg("word.or"), candidates)
    raise ReadError(path.name, line, msg("read.bad_byte", byte=what, tried=tried))


def _decode_error(path: Path, encoding: str) -> tuple[int, int, bool] | None:
    """None if the file decodes, else (line, offending byte, Thai text decoded before it)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    wide = codecs.lookup(encoding).name.startswith("utf-16")
    newlines = 0
    thai = False
    with path.open("rb") as fh:
        while True:
            block = fh.read(_DECODE_BLOCK)
            final = not block
            if block and not wide and block.isascii() and not decoder.getstate()[0]:
                newlines += block.count(b"\n")  # ASCII decodes as itself in every candidate
                continue
            try:
                text = decoder.decode(block, final=final)
            except UnicodeDecodeError as exc:
                start = max(exc.start, 0)
                before = bytes(exc.object[:start])  # bytes held back from the last block + this one
                if encoding in ("utf-8", "utf-8-sig"):
                    thai = thai or bool(_THAI.search(before.decode("utf-8", "ignore")))
                bad = exc.object[start] if start < len(exc.object) else 0
                return newlines + before.count(b"\n") + 1, bad, thai
            if wide:
                newlines += text.count("\n")
                thai = thai or bool(_THAI.search(text))
            else:  # a "\n" byte is always a line end, and ASCII bytes hold no Thai
                newlines += block.count(b"\n")
                thai = thai or (not block.isascii() and bool(_THAI.search(text)))
            if final:
                return None


def _detect_delimiter(sample: list[str]) -> str:
    text = "".join(sample)
    if len(sample) > 1 and not sample[-1].endswith(("\n", "\r")):
        text = "".join(sample[:-1])  # a cut last line would confuse the sniffer
    try:
        sniffed = csv.Sniffer().sniff(text, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    scores = {d: _delimiter_score(text, d) for d in DELIMITERS}
    if sniffed in scores and scores[sniffed][1] > 1 and scores[sniffed][0] >= 0.5:
        return sniffed
    best = max(DELIMITERS, key=lambda d: (scores[d][1] > 1, scores[d]))
    return best if scores[best][1] > 1 else ","


def _delimiter_score(text: str, delimiter: str) -> tuple[float, int]:
    """(share of non-empty records with the most common cell count, that count)."""
    try:
        counts = [
            len(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if r
        ]
    except csv.Error:
        return (0.0, 0)
    counts = [c for c in counts if c > 1] or counts
    if not counts:
        return (0.0, 0)
    width, n = Counter(counts).most_common(1)[0]
    return (n / len(counts), width)


# --- header and chunks (all formats) -------------------------------------------------------------


def _find_header(
    stream: _Resumable, header_row: int | None, user_mapping, name: str
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
    chosen = _pick_header([row for _, row in head], user_mapping)
    line, row = head[chosen]
    stream.push(head[chosen + 1 :])
    return line, row, chosen


class _Resumable:
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


def _pick_header(rows: list[list[str]], user_mapping) -> int:
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


def _clean_header(cell: Any) -> str:
    return re.sub(r"\s+", " ", drop_invisible(str(cell))).strip()


def _chunked(name, header, stream, chunksize, base, *, pad_short: bool) -> Iterator[RawTable]:
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
            yield _make_table(header, rows, lines, problems, base)
            produced = True
            rows, lines, problems = [], [], []
    if rows or not produced:
        yield _make_table(header, rows, lines, problems, base)


def _ragged(name, base, line, n, width) -> Problem:
    file = msg("read.sheet_file", file=name, sheet=base["sheet"]) if base.get("sheet") else name
    code = "read.ragged_long" if n > width else "read.ragged_short"
    reason = msg(code, n=n, width=width)
    return Problem(file, line, "", "", reason)


def _make_table(header, rows, lines, problems, base) -> RawTable:
    width = len(header)
    grid = np.empty((len(rows), width), dtype=object)
    if rows:
        grid[:] = rows
    frame = pd.DataFrame({i: _text_array(grid[:, i]) for i in range(width)})
    frame.columns = list(header)
    return RawTable(
        frame=frame,
        line_numbers=np.asarray(lines, dtype=np.int64),
        problems=problems,
        **base,
    )


def _text_array(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A column of Python strings as pandas' text dtype (built through Arrow: much faster)."""
    import pyarrow as pa

    return pd.array(pa.array(values, type=pa.string()), dtype=_STR)


_STR = pd.StringDtype("pyarrow", na_value=np.nan)


def _concat(chunks: list[RawTable]) -> RawTable:
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


# --- Excel --------------------------------------------------------------------------------------


def _xlsx_chunks(path: Path, chunksize, sheet, header_row, user_mapping) -> Iterator[RawTable]:
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
        stream = _Resumable(
            read.rows(
                _xlsx_records(values[sheet_name], formulas[sheet_name], name, sheet_name),
                sheet_name,
            )
        )
        header_line, header, before = _find_header(stream, header_row, user_mapping, name)
        header = _trim_header([_clean_header(h) for h in header])
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
        yield from _chunked(name, header, stream, chunksize, base, pad_short=True)
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


# --- Parquet --------------------------------------------------------------------------------------


def _parquet_chunks(path: Path, chunksize) -> Iterator[RawTable]:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    name = path.name
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:
        raise ReadError(name, None, _parquet_error(exc)) from None
    header = [str(n) for n in pf.schema_arrow.names]
    base = dict(file_name=name, encoding=None, header_row=1, format="parquet")
    done = 0
    produced = False
    try:
        for batch in pf.iter_batches(batch_size=chunksize or 65_536):
            columns = {}
            for i, column in enumerate(batch.columns):
                columns[i] = _arrow_text(column, pa, pc)
            frame = pd.DataFrame(columns)
            frame.columns = header
            n = batch.num_rows
            lines = np.arange(done + 2, done + 2 + n, dtype=np.int64)
            done += n
            produced = True
            yield RawTable(frame=frame, line_numbers=lines, **base)
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(name, done + 2, _parquet_error(exc)) from None
    if not produced:
        empty = pd.DataFrame({i: pd.array([], dtype="str") for i in range(len(header))})
        empty.columns = header
        yield RawTable(frame=empty, line_numbers=np.zeros(0, np.int64), **base)


def _arrow_text(column, pa, pc) -> pd.Series:
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.dictionary_decode()
        kind = column.type
    try:
        if pa.types.is_floating(kind):
            text = [_float_text(v) for v in column.to_pylist()]
            return pd.Series(pd.array(text, dtype="str"))
        cast = pc.cast(column, pa.string())
        out = pd.Series(cast.to_pandas(), dtype="str").fillna("")
        if pa.types.is_timestamp(kind):
            out = out.str.replace(r" 00:00:00(\.0+)?$", "", regex=True).str.replace(
                r"\.0+$", "", regex=True
            )
        return out.reset_index(drop=True)
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid, TypeError):
        text = ["" if v is None else str(v) for v in column.to_pylist()]
        return pd.Series(pd.array(text, dtype="str"))


def _float_text(value: float | None) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)
