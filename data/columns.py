"""Which canonical column a header names: synonyms, user mappings, header recognition.

Headers are compared in one form (:func:`column_key`: lower case, no spaces, ``_ - . : *``, no
invisible characters, NFC). :func:`synonyms` gives, per kind of table, every synonym in
``data/tables/column_synonyms.csv`` and every canonical name; a user mapping
(:func:`load_user_mapping`) wins over them. :func:`count_recognised` is how the readers find the
header row. Mapping a whole table (what is missing, doubled or unknown) is ``data.normalize``.

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
    REGISTRY_COLUMN_LIST,
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

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)
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


def clean_text(value: object) -> str:
    """NFC, no invisible characters (BOM, zero-width space), Thai "ํา" as "ำ", outer spaces off."""
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE)).replace(
        "\u0e4d\u0e32", "\u0e33"
    )
    return text.replace("\u00a0", " ").strip()


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
