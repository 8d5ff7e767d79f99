"""Turn a messy table from the field into the canonical text table ``data.validate`` accepts.

Three steps, each reporting what it cannot do instead of dropping it, one module each:

1. **Columns** (``data.column_mapping``: :func:`map_columns`, :class:`ColumnReport`): every
   header is matched against the synonyms of ``data.columns`` and an optional user mapping
   that wins; unknown, missing and doubled columns are reported.
2. **Values** (``data.normalize_values``: ``normalize_*``): column-aware, using the kinds of
   ``data.schema``; each returns the normalised text and ``(row, reason)`` for every value it
   could not normalise. :func:`normalize_column` chooses the function by the column's kind.
3. **Areas** (``data.normalize_areas``): admin codes cleaned and areas written by name resolved
   to DOPA codes (:func:`resolve_area`), using the parent area of the same row.

:func:`normalize_table` (here) does all three, derives codes from the codes around them and
latitude/longitude from one column, and keeps the original line numbers, so a problem names
the line of the file and the header the team wrote. Validating the result on those lines is
``data.import_chunk.validate_table``: normalising never depends on validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from data.column_mapping import ColumnReport, map_columns
from data.columns import TableKind, ascii_digits, canonical_columns
from data.messages import Text, msg
from data.normalize_areas import AreaMatch, clean_code, normalize_codes, parse_address, resolve_area
from data.normalize_values import (
    Issues,
    normalize_bools,
    normalize_card_status,
    normalize_categories,
    normalize_dates,
    normalize_household_ids,
    normalize_national_ids,
    normalize_numbers,
    normalize_pass_fail,
    normalize_text,
    normalize_village_numbers,
    normalize_years,
)
from data.numbers import to_numbers
from data.problems import Problem, safe_text, safe_value
from data.read_table import RawTable
from data.schema import LAT_RANGE, LON_RANGE, Column
from geo.codes import LEVELS, WIDTH


def _shown(value: object, column: Column | None = None) -> str:
    """A cell as it may appear in a problem: no national ID, short, one line."""
    return safe_value(safe_text(value), column)


@lru_cache(maxsize=4096)
def column_reason(header: str, reason: Text) -> Text:
    """``reason`` about the file's column ``header`` (one message shared by its cells)."""
    return msg("column", header=header, inner=reason)


def normalize_column(values: pd.Series, column: Column) -> tuple[pd.Series, Issues]:
    """Normalise one canonical column by its kind (codes: without parents; see normalize_table)."""
    if column.name == "card_holder":
        return normalize_card_status(values)
    if column.kind == "code":
        return normalize_codes(values, column.code_level)  # type: ignore[arg-type]
    if column.kind == "national_id":
        return normalize_national_ids(values)
    if column.kind == "bool":
        return normalize_bools(values)
    if column.kind == "pass_fail":
        return normalize_pass_fail(values)
    if column.kind == "category":
        return normalize_categories(values, column)
    if column.name == "round_be":
        return normalize_years(values)
    if column.name == "village_no":
        return normalize_village_numbers(values)
    if column.kind in ("int", "float"):
        return normalize_numbers(values)
    if column.name == "hh_id":
        return normalize_household_ids(values)
    return normalize_text(values)


@dataclass
class NormalizedTable:
    """A canonical text table with problems on the file's own lines and headers.

    ``frame`` has canonical column names only and every cell as text, ready for
    ``data.validate.validate_households`` (or ``validate_members``); ``line_numbers[i]`` is the
    line of the original file of row ``i``. ``notes`` says what was changed without being a
    problem (columns derived, coordinates swapped). ``data.import_chunk.validate_table`` runs
    the validator and moves its problems onto the original lines.
    """

    frame: pd.DataFrame
    problems: list[Problem]
    column_report: ColumnReport
    line_numbers: np.ndarray
    file_name: str = ""
    header_row: int = 1
    kind: TableKind = "households"
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def normalize_table(
    raw: RawTable,
    user_mapping: Mapping[str, str | None] | str | Path | None = None,
    *,
    kind: TableKind = "households",
) -> NormalizedTable:
    """Map the columns of ``raw``, normalise every value, resolve area names, derive codes.

    Problems (from reading, mapping and normalising) carry the file's own line numbers, the
    canonical column, the value as written (national IDs hidden) and a reason that starts
    with the file's header.
    """
    file_name = raw.source
    frame = raw.frame.reset_index(drop=True)
    lines = np.asarray(raw.line_numbers, dtype=np.int64)
    mapped, report = map_columns(frame, user_mapping, kind=kind)
    problems: list[Problem] = list(raw.problems) + report.problems(file_name, raw.header_row)
    notes: list[str] = []
    columns = {c.name: c for c in canonical_columns(kind)}
    out: dict[str, pd.Series] = {}
    empty = pd.Series("", index=mapped.index, dtype="str")

    def header(name: str) -> str:
        return report.header_of(name) or name

    def add(name: str, issues: Issues, source: pd.Series, origin: pd.Series | str) -> None:
        col = columns.get(name)
        for idx, reason in issues:
            src = origin if isinstance(origin, str) else origin.loc[idx]
            problems.append(
                Problem(
                    file_name,
                    int(lines[idx]),
                    name,
                    _shown(source.loc[idx], col),
                    column_reason(src, reason),
                )
            )

    for name, column in columns.items():
        if name in mapped.columns and column.kind != "code":
            values, issues = normalize_column(mapped[name], column)
            add(name, issues, mapped[name], header(name))
            out[name] = values

    if kind == "households":
        _area_codes(mapped, out, report, add, header, empty, notes)
        _coordinates(mapped, out, report, add, header, notes)
    elif kind == "registry":
        _area_codes(mapped, out, report, add, header, empty, notes, village_no=False)

    ordered = [c for c in columns if c in out]
    result = pd.DataFrame({c: out[c].astype("str") for c in ordered}, index=mapped.index)
    problems.sort(key=lambda p: (p.line, p.column))
    return NormalizedTable(result, problems, report, lines, file_name, raw.header_row, kind, notes)


def _area_codes(mapped, out, report, add, header, empty, notes, *, village_no: bool = True) -> None:
    """Province → district → subdistrict → village codes, from codes, names or an address."""
    parent = empty
    given: dict[str, pd.Series] = {}
    for level in ("province", "district", "subdistrict"):
        code_col, name_col = f"{level}_code", f"{level}_name"
        text, origin, source = (
            empty.copy(),
            pd.Series("", index=empty.index, dtype="str"),
            empty.copy(),
        )
        for col in (code_col, name_col, "address"):
            if col not in mapped.columns:
                continue
            cells = mapped[col].astype("str").fillna("")
            take = (text.str.strip() == "") & (cells.str.strip() != "")
            text[take] = cells[take]
            source[take] = cells[take]
            origin[take] = header(col)
        if not (text != "").any() and code_col not in mapped.columns:
            continue
        values, issues = normalize_codes(text, level, parent)  # type: ignore[arg-type]
        add(code_col, issues, source, origin)
        given[level] = values
        ok = values.str.fullmatch(rf"[0-9]{{{WIDTH[level]}}}").fillna(False)
        parent = values.where(ok, parent)
    if "village_code" in mapped.columns:
        values, issues = normalize_codes(mapped["village_code"], "village", parent)
        add("village_code", issues, mapped["village_code"], header("village_code"))
        given["village"] = values
    # fill what is missing from the codes around it
    if "village_no" in out:
        sub = given.get("subdistrict", empty)
        no = out["village_no"]
        can = no.str.fullmatch(r"[1-9][0-9]?").fillna(False) & sub.str.fullmatch(
            r"[0-9]{6}"
        ).fillna(False)
        village = given.get("village", empty.copy())
        fill = can & (village == "")
        if fill.any():
            village = village.copy()
            village[fill] = sub[fill] + no[fill].str.zfill(2)
            given["village"] = village
            report.derived.append(
                (
                    "village_code",
                    msg(
                        "map.derived_rows",
                        source=f"subdistrict_code + {header('village_no')}",
                        n=f"{int(fill.sum()):,}",
                    ),
                )
            )
    for level in ("subdistrict", "district", "province"):
        current = given.get(level, empty.copy())
        for lower in LEVELS[LEVELS.index(level) + 1 :]:
            if lower not in given:
                continue
            low = given[lower]
            fill = (current == "") & low.str.fullmatch(rf"[0-9]{{{WIDTH[lower]}}}").fillna(False)
            if fill.any():
                current = current.copy()
                current[fill] = low[fill].str[: WIDTH[level]]
                report.derived.append(
                    (
                        f"{level}_code",
                        msg("map.derived_rows", source=f"{lower}_code", n=f"{int(fill.sum()):,}"),
                    )
                )
        if level in given or (current != "").any():
            given[level] = current
    if village_no and "village_no" not in out and "village" in given:
        village = given["village"]
        ok = village.str.fullmatch(r"[0-9]{8}").fillna(False)
        out["village_no"] = village.str[6:8].where(ok, "").str.lstrip("0")
        report.derived.append(("village_no", msg("map.village_no_from_code")))
    for level in LEVELS:
        if level in given:
            out[f"{level}_code"] = given[level]
    for canonical, _ in report.derived:
        if canonical in report.missing:
            report.missing.remove(canonical)
    if report.derived:
        notes += [msg("map.derived", column=t, how=how) for t, how in report.derived]


def _coordinates(mapped, out, report, add, header, notes) -> None:
    if "latlon" in mapped.columns and "lat" not in out and "lon" not in out:
        cells = mapped["latlon"].astype("str").fillna("")
        parts = _digits_series(cells).str.extract(
            r"^\s*(-?[0-9]+(?:\.[0-9]+)?)\s*[,; ]\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$"
        )
        bad = (cells.str.strip() != "") & parts[0].isna()
        add(
            "lat",
            [(i, msg("value.not_latlon")) for i in cells.index[bad]],
            cells,
            header("latlon"),
        )
        out["lat"] = parts[0].fillna("").astype("str")
        out["lon"] = parts[1].fillna("").astype("str")
        report.derived.append(("lat/lon", f"{header('latlon')}"))
    if "lat" in out and "lon" in out:
        lat, lon = (_floats(out[c]) for c in ("lat", "lon"))
        swapped = lat.between(*LON_RANGE) & lon.between(*LAT_RANGE)
        if swapped.any():
            out["lat"], out["lon"] = (
                out["lat"].where(~swapped, out["lon"]),
                out["lon"].where(~swapped, out["lat"]),
            )
            notes.append(msg("map.swapped", n=f"{int(swapped.sum()):,}"))


def _floats(values: pd.Series) -> pd.Series:
    """Text as float64 (NaN where empty or not a number)."""
    text = values.astype("string")
    number = to_numbers(text.mask(text == "", pd.NA))
    return pd.Series(number.to_numpy("float64", na_value=np.nan), index=values.index)


def _digits_series(values: pd.Series) -> pd.Series:
    return values.map(ascii_digits).astype("str")


__all__ = [
    "AreaMatch",
    "ColumnReport",
    "Issues",
    "NormalizedTable",
    "clean_code",
    "column_reason",
    "map_columns",
    "normalize_bools",
    "normalize_card_status",
    "normalize_categories",
    "normalize_codes",
    "normalize_column",
    "normalize_dates",
    "normalize_household_ids",
    "normalize_national_ids",
    "normalize_numbers",
    "normalize_pass_fail",
    "normalize_table",
    "normalize_text",
    "normalize_village_numbers",
    "normalize_years",
    "parse_address",
    "resolve_area",
]
