"""Site and indicator files read: every cell as text with its file line, the header row found
below any title rows, and an indicator file's headers mapped as people write them.

Step two of the site import (:mod:`data.sites`). A site, product or adoption file names its
columns as ``FIELDS`` does (:mod:`data.sites.schema`). An area-indicator file may use the
household import's Thai and English header synonyms (``data.columns``), leave out what the
import form or the command's options give (:class:`IndicatorMeta`), and hold its values under a
header that says what they are ("พื้นที่สีเขียว (ตร.ม./คน)", "2566").

Example:
    >>> suggest_code("พื้นที่สีเขียว", "Green area per person (m²)")
    'green_area_per_person'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from data import normalize
from data.columns import (
    THAI_DIGITS,
    clean_text,
    column_key,
    header_lookup,
    load_user_mapping,
    register_targets,
    synonyms,
)
from data.importer import ImportFailed
from data.messages import msg
from data.normalize import normalize_years
from data.problems import Problem
from data.readers import ReadError, read_any
from data.sites.schema import INDICATOR_FIELDS, INDICATOR_RE, NAME_COLUMNS, Field


def read_site_table(
    path: Path, fields: Iterable[Field], known: Callable[[str], bool] | None = None
) -> tuple[pd.DataFrame, np.ndarray, int]:
    """A CSV (UTF-8 or TIS-620), Excel or Parquet file as text: (rows, their file lines, header line).

    The header is the first of the top rows naming at least two of ``fields`` (or two headers
    ``known`` accepts; title rows above it are skipped), else the first row.

    Raises:
        ImportFailed: the file is missing, empty or not a table.
    """
    names = {f.name for f in fields}

    def recognised(cells: Iterable[object]) -> int:
        cells = [str(c).strip() for c in cells]
        return sum(1 for c in cells if c in names or (known is not None and known(c)))

    try:
        try:
            raw = read_any(path, header_row=1)
        except ReadError:
            raw = read_any(path)  # line 1 empty: let the reader find the first rows
        if recognised(raw.frame.columns) < 2:
            for i, row in enumerate(raw.frame.head(20).itertuples(index=False)):
                if recognised(row) >= 2:
                    raw = read_any(path, header_row=int(raw.line_numbers[i]))
                    break
        if known is not None and len(raw.frame.columns) == 1:
            # a title line without delimiters above the header: let the reader find the table
            found = read_any(path)
            if len(found.frame.columns) > 1:
                raw = found
    except ReadError as exc:
        raise ImportFailed(str(exc), [exc.problem()], None) from None
    frame = raw.frame.copy()
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame, np.asarray(raw.line_numbers), int(raw.header_row)


# --- area-indicator files as people have them ---------------------------------------------------

#: What an indicator file's headers may map to (``data.normalize.map_columns``, kind
#: "indicators"): the indicator columns, and the household file's area codes and survey year,
#: which bring their Thai and English synonyms (data/tables/column_synonyms.csv) along.
INDICATOR_TARGETS: tuple[str, ...] = (
    *(f.name for f in INDICATOR_FIELDS),
    "province_code",
    "district_code",
    "subdistrict_code",
    "round_be",
)
register_targets("indicators", INDICATOR_TARGETS)


@dataclass(frozen=True)
class IndicatorMeta:
    """What an indicator file may leave out: asked for in the import form, or CLI options.

    Each fills the column of that name when the file has none (the file's own column wins).
    ``period`` is a year, Buddhist or Christian era; ``higher_is_better`` the direction.
    """

    indicator: str | None = None
    name_th: str | None = None
    name_en: str | None = None
    unit: str | None = None
    unit_en: str | None = None
    period: str | None = None
    source: str | None = None
    source_url: str | None = None
    higher_is_better: bool | None = None


#: IndicatorMeta field -> the file column it fills
META_COLUMNS: dict[str, str] = {
    "indicator": "indicator",
    "name_th": "indicator_name_th",
    "name_en": "indicator_name_en",
    "unit": "unit",
    "unit_en": "unit_en",
    "period": "period",
    "source": "source",
    "source_url": "source_url",
    "higher_is_better": "higher_is_better",
}
#: The metadata an import cannot do without (the others are optional).
META_REQUIRED: tuple[str, ...] = ("indicator", "name_th", "period", "source")
_CODE_COLUMNS = ("subdistrict_code", "district_code", "province_code")
_NOTE = re.compile(r"^(?P<name>.*?)\s*[(\[](?P<note>[^()\[\]]*)[)\]]\s*$")


def _indicator_header(header: str) -> bool:
    """Does this header name an indicator-file column (a synonym, as the household import reads)?"""
    return header_lookup(header, synonyms("indicators"))[0]


def _mostly_numbers(values: pd.Series) -> bool:
    """Nine in ten of the non-empty cells read as numbers (commas and Thai digits allowed)."""
    text = values.astype("string").str.strip()
    text = text[text.notna() & (text != "")]
    if not len(text):
        return False
    number = pd.to_numeric(
        text.str.replace(",", "", regex=False).str.translate(THAI_DIGITS), errors="coerce"
    )
    return bool(number.notna().mean() >= 0.9)


def suggest_code(*texts: str | None) -> str | None:
    """An indicator code from the first text with Latin letters ("Green area (m²)" → green_area).

    >>> suggest_code("พื้นที่สีเขียว", "Green area per person (m²)")
    'green_area_per_person'
    >>> suggest_code("ค่า") is None
    True
    """
    for text in texts:
        if not text:
            continue
        plain = _NOTE.sub(r"\g<name>", str(text)).lower()
        code = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:60].strip("_")
        if re.fullmatch(INDICATOR_RE, code):
            return code
    return None


def header_hints(header: str | None) -> IndicatorMeta:
    """What a value column's header tells: a year ("2566", "พ.ศ. 2566"), or a name with its unit
    in brackets ("พื้นที่สีเขียว (ตร.ม./คน)").

    >>> header_hints("พื้นที่สีเขียว (ตร.ม./คน)")
    IndicatorMeta(indicator=None, name_th='พื้นที่สีเขียว', name_en=None, unit='ตร.ม./คน', unit_en=None, period=None, source=None, source_url=None, higher_is_better=None)
    >>> header_hints("2023").period
    '2566'
    """
    text = clean_text(header or "")
    if not text or column_key(text) in synonyms("indicators"):
        return IndicatorMeta()
    years, issues = normalize_years(pd.Series([text]))
    if not issues and re.fullmatch(r"\d{4}", str(years.iloc[0])):
        return IndicatorMeta(period=str(years.iloc[0]))
    m = _NOTE.match(text)
    name, unit = (m["name"].strip(), m["note"].strip() or None) if m else (text, None)
    if re.search(r"[\u0e00-\u0e7f]", name):
        return IndicatorMeta(name_th=name, unit=unit)
    return IndicatorMeta(indicator=suggest_code(name), name_en=name, unit=unit)


@dataclass
class IndicatorFile:
    """An area-indicator file read and its headers mapped: what the import preview shows.

    ``frame`` holds every row as text under canonical column names; ``headers`` says which of
    the file's headers each came from; ``columns`` is the household import's column report
    (mapped, unknown, doubled); ``numbers`` lists the unmapped headers whose cells are numbers
    (the choices for the value column); ``hints`` what the value header suggests.
    """

    file_name: str
    frame: pd.DataFrame
    lines: np.ndarray
    header_line: int
    columns: normalize.ColumnReport
    headers: dict[str, str]
    numbers: list[str]
    hints: IndicatorMeta

    @property
    def needs(self) -> tuple[str, ...]:
        """The IndicatorMeta fields the file does not give (the form asks for these)."""
        return tuple(k for k, col in META_COLUMNS.items() if col not in self.frame.columns)

    @property
    def has_area(self) -> bool:
        return any(c in self.frame.columns for c in ("area_code", *(n for n, _ in NAME_COLUMNS)))

    def problems(self) -> list[Problem]:
        """What stops the import before any row is read: doubled columns, no area or value."""
        out = self.columns.problems(self.file_name, self.header_line)
        if not self.has_area:
            out.append(
                Problem(
                    self.file_name,
                    self.header_line,
                    "area_code",
                    "",
                    msg("validate.required_column"),
                )
            )
        if "value" not in self.frame.columns:
            out.append(
                Problem(
                    self.file_name, self.header_line, "value", "", msg("validate.required_column")
                )
            )
        return out


def map_indicator_columns(
    frame: pd.DataFrame,
    file_name: str,
    lines: np.ndarray,
    header_line: int,
    *,
    mapping: Mapping[str, str | None] | str | Path | None = None,
    value_column: str | None = None,
) -> IndicatorFile:
    """Map an indicator file's headers as the household import does (``normalize.map_columns``).

    ``mapping`` is a user mapping ``{their header: column}``; ``value_column`` names the
    header holding the values. Without either, and when no header is a synonym of ``value``,
    the only unmapped column of numbers is the value column. Province, district and
    subdistrict codes become ``area_code`` (the finest given), a survey year ``period``.
    """
    user = dict(load_user_mapping(mapping))
    numbers = [
        str(h)
        for i, h in enumerate(frame.columns)
        if not _indicator_header(str(h))
        and column_key(h) not in user
        and _mostly_numbers(frame.iloc[:, i])
    ]
    derived = None
    if value_column:
        user[column_key(value_column)] = "value"
    elif (
        len(numbers) == 1
        and "value" not in user.values()
        and not any(
            header_lookup(str(h), synonyms("indicators"))[1] == "value" for h in frame.columns
        )
    ):
        user[column_key(numbers[0])] = "value"
        derived = ("value", f"'{numbers[0]}' (the only other column of numbers)")
    mapped, report = normalize.map_columns(frame, user, kind="indicators")
    if derived:
        report.derived.append(derived)
    headers = {target: shown for shown, target in report.mapped}
    mapped = mapped.copy()
    if "round_be" in mapped.columns:
        if "period" in mapped.columns:
            report.duplicates["period"] = [headers["period"], headers["round_be"]]
        else:
            mapped["period"] = mapped["round_be"]
            headers["period"] = headers["round_be"]
        mapped = mapped.drop(columns="round_be")
    given = [c for c in _CODE_COLUMNS if c in mapped.columns]
    if given and "area_code" not in mapped.columns:
        mapped["area_code"] = mapped[given[0]]
        headers["area_code"] = headers[given[0]]
    mapped = mapped.drop(columns=given)
    value_header = headers.get("value")
    return IndicatorFile(
        file_name,
        mapped,
        np.asarray(lines),
        header_line,
        report,
        headers,
        [n for n in numbers if n != value_header],
        header_hints(value_header),
    )


def read_indicator_file(
    path: Path,
    *,
    mapping: Mapping[str, str | None] | str | Path | None = None,
    value_column: str | None = None,
) -> IndicatorFile:
    """Read an area-indicator file and map its headers (:func:`map_indicator_columns`).

    Raises:
        ImportFailed: the file is missing, empty or not a table.
    """
    try:
        frame, lines, header = read_site_table(Path(path), INDICATOR_FIELDS, _indicator_header)
    except ReadError as exc:  # pragma: no cover - read_site_table raises ImportFailed
        raise ImportFailed(str(exc), [exc.problem()], None) from None
    return map_indicator_columns(
        frame, Path(path).name, lines, header, mapping=mapping, value_column=value_column
    )


def default_code(name_th: str | None, name_en: str | None) -> str | None:
    """An indicator code when none is given: from the English name, else a stable one from the
    Thai name (the same name gives the same code, so a re-import updates it).

    >>> default_code("พื้นที่สีเขียว", None)
    'ind_3473976d'
    """
    code = suggest_code(name_en)
    if code or not name_th:
        return code
    return "ind_" + hashlib.sha1(str(name_th).strip().encode()).hexdigest()[:8]


def effective_meta(file: IndicatorFile, meta: IndicatorMeta | None) -> IndicatorMeta:
    """``meta``, with what it leaves empty taken from the value header's hints, the English name
    for a missing Thai one, and a code made from the names when neither the file nor ``meta``
    gives one."""
    given = meta or IndicatorMeta()
    values = {}
    for name in META_COLUMNS:
        value = getattr(given, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            value = getattr(file.hints, name)
        values[name] = value
    if not values["name_th"] and "indicator_name_th" not in file.frame.columns:
        values["name_th"] = values["name_en"]  # an English-only file: its name stands in
    if not values["indicator"] and "indicator" not in file.frame.columns:
        values["indicator"] = default_code(values["name_th"], values["name_en"])
    return IndicatorMeta(**values)


def with_meta(file: IndicatorFile, meta: IndicatorMeta | None) -> pd.DataFrame:
    """The file's rows with the columns it lacks filled from :func:`effective_meta`."""
    out = file.frame.copy()
    meta = effective_meta(file, meta)
    for name, column in META_COLUMNS.items():
        value = getattr(meta, name)
        if column in out.columns or value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        out[column] = str(value).strip()
    return out
