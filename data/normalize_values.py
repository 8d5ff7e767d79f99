"""Normalise one column of text by its kind: numbers, village numbers, years, dates, yes/no,
pass/fail, categories, national IDs, household IDs, card status, free text.

Each ``normalize_*`` returns the normalised text and ``(row, reason)`` for every value it could
not normalise (``row`` is the label in the series' index); reasons never repeat a national ID.
Each runs its rule once per distinct value (:func:`apply_per_value`). Admin codes and area names
are ``data.normalize_areas``; choosing the function by the column's kind is
``data.normalize.normalize_column``.

Decisions on ambiguous values (documented here because they change data):

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
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache

import numpy as np
import pandas as pd

from data.columns import MISSING_WORDS, THAI_DIGITS, ascii_digits, clean_text, yes_no
from data.messages import msg
from data.schema import HOUSEHOLD_COLUMN_LIST, MEMBER_COLUMN_LIST, Column, allowed_values, table

_NOT_NUMBER = msg("validate.not_number")

Issues = list[tuple[object, str]]


def apply_per_value(
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
    return apply_per_value(values, _number, _NUMBER_FAST)


_VILLAGE_NO_PREFIX = re.compile(
    r"^(?:หมู่\s*ที่|หมู่บ้าน\s*ที่|หมู่|ม\.|moo|village\s*no\.?|no\.)\s*", re.IGNORECASE
)


def _village_no(text: str) -> tuple[str, str | None]:
    t = _VILLAGE_NO_PREFIX.sub("", ascii_digits(clean_text(text)))
    value, reason = _number(t)
    return (value, None) if reason is None else (text, reason)


def normalize_village_numbers(values: pd.Series) -> tuple[pd.Series, Issues]:
    """Village numbers: "หมู่ที่ ๓", "ม.3", "Moo 3", "03" → "3"."""
    return apply_per_value(values, _village_no, _NUMBER_FAST)


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
    return apply_per_value(values, _year, re.compile(r"2[4-9][0-9][0-9]"))


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
    return apply_per_value(values, _date, re.compile(r"(19|20)[0-9][0-9]-[0-9][0-9]-[0-9][0-9]"))


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
    return apply_per_value(values, _bool, re.compile(r"true|false"))


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
    return apply_per_value(values, _pass_fail, re.compile(r"[01]"))


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

    return apply_per_value(values, one)


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
    return apply_per_value(values, _national_id, re.compile(r"[0-9]{13}"))


def _text(text: str) -> tuple[str, str | None]:
    return clean_text(text), None


def normalize_text(values: pd.Series) -> tuple[pd.Series, Issues]:
    """Free text: NFC, invisible characters and outer spaces removed, nothing else changed.

    Text that looks like a formula (``=HYPERLINK(...)``, ``+``, ``-``, ``@``) or HTML
    (``<script>``) is data and stays exactly as written: it is escaped where it is displayed
    and defused where it is exported, never here.
    """
    return apply_per_value(values, _text)


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
    out, issues = apply_per_value(values, _hh_id, re.compile(r"[A-Za-z0-9_\-]+"))
    looks_like_id = out.str.fullmatch(r"[0-9](?:[ \-]?[0-9]){12}").fillna(False)
    if looks_like_id.any():
        flagged = {i for i, _ in issues}
        reason = msg("value.id_as_household")
        issues += [(i, reason) for i in out.index[looks_like_id] if i not in flagged]
        out = out.where(~looks_like_id, "")
    return out, issues


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
    return apply_per_value(values, _card, re.compile(r"true|false"))
