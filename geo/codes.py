"""DOPA administrative codes: normalisation, hierarchy, official names, and reconciliation with HDX.

Codes are strings of 2 (province), 4 (district), 6 (subdistrict) or 8 (village) digits; each level
extends its parent's code by two digits. Official names and the list of current codes come from
the ``geothai`` package (DOPA list, 77 / 928 / 7,436).

The boundary polygons (HDX COD-AB, 2019-2022) predate 14 current subdistrict codes and still hold
3 codes that DOPA has since retired. :data:`SUBDISTRICT_POLYGON` sends each new code to the older
polygon it lies in; :data:`RETIRED_POLYGONS` lists the retired polygon codes and their successors.

Example:
    >>> normalize_code(" TH100101 ", "subdistrict")
    '100101'
    >>> polygon_for_subdistrict("100910")
    '100905'
    >>> current_codes_for_polygon("104701")
    ('104702', '104703')
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from functools import cache
from typing import Literal, get_args

import geothai
import pandas as pd

__all__ = [
    "LEVELS",
    "LEVEL_BY_WIDTH",
    "RETIRED_POLYGONS",
    "SUBDISTRICT_POLYGON",
    "WIDTH",
    "CodeError",
    "Level",
    "ancestor",
    "ancestors",
    "area_table",
    "current_codes_for_polygon",
    "is_valid_code",
    "level_below",
    "level_of",
    "level_or_none",
    "normalize_code",
    "parent_code",
    "picker_areas",
    "polygon_for_subdistrict",
]

Level = Literal["province", "district", "subdistrict", "village"]

LEVELS: tuple[Level, ...] = get_args(Level)

#: Digits of a code at each level.
WIDTH: dict[str, int] = {"province": 2, "district": 4, "subdistrict": 6, "village": 8}

#: Level by code width (the inverse of :data:`WIDTH`).
LEVEL_BY_WIDTH: dict[int, Level] = {width: level for level, width in WIDTH.items()}  # type: ignore[misc]
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

#: Current DOPA subdistrict codes (geothai) that have no polygon of their own in the HDX COD-AB
#: release -> the HDX polygon that contains them (see shared/boundaries/README.md).
SUBDISTRICT_POLYGON: dict[str, str] = {
    # Bangkok splits: the old khwaeng keeps its code and polygon, the new one lies inside it.
    "100910": "100905",  # Phra Khanong Tai, split from Bang Chak
    "101406": "101401",  # Phaya Thai, split from Sam Sen Nai
    "102602": "102601",  # Ratchadaphisek, split from Din Daeng
    "103402": "103401",  # On Nut, split from Suan Luang
    "103403": "103401",  # Phatthanakan, split from Suan Luang
    "104402": "104401",  # Rat Phatthana, split from Saphan Sung
    "104403": "104401",  # Thap Chang, split from Saphan Sung
    # Bangkok replacements: the old khwaeng was abolished and divided (2017 notices).
    "104702": "104701",  # Bang Na Nuea, from Bang Na
    "104703": "104701",  # Bang Na Tai, from Bang Na
    "105002": "105001",  # Bang Bon Nuea, from Bang Bon
    "105003": "105001",  # Bang Bon Tai, from Bang Bon
    "105004": "105001",  # Khlong Bang Phran, from Bang Bon
    "105005": "105001",  # Khlong Bang Bon, from Bang Bon
    # Moved to another district (2015 decree): Tha Faek left 5303 Tha Pla for 5304 Nam Pat.
    "530407": "530306",
}

#: HDX polygon codes that are no longer DOPA codes -> the current codes that replaced them.
RETIRED_POLYGONS: dict[str, tuple[str, ...]] = {
    "104701": ("104702", "104703"),  # Bang Na, abolished 2022-04-22 (notice in force 2017-07-26)
    "105001": ("105002", "105003", "105004", "105005"),  # Bang Bon, same notice series
    "530306": ("530407",),  # Tha Faek, moved from Tha Pla (5303) to Nam Pat (5304) in 2015
}


class CodeError(ValueError):
    """A value that is not a well-formed administrative code, or not a known one."""


def normalize_code(value: object, level: Level) -> str:
    """Return ``value`` as a DOPA code string of ``level``'s width.

    Accepts ints and strings; strips surrounding whitespace and an HDX ``TH`` prefix (any case),
    reads Thai digits (๐-๙), and restores leading zeros lost to a numeric column by left-padding
    to the level's width (2, 4, 6 or 8 digits). Integral floats (``10.0`` from a spreadsheet) are
    accepted too. The result is well formed, not necessarily an existing code: see
    :func:`is_valid_code`.

    Raises:
        CodeError: the value is empty, holds anything but digits, is negative, or has more digits
            than the level allows; the message names the value and the level.

    Example:
        >>> normalize_code(10, "province"), normalize_code("th1001", "district")
        ('10', '1001')
        >>> normalize_code("๑๐๐๑๐๑", "subdistrict")
        '100101'
    """
    if level not in WIDTH:
        raise CodeError(f"unknown level {level!r}: expected one of {', '.join(WIDTH)}")
    width = WIDTH[level]
    if isinstance(value, bool) or value is None:
        raise CodeError(f"{value!r} is not a {level} code")
    if isinstance(value, numbers.Integral):
        if int(value) < 0:
            raise CodeError(f"{value!r} is not a {level} code: negative")
        text = str(int(value))
    elif isinstance(value, numbers.Real):
        number = float(value)
        if not number.is_integer() or number < 0:
            raise CodeError(f"{value!r} is not a {level} code: not a whole number")
        text = str(int(number))
    elif isinstance(value, str):
        text = value.strip().translate(_THAI_DIGITS)
        if text[:2].upper() == "TH":
            text = text[2:]
    else:
        raise CodeError(f"{value!r} is not a {level} code: expected a string or an integer")
    if not text:
        raise CodeError(f"{value!r} is not a {level} code: no digits")
    if not (text.isascii() and text.isdigit()):
        raise CodeError(f"{value!r} is not a {level} code: only digits are allowed")
    if len(text) > width:
        raise CodeError(
            f"{value!r} is not a {level} code: {len(text)} digits, a {level} code has {width}"
        )
    return text.zfill(width)


def level_of(code: str) -> Level:
    """The level of a normalised code, from its length (2, 4, 6 or 8 digits).

    Raises:
        CodeError: ``code`` is not a string of 2, 4, 6 or 8 ASCII digits.
    """
    if not (isinstance(code, str) and code.isascii() and code.isdigit()):
        raise CodeError(f"{code!r} is not a code: expected a string of digits")
    level = LEVEL_BY_WIDTH.get(len(code))
    if level is None:
        raise CodeError(f"{code!r} is not a code: it has {len(code)} digits, not 2, 4, 6 or 8")
    return level  # type: ignore[return-value]


def level_below(code: str | None) -> Level:
    """The level of the areas inside ``code`` that a map or a table of it shows: provinces for
    Thailand (``None``), the next level down for a province or a district, subdistricts for a
    subdistrict or a village (the finest level with boundary polygons).

    Example:
        >>> level_below(None), level_below("46"), level_below("4601"), level_below("46010101")
        ('province', 'district', 'subdistrict', 'subdistrict')
    """
    if not code:
        return "province"
    own = level_or_none(code) or "subdistrict"
    return LEVELS[min(LEVELS.index(own) + 1, LEVELS.index("subdistrict"))]


def parent_code(code: str) -> str | None:
    """The code of the enclosing area (``None`` for a province): the code without its last two digits.

    Example:
        >>> parent_code("10010101"), parent_code("1001"), parent_code("10")
        ('100101', '10', None)
    """
    return None if level_of(code) == "province" else code[:-2]


def level_or_none(code: object) -> Level | None:
    """The level of a string of 2, 4, 6 or 8 ASCII digits; ``None`` for anything else.

    Example:
        >>> level_or_none("1001"), level_or_none("100"), level_or_none("10a1")
        ('district', None, None)
    """
    if not (isinstance(code, str) and code.isascii() and code.isdigit()):
        return None
    return LEVEL_BY_WIDTH.get(len(code))


def ancestor(code: str, level: Level) -> str:
    """The code of the area at ``level`` that holds ``code`` (its first digits).

    Example:
        >>> ancestor("10010101", "district"), ancestor("460101", "province")
        ('1001', '46')
    """
    return code[: WIDTH[level]]


def ancestors(codes: pd.Series, level: Level) -> pd.Series:
    """:func:`ancestor` of every code of a string column (missing stays missing)."""
    return codes.str[: WIDTH[level]]


@cache
def _area_table() -> pd.DataFrame:
    rows: list[tuple[str, str, str, str, str | None]] = []
    for p in geothai.provinces():
        rows.append((p.code, "province", p.name_th, p.name_en, None))
        for d in geothai.districts(p.code):
            rows.append((d.code, "district", d.name_th, d.name_en, p.code))
            for s in geothai.subdistricts(d.code):
                rows.append((s.code, "subdistrict", s.name_th, s.name_en, d.code))
    return pd.DataFrame(rows, columns=["code", "level", "name_th", "name_en", "parent_code"])


def area_table() -> pd.DataFrame:
    """Every current province, district and subdistrict with official names (geothai / DOPA).

    Columns ``code``, ``level``, ``name_th``, ``name_en``, ``parent_code`` (missing for
    provinces); 77 + 928 + 7,436 rows in hierarchy order. Built once, then copied per call so
    callers may modify their copy.
    """
    return _area_table().copy()


def picker_areas(table: pd.DataFrame, provinces: Iterable[str]) -> pd.DataFrame:
    """The rows of an :func:`area_table`-like ``table`` an area picker offers: every province,
    and the districts and subdistricts of ``provinces``; provinces first, then districts, then
    subdistricts, each level by code.

    Example:
        >>> t = pd.DataFrame({"code": ["4601", "47", "46", "470101", "460101"],
        ...                   "level": ["district", "province", "province", "subdistrict",
        ...                             "subdistrict"]})
        >>> picker_areas(t, ["46"])["code"].tolist()
        ['46', '47', '4601', '460101']
    """
    order = {"province": 0, "district": 1, "subdistrict": 2}
    keep = (table["level"] == "province") | ancestors(table["code"], "province").isin(
        set(provinces)
    )
    table = table[keep & table["level"].isin(list(order))]
    return table.assign(_rank=table["level"].map(order)).sort_values(["_rank", "code"])


@cache
def _current_codes() -> dict[str, frozenset[str]]:
    table = _area_table()
    return {
        level: frozenset(table.loc[table["level"] == level, "code"])
        for level in ("province", "district", "subdistrict")
    }


def is_valid_code(code: object, level: Level) -> bool:
    """Whether ``code`` (anything :func:`normalize_code` accepts) is a current DOPA code of ``level``.

    Villages (muban) are not in geothai: a village code is valid when its subdistrict is and its
    village number (last two digits) is not ``00``.

    Example:
        >>> is_valid_code("TH10", "province"), is_valid_code(99, "province")
        (True, False)
    """
    try:
        normal = normalize_code(code, level)
    except CodeError:
        return False
    if level == "village":
        return normal[6:] != "00" and normal[:6] in _current_codes()["subdistrict"]
    return normal in _current_codes()[level]


@cache
def _polygon_hosts() -> dict[str, tuple[str, ...]]:
    hosts: dict[str, list[str]] = {}
    for code in sorted(_current_codes()["subdistrict"]):
        hosts.setdefault(SUBDISTRICT_POLYGON.get(code, code), []).append(code)
    return {polygon: tuple(codes) for polygon, codes in hosts.items()}


def polygon_for_subdistrict(code: object) -> str:
    """The HDX polygon code that holds the current subdistrict ``code``.

    The identity for the 7,422 codes that have their own polygon, :data:`SUBDISTRICT_POLYGON` for
    the 14 newer ones. A retired code that still has its own HDX polygon (104701, 105001, 530306)
    maps to itself, so old records can still be placed.

    Raises:
        CodeError: malformed, or neither a current subdistrict code nor a retired polygon code.
    """
    normal = normalize_code(code, "subdistrict")
    if normal in SUBDISTRICT_POLYGON:
        return SUBDISTRICT_POLYGON[normal]
    if normal in _current_codes()["subdistrict"] or normal in RETIRED_POLYGONS:
        return normal
    raise CodeError(f"{normal} is not a current DOPA subdistrict code")


def current_codes_for_polygon(hdx_code: object) -> tuple[str, ...]:
    """The current DOPA subdistrict codes whose area lies in the HDX polygon ``hdx_code``, sorted.

    Example:
        >>> current_codes_for_polygon("TH100905"), current_codes_for_polygon("530306")
        (('100905', '100910'), ('530407',))

    Raises:
        CodeError: malformed, or not the code of an HDX subdistrict polygon.
    """
    normal = normalize_code(hdx_code, "subdistrict")
    hosted = _polygon_hosts().get(normal)
    if hosted is None:
        raise CodeError(f"{normal} is not the code of a boundary polygon (HDX COD-AB ADM3)")
    return hosted
