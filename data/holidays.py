"""Thai public holidays as data: the days the service-level clock of alerts and grievances skips
besides weekends (:mod:`analysis.working_days`).

Holidays move with the lunar calendar, with substitute days for a holiday on a weekend and with
the cabinet's special holidays, so they are a file, not code: ``data/tables/thai_holidays.csv``
(``date`` as YYYY-MM-DD, ``name_th``, ``name_en``, ``note``) lists the official ones a working
week loses; a deployment points ``POVMAP_HOLIDAYS`` at its own file, or adds next year's rows
when the cabinet announces them.

Example:
    >>> import datetime as dt
    >>> dt.date(2025, 4, 14) in read_holidays()
    True
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from importlib.resources import files
from pathlib import Path

#: The file shipped with the project.
SHIPPED = "tables/thai_holidays.csv"


def read_holidays(path: Path | str | None = None) -> frozenset[dt.date]:
    """The dates of a holidays file (the shipped one when ``path`` is None). A row whose date is
    not YYYY-MM-DD stops the read with its line number; blank lines are skipped."""
    if path is None:
        text = files("data").joinpath(SHIPPED).read_text(encoding="utf-8")
        name = SHIPPED
    else:
        text = Path(path).read_text(encoding="utf-8-sig")
        name = str(path)
    days = set()
    reader = csv.DictReader(io.StringIO(text))
    if "date" not in (reader.fieldnames or []):
        raise ValueError(f"{name}: a holidays file needs a 'date' column")
    for row in reader:
        value = (row.get("date") or "").strip()
        if not value:
            continue
        try:
            days.add(dt.date.fromisoformat(value))
        except ValueError:
            raise ValueError(
                f"{name}, line {reader.line_num}: {value!r} is not a date (YYYY-MM-DD)"
            ) from None
    return frozenset(days)
