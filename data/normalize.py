"""Turn a messy table from the field into the canonical text table ``data.validate`` accepts.

Three steps, each reporting what it cannot do instead of dropping it:

1. **Columns** (:func:`map_columns`): every header is matched against
   ``data/tables/column_synonyms.csv`` (Thai and English names for every canonical column) and
   an optional user mapping ``{their_header: canonical}`` that wins. Matching ignores case,
   spaces, ``_ - . : *`` and Unicode form; a trailing note in brackets ("รายได้ (บาท)") is tried
   without it. Unknown columns are listed (and kept out of the canonical table), required
   columns that nothing maps to are missing, and two columns mapping to one canonical column
   are an error.
2. **Values** (``normalize_*``): column-aware, using the kinds of ``data.schema``. Each returns
   the normalised text and ``(row, reason)`` for every value it could not normalise (``row`` is
   the label in the series' index). Reasons never repeat a national ID.
3. **Areas**: admin codes are cleaned (Thai digits, ``TH`` prefix, dashes, ``460101.0``) and
   areas written by name ("ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น", "กทม.", "Mueang Khon Kaen")
   are resolved to DOPA codes with ``geothai`` (:func:`resolve_area`), using the parent area of
   the same row to tell apart the many places with one name.

:func:`normalize_table` does all three and keeps the original line numbers, so a problem
names the line of the file and the header the team wrote.

Decisions on ambiguous values (documented here because they change data):

* **Leading zeros.** No DOPA code starts with 0 (province codes are 10-96), so Excel never
  strips a zero off the front of a full code, and a province code of one digit ("4") cannot be
  restored: it is reported. Zeros are lost *inside* codes when a code is glued from numbers
  (46 & 1 & 1 = "4611" instead of "460101") or when a column holds only the local number
  ("1" for district 01). Such a code is restored only when exactly one reading is a current
  DOPA code (villages: a current subdistrict plus a number 01-99) that agrees with the parent
  code in the same row; "10101" as a subdistrict could be 10|1|01 or 10|10|1, so with no
  parent to choose it is reported with both candidates. A code with *extra* leading zeros
  ("046", "0046") is padding and is stripped when what is left has the right width.
* **Years.** A bare year below 2400 is Christian era and gets +543 (2021 → 2564); 2400 and
  above is Buddhist era. "พ.ศ."/"BE" or "ค.ศ."/"CE"/"AD" next to the number decide instead. A
  two-digit year ("64") is reported: Thai forms write 2-digit BE years, but it could be 2064 CE.
  Dates are read day first (dd/mm/yyyy, the Thai order) in either era and written as ISO
  (Christian era); a month above 12 is reported, not swapped.
* **Empty-looking values.** "-", "n/a", "null" in a number, yes/no or category column are
  missing values (the validator then reports a required column that is empty); "ไม่มี" in a
  number column is reported (it could mean 0 or unknown).
* **Text** (``hh_id`` and any free text): kept as written, including text that starts with
  ``=``, ``+``, ``-``, ``@`` or contains HTML. It is data; escaping happens where it is shown
  (HTML) or exported (CSV/Excel formula defusing in ``data.export``).

Example:
    >>> normalize_years(pd.Series(["2021", "๒๕๖๔", "พ.ศ. 2563"]))[0].tolist()
    ['2564', '2564', '2563']
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

import geothai
import numpy as np
import pandas as pd

from data.columns import (
    MISSING_WORDS,
    THAI_DIGITS,
    TableKind,
    ascii_digits,
    canonical_columns,
    clean_text,
    header_lookup,
    load_user_mapping,
    quoted,
    synonyms,
    targets,
    yes_no,
)
from data.messages import Text, join, msg
from data.problems import Problem, safe_text, safe_value
from data.readers import RawTable
from data.registry import validate_registry
from data.schema import (
    HOUSEHOLD_COLUMN_LIST,
    LAT_RANGE,
    LON_RANGE,
    MEMBER_COLUMN_LIST,
    Column,
    allowed_values,
    table,
)
from data.schema import REGISTRY_COLUMN_LIST as REGISTRY_COLUMN_LIST
from data.validate import (
    Validation,
    to_numbers,
    validate_households,
    validate_members,
)
from geo.codes import WIDTH, ancestor, level_or_none

Level = Literal["province", "district", "subdistrict", "village"]
LEVELS: tuple[Level, ...] = ("province", "district", "subdistrict", "village")


_NOT_NUMBER = msg("validate.not_number")


# --- text helpers ---------------------------------------------------------------------------------


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _shown(value: object, column: Column | None = None) -> str:
    """A cell as it may appear in a problem: no national ID, short, one line."""
    return safe_value(safe_text(value), column)


@dataclass
class ColumnReport:
    """How the file's headers were mapped. ``ok`` is False when a column is missing or doubled.

    Headers are as written in the file (with anything looking like a national ID hidden);
    unnamed columns are shown as ``(no header, column N)``.
    """

    mapped: list[tuple[str, str]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    duplicates: dict[str, list[str]] = field(default_factory=dict)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    derived: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.duplicates

    def header_of(self, canonical: str) -> str | None:
        """The file's header that feeds ``canonical``, if one does."""
        return next((h for h, t in self.mapped if t == canonical), None)

    def problems(self, file_name: str, header_line: int) -> list[Problem]:
        """Missing and doubled columns as problems on the header line."""
        labels = {
            c.name: c for c in (*REGISTRY_COLUMN_LIST, *MEMBER_COLUMN_LIST, *HOUSEHOLD_COLUMN_LIST)
        }
        out = [
            Problem(
                file_name,
                header_line,
                name,
                "",
                msg("map.required_missing", th=labels[name].label_th, en=labels[name].label_en),
            )
            for name in self.missing
        ]
        for name, headers in self.duplicates.items():
            listed = join(msg("word.and"), [f"'{h}'" for h in headers])
            out.append(
                Problem(
                    file_name,
                    header_line,
                    name,
                    "",
                    msg("map.doubled", listed=listed, name=name),
                )
            )
        return out

    def summary(self) -> list[str]:
        """Human-readable lines: what was mapped, derived, left out."""
        out: list[str] = [msg("map.mapped", header=h, target=t) for h, t in self.mapped]
        out += [msg("map.derived", column=t, how=how) for t, how in self.derived]
        out += [msg("map.unknown_left_out", header=h) for h in self.unknown]
        out += [msg("map.left_out", header=h, why=why) for h, why in self.ignored]
        return out


def _describe_header(header: object, position: int) -> str:
    text = safe_text(clean_text(header))
    return text if text else msg("word.no_header", n=position + 1)


def map_columns(
    frame: pd.DataFrame,
    user_mapping: Mapping[str, str | None] | str | Path | None = None,
    *,
    kind: TableKind = "households",
) -> tuple[pd.DataFrame, ColumnReport]:
    """Rename the columns a file has to canonical (and helper) names; list what does not map.

    Returns the frame of mapped columns only (taken by position, so duplicate headers are fine)
    and a :class:`ColumnReport`. The user mapping wins over the synonyms: a column it maps takes
    the canonical name even if another column's header is a synonym of it (that column is then
    left out, listed in ``ignored``).
    """
    user = load_user_mapping(user_mapping)
    allowed = set(targets(kind))
    syn = synonyms(kind)
    report = ColumnReport()
    by_user: dict[str, list[int]] = {}
    by_syn: dict[str, list[int]] = {}
    shown = [_describe_header(h, i) for i, h in enumerate(frame.columns)]
    for i, header in enumerate(frame.columns):
        found, target = header_lookup(str(header), user)
        if found:
            if target is None:
                report.ignored.append((shown[i], msg("map.left_out_by_mapping")))
            elif target not in allowed:
                report.ignored.append(
                    (
                        shown[i],
                        msg("map.not_of_kind", target=target, kind=msg(f"word.kind.{kind}")),
                    )
                )
            else:
                by_user.setdefault(target, []).append(i)
            continue
        found, target = header_lookup(str(header), syn)
        if found and target is not None:
            by_syn.setdefault(target, []).append(i)
        elif (
            not clean_text(header)
            and not frame.iloc[:, i].astype(str).str.strip().astype(bool).any()
        ):
            report.ignored.append((shown[i], msg("map.empty_column")))
        else:
            report.unknown.append(shown[i])
    chosen: dict[str, int] = {}
    for target in [t for t in targets(kind) if t in by_user or t in by_syn]:
        sources = by_user.get(target) or by_syn[target]
        if len(sources) > 1:
            report.duplicates[target] = [shown[i] for i in sources]
            continue
        chosen[target] = sources[0]
        if target in by_user:
            for j in by_syn.get(target, []):
                report.ignored.append(
                    (shown[j], msg("map.taken_by_mapping", target=target, source=shown[sources[0]]))
                )
    order = sorted(chosen, key=lambda t: chosen[t])
    mapped = pd.DataFrame({t: frame.iloc[:, chosen[t]] for t in order}, index=frame.index)
    report.mapped = [(shown[chosen[t]], t) for t in order]
    present = set(chosen) | set(report.duplicates)
    report.missing = [
        c.name for c in canonical_columns(kind) if c.required and not _satisfied(c.name, present)
    ]
    return mapped, report


def _satisfied(name: str, present: set[str]) -> bool:
    """Is a required column given, or derivable from the columns present?"""
    if name in present:
        return True
    codes = ["province_code", "district_code", "subdistrict_code", "village_code"]
    if name in codes:
        level = name[: -len("_code")]
        lower = codes[codes.index(name) + 1 :]
        if any(c in present for c in lower):
            return True
        if level != "village" and (f"{level}_name" in present or "address" in present):
            return True
        # a smaller area's name resolves to a full code, which gives the larger areas
        names = ["province_name", "district_name", "subdistrict_name"]
        if level != "village" and any(n in present for n in names[codes.index(name) + 1 :]):
            return True
        if level == "village":
            return "village_no" in present and _satisfied("subdistrict_code", present)
        return False
    if name == "village_no":
        return "village_code" in present
    return False


# --- values: one function per kind ----------------------------------------------------------------

Issues = list[tuple[object, str]]


def _apply(
    values: pd.Series, fn: Callable[[str], tuple[str, str | None]], fast: re.Pattern | None = None
) -> tuple[pd.Series, Issues]:
    """Run ``fn`` once per distinct value (values already in canonical form, ``fast``, skip it).

    Issues come in row order, one per cell whose value ``fn`` reports.
    """
    text = values.astype("str").fillna("") if len(values) else values.astype("str")
    codes, uniques = pd.factorize(text)
    distinct = pd.Series(np.asarray(uniques, dtype=object), dtype="str")
    if not len(distinct):
        return text, []
    todo = (distinct.str.len() > 0).to_numpy(bool).copy()
    if fast is not None:
        todo &= ~distinct.str.fullmatch(fast.pattern).to_numpy(bool)
    if not todo.any():
        return text, []
    positions = np.flatnonzero(todo)
    olds = distinct.iloc[positions].tolist()
    results = [fn(v) for v in olds]
    out = text
    if any(r[0] != v for v, r in zip(olds, results, strict=True)):
        new = np.asarray(distinct, dtype=object)
        new[positions] = [r[0] for r in results]
        out = pd.Series(new[codes], index=text.index, dtype="str")
    reasons = {int(p): r[1] for p, r in zip(positions, results, strict=True) if r[1]}
    issues: Issues = []
    if reasons:
        hit = np.isin(codes, list(reasons))
        issues = [
            (idx, reasons[int(c)]) for idx, c in zip(text.index[hit], codes[hit], strict=True)
        ]
    return out, issues


_NUMBER_FAST = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]*[1-9])?")
# fmt: off
_UNITS = (
    "บาท/คน/ปี", "บาท/ปี", "บาท", "baht", "thb", "฿", "คน", "ราย", "persons", "person", "people",
    "ไร่", "rai", "ลิตร/คน/วัน", "ลิตร", "litres", "liters", "l", "นาที", "mins", "min", "minutes",
    "ปี", "years", "yrs", "ชิ้น", "คัน", "items", "กลุ่ม", "groups", "ครั้ง",
)
# fmt: on
_UNIT_RE = re.compile(
    r"^(?:฿\s*)?(?P<n>[^\s฿].*?)\s*(?:" + "|".join(re.escape(u) for u in _UNITS) + r")?\.?$",
    re.IGNORECASE,
)
_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]+)?", re.IGNORECASE)
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")


def _number(text: str) -> tuple[str, str | None]:
    t = ascii_digits(clean_text(text)).replace("\u2212", "-")
    if t.lower() in MISSING_WORDS:
        return "", None
    m = _UNIT_RE.match(t)
    core = m.group("n").strip() if m else t
    core = (
        core.replace(" ", "")
        if re.fullmatch(r"[+-]?[0-9]{1,3}( [0-9]{3})+(\.[0-9]+)?", core)
        else core
    )
    if _GROUPED.fullmatch(core):
        core = core.replace(",", "")
    elif "," in core:
        return text, msg("value.decimal_comma")
    if not _PLAIN.fullmatch(core):
        return text, _NOT_NUMBER
    try:
        d = Decimal(core)
    except InvalidOperation:
        return text, _NOT_NUMBER
    if d == d.to_integral_value():
        return str(int(d)), None
    return format(d.normalize(), "f"), None


def normalize_numbers(values: pd.Series) -> tuple[pd.Series, Issues]:
    """Numbers as plain text: "1,234.50 บาท" → "1234.5", Thai digits, "4.0" → "4", "1.5E+04".

    A comma is only a thousands separator in groups of three ("1,234"); "1,5" is reported.
    """
    return _apply(values, _number, _NUMBER_FAST)


_VILLAGE_NO_PREFIX = re.compile(
    r"^(?:หมู่\s*ที่|หมู่บ้าน\s*ที่|หมู่|ม\.|moo|village\s*no\.?|no\.)\s*", re.IGNORECASE
)


def _village_no(text: str) -> tuple[str, str | None]:
    t = _VILLAGE_NO_PREFIX.sub("", ascii_digits(clean_text(text)))
    value, reason = _number(t)
    return (value, None) if reason is None else (text, reason)


def normalize_village_numbers(values: pd.Series) -> tuple[pd.Series, Issues]:
    """Village numbers: "หมู่ที่ ๓", "ม.3", "Moo 3", "03" → "3"."""
    return _apply(values, _village_no, _NUMBER_FAST)


_BE_MARK = re.compile(r"พ\s*\.?\s*ศ\s*\.?|\bb\.?\s*e\b\.?|\bbe\b", re.IGNORECASE)
_CE_MARK = re.compile(r"ค\s*\.?\s*ศ\s*\.?|\bc\.?\s*e\b\.?|\ba\.?\s*d\b\.?", re.IGNORECASE)


def _year(text: str) -> tuple[str, str | None]:
    t = ascii_digits(clean_text(text))
    if t.lower() in MISSING_WORDS:
        return "", None
    era = "be" if _BE_MARK.search(t) else "ce" if _CE_MARK.search(t) else None
    core = _CE_MARK.sub("", _BE_MARK.sub("", t)).replace("ปี", "").strip()
    m = re.fullmatch(r"([0-9]+)(?:\.0+)?", core)
    if not m:
        return text, msg("value.not_year")
    digits = m.group(1)
    if len(digits) <= 2:
        return text, msg("value.two_digit_year")
    year = int(digits)
    if len(digits) != 4:
        return text, msg("value.not_4_digit_year")
    if era == "ce" or (era is None and year < 2400):
        year += 543
    return str(year), None


def normalize_years(values: pd.Series) -> tuple[pd.Series, Issues]:
    """Years as Buddhist era: 2021 → 2564 (a bare year below 2400 is CE), "พ.ศ. 2564" → 2564."""
    return _apply(values, _year, re.compile(r"2[4-9][0-9][0-9]"))


# fmt: off
_MONTHS = {
    **{m: i for i, m in enumerate(
        ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
         "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"], start=1)},
    **{m: i for i, m in enumerate(
        ["มค", "กพ", "มีค", "เมย", "พค", "มิย", "กค", "สค", "กย", "ตค", "พย", "ธค"], start=1)},
    **{m: i for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)},
}
# fmt: on


def _date(text: str) -> tuple[str, str | None]:
    t = ascii_digits(clean_text(text))
    if t.lower() in MISSING_WORDS:
        return "", None
    era = "be" if _BE_MARK.search(t) else "ce" if _CE_MARK.search(t) else None
    t = _CE_MARK.sub(" ", _BE_MARK.sub(" ", t)).strip()
    t = re.sub(r"[T ][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$", "", t).strip()
    if m := re.fullmatch(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})", t):
        y, mo, d = m.group(1), m.group(2), m.group(3)
    elif m := re.fullmatch(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{2,4})", t):
        d, mo, y = m.group(1), m.group(2), m.group(3)
    elif m := re.fullmatch(r"([0-9]{1,2})\s*([^0-9\s]+?)\s*([0-9]{2,4})", t):
        month = (
            _MONTHS.get(re.sub(r"[\s.]", "", m.group(2)).lower()[:3])
            if re.match(r"[a-z]", m.group(2), re.IGNORECASE)
            else _MONTHS.get(re.sub(r"[\s.]", "", m.group(2)))
        )
        if month is None:
            return text, msg("value.not_date")
        d, mo, y = m.group(1), str(month), m.group(3)
    else:
        return text, msg("value.not_date")
    if len(y) == 2:
        return text, msg("value.two_digit_date_year")
    year = int(y)
    if era == "be" or (era is None and year >= 2400):
        year -= 543
    if int(mo) > 12:
        return text, msg("value.no_month", month=int(mo))
    try:
        return dt.date(year, int(mo), int(d)).isoformat(), None
    except ValueError:
        return text, msg("value.no_such_date")


def normalize_dates(values: pd.Series) -> tuple[pd.Series, Issues]:
    """Dates as ISO (Christian era): "1/5/2564", "01-05-2021", "1 พ.ค. 2564" → "2021-05-01"."""
    return _apply(values, _date, re.compile(r"(19|20)[0-9][0-9]-[0-9][0-9]-[0-9][0-9]"))


def _bool(text: str) -> tuple[str, str | None]:
    word = yes_no(text)
    if word is True:
        return "true", None
    if word is False:
        return "false", None
    if word is None:
        return "", None
    if clean_text(text).lower() == "x":
        return text, msg("value.x_ambiguous")
    return text, msg("value.not_yes_no")


def normalize_bools(values: pd.Series) -> tuple[pd.Series, Issues]:
    """Yes/no as "true"/"false": ใช่/ไม่ใช่, มี/ไม่มี, เป็น/ไม่เป็น, Y/N, yes/no, 1/0, ✓/✗."""
    return _apply(values, _bool, re.compile(r"true|false"))


_PASS = {"ผ่าน", "ผ่านเกณฑ์", "pass", "passed", "p"}
_FAIL = {"ไม่ผ่าน", "ไม่ผ่านเกณฑ์", "fail", "failed"}
_NOT_APPLICABLE = {"ไม่เกี่ยวข้อง", "ไม่เข้าข่าย", "notapplicable", "ไม่มีกรณี"}


def _pass_fail(text: str) -> tuple[str, str | None]:
    t = re.sub(r"\s+", "", clean_text(text).lower())
    if t in _PASS:
        return "1", None
    if t in _FAIL:
        return "0", None
    if t in _NOT_APPLICABLE:
        return "", None
    word = yes_no(text)
    if word is True:
        return "1", None
    if word is False:
        return "0", None
    if word is None:
        return "", None
    return text, msg("value.not_pass_fail")


def normalize_pass_fail(values: pd.Series) -> tuple[pd.Series, Issues]:
    """BMN indicators as "1" (passes), "0" (fails) or "" (not applicable)."""
    return _apply(values, _pass_fail, re.compile(r"[01]"))


# fmt: off
_CATEGORY_WORDS: dict[str, dict[str, str]] = {
    "sex": {"ชาย": "M", "ช": "M", "male": "M", "m": "M", "man": "M", "นาย": "M", "เด็กชาย": "M",
            "หญิง": "F", "ญ": "F", "female": "F", "f": "F", "woman": "F", "นาง": "F", "นางสาว": "F",
            "เด็กหญิง": "F"},
    "education": {
        "ไม่ได้เรียน": "none", "ไม่ได้รับการศึกษา": "none", "ไม่มี": "none", "ไม่ได้ศึกษา": "none",
        "ประถม": "primary", "ประถมศึกษา": "primary", "ป6": "primary", "ป4": "primary",
        "มัธยมต้น": "lower_secondary", "มต้น": "lower_secondary", "มัธยมศึกษาตอนต้น": "lower_secondary",
        "ม3": "lower_secondary",
        "มัธยมปลาย": "upper_secondary", "มปลาย": "upper_secondary",
        "มัธยมศึกษาตอนปลาย": "upper_secondary", "ม6": "upper_secondary",
        "ปวช": "vocational", "ปวส": "vocational", "อาชีวศึกษา": "vocational", "อาชีวะ": "vocational",
        "ปริญญาตรี": "tertiary", "ปริญญาโท": "tertiary", "ปริญญาเอก": "tertiary",
        "อนุปริญญา": "tertiary", "อุดมศึกษา": "tertiary", "university": "tertiary",
        "bachelor": "tertiary", "master": "tertiary", "phd": "tertiary",
        "lowersecondary": "lower_secondary", "uppersecondary": "upper_secondary",
    },
    "occupation": {
        "เกษตรกร": "farmer", "เกษตรกรรม": "farmer", "ทำนา": "farmer", "ทำไร่": "farmer",
        "ทำสวน": "farmer", "รับจ้าง": "labourer", "รับจ้างทั่วไป": "labourer", "laborer": "labourer",
        "ค้าขาย": "trader", "พนักงาน": "employee", "พนักงานบริษัท": "employee", "ลูกจ้าง": "employee",
        "รับราชการ": "civil_servant", "ข้าราชการ": "civil_servant", "civilservant": "civil_servant",
        "ธุรกิจส่วนตัว": "self_employed", "อาชีพอิสระ": "self_employed", "selfemployed": "self_employed",
        "นักเรียน": "student", "นักศึกษา": "student", "ว่างงาน": "unemployed",
        "ไม่ได้ทำงาน": "not_working", "ไม่ได้ประกอบอาชีพ": "not_working", "notworking": "not_working",
    },
    "nc_land_tenure": {
        "ของตนเอง": "own", "เป็นของตนเอง": "own", "ที่ดินของตนเอง": "own", "ตนเอง": "own", "owned": "own",
        "เช่า": "rent", "เช่าที่ดิน": "rent", "rented": "rent",
        "ที่สาธารณะ": "public", "ที่ดินสาธารณะ": "public", "ที่ดินของรัฐ": "public",
        "ไม่มี": "none", "ไม่มีที่ดิน": "none", "ไม่มีที่ดินทำกิน": "none",
    },
}
# fmt: on


def _category_key(text: str) -> str:
    return re.sub(r"[\s_\-.]+", "", clean_text(text).lower())


@cache
def _category_table(name: str) -> dict[str, str]:
    column = {c.name: c for c in (*HOUSEHOLD_COLUMN_LIST, *MEMBER_COLUMN_LIST)}[name]
    words = {_category_key(v): v for v in allowed_values(column)}
    words.update({_category_key(k): v for k, v in _CATEGORY_WORDS.get(name, {}).items()})
    if name == "main_cause":
        for row in table("causes"):
            words[_category_key(row["name_th"])] = row["code"]
            words[_category_key(row["name_en"])] = row["code"]
    return words


def normalize_categories(values: pd.Series, column: Column) -> tuple[pd.Series, Issues]:
    """Category labels in Thai or English to the canonical code ("ชาย" → "M", "เช่า" → "rent")."""
    words = _category_table(column.name)
    reason = msg("validate.not_one_of", allowed=", ".join(allowed_values(column)))

    def one(text: str) -> tuple[str, str | None]:
        key = _category_key(text)
        if key in words:
            return words[key], None
        if key in MISSING_WORDS:
            return "", None
        return text, reason

    return _apply(values, one)


def _national_id(text: str) -> tuple[str, str | None]:
    t = ascii_digits(clean_text(text))
    if re.fullmatch(r"[0-9](\.[0-9]+)?e\+?[0-9]+", t, re.IGNORECASE):
        return text, msg("value.scientific")
    if re.fullmatch(r"[0-9]+\.0+", t):  # a number read by Excel: "1101700203450.0"
        t = t.split(".")[0]
    elif re.fullmatch(r"[0-9\s\-.]+", t):
        t = re.sub(r"[\s\-.]", "", t)
    if t.lower() in MISSING_WORDS:
        return "", None
    return t, None


def normalize_national_ids(values: pd.Series) -> tuple[pd.Series, Issues]:
    """National IDs as 13 digits: "1-1017-00203-45-0" → "1101700203450"; Thai digits.

    Not checked here (``data.validate`` checks the check digit and hashes); no reason ever
    contains the ID.
    """
    return _apply(values, _national_id, re.compile(r"[0-9]{13}"))


def _text(text: str) -> tuple[str, str | None]:
    return clean_text(text), None


def normalize_text(values: pd.Series) -> tuple[pd.Series, Issues]:
    """Free text: NFC, invisible characters and outer spaces removed, nothing else changed.

    Text that looks like a formula (``=HYPERLINK(...)``, ``+``, ``-``, ``@``) or HTML
    (``<script>``) is data and stays exactly as written: it is escaped where it is displayed
    and defused where it is exported, never here.
    """
    return _apply(values, _text)


def _hh_id(text: str) -> tuple[str, str | None]:
    t = clean_text(text)
    if re.fullmatch(r"[0-9๐-๙]+(\.0+)?", t):  # a number read by Excel: "123.0"
        t = re.sub(r"\.0+$", "", ascii_digits(t))
    return t.translate(THAI_DIGITS), None


def normalize_household_ids(values: pd.Series) -> tuple[pd.Series, Issues]:
    """Household IDs: text, Thai digits as ASCII, "123.0" → "123"; a national ID is removed.

    An ``hh_id`` is stored as it is, so a value that looks like a national ID (13 digits, with
    or without dashes) is blanked and reported rather than carried into the store.
    """
    out, issues = _apply(values, _hh_id, re.compile(r"[A-Za-z0-9_\-]+"))
    looks_like_id = out.str.fullmatch(r"[0-9](?:[ \-]?[0-9]){12}").fillna(False)
    if looks_like_id.any():
        flagged = {i for i, _ in issues}
        reason = msg("value.id_as_household")
        issues += [(i, reason) for i in out.index[looks_like_id] if i not in flagged]
        out = out.where(~looks_like_id, "")
    return out, issues


# --- admin codes and area names -------------------------------------------------------------------

_LEVEL_TH = {"province": "จังหวัด", "district": "อำเภอ", "subdistrict": "ตำบล", "village": "หมู่บ้าน"}


@lru_cache(maxsize=4096)
def _column_reason(header: str, reason: Text) -> Text:
    """``reason`` about the file's column ``header`` (one message shared by its cells)."""
    return msg("column", header=header, inner=reason)


def _level(level: str) -> Text:
    """An admin level's name as a message word (Thai or English where it is shown)."""
    return msg(f"word.level.{level}")


@cache
def _known(level: Level) -> frozenset[str]:
    if level == "province":
        return frozenset(p.code for p in geothai.provinces())
    if level == "district":
        return frozenset(d.code for p in _known("province") for d in geothai.districts(p))
    if level == "subdistrict":
        return frozenset(s.code for d in _known("district") for s in geothai.subdistricts(d))
    raise ValueError(level)


def _valid_code(code: str, level: Level) -> bool:
    if len(code) != WIDTH[level] or not _ascii_digits(code):
        return False
    if level == "village":
        return code[:6] in _known("subdistrict") and code[6:] != "00"
    return code in _known(level)


def _compatible(code: str, parent: str | None) -> bool:
    return not parent or code.startswith(parent) or parent.startswith(code)


def _restorations(digits: str, level: Level, parent: str | None) -> list[str]:
    """Every full code that ``digits`` can be once its lost inner zeros are put back."""
    depth = LEVELS.index(level)  # 2-digit parts after the province code
    width = WIDTH[level]
    found: set[str] = set()

    def split(rest: str, parts: int, acc: str) -> None:
        if parts == 0:
            if not rest:
                found.add(acc)
            return
        for n in (1, 2):
            part = rest[:n]
            if len(part) == n and part.strip("0"):
                split(rest[n:], parts - 1, acc + part.zfill(2))

    if len(digits) >= 2 and digits[0] != "0":
        split(digits[2:], depth, digits[:2])
    if parent and len(parent) == width - 2 and 1 <= len(digits) <= 2 and digits.strip("0"):
        found.add(parent + digits.zfill(2))  # only the local number was written
    return sorted(c for c in found if _valid_code(c, level) and _compatible(c, parent))


_CODE_LIKE = re.compile(r"[0-9\s\-./]+")


def clean_code(text: str) -> str:
    """Code text without decoration: Thai digits, ``TH`` prefix, spaces, dashes, ``.0``."""
    t = ascii_digits(clean_text(text)).strip("'\"`")
    t = re.sub(r"^th(?=[0-9\s\-])", "", t, flags=re.IGNORECASE).strip()
    if m := re.fullmatch(r"([0-9]+)\.0+", t):
        return m.group(1)
    if re.fullmatch(r"[0-9](\.[0-9]+)?e\+?[0-9]+", t, re.IGNORECASE):
        try:
            d = Decimal(t)
        except InvalidOperation:
            return t
        if d == d.to_integral_value():
            return str(int(d))
    if _CODE_LIKE.fullmatch(t):
        return re.sub(r"[\s\-./]", "", t)
    return t


def _code(text: str, level: Level, parent: str | None) -> tuple[str, str | None]:
    width = WIDTH[level]
    t = clean_code(text)
    if not t or t.lower() in MISSING_WORDS:
        return "", None
    if not _ascii_digits(t):
        if level == "village":
            m = re.fullmatch(r"(?:หมู่\s*ที่|หมู่|ม\.|moo)\s*([0-9]{1,2})", t, re.IGNORECASE)
            if m and parent and len(parent) == 6 and int(m.group(1)) > 0:
                return parent + m.group(1).zfill(2), None
            return text, msg("area.village_by_name")
        found = resolve_area(t, level, parent)
        return (found.code, None) if found.code else (text, found.reason)
    if len(t) == width:
        return t, None
    if len(t) > width:
        stripped = t.lstrip("0")
        if len(stripped) == width:
            return stripped, None
        return text, msg("area.code_digits", n=len(t), level=_level(level), width=width)
    if level == "province":
        return text, msg("area.province_digits", n=len(t))
    candidates = _restorations(t, level, parent if parent and _ascii_digits(parent) else None)
    if len(candidates) == 1:
        return candidates[0], None
    if candidates:
        listed = ", ".join(_label(c) for c in candidates[:5])
        return text, msg(
            "area.zeros_lost", n=len(t), level=_level(level), width=width, listed=listed
        )
    return text, msg("area.zeros_unfit", n=len(t), level=_level(level), width=width)


def normalize_codes(
    values: pd.Series, level: Level, parents: pd.Series | None = None
) -> tuple[pd.Series, Issues]:
    """DOPA codes as digits of the level's width, from codes or names.

    Cleans Thai digits, ``TH`` prefixes (HDX p-codes), spaces, dashes and float artefacts
    ("460101.0"); restores zeros lost inside a code when only one current code fits (see the
    module notes); resolves names with :func:`resolve_area`, narrowed by ``parents`` (the
    parent area's code of each row, aligned with ``values``).
    """
    text = values.astype("str").fillna("")
    if parents is None:
        parent = pd.Series("", index=text.index, dtype="str")
    else:
        parent = parents.astype("str").fillna("").reindex(text.index, fill_value="")
    width = WIDTH[level]
    out = text.copy()
    issues: Issues = []
    fast = text.str.fullmatch(rf"[1-9][0-9]{{{width - 1}}}").fillna(False)
    todo = (text.str.len() > 0) & ~fast
    if not todo.any():
        return out, issues
    pairs = pd.DataFrame({"v": text[todo], "p": parent[todo]})
    done: dict[tuple[str, str], tuple[str, str | None]] = {}
    for v, p in pairs.drop_duplicates().itertuples(index=False):
        usable = p if _ascii_digits(p) and len(p) in (2, 4, 6) and len(p) < width else None
        done[(v, p)] = _code(v, level, usable)
    results = [done[(v, p)] for v, p in zip(pairs["v"], pairs["p"], strict=True)]
    out[todo] = [r[0] for r in results]
    issues = [(idx, r[1]) for idx, r in zip(pairs.index, results, strict=True) if r[1]]
    return out, issues


@dataclass(frozen=True)
class AreaMatch:
    """What :func:`resolve_area` found: a ``code``, or a ``reason`` with up to 5 ``candidates``."""

    code: str | None
    reason: str | None = None
    candidates: tuple[tuple[str, str], ...] = ()


_EN_LEVEL_WORDS = re.compile(
    r"\b(?:province|changwat|district|amphoe|amphur|amphoe|khet|sub-?district|tambon|khwaeng|kwaeng)\b",
    re.IGNORECASE,
)
# fmt: off
_PROVINCE_ALIASES = {
    "กทม": "10", "กรุงเทพ": "10", "กรุงเทพฯ": "10", "bangkok": "10", "bkk": "10", "krungthep": "10",
    "krungthepmahanakhon": "10", "อยุธยา": "14", "ayutthaya": "14", "ayudhya": "14",
    "โคราช": "30", "korat": "30", "khorat": "30",
}
# fmt: on


def _name_key(text: str) -> str:
    t = clean_text(text).replace("ฯ", "")
    t = _EN_LEVEL_WORDS.sub(" ", t)
    key = geothai.normalize(t)
    return key.replace("muang", "mueang")


@cache
def _area_index() -> dict[str, dict[str, tuple[str, ...]]]:
    index: dict[str, dict[str, set[str]]] = {lv: {} for lv in LEVELS[:3]}

    def add(level: str, name: str, code: str) -> None:
        key = _name_key(name)
        if key:
            index[level].setdefault(key, set()).add(code)

    for p in geothai.provinces():
        add("province", p.name_th, p.code)
        add("province", p.name_en, p.code)
        for d in geothai.districts(p.code):
            add("district", d.name_th, d.code)
            add("district", d.name_en, d.code)
            if d.code.endswith("01") and p.code != "10":
                add("district", "เมือง", d.code)  # "อ.เมือง" is the capital district
                add("district", "mueang", d.code)
                add("district", "เมือง" + p.name_th, d.code)
            for s in geothai.subdistricts(d.code):
                add("subdistrict", s.name_th, s.code)
                add("subdistrict", s.name_en, s.code)
    for alias, code in _PROVINCE_ALIASES.items():
        add("province", alias, code)
    return {lv: {k: tuple(sorted(v)) for k, v in names.items()} for lv, names in index.items()}


def _label(code: str) -> str:
    level = level_or_none(code)
    if level == "province" and (p := geothai.province(code)):
        return f"{code} {p.name_th}"
    if level == "district" and (d := geothai.district(code)):
        province = ancestor(code, "province")
        p = geothai.province(province)
        return f"{code} {d.name_th} ({p.name_th if p else province})"
    if level == "subdistrict" and (a := geothai.address(code)):
        return f"{code} {a.subdistrict.name_th} ({a.district.name_th}, {a.province.name_th})"
    if level == "village" and (a := geothai.address(ancestor(code, "subdistrict"))):
        return f"{code} หมู่ {int(code[6:])} {a.subdistrict.name_th} ({a.district.name_th})"
    return code


_MARKERS = [
    ("province", r"จ\.|จังหวัด|changwat\s"),
    ("district", r"อ\.|อำเภอ|กิ่งอำเภอ|เขต|amphoe\s|khet\s"),
    ("subdistrict", r"ต\.|ตำบล|แขวง|tambon\s|khwaeng\s"),
    ("village", r"ม\.|หมู่ที่|หมู่|moo\s"),
]
_MARKER_RE = re.compile(
    "|".join(f"(?P<{lv}>(?<!\\S)(?:{pat}))" for lv, pat in _MARKERS), re.IGNORECASE
)


def parse_address(text: str) -> dict[str, str]:
    """Split "ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น" (or "Nai Mueang, Mueang Khon Kaen, Khon Kaen")
    into ``{"subdistrict": ..., "district": ..., "province": ...}``; empty for a bare name.

    >>> parse_address("ม.3 ต.ในเมือง อ.เมือง จ.ขอนแก่น 40000")
    {'village': '3', 'subdistrict': 'ในเมือง', 'district': 'เมือง', 'province': 'ขอนแก่น'}
    """
    t = clean_text(text)
    t = re.sub(r"\s[0-9]{5}$", "", t)  # a postal code at the end
    matches = list(_MARKER_RE.finditer(t))
    parts: dict[str, str] = {}
    if matches:
        for m, nxt in zip(matches, [*matches[1:], None], strict=True):
            level = m.lastgroup or ""
            name = t[m.end() : nxt.start() if nxt else len(t)].strip(" ,")
            if name and level not in parts:
                parts[level] = name
        last = matches[-1].lastgroup or ""
        if "province" not in parts and last in parts and " " in parts[last]:
            head, _, tail = parts[last].rpartition(" ")
            if _area_index()["province"].get(_name_key(tail)):
                parts[last], parts["province"] = head.strip(), tail
        return parts
    pieces = [p.strip() for p in t.split(",") if p.strip()]
    if 2 <= len(pieces) <= 3:
        return dict(
            zip(
                ("province", "district", "subdistrict")[: len(pieces)],
                reversed(pieces),
                strict=True,
            )
        )
    return {}


@lru_cache(maxsize=65_536)
def resolve_area(name: str, level: Level, parent_code: str | None = None) -> AreaMatch:
    """The DOPA code of an area written by name, at ``level``, inside ``parent_code`` if given.

    Accepts Thai or English names, with or without the level word or its short form (จังหวัด/จ.,
    อำเภอ/อ./เขต, ตำบล/ต./แขวง), "อ.เมือง" for a province's capital district, กทม./กรุงเทพฯ for
    Bangkok, and a whole address ("ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น"), whose larger parts narrow
    the smaller. An unknown or ambiguous name gives a reason naming up to 5 candidates.

    >>> resolve_area("ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น", "subdistrict").code
    '400101'
    >>> resolve_area("ในเมือง", "subdistrict").code is None
    True
    """
    if level == "village":
        return AreaMatch(None, msg("area.villages_by_name"))
    parts = parse_address(name) or {level: name}
    parent = parent_code or None
    if level not in parts:
        return AreaMatch(
            None,
            msg(
                "area.names_no_th",
                quote=quoted(name),
                level=_level(level),
                level_th=_LEVEL_TH[level],
            ),
        )
    for lv in LEVELS[: LEVELS.index(level) + 1]:
        if lv not in parts or lv == "village":
            continue
        found = _resolve_one(parts[lv], lv, parent)
        if found.code is None:
            return found
        parent = found.code if not parent or len(found.code) >= len(parent) else parent
        if lv == level:
            return found
    return AreaMatch(
        None, msg("area.names_no", quote=quoted(name), level=_level(level))
    )  # pragma: no cover


def _resolve_one(name: str, level: Level, parent: str | None) -> AreaMatch:
    key = _name_key(name)
    if not key:
        return AreaMatch(None, msg("area.no_name_in", level=_level(level), quote=quoted(name)))
    every = _area_index()[level].get(key, ())
    inside = tuple(c for c in every if _compatible(c, parent))
    where = msg("area.within", area=_label(parent)) if parent else ""
    if len(inside) == 1:
        return AreaMatch(inside[0])
    if len(inside) > 1:
        cands = tuple((c, _label(c)) for c in inside[:5])
        more = msg("area.more", n=len(inside) - 5) if len(inside) > 5 else ""
        give = msg("area.give.district" if level == "district" else "area.give.other")
        return AreaMatch(
            None,
            msg(
                "area.ambiguous",
                level=_level(level),
                quote=quoted(name),
                within=where,
                n=len(inside),
                cands="; ".join(lb for _, lb in cands),
                more=more,
                give=give,
            ),
            cands,
        )
    if every:
        cands = tuple((c, _label(c)) for c in every[:5])
        return AreaMatch(
            None,
            msg(
                "area.not_within",
                level=_level(level),
                quote=quoted(name),
                within=where,
                cands="; ".join(lb for _, lb in cands),
            ),
            cands,
        )
    near = [
        r.area.code
        for r in geothai.search(name, limit=50)
        if r.level == level and _compatible(r.area.code, parent)
    ]
    if not near:  # a typo ("ขอนแกน"): the closest names
        names = _area_index()[level]
        for close in difflib.get_close_matches(key, list(names), n=10, cutoff=0.75):
            near += [c for c in names[close] if _compatible(c, parent) and c not in near]
    near = near[:5]
    cands = tuple((c, _label(c)) for c in near)
    reason = msg(
        "area.unknown_hint" if cands else "area.unknown",
        level=_level(level),
        quote=quoted(name),
        within=where,
        hint="; ".join(lb for _, lb in cands),
    )
    return AreaMatch(None, reason, cands)


# --- whole table ----------------------------------------------------------------------------------


_CARD_YES = {"ได้รับบัตร", "ได้รับ", "อนุมัติ", "ผ่าน", "ผ่านการคัดกรอง", "ถือบัตร", "active"}
_CARD_YES |= {"approved", "holder", "issued"}
_CARD_NO = {"ไม่ได้รับบัตร", "ไม่ได้รับ", "ไม่อนุมัติ", "ไม่ผ่าน", "ไม่ผ่านการคัดกรอง", "ยกเลิก"}
_CARD_NO |= {"ยกเลิกบัตร", "cancelled", "canceled", "rejected", "notapproved", "none"}


def _card(text: str) -> tuple[str, str | None]:
    key = re.sub(r"[\s_\-.]+", "", clean_text(text).lower())
    if key in {re.sub(r"[\s_\-.]+", "", w) for w in _CARD_YES}:
        return "true", None
    if key in {re.sub(r"[\s_\-.]+", "", w) for w in _CARD_NO}:
        return "false", None
    value, reason = _bool(text)
    if reason:
        return text, msg("value.not_card_status")
    return value, None


def normalize_card_status(values: pd.Series) -> tuple[pd.Series, Issues]:
    """Welfare-card status as "true"/"false": ได้รับบัตร/อนุมัติ → true, ไม่ได้รับ/ยกเลิก → false.

    >>> normalize_card_status(pd.Series(["ได้รับบัตร", "ยกเลิก", "ใช่"]))[0].tolist()
    ['true', 'false', 'true']
    """
    return _apply(values, _card, re.compile(r"true|false"))


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
    problem (columns derived, coordinates swapped). :meth:`validate` runs the validator and
    moves its problems onto the original lines.
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

    def validate(self, id_key: bytes | None = None) -> Validation:
        """Validate ``frame``; problems of both steps on the original lines, one per cell."""
        if self.kind == "registry":
            check = validate_registry
        else:
            check = validate_households if self.kind == "households" else validate_members
        result = check(self.frame, self.file_name, id_key)
        seen = {(p.line, p.column) for p in self.problems}
        merged = list(self.problems)
        for p in result.problems:
            line = self.header_row if p.line <= 1 else int(self.line_numbers[p.line - 2])
            if (line, p.column) in seen:
                continue
            seen.add((line, p.column))
            header = self.column_report.header_of(p.column)
            reason = _column_reason(header, p.reason) if header else p.reason
            merged.append(Problem(p.file, line, p.column, p.value, reason))
        merged.sort(key=lambda p: (p.line, p.column))
        return Validation(result.frame, merged)


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
                    _column_reason(src, reason),
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
