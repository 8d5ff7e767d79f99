"""Which canonical column a header names: synonyms, user mappings, header recognition.

Headers are compared in one form (:func:`column_key`: lower case, no spaces, ``_ - . : *``, no
invisible characters, NFC). :func:`synonyms` gives, per kind of table, every synonym in
``data/tables/column_synonyms.csv`` and every canonical name; a user mapping
(:func:`load_user_mapping`) wins over them. :func:`count_recognised` is how the readers find the
header row. Mapping a whole table (what is missing, doubled or unknown) is ``data.column_mapping``.

Example:
    >>> column_key("  Household_ID ")
    'householdid'
    >>> synonyms("households")[column_key("hh_id")]
    'hh_id'
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Literal

from data.messages import known, msg
from data.problems import safe_text
from data.schema import (
    HOUSEHOLD_COLUMN_LIST,
    MEMBER_COLUMN_LIST,
    MISSING_WORDS,
    NO_WORDS,
    REGISTRY_COLUMN_LIST,
    YES_WORDS,
    Column,
    table,
)

TableKind = Literal["households", "members", "registry", "indicators"]

# Columns a file may have that are not canonical but feed canonical ones.
AREA_NAME_COLUMNS = {
    "province_name": "province",
    "district_name": "district",
    "subdistrict_name": "subdistrict",
}
HELPER_COLUMNS = (*AREA_NAME_COLUMNS, "address", "latlon")

#: Characters a cell or header may carry that nobody sees: BOM, zero-width space/joiners, word
#: joiner, soft hyphen (removed by :func:`drop_invisible`; a no-break space becomes a space).
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)
#: Thai digits ๐-๙ to ASCII (:func:`ascii_digits`).
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_KEY_DROP = re.compile(r"[\s_\-.:*'\"]+")
_TRAILING_NOTE = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


class MappingError(ValueError):
    """A user mapping file cannot be used (unreadable, or maps to a column that does not exist).

    ``message`` is a :class:`data.messages.Text` (its ``str`` is the English text)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def drop_invisible(text: str) -> str:
    """``text`` without invisible characters (BOM, zero-width space and joiners, soft hyphen)."""
    return text.translate(_INVISIBLE)


def clean_text(value: object) -> str:
    """NFC, no invisible characters (:func:`drop_invisible`), no-break spaces as spaces, Thai
    "ํา" as "ำ", outer spaces off."""
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", drop_invisible(text)).replace("\u0e4d\u0e32", "\u0e33")
    return text.replace("\u00a0", " ").strip()


def ascii_digits(text: str) -> str:
    """Thai (๐-๙) and full-width digits as ASCII, everything else as NFKC."""
    return unicodedata.normalize("NFKC", text).translate(THAI_DIGITS)


def yes_no(value: object) -> bool | str | None:
    """``True`` for a yes word (:data:`YES_WORDS`), ``False`` for a no word, ``None`` when
    empty or a missing word, ``"?"`` otherwise. Case, spaces, Thai digits and "1.0" do not
    matter.

    >>> [yes_no(v) for v in ("✓", "ไม่มี", " Yes ", "๑", "1.0", "-", "maybe")]
    [True, False, True, True, True, None, '?']
    """
    t = re.sub(r"\s+", "", ascii_digits(clean_text(value)).lower())
    t = re.sub(r"^([0-9])\.0+$", r"\1", t)
    if t in YES_WORDS:
        return True
    if t in NO_WORDS:
        return False
    if not t or t in MISSING_WORDS:
        return None
    return "?"


def column_key(header: object) -> str:
    """A header in the form headers are compared in: lower case, no spaces, ``_ - . : *``."""
    return _KEY_DROP.sub("", clean_text(header).lower())


def quoted(text: object) -> str:
    return "'" + safe_text(clean_text(text))[:60] + "'"


#: Canonical columns of table kinds another module owns (``data.sites`` registers "indicators"):
#: their headers map with these synonyms; what they require is that module's to check.
_REGISTERED: dict[str, tuple[str, ...]] = {}


def register_targets(kind: TableKind, names: Iterable[str]) -> None:
    """Let files of ``kind`` map their headers here: ``names`` are what a header may map to."""
    _REGISTERED[kind] = tuple(names)
    synonyms.cache_clear()


def canonical_columns(kind: TableKind) -> tuple[Column, ...]:
    if kind in _REGISTERED:
        return ()
    if kind == "registry":
        return REGISTRY_COLUMN_LIST
    return HOUSEHOLD_COLUMN_LIST if kind == "households" else MEMBER_COLUMN_LIST


def targets(kind: TableKind) -> tuple[str, ...]:
    """What a header may map to for a kind of table: canonical columns plus helper columns."""
    if kind in _REGISTERED:
        return _REGISTERED[kind]
    names = tuple(c.name for c in canonical_columns(kind))
    if kind == "households":
        return names + HELPER_COLUMNS
    if kind == "registry":
        return names + tuple(AREA_NAME_COLUMNS) + ("address",)
    return names


#: Headers (any case, spacing and ``_ - . :``) of the app's own small files: a referral
#: status-change file and a targets file. The export writes the first name of each.
FILE_HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "referral_updates": {
        "referral_id": ("referral_id", "เลขที่ส่งต่อ", "referral"),
        "new_status": ("new_status", "to_status", "สถานะใหม่"),
        "new_note": ("new_note", "note", "หมายเหตุใหม่", "หมายเหตุ"),
        "by": ("by", "changed_by", "ผู้บันทึก"),
        "at": ("at", "changed_at", "วันที่เปลี่ยนสถานะ"),
    },
    "targets": {
        "area_code": ("area_code", "รหัสพื้นที่", "code"),
        "scope": ("scope", "ประเภทเป้าหมาย"),
        "baseline_round": ("baseline_round", "รอบฐาน"),
        "target_round": ("target_round", "รอบเป้าหมาย"),
        "households_to_lift": ("households_to_lift", "ครัวเรือนที่ต้องพ้นจน"),
        "referrals_to_close": ("referrals_to_close", "รายการส่งต่อที่ต้องปิด"),
        "note": ("note", "หมายเหตุ"),
    },
}


def find_headers(kind: str, headers: Iterable[object]) -> dict[str, object]:
    """``{canonical: header}`` for the headers of a :data:`FILE_HEADERS` file (the first
    header naming a column wins), compared as :func:`column_key` compares them."""
    lookup = {
        column_key(name): canonical
        for canonical, names in FILE_HEADERS[kind].items()
        for name in names
    }
    found: dict[str, object] = {}
    for header in headers:
        canonical = lookup.get(column_key(header))
        if canonical is not None and canonical not in found:
            found[canonical] = header
    return found


@cache
def synonyms(kind: TableKind) -> dict[str, str]:
    """``{column_key(synonym): canonical}`` for a kind of table, from column_synonyms.csv.

    Raises:
        ValueError: one synonym names two columns of the same table (a broken table file).
    """
    allowed = set(targets(kind))
    out: dict[str, str] = {}
    for row in table("column_synonyms"):
        canonical, synonym = row["canonical"].strip(), row["synonym"]
        if canonical not in allowed:
            continue
        key = column_key(synonym)
        if out.get(key, canonical) != canonical:
            raise ValueError(f"column_synonyms.csv: {synonym!r} names {out[key]} and {canonical}")
        out[key] = canonical
    for name in allowed:
        out.setdefault(column_key(name), name)
    return out


def load_user_mapping(
    source: Mapping[str, str | None] | str | Path | None,
) -> dict[str, str | None]:
    """A user mapping as ``{column_key(their_header): canonical or None}`` (None = ignore it).

    ``source`` is a dict, or a JSON file ``{"their header": "canonical"}``, or a CSV file of two
    columns (their header, canonical; a first row naming the columns is skipped). An empty
    target (``""``, ``null``, ``-``, ``ignore``) means "leave this column out, I know".

    Raises:
        MappingError: the file cannot be read or names a column that does not exist.
    """
    if source is None:
        return {}
    if isinstance(source, Mapping):
        pairs = [(str(k), v) for k, v in source.items()]
        where = msg("mapping.where")
    else:
        path = Path(source)
        where = path.name
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise MappingError(
                msg("mapping.unreadable", where=where, system=msg("word.system", text=exc))
            ) from None
        if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise MappingError(
                    msg(
                        "mapping.bad_json",
                        where=where,
                        line=exc.lineno,
                        json=known("json", exc.msg),
                    )
                ) from None
            if not isinstance(data, dict):
                raise MappingError(msg("mapping.not_object", where=where))
            pairs = [(str(k), v) for k, v in data.items()]
        else:
            try:
                dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
                rows = list(csv.reader(text.splitlines(), dialect))
            except csv.Error:
                rows = list(csv.reader(text.splitlines()))
            rows = [r for r in rows if any(c.strip() for c in r)]
            if rows and column_key(rows[0][1] if len(rows[0]) > 1 else "") in {
                "canonical",
                "to",
                "target",
                "column",
                "canonicalcolumn",
                "mapsto",
                "maptocolumn",
            }:
                rows = rows[1:]
            pairs = []
            for i, r in enumerate(rows, start=1):
                if len(r) < 2:
                    raise MappingError(msg("mapping.two_cells", where=where, row=i))
                pairs.append((r[0], r[1]))
    every = set(targets("households")) | set(targets("members")) | set(targets("registry"))
    every |= {name for names in _REGISTERED.values() for name in names}
    out: dict[str, str | None] = {}
    for header, target in pairs:
        value = clean_text(target) if target is not None else ""
        if value.lower() in ("", "-", "ignore", "none", "null", "skip"):
            out[column_key(header)] = None
            continue
        if value not in every:
            hint = (
                synonyms("households").get(column_key(value))
                or synonyms("members").get(column_key(value))
                or synonyms("registry").get(column_key(value))
            )
            raise MappingError(
                msg(
                    "mapping.not_canonical_hint" if hint else "mapping.not_canonical",
                    where=where,
                    value=repr(value),
                    header=quoted(header),
                    hint=hint or "",
                )
            )
        out[column_key(header)] = value
    return out


def header_lookup(header: str, table: Mapping[str, str | None]) -> tuple[bool, str | None]:
    """(found, target) for a header, trying it without a trailing bracketed note too."""
    key = column_key(header)
    if key in table:
        return True, table[key]
    stripped = _TRAILING_NOTE.sub("", clean_text(header))
    if stripped and stripped != clean_text(header):
        key = column_key(stripped)
        if key in table:
            return True, table[key]
    return False, None


def count_recognised(cells: Iterable[str], user_mapping=None) -> int:
    """How many header cells name a canonical column of either table (used to find headers)."""
    user = load_user_mapping(user_mapping)
    both = _any_synonym()
    return sum(1 for cell in cells if header_lookup(cell, user)[0] or header_lookup(cell, both)[0])


@cache
def _any_synonym() -> dict[str, str]:
    return {**synonyms("registry"), **synonyms("members"), **synonyms("households")}
