"""Which text encoding a CSV file is in: a byte-order mark decides, else the whole file is
checked as UTF-8, then as TIS-620/cp874 (:func:`detect_encoding`), and where it stops decoding
(:func:`decode_error`: the line, the byte, whether Thai text came before it).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from data.messages import join, msg
from data.read_table import ReadError

_DECODE_BLOCK = 1 << 20
_THAI = re.compile(r"[\u0e00-\u0e7f]")


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
        error = decode_error(path, enc)
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


def decode_error(path: Path, encoding: str) -> tuple[int, int, bool] | None:
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
