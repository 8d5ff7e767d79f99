"""Every table a person downloads or is handed: the app's CSV buttons, the command line's CSV and
Excel output and the import/reject reports are all written through this module.

Four rules, each owned here (docs/exports.md says the same for readers of the files):

1. **Formulas are defused.** A text cell whose first character is ``=``, ``+``, ``-``, ``@``, a
   tab or a carriage return gets a leading apostrophe, so Excel, LibreOffice and Google Sheets
   show it as text instead of running it. This holds for every text cell whatever the column's
   dtype (``object``, pandas 3 ``str``, ``string``, ``category``), for index labels and for
   header cells. Numbers stay numbers: a numeric ``-2`` is written ``-2``.
2. **Whole numbers are integers.** A numeric column whose values are all whole numbers is written
   ``54``, not ``54.0`` (missing cells stay empty).
3. **Units are in the header.** A column with a unit names it: the measures of
   ``analysis.measures`` by their unit (``headcount_ratio`` is written as
   ``headcount_ratio_pct``, a percentage), a few analysis columns (:data:`COLUMN_UNITS`), others
   through the ``units`` argument. Shares held as fractions are written as percentages.
4. **The context travels with the numbers.** :class:`ExportMeta` (round, earlier round, poverty
   rule, Alkire–Foster k, metric, synthetic flag) becomes constant leading columns, so pandas and
   Excel read the file as an ordinary table. A field that is not set is left out; a column the
   table already has (such as a per-row ``round_be``) is kept as it is.

Example:
    >>> defuse_cell('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> defuse_cell(-2), defuse_cell("-2+3"), defuse_cell("Kalasin")
    (-2, "'-2+3", 'Kalasin')
    >>> frame = pd.DataFrame({"poor_households": [54.0, 3.0], "headcount_ratio": [0.25, 0.5]})
    >>> csv_text(frame, ExportMeta(round_be=2566, rule="tpmap")).splitlines()
    ['round_be,poor_rule,poor_households,headcount_ratio_pct', '2566,tpmap,54,25', '2566,tpmap,3,50']
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd

from analysis.measures import MEASURES

#: First characters that make a spreadsheet read a cell as a formula (or, for tab and carriage
#: return, hide one behind white space).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def defuse_cell(value: T) -> T | str:
    """``value`` with a leading apostrophe if it is text that starts like a formula; anything
    else (numbers, dates, missing values, ordinary text) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _may_hold_text(series: pd.Series) -> bool:
    dtype = series.dtype
    return not (
        pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_numeric_dtype(dtype)
        or pd.api.types.is_datetime64_any_dtype(dtype)
        or pd.api.types.is_timedelta64_dtype(dtype)
    )


def _defuse_labels(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        return index.set_levels([_defuse_labels(level) for level in index.levels])
    if not _may_hold_text(index.to_series()):
        return index
    return pd.Index([defuse_cell(v) for v in index], name=defuse_cell(index.name), dtype=object)


def defuse_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`defuse_cell` applied to every text cell, index label and
    header cell, whatever the column's dtype; numeric, boolean and date columns are left alone.

    >>> f = pd.DataFrame({"n": [-2], "s": pd.Series(["+1+1"], dtype="category")})
    >>> defuse_frame(f)["s"].tolist(), defuse_frame(f)["n"].tolist()
    (["'+1+1"], [-2])
    """
    out = frame.copy()
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if _may_hold_text(column):
            out.isetitem(i, column.astype(object).map(defuse_cell))
    out.columns = _defuse_labels(out.columns)
    out.index = _defuse_labels(out.index)
    return out


# --- units ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """How a column's values are written: multiplied by ``scale``, the header naming the unit
    (``<name>_<suffix>`` for a snake_case name, ``<name> (<symbol>)`` for any other)."""

    suffix: str
    symbol: str
    scale: float = 1.0


#: a share held as a fraction (0.25), written as a percentage (25)
SHARE_AS_PCT = Unit("pct", "%", 100.0)
#: a difference of two shares held as fractions, written in percentage points
SHARE_DIFF_AS_PP = Unit("pp", "pp", 100.0)
#: values that already are percentages
PCT = Unit("pct", "%")
#: a five-capital score on the survey's 1–4 scale
SCORE_1_4 = Unit("score_1_4", "score 1–4")
#: an index between 0 and 1 (Alkire–Foster M0)
INDEX_0_1 = Unit("index_0_1", "index 0–1")

#: How each unit of the measure registry (``analysis.measures``) is written. Ratios and shares
#: are held as fractions and written as percentages, their changes in percentage points; counts
#: (households, people) need no suffix: the column's name says what is counted.
MEASURE_UNITS: dict[str, Unit] = {
    "percent": SHARE_AS_PCT,
    "share": SHARE_AS_PCT,
    "points": SHARE_DIFF_AS_PP,
    "index": INDEX_0_1,
    "score": SCORE_1_4,
}
#: Analysis columns that hold a registry measure under a short name (the Why page's MPI table).
MEASURE_ALIASES: dict[str, str] = {"H": "mpi_H", "A": "mpi_A", "M0": "mpi_M0"}
#: Analysis columns that are shares but no measure of the registry.
COLUMN_UNITS: dict[str, Unit] = {
    "share": SHARE_AS_PCT,
    "exit_rate": SHARE_AS_PCT,
    "entry_rate": SHARE_AS_PCT,
}
#: Families of columns: censored headcounts and contributions per BMN indicator.
UNIT_PATTERNS: tuple[tuple[re.Pattern[str], Unit], ...] = (
    (re.compile(r"(h|phi)_bmn_\d{2}"), SHARE_AS_PCT),
)
_SNAKE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def unit_of(column: object, units: Mapping[str, Unit] | None = None) -> Unit | None:
    """The unit of ``column``: ``units`` first, then the measure registry (by key or alias),
    :data:`COLUMN_UNITS` and :data:`UNIT_PATTERNS`; None for a column without one."""
    if not isinstance(column, str):
        return None
    if units and column in units:
        return units[column]
    measure = MEASURES.get(MEASURE_ALIASES.get(column, column))
    if measure is not None:
        return MEASURE_UNITS.get(measure.unit)
    if column in COLUMN_UNITS:
        return COLUMN_UNITS[column]
    for pattern, unit in UNIT_PATTERNS:
        if pattern.fullmatch(column):
            return unit
    return None


def unit_header(column: str, unit: Unit) -> str:
    """``headcount_ratio`` → ``headcount_ratio_pct``; ``กาฬสินธุ์`` → ``กาฬสินธุ์ (%)``."""
    if _SNAKE.fullmatch(column):
        return column if column.endswith("_" + unit.suffix) else f"{column}_{unit.suffix}"
    return f"{column} ({unit.symbol})"


# --- metadata ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportMeta:
    """What the numbers depend on, written as constant leading columns (unset fields left out)."""

    round_be: int | None = None
    #: the earlier round of a comparison between two rounds (outcomes)
    from_round_be: int | None = None
    #: POVMAP_POOR_RULE: 'tpmap' or 'af'
    rule: str | None = None
    #: POVMAP_AF_K, the Alkire–Foster cut-off (for the 'af' rule and for H, A, M0)
    k: float | None = None
    #: the metric the map or table is ranked or coloured by
    metric: str | None = None
    #: True when the store holds the synthetic demo data
    synthetic: bool | None = None

    def columns(self) -> dict[str, object]:
        """Header → value of the fields that are set, in the order they are written."""
        values = {
            "round_be": self.round_be,
            "from_round_be": self.from_round_be,
            "poor_rule": self.rule,
            "af_k": self.k,
            "metric": self.metric,
            "synthetic": self.synthetic,
        }
        return {name: value for name, value in values.items() if value is not None}


#: Header of each metadata column (for docs and readers).
META_COLUMNS = tuple(ExportMeta(0, 0, "", 0.0, "", False).columns())


# --- the table as written ------------------------------------------------------------------------


def _has_labels(index: pd.Index) -> bool:
    """False for the 0, 1, 2, … index pandas gives a frame that was never indexed."""
    return not (
        isinstance(index, pd.RangeIndex)
        and index.name is None
        and index.start == 0
        and index.step == 1
    )


def _whole_numbers_as_int(series: pd.Series) -> pd.Series:
    if not pd.api.types.is_float_dtype(series.dtype):
        return series
    values = series.dropna().to_numpy(dtype=float)
    if (
        len(values)
        and np.isfinite(values).all()
        and (np.abs(values) < 2**53).all()
        and (values == np.round(values)).all()
    ):
        return series.astype("Int64")
    return series


def export_table(
    frame: pd.DataFrame,
    meta: ExportMeta | None = None,
    *,
    units: Mapping[str, Unit] | None = None,
) -> pd.DataFrame:
    """``frame`` as it is written: a labelled index as leading column(s), units applied and named,
    whole numbers as integers, metadata columns first, every text cell defused.

    ``units`` gives the unit of columns :func:`unit_of` does not know (by their header).
    """
    out = frame.reset_index(allow_duplicates=True) if _has_labels(frame.index) else frame.copy()
    out.columns = list(out.columns)
    headers = []
    for i, column in enumerate(out.columns):
        unit = unit_of(column, units)
        if unit is not None and pd.api.types.is_numeric_dtype(out.iloc[:, i].dtype):
            if unit.scale != 1:
                out.isetitem(i, (out.iloc[:, i].astype(float) * unit.scale).round(10))
            column = unit_header(column, unit)
        headers.append(column)
        out.isetitem(i, _whole_numbers_as_int(out.iloc[:, i]))
    out.columns = headers
    extra = {k: v for k, v in (meta or ExportMeta()).columns().items() if k not in out.columns}
    for position, (name, value) in enumerate(extra.items()):
        out.insert(position, name, value, allow_duplicates=True)
    return defuse_frame(out)


def csv_text(
    frame: pd.DataFrame,
    meta: ExportMeta | None = None,
    *,
    units: Mapping[str, Unit] | None = None,
) -> str:
    """:func:`export_table` as CSV text (for standard output). Lines end in CRLF (RFC 4180), so a
    cell holding a carriage return is quoted like one holding a line feed."""
    return export_table(frame, meta, units=units).to_csv(index=False, lineterminator="\r\n")


def csv_bytes(
    frame: pd.DataFrame,
    meta: ExportMeta | None = None,
    *,
    units: Mapping[str, Unit] | None = None,
) -> bytes:
    """:func:`export_table` as a CSV file: UTF-8 with a byte-order mark, so Excel shows Thai."""
    return csv_text(frame, meta, units=units).encode("utf-8-sig")


def xlsx_bytes(
    frame: pd.DataFrame,
    meta: ExportMeta | None = None,
    *,
    units: Mapping[str, Unit] | None = None,
    sheet_name: str = "data",
) -> bytes:
    """:func:`export_table` as an Excel workbook of one sheet (text that starts like a formula is
    defused here too: openpyxl would otherwise store it as a formula)."""
    buffer = io.BytesIO()
    table = export_table(frame, meta, units=units)
    for i in range(table.shape[1]):  # Excel has no time zones and no pandas NA in object cells
        column = table.iloc[:, i]
        if isinstance(column.dtype, pd.DatetimeTZDtype):
            table.isetitem(i, column.dt.tz_localize(None))
    table.to_excel(buffer, index=False, sheet_name=sheet_name)
    return buffer.getvalue()
