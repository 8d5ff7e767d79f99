"""What a Streamlit table cell shows, and the rules a shown number must follow.

``shown(value, config)`` renders a cell as the Streamlit 1.67 frontend does (sprintf-js for a
printf ``format`` of a number or progress column; without a format, integers plain and floats
with up to 4 trimmed decimals, no thousands separator). ``problems(...)`` lists the cells that
break the table rules: a number of 1,000 or more without a separator, more than 3 decimals,
a percent with more than one, decimals that differ within a column, a code shown with a separator or decimals.
"""

from __future__ import annotations

import numbers
import re
from typing import Any

import numpy as np
import pandas as pd

#: A printf placeholder as sprintf-js reads the ones the app uses: %d, %,.1f, %+,.0f, %%.
_PLACEHOLDER = re.compile(r"%(%|(\+)?(,)?(?:\.(\d+))?([dfs]))")
#: A shown number: optional sign, groups of three digits, optional decimals, optional percent.
NUMBER = re.compile(r"^[+-]?(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d+))?(%?)$")
GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})*(?:\.\d+)?%?$")
MAX_DECIMALS = 3


def printf(fmt: str, value: float) -> str:
    """``fmt`` applied to ``value`` the way sprintf-js does for these placeholders."""

    def one(m: re.Match[str]) -> str:
        if m.group(1) == "%":
            return "%"
        sign, comma, precision, kind = m.group(2), m.group(3), m.group(4), m.group(5)
        if kind == "s":
            return str(value)
        v = float(value)
        text = str(int(v)) if kind == "d" else (f"{v:.{int(precision)}f}" if precision else str(v))
        negative = text.startswith("-")
        text = text.lstrip("-")
        if comma:
            whole, dot, frac = text.partition(".")
            text = f"{int(whole):,}" + dot + frac
        return ("-" if negative else "+" if sign else "") + text

    return _PLACEHOLDER.sub(one, fmt)


def _default(value: Any) -> str:
    if isinstance(value, numbers.Integral) or float(value).is_integer():
        return str(int(value))
    return f"{float(value):.4f}".rstrip("0").rstrip(".")


def shown(value: Any, config: dict | None) -> str:
    """The text of a cell holding ``value`` under a column config (as Streamlit sends it)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        return str(value)
    fmt = ((config or {}).get("type_config") or {}).get("format")
    if fmt in (None, ""):
        return _default(value)
    return printf(fmt, value)


def decimals(text: str) -> int:
    m = NUMBER.match(text)
    return len(m.group(2) or "") if m else 0


def problems(
    table: str, columns: dict[str, list[str]], *, code_columns: set[str], number_columns: set[str]
) -> list[str]:
    """Cells of one table (column -> shown texts) that break the rules; ``number_columns`` are
    the columns that hold numbers, ``code_columns`` those whose header names a code."""
    out = []
    for column, texts in columns.items():
        cells = [c for c in texts if c != ""]
        where = f"{table} / {column!r}"
        if column in code_columns:
            out += [
                f"{where}: code shown as {c!r}" for c in cells if not re.fullmatch(r"[^,.]*", c)
            ]
            continue
        if column not in number_columns:
            # text: a pre-formatted number may not carry long raw decimals either
            out += [
                f"{where}: {c!r} has more than {MAX_DECIMALS} decimals"
                for c in cells
                if re.fullmatch(r"-?\d+\.\d{4,}", c)
            ]
            continue
        seen = set()
        for c in cells:
            m = NUMBER.match(c)
            if not m:
                out.append(f"{where}: {c!r} is not a formatted number")
                continue
            if not GROUPED.match(c):
                out.append(f"{where}: {c!r} has no thousands separator")
            n = decimals(c)
            if n > MAX_DECIMALS or (m.group(3) and n > 1):
                out.append(f"{where}: {c!r} has too many decimals")
            seen.add(n)
        if len(seen) > 1:
            out.append(f"{where}: decimals differ within the column {sorted(seen)}")
    return out
