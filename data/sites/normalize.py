"""Cells of a site file typed: text as read becomes numbers, codes, dates, vocabulary codes and
tags, each bad cell a problem (file, line, column, value, reason) and a missing value.

Step three of the site import (:mod:`data.sites`), after the file is read as text
(:mod:`data.sites.read`) and before the rows are checked together (:mod:`data.sites.validate`).
Words and digits read as in the household import: yes/no words (``data.columns.yes_no``), Thai
digits, Buddhist-era dates (``data.normalize``).

Example:
    >>> raw = pd.DataFrame({"members": ["๑๒", "1.5", ""]})
    >>> check = Checker(raw, "e.csv", None, 1)
    >>> field = Field("members", "int", minimum=1)
    >>> parse(field, raw["members"].astype("string").replace("", pd.NA), check).tolist()
    [12, <NA>, <NA>]
    >>> [(p.line, p.value) for p in check.problems]
    [(3, '1.5')]
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from data.columns import THAI_DIGITS, yes_no
from data.messages import msg
from data.normalize import normalize_dates, normalize_years
from data.problems import Problem, safe_value
from data.schema import LAT_RANGE, LON_RANGE
from data.sites.schema import ID_RE, INDICATOR_RE, Field, vocabulary
from data.validate import national_id_checksum_ok
from geo import codes

_MAX_TEXT = {"text": 300, "longtext": 4000, "phone": 40}


def _looks_like_id(text: str) -> bool:
    return any(
        national_id_checksum_ok(m)
        for m in re.findall(r"(?<!\d)\d{13}(?!\d)", re.sub(r"[\s-]", "", text))
    )


class Checker:
    """Collects problems for one file; ``lines`` maps row positions to file lines."""

    def __init__(
        self, raw: pd.DataFrame, file_name: str, lines: np.ndarray | None, header_line: int
    ):
        self.raw = raw
        self.file = file_name
        self.lines = np.arange(len(raw)) + header_line + 1 if lines is None else np.asarray(lines)
        self.header_line = header_line
        self.problems: list[Problem] = []

    def header(self, column: str, reason: str) -> None:
        self.problems.append(Problem(self.file, self.header_line, column, "", reason))

    def add(self, mask, column: str, reason: str, values: pd.Series | None = None) -> None:
        mask = np.asarray(pd.Series(mask).fillna(False), dtype=bool)
        source = values if values is not None else self.raw.get(column)
        for i in np.flatnonzero(mask):
            value = "" if source is None else source.iloc[i]
            self.problems.append(
                Problem(self.file, int(self.lines[i]), column, safe_value(value), reason)
            )


def _clean(raw: pd.DataFrame, fields: tuple[Field, ...], check: Checker) -> dict[str, pd.Series]:
    """Header checks, then each column stripped with empty cells as missing."""
    known = {f.name for f in fields}
    for extra in [c for c in raw.columns if c not in known]:
        check.header(str(extra), msg("site.unknown_column"))
    for f in fields:
        if f.required and f.name not in raw.columns:
            check.header(f.name, msg("validate.required_column"))
    out = {}
    for f in fields:
        if f.name in raw.columns:
            text = raw[f.name].astype("string").str.strip()
            out[f.name] = text.mask(text == "", pd.NA)
        else:
            out[f.name] = pd.Series(pd.NA, index=raw.index, dtype="string")
    return out


def _vocab_lookup(vocab: str) -> dict[str, str]:
    """Lower-cased code, Thai and English names -> code."""
    lookup = {}
    for code, term in vocabulary(vocab).items():
        for key in (code, term.name_th, term.name_en):
            lookup[key.strip().lower()] = code
    return lookup


def parse(f: Field, text: pd.Series, check: Checker) -> pd.Series:
    """Typed values of one column; bad cells become problems and missing values."""
    present = text.notna()
    if f.kind in ("int", "float", "lat", "lon"):
        number = pd.to_numeric(
            text.str.replace(",", "", regex=False).str.translate(THAI_DIGITS), errors="coerce"
        ).astype("Float64")
        bad = present & number.isna()
        check.add(bad, f.name, msg("validate.not_number"))
        lo, hi = f.minimum, f.maximum
        if f.kind == "lat":
            lo, hi = LAT_RANGE
        if f.kind == "lon":
            lo, hi = LON_RANGE
        out_of_range = pd.Series(False, index=text.index)
        if lo is not None:
            out_of_range |= (number < lo).fillna(False)
        if hi is not None:
            out_of_range |= (number > hi).fillna(False)
        code = "site.outside_thailand" if f.kind in ("lat", "lon") else "validate.outside"
        if lo is not None and hi is not None:
            check.add(out_of_range, f.name, msg(code, lo=f"{lo:g}", hi=f"{hi:g}"))
        bad |= out_of_range
        if f.kind == "int":
            frac = ((number % 1).fillna(0) != 0) & ~bad
            check.add(frac, f.name, msg("validate.not_whole_number"))
            bad |= frac
            return number.mask(bad).round().astype("Int64")
        return number.mask(bad)
    if f.kind == "bool":
        words = text.fillna("").map(yes_no)
        check.add(present & (words == "?"), f.name, msg("validate.not_bool"))
        out = pd.Series(pd.NA, index=text.index, dtype="boolean")
        out[words.map(lambda w: w is True).to_numpy(bool)] = True
        out[words.map(lambda w: w is False).to_numpy(bool)] = False
        return out
    if f.kind in ("date", "year"):
        fn = normalize_dates if f.kind == "date" else normalize_years
        values, issues = fn(text.fillna(""))
        bad = pd.Series(False, index=text.index)
        for idx, reason in issues:
            bad[idx] = True
            check.add(text.index == idx, f.name, reason)
        values = values.astype("string").mask(bad | ~present)
        if f.kind == "year":
            year = pd.to_numeric(values, errors="coerce").astype("Int64")
            wrong = present & ~bad & ~year.between(2400, 2700).fillna(False)
            check.add(wrong, f.name, msg("site.year_range"))
            return year.mask(wrong)
        return values
    if f.kind == "code":
        digits = text.str.translate(THAI_DIGITS)
        widths = (8,) if f.minimum == 8 else (2, 4, 6, 8)
        shape = digits.str.fullmatch(r"\d+").fillna(False) & digits.str.len().isin(widths)
        check.add(
            present & ~shape,
            f.name,
            msg("validate.code_width", width=8) if widths == (8,) else msg("site.code_width"),
        )
        known = pd.Series(
            [
                bool(v) and codes.is_valid_code(v, codes.LEVEL_BY_WIDTH[len(v)]) if s else False
                for v, s in zip(digits.fillna(""), shape, strict=True)
            ],
            index=text.index,
        )
        check.add(present & shape & ~known, f.name, msg("site.not_current_code"))
        return digits.mask(~(shape & known))
    if f.kind == "category":
        lookup = _vocab_lookup(f.vocab or "")
        mapped = text.str.lower().map(lambda v: lookup.get(v) if isinstance(v, str) else None)
        bad = present & mapped.isna()
        check.add(
            bad, f.name, msg("validate.not_one_of", allowed=", ".join(vocabulary(f.vocab or "")))
        )
        return mapped.astype("string").mask(bad)
    if f.kind == "tags":
        lookup = _vocab_lookup(f.vocab or "")
        out, bad = [], []
        for v in text:
            if v is pd.NA or v is None:
                out.append(pd.NA)
                bad.append(False)
                continue
            parts = [p.strip().lower() for p in re.split(r"[|,;]", str(v)) if p.strip()]
            mapped = [lookup.get(p) for p in parts]
            bad.append(any(m is None for m in mapped) or not parts)
            order = list(vocabulary(f.vocab or ""))
            out.append("|".join(sorted({m for m in mapped if m}, key=order.index)) or pd.NA)
        bad = pd.Series(bad, index=text.index)
        check.add(
            bad,
            f.name,
            msg("site.tags", allowed=", ".join(vocabulary(f.vocab or ""))),
        )
        return pd.Series(out, index=text.index, dtype="string").mask(bad)
    if f.kind in ("id", "ref"):
        bad = present & ~text.str.fullmatch(ID_RE).fillna(False)
        check.add(
            bad,
            f.name,
            msg("site.id"),
        )
        return text.mask(bad)
    if f.kind == "refs":
        parts = [
            [p.strip() for p in re.split(r"[|,;]", v) if p.strip()] if isinstance(v, str) else []
            for v in text
        ]
        bad = present & pd.Series(
            [not ps or not all(re.fullmatch(ID_RE, p) for p in ps) for ps in parts],
            index=text.index,
        )
        check.add(bad, f.name, msg("site.refs"))
        joined = ["|".join(dict.fromkeys(ps)) or pd.NA for ps in parts]
        return pd.Series(joined, index=text.index, dtype="string").mask(bad)
    if f.kind == "slug":
        bad = present & ~text.str.fullmatch(INDICATOR_RE).fillna(False)
        check.add(bad, f.name, msg("site.slug"))
        return text.mask(bad)
    if f.kind == "level":
        bad = present & ~text.str.lower().isin(["province", "district", "subdistrict"]).fillna(
            False
        )
        check.add(
            bad, f.name, msg("validate.not_one_of", allowed="province, district, subdistrict")
        )
        return text.str.lower().mask(bad)
    if f.kind == "url":
        bad = present & ~text.str.match(r"https?://[^\s<>\"']+$").fillna(False)
        check.add(bad, f.name, msg("site.url"))
        return text.mask(bad)
    # text, longtext, phone
    limit = _MAX_TEXT.get(f.kind, 300)
    long = present & (text.str.len() > limit).fillna(False)
    check.add(long, f.name, msg("site.too_long", limit=limit))
    ids = present & text.map(lambda v: _looks_like_id(v) if isinstance(v, str) else False).astype(
        bool
    )
    check.add(ids, f.name, msg("site.national_id"))
    bad = long | ids
    if f.kind == "phone":
        shape = present & ~bad & ~text.str.fullmatch(r"[0-9+()\-\s/,#]{3,40}").fillna(False)
        check.add(shape, f.name, msg("site.phone"))
        bad |= shape
    return text.mask(bad)


def typed(raw: pd.DataFrame, fields: tuple[Field, ...], check: Checker) -> pd.DataFrame:
    """Every column of ``fields`` typed (:func:`parse`); a missing required value is a problem."""
    cleaned = _clean(raw, fields, check)
    out = {}
    for f in fields:
        text = cleaned[f.name]
        out[f.name] = parse(f, text, check)
        if f.required and f.name in raw.columns:
            check.add(text.isna(), f.name, msg("validate.required_value"))
    return pd.DataFrame(out, index=raw.index)
