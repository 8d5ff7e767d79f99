"""CSV files (any delimiter of ``, ; tab |``, any encoding ``data.read_encoding`` detects),
streamed as :class:`data.read_table.RawTable` chunks.

Only a small sample is held to detect the delimiter and the header, and :func:`csv_chunks`
yields bounded chunks of rows, so a file of a million rows reads in constant memory. A block of
lines in which no quoted cell spans a line break is parsed by pyarrow's CSV reader (C++); any
other block by Python's csv module, which also reports damaged rows. Both give the same cells
and line numbers (a test compares them). Rows with more or fewer cells than the header are kept
and reported in ``RawTable.problems``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from data.columns import drop_invisible
from data.messages import Text, known, msg
from data.read_encoding import decode_error, detect_encoding
from data.read_table import (
    TEXT_DTYPE,
    RawTable,
    ReadError,
    Resumable,
    chunked,
    clean_header,
    concat,
    find_header,
    make_table,
)

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
SAMPLE_CHARS = 64 * 1024  # text sniffed for the delimiter and the header
SAMPLE_LINES = 200
MAX_LINE_CHARS = 1_000_000  # one physical line longer than this is not a table


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


def csv_chunks(
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
            found = decode_error(path, encoding)  # the exact line: reading decodes ahead
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
    stream = Resumable(_records(name, counted, delimiter))
    header_line, header, before = find_header(stream, header_row, user_mapping, name)
    header = [clean_header(h) for h in header]
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
            yield parts[0] if len(parts) == 1 else concat(parts)
            produced = True
        elif not produced:
            yield make_table(header, [], [], [], base)
            produced = True
        if ended:
            return


def _rows_table(name, header, rows, base) -> RawTable:
    """One table of already split rows (ragged rows reported and padded)."""
    return next(chunked(name, header, iter(rows), None, base, pad_short=False))


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
            i: table.column(i).to_pandas(types_mapper={pa.large_string(): TEXT_DTYPE}.get)
            for i in range(width)
        }
    )
    frame.columns = list(header)
    numbers = np.arange(first_line, first_line + len(lines), dtype=np.int64)[keep]
    return RawTable(frame=frame, line_numbers=numbers, problems=[], **base)


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
