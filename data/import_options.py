"""What an import is told: how to read a file (:class:`ReadOptions`), its :data:`Mode`, and the
steps a progress display is told about (:data:`IMPORT_STEPS`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

IMPORT_STEPS = ("read", "validate", "store")
#: ``strict``: any invalid row and nothing is written; ``accept_valid``: the valid rows are
#: written and every invalid one is listed in the rejects file
Mode = Literal["strict", "accept_valid"]
#: told (rows read so far, estimated rows in the file) after every chunk
RowsProgress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class ReadOptions:
    """How to read a file; every field is detected when left ``None``."""

    encoding: str | None = None
    sheet: str | int | None = None
    mapping: Mapping[str, str | None] | str | Path | None = None
    delimiter: str | None = None


#: every field detected (the default of every import)
DETECT = ReadOptions()
