"""Admin codes and area names to DOPA codes: :func:`normalize_codes` (a column of codes or
names, narrowed by each row's parent area), :func:`clean_code`, :func:`resolve_area` (one name,
with ``geothai``) and :func:`parse_address`.

Codes are cleaned (Thai digits, ``TH`` prefix, dashes, ``460101.0``) and areas written by name
("ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น", "กทม.", "Mueang Khon Kaen") are resolved, using the
parent area of the same row to tell apart the many places with one name.

**Leading zeros.** No DOPA code starts with 0 (province codes are 10-96), so Excel never
strips a zero off the front of a full code, and a province code of one digit ("4") cannot be
restored: it is reported. Zeros are lost *inside* codes when a code is glued from numbers
(46 & 1 & 1 = "4611" instead of "460101") or when a column holds only the local number ("1"
for district 01). Such a code is restored only when exactly one reading is a current DOPA code
(villages: a current subdistrict plus a number 01-99) that agrees with the parent code in the
same row; "10101" as a subdistrict could be 10|1|01 or 10|10|1, so with no parent to choose it
is reported with both candidates. A code with *extra* leading zeros ("046", "0046") is padding
and is stripped when what is left has the right width.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

import geothai
import pandas as pd

from data.columns import MISSING_WORDS, ascii_digits, clean_text, quoted
from data.messages import Text, msg
from data.normalize_values import Issues
from geo.codes import LEVELS, WIDTH, Level, ancestor, level_or_none


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


_LEVEL_TH = {"province": "จังหวัด", "district": "อำเภอ", "subdistrict": "ตำบล", "village": "หมู่บ้าน"}


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
