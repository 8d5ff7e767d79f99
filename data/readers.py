"""Read what field teams send (CSV in any common Thai encoding, Excel, Parquet) as a table of text.

The one door to reading a file: :func:`read_any` (whole) and :func:`iter_chunks` (bounded
chunks) tell the format by the file's first bytes and hand it to its reader, one module each:

* ``data.read_table``: :class:`RawTable` (every cell text, the header as found, the original
  line of every row), :class:`ReadError`, and the header search and chunking all formats share;
* ``data.read_csv`` (streamed, pyarrow for plain blocks, Python's csv module for the rest) with
  ``data.read_encoding`` (UTF-8, UTF-8 with BOM, UTF-16, TIS-620/cp874);
* ``data.read_xlsx`` (openpyxl) and ``data.read_parquet`` (pyarrow).

Nothing here interprets values: mapping headers and normalising values is ``data.normalize``.
Anything that makes a file unreadable raises :class:`ReadError` (file, line, message), never a
bare traceback; rows that can be read but look damaged are kept and reported in
``RawTable.problems``. :func:`describe_read` says in one line how a file was read.

Example:
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "hh.csv"
    >>> _ = path.write_bytes("รหัสครัวเรือน;จำนวนสมาชิก\\nH1;4\\n".encode("cp874"))
    >>> raw = read_any(path)
    >>> raw.encoding, raw.delimiter, list(raw.frame.columns), raw.line_numbers.tolist()
    ('cp874', ';', ['รหัสครัวเรือน', 'จำนวนสมาชิก'], [2])
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from data.columns import load_user_mapping
from data.messages import known, msg, word
from data.read_csv import DELIMITER_NAMES, csv_chunks, delimiter_word
from data.read_encoding import detect_encoding
from data.read_parquet import parquet_chunks
from data.read_table import FileFormat, RawTable, ReadError, concat
from data.read_xlsx import xlsx_chunks

DEFAULT_CHUNK = 100_000

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
    return concat(chunks)


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
        yield from xlsx_chunks(path, chunksize, sheet, header_row, user_mapping)
    elif kind == "parquet":
        yield from parquet_chunks(path, chunksize)
    elif kind == "xls":
        raise ReadError(name, None, msg("read.xls"))
    else:
        yield from csv_chunks(path, chunksize, encoding, delimiter, header_row, user_mapping)


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


# --- how a file was read -------------------------------------------------------------------------

ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "cp874": "TIS-620/cp874 (Thai Windows, not UTF-8)",
    "tis-620": "TIS-620 (not UTF-8)",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 LE",
}


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


__all__ = [
    "DEFAULT_CHUNK",
    "DELIMITER_NAMES",
    "ENCODING_NAMES",
    "FileFormat",
    "RawTable",
    "ReadError",
    "check_readable",
    "delimiter_word",
    "describe_read",
    "detect_encoding",
    "iter_chunks",
    "read_any",
]
