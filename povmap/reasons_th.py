"""Thai wording of the import pipeline's problem reasons, for the Thai data page.

The data layer (``data.readers``, ``data.normalize``, ``data.validate``, ``data.registry``,
``data.importer``) reports every problem with an English ``reason``; tests and the CLI report
files rely on that English, so it stays. The app shows the Thai words instead:
:func:`thai_reason` translates one reason and :func:`thai_message` a multi-line failure
summary (``ImportFailed``'s text), line by line.

How: an ordered table of compiled regular expressions, one per reason the data layer can
produce, each with named groups (numbers, column names, codes, line numbers, candidate lists,
file names) that pass into the Thai template unchanged. A few group names are translated on
the way (see ``_GROUPS``): ``inner`` is itself a reason (translated recursively; the rule only
applies when it is a known one), ``level`` an admin level, ``delim`` a delimiter name. The
prefix ``column 'X': `` becomes ``คอลัมน์ 'X': `` and what follows is translated recursively.
Text of an outside library (an OS, codec, JSON or Excel message) that has no Thai wording is
kept and marked "ข้อความจากระบบ" (system message). Unknown text comes back unchanged: these
functions never raise.

Examples:
    >>> thai_reason("outside 1 – 40")
    'อยู่นอกช่วง 1 – 40'
    >>> thai_reason("column 'จำนวนสมาชิก': not a number")
    "คอลัมน์ 'จำนวนสมาชิก': ไม่ใช่ตัวเลข"
    >>> thai_reason("not a current DOPA subdistrict code (6 digits)")
    'ไม่ใช่รหัสตำบลปัจจุบันของกรมการปกครอง (6 หลัก)'
    >>> thai_reason("something new")
    'something new'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from data import readers

__all__ = ["SYSTEM_TEXT", "thai_message", "thai_reason"]

#: The Thai label put before text from an outside library that is shown as it came.
SYSTEM_TEXT = "ข้อความจากระบบ"

LEVELS = {"province": "จังหวัด", "district": "อำเภอ", "subdistrict": "ตำบล", "village": "หมู่บ้าน"}
DELIMITERS = {
    "comma": "จุลภาค (,)",
    "semicolon": "อัฒภาค (;)",
    "tab": "แท็บ",
    "pipe": "ขีดตั้ง (|)",
}
TABLE_KINDS = {
    "household": "ข้อมูลครัวเรือน",
    "member": "ข้อมูลสมาชิกครัวเรือน",
    "registry": "ทะเบียนบัตรสวัสดิการแห่งรัฐ",
}
#: what the importer says appears twice in a file (``{what} appear earlier in the file``)
DUPLICATES = {
    "same household and round": "ครัวเรือนและรอบสำรวจเดียวกันนี้",
    "same person number for this household and round": ("ลำดับสมาชิกเดียวกันของครัวเรือนและรอบสำรวจนี้"),
    "same person": "บุคคลเดียวกันนี้",
}
#: ``UnicodeDecodeError.reason`` of the codecs a Thai file is read with
CODEC_REASONS = {
    "invalid start byte": "ไบต์เริ่มต้นอักขระไม่ถูกต้อง",
    "invalid continuation byte": "ไบต์ต่อเนื่องของอักขระไม่ถูกต้อง",
    "unexpected end of data": "ข้อมูลจบก่อนอักขระสุดท้ายครบ",
    "character maps to <undefined>": "มีไบต์ที่ไม่ตรงกับอักขระใดในชุดอักขระนี้",
    "truncated data": "ข้อมูลถูกตัดขาด",
    "illegal multibyte sequence": "ลำดับไบต์ไม่ถูกต้อง",
    "illegal encoding": "การเข้ารหัสไม่ถูกต้อง",
    "illegal UTF-16 surrogate": "ลำดับไบต์ UTF-16 ไม่ถูกต้อง",
    "unexpected end of data in surrogate pair": "ข้อมูลจบกลางคู่อักขระ UTF-16",
}
#: ``json.JSONDecodeError.msg`` (the common ones)
JSON_MESSAGES = {
    "Expecting value": "ไม่พบค่าที่ต้องมี",
    "Expecting property name enclosed in double quotes": 'ชื่อคีย์ต้องอยู่ในเครื่องหมายคำพูดคู่ (")',
    "Expecting ',' delimiter": "ขาดเครื่องหมายจุลภาค (,)",
    "Expecting ':' delimiter": "ขาดเครื่องหมายทวิภาค (:)",
    "Extra data": "มีข้อมูลเกินต่อท้าย",
    "Unterminated string starting at": "ข้อความไม่มีเครื่องหมายคำพูดปิด",
    "Invalid control character at": "มีอักขระควบคุมที่ใช้ไม่ได้",
    "Invalid \\escape": "ลำดับ escape ไม่ถูกต้อง",
    "Illegal trailing comma before end of object": "มีจุลภาคเกินก่อนปิดออบเจกต์",
    "Illegal trailing comma before end of array": "มีจุลภาคเกินก่อนปิดอาร์เรย์",
}
#: ``OSError.strerror`` of files that cannot be opened (the common ones)
OS_MESSAGES = {
    "Permission denied": "ไม่มีสิทธิ์เข้าถึงไฟล์",
    "No such file or directory": "ไม่พบไฟล์หรือโฟลเดอร์",
    "Is a directory": "เป็นโฟลเดอร์",
    "Too many open files": "เปิดไฟล์พร้อมกันมากเกินไป",
    "Input/output error": "อ่านจากอุปกรณ์จัดเก็บไม่ได้",
}
#: encodings as ``data.importer.describe_read`` names them
ENCODINGS = {
    "TIS-620/cp874 (Thai Windows, not UTF-8)": "TIS-620/cp874 (Windows ภาษาไทย ไม่ใช่ UTF-8)",
    "TIS-620 (not UTF-8)": "TIS-620 (ไม่ใช่ UTF-8)",
    "UTF-8 with BOM": "UTF-8 แบบมี BOM",
}
_HIDDEN = ("<hidden 13-digit number>", "<ซ่อนเลข 13 หลักไว้>")


def _system(text: str) -> str:
    return f"({SYSTEM_TEXT}: {text})"


_KEPT = re.compile(r" \(kept: line (?P<line>[\d,]+)(?:; differs in: (?P<columns>.*))?\)")
_ALSO = re.compile(
    r"; (?P<file>.+?): (?P<n>[\d,]+) problem\(s\) in (?P<rows>[\d,]+) of (?P<total>[\d,]+) rows"
)


def _kept(text: str) -> str | None:
    """`` (kept: line 4; differs in: members, lat)`` of a duplicate's reason."""
    m = _KEPT.fullmatch(text)
    if m is None:
        return None
    differs = f"; คอลัมน์ที่ค่าต่างกัน: {m['columns']}" if m["columns"] else ""
    return f" (เก็บแถวบรรทัด {m['line']}{differs})"


def _also(text: str) -> str | None:
    """``; members.csv: 60 problem(s) in 60 of 60 rows`` of a failure summary's first line."""
    m = _ALSO.fullmatch(text)
    if m is None:
        return None
    return f"; {m['file']}: พบปัญหา {m['n']} รายการใน {m['rows']} จาก {m['total']} แถว"


def _how(text: str) -> str:
    """What a derived column was made from (``ColumnReport.derived``)."""
    if text == "the last two digits of village_code":
        return "เลขสองหลักสุดท้ายของ village_code"
    return re.sub(r"\(([\d,]+) rows\)$", r"(\1 แถว)", text)


def _json(text: str) -> str:
    return JSON_MESSAGES.get(text) or _system(text)


def _os(text: str) -> str:
    return OS_MESSAGES.get(text) or _system(text)


def _codec(text: str) -> str:
    return CODEC_REASONS.get(text) or _system(text)


def _strict(text: str) -> str | None:
    return _translate(text, strict=True)


#: how a named group is turned into Thai (by its name without trailing digits); None: the
#: rule does not apply. Groups not listed pass through unchanged; a missing optional group is "".
_GROUPS: dict[str, Callable[[str], str | None]] = {
    "inner": _strict,
    "level": LEVELS.get,
    "delim": lambda d: DELIMITERS.get(d, d),
    "kind": TABLE_KINDS.get,
    "what": DUPLICATES.get,
    "ors": lambda t: t.replace(" or ", " หรือ "),
    "ands": lambda t: t.replace("' and '", "' และ '"),
    "how": _how,
    "codec": _codec,
    "json": _json,
    "oserr": _os,
    "system": _system,
    "enc": lambda e: ENCODINGS.get(e, e),
    # optional tails of the area-name reasons
    "within": lambda t: f" ใน {t}",
    "kept": _kept,
    "dupline": lambda n: f" (บรรทัด {n})",
    "afterrow": lambda n: f" ต่อจากแถว {n}",
    "more": lambda n: f" และอีก {n} แห่ง",
    "hint": lambda c: f": หมายถึง {c} ใช่หรือไม่",
    "give": {"province": "จังหวัด", "district or province": "อำเภอหรือจังหวัด"}.get,
    "mean": lambda h: f" หมายถึง {h} ใช่หรือไม่",
    "where": lambda w: "การจับคู่คอลัมน์" if w == "mapping" else w,
    # summary lines (thai_message)
    "verb": {"would import": "จะนำเข้า", "imported": "นำเข้าแล้ว"}.get,
    "inhead": lambda _: " และในแถวหัวตาราง",
    "also": _also,
    "andm": lambda n: f" และสมาชิก {n} คน",
    "nmembers": lambda n: f" · สมาชิก {n} คน",
}


@dataclass(frozen=True)
class Rule:
    """One reason of the data layer: its English pattern and Thai template."""

    pattern: re.Pattern[str]
    template: str

    def apply(self, text: str) -> str | None:
        m = self.pattern.fullmatch(text)
        if m is None:
            return None
        values: dict[str, str] = {}
        for name, value in m.groupdict().items():
            if value is None:
                values[name] = ""
                continue
            fn = _GROUPS.get(name.rstrip("0123456789"))
            out = fn(value) if fn else value
            if out is None:
                return None
            values[name] = out
        return self.template.format(**values)


_N = r"[\d,]+"  # a count or line number as the data layer writes it ("1,234")
_REPAIR = re.escape(readers.XLSX_REPAIR)
_XLSX_REPAIR = "ให้เปิดใน Excel แล้วบันทึกใหม่ หรือบันทึกเป็น CSV (UTF-8)"
_XLSX_ENCRYPTED = (
    "สมุดงานนี้ตั้งรหัสผ่านไว้ (เข้ารหัส) จึงอ่านไม่ได้: ให้เปิดใน Excel เอารหัสผ่านออก "
    "(ไฟล์ > ข้อมูล > ป้องกันเวิร์กบุ๊ก > เข้ารหัสด้วยรหัสผ่าน) แล้วบันทึกใหม่ "
    "หรือบันทึกเป็น CSV (UTF-8)"
)
_G = r"-?[\d.]+(?:e[+-]\d+)?"  # a number written with :g ("0", "5.5", "1e+07")
_LEVEL = r"province|district|subdistrict|village"
_Q = r"'.*?'"  # a name quoted by data.columns.quoted


def _rules(pairs: Iterable[tuple[str, str]]) -> tuple[Rule, ...]:
    return tuple(Rule(re.compile(p, re.DOTALL), t) for p, t in pairs)


# Order matters only where two patterns can match the same text (the first wins).
RULES: tuple[Rule, ...] = _rules(
    [
        # --- data.validate: one cell ---------------------------------------------------------------
        ("unknown column \\(not in the data format\\)", "ไม่รู้จักคอลัมน์นี้ (ไม่อยู่ในรูปแบบข้อมูลมาตรฐาน)"),
        ("required column is missing", "ไม่มีคอลัมน์ที่จำเป็นนี้"),
        ("required value is empty", "ต้องไม่เว้นว่าง"),
        ("not a whole number", "ไม่ใช่จำนวนเต็ม"),
        ("not a number", "ไม่ใช่ตัวเลข"),
        (rf"outside (?P<lo>{_G}) – (?P<hi>{_G})", "อยู่นอกช่วง {lo} – {hi}"),
        (
            rf"(?P<inner>not a whole number|not a number) or outside (?P<lo>{_G}) – (?P<hi>{_G})",
            "{inner} หรืออยู่นอกช่วง {lo} – {hi}",
        ),
        ("not true/false", "ไม่ใช่ค่าจริง/เท็จ (true/false)"),
        (
            re.escape("must be 1 (passes), 0 (fails) or empty (not applicable)"),
            "ต้องเป็น 1 (ผ่าน), 0 (ไม่ผ่าน) หรือเว้นว่าง (ไม่เกี่ยวข้อง)",
        ),
        ("not one of: (?P<allowed>.*)", "ไม่ใช่ค่าที่กำหนดไว้ (ค่าที่ใช้ได้: {allowed})"),
        (
            rf"not a current DOPA (?P<level>{_LEVEL}) code \((?P<width>\d+) digits\)",
            "ไม่ใช่รหัส{level}ปัจจุบันของกรมการปกครอง ({width} หลัก)",
        ),
        (r"must be (?P<width>\d+) digits", "ต้องเป็นตัวเลข {width} หลัก"),
        (
            re.escape("not a valid 13-digit national ID (check digit)"),
            "ไม่ใช่เลขประจำตัวประชาชน 13 หลักที่ถูกต้อง (เลขตรวจสอบหลักสุดท้ายไม่ตรง)",
        ),
        (
            re.escape("household ID must be 1-40 characters of A-Z a-z 0-9 _ -"),
            "รหัสครัวเรือนต้องยาว 1-40 ตัวอักษร และใช้ได้เฉพาะ A-Z a-z 0-9 _ -",
        ),
        # --- data.validate and data.registry: rules across columns and rows ------------------------
        (r"does not start with (?P<parent>\w+)", "ไม่ขึ้นต้นด้วยรหัสใน {parent}"),
        (
            "does not match the last two digits of village_code",
            "ไม่ตรงกับเลขสองหลักสุดท้ายของ village_code",
        ),
        (
            "lat and lon must be given together",
            "ต้องระบุละติจูด (lat) และลองจิจูด (lon) คู่กัน",
        ),
        (
            re.escape("members under 15 plus members 60+ exceed members"),
            "จำนวนสมาชิกอายุต่ำกว่า 15 ปีรวมกับสมาชิกอายุ 60 ปีขึ้นไป มากกว่าจำนวนสมาชิกทั้งหมด",
        ),
        ("exceeds members", "มากกว่าจำนวนสมาชิกทั้งหมด (members)"),
        (
            "same household and round appear earlier in the file",
            "ครัวเรือนและรอบสำรวจเดียวกันนี้มีอยู่แล้วในบรรทัดก่อนหน้าของไฟล์",
        ),
        (
            "same person number appears earlier for this household and round",
            "ลำดับสมาชิกนี้ซ้ำกับบรรทัดก่อนหน้าของครัวเรือนและรอบสำรวจเดียวกัน",
        ),
        (
            "same person appears earlier in the file",
            "บุคคลเดียวกันนี้มีอยู่แล้วในบรรทัดก่อนหน้าของไฟล์",
        ),
        # --- data.importer -------------------------------------------------------------------------
        (
            r"(?P<what>.+) as an earlier line, with other values: the earlier row is kept, this "
            r"one rejected(?P<kept> \(kept: .*\))?",
            "{what}มีอยู่แล้วในบรรทัดก่อนหน้าแต่ค่าต่างกัน: เก็บแถวก่อนหน้าไว้และปฏิเสธแถวนี้{kept}",
        ),
        (
            r"(?P<what>.+) as an earlier line, with the same values: the earlier row is kept, "
            r"this one rejected(?P<kept> \(kept: .*\))?",
            "{what}มีอยู่แล้วในบรรทัดก่อนหน้าด้วยค่าเดียวกันทุกคอลัมน์ (แถวซ้ำ): เก็บแถวก่อนหน้าไว้และปฏิเสธแถวนี้{kept}",
        ),
        (
            rf"(?P<what>.+) as an earlier line, which is rejected too(?: \(line (?P<dupline>{_N})\))?",
            "{what}มีอยู่แล้วในบรรทัดก่อนหน้า ซึ่งถูกปฏิเสธเช่นกัน{dupline}",
        ),
        ("the file has a header but no rows", "ไฟล์มีแถวหัวตารางแต่ไม่มีข้อมูล"),
        (
            "(?P<inner>.+); the rest of the file from this line on was not read",
            "{inner}; ไม่ได้อ่านส่วนที่เหลือของไฟล์ตั้งแต่บรรทัดนี้",
        ),
        (
            re.escape("unknown column: left out (map it in a mapping file)"),
            "ไม่รู้จักคอลัมน์นี้: ไม่นำเข้า (ระบุการจับคู่ได้ในไฟล์จับคู่คอลัมน์)",
        ),
        (
            rf"(?P<n>{_N}) non-empty row\(s\) above the header were skipped \(titles or notes\)",
            "ข้ามแถวที่มีข้อมูลเหนือหัวตาราง {n} แถว (ชื่อเรื่องหรือหมายเหตุ)",
        ),
        (
            r"only sheet (?P<sheet>.+) was read; not read: (?P<others>.*)",
            "อ่านเฉพาะแผ่นงาน {sheet}; แผ่นงานที่ไม่ได้อ่าน: {others}",
        ),
        (
            "no such household and round among the valid rows of the household file",
            "ไม่พบครัวเรือนและรอบสำรวจนี้ในแถวที่ถูกต้องของไฟล์ครัวเรือน",
        ),
        (
            r"snapshot year (?P<year>.+) is not a Buddhist-era year \(e\.g\. 2565\)",
            "ปีของข้อมูล {year} ไม่ใช่ปีพุทธศักราช (เช่น 2565)",
        ),
        # --- data.normalize: columns ---------------------------------------------------------------
        (
            r"required column (?P<th>.+?) \((?P<en>[^\u0e00-\u0e7f]+)\) is missing: no header of "
            r"the file maps to it \(add it, or name the column in a mapping file\)",
            "ไม่มีคอลัมน์ที่จำเป็น “{th}”: ไม่มีหัวคอลัมน์ใดในไฟล์ที่จับคู่กับคอลัมน์นี้ "
            "(เพิ่มคอลัมน์ หรือระบุชื่อคอลัมน์ในไฟล์จับคู่คอลัมน์)",
        ),
        (
            r"columns (?P<ands>.+) all map to (?P<name>\w+): keep one, or map the others "
            "elsewhere in a mapping file",
            "คอลัมน์ {ands} จับคู่กับ {name} ซ้ำกัน: ให้เหลือไว้คอลัมน์เดียว "
            "หรือจับคู่คอลัมน์อื่นไปยังคอลัมน์อื่นในไฟล์จับคู่คอลัมน์",
        ),
        ("the mapping says to leave it out", "ไฟล์จับคู่คอลัมน์ระบุให้ไม่นำเข้า"),
        (
            r"mapped to (?P<target>\w+), which is not a (?P<kind>household|member|registry) column",
            "จับคู่กับ {target} ซึ่งไม่ใช่คอลัมน์ของ{kind}",
        ),
        ("no header and no values", "ไม่มีหัวคอลัมน์และไม่มีข้อมูล"),
        (
            r"(?P<target>\w+) comes from (?P<source>'.*') \(mapping\)",
            "{target} ใช้ค่าจากคอลัมน์ {source} แล้ว (ตามไฟล์จับคู่คอลัมน์)",
        ),
        ("column left out: (?P<inner>.+)", "ไม่นำเข้าคอลัมน์นี้: {inner}"),
        (
            r"column left out: (?P<header>.+) \((?P<inner>[^()]+)\)",
            "ไม่นำเข้าคอลัมน์ {header} ({inner})",
        ),
        (
            r"column left out: (?P<header>.+) \((?P<target>\w+) comes from (?P<source>'.*') "
            r"\(mapping\)\)",
            "ไม่นำเข้าคอลัมน์ {header} ({target} ใช้ค่าจากคอลัมน์ {source} แล้ว ตามไฟล์จับคู่คอลัมน์)",
        ),
        ("unknown column left out: (?P<header>.+)", "ไม่รู้จักคอลัมน์ จึงไม่นำเข้า: {header}"),
        (r"(?P<column>[\w/]+) derived from (?P<how>.+)", "{column} คำนวณจาก {how}"),
        (
            rf"lat and lon swapped back in (?P<n>{_N}) rows \(latitude was in the longitude "
            r"column\)",
            "สลับ lat และ lon กลับให้ถูกต้องแล้ว {n} แถว (ค่าละติจูดอยู่ในคอลัมน์ลองจิจูด)",
        ),
        # --- data.normalize: mapping files (MappingError) --------------------------------------------
        (
            r"(?P<where>.+?): cannot be read \((?P<system>.*)\)",
            "{where}: อ่านไฟล์ไม่ได้ {system}",
        ),
        (
            r"(?P<where>.+?): not valid JSON \(line (?P<line>\d+): (?P<json>.*)\)",
            "{where}: ไม่ใช่ JSON ที่ถูกต้อง (บรรทัด {line}: {json})",
        ),
        (
            r'(?P<where>.+?): must be a JSON object \{"their header": "canonical"\}',
            '{where}: ต้องเป็นออบเจกต์ JSON รูปแบบ {{"หัวคอลัมน์ในไฟล์": "ชื่อคอลัมน์มาตรฐาน"}}',
        ),
        (
            r"(?P<where>.+?): row (?P<row>\d+) needs two cells: their header, canonical",
            "{where}: แถวที่ {row} ต้องมี 2 ช่อง คือ หัวคอลัมน์ในไฟล์, ชื่อคอลัมน์มาตรฐาน",
        ),
        (
            r"(?P<where>.+?): (?P<value>.+) \(for (?P<header>'.*')\) is not a canonical column"
            r"(?:; did you mean (?P<mean>\w+)\?)?",
            "{where}: {value} (ของคอลัมน์ {header}) ไม่ใช่ชื่อคอลัมน์มาตรฐาน{mean}",
        ),
        # --- data.normalize: values ----------------------------------------------------------------
        (
            re.escape(
                "not a number: a comma is used as thousands separator (1,234.50); "
                "write a decimal point as '.'"
            ),
            "ไม่ใช่ตัวเลข: จุลภาคใช้คั่นหลักพันเท่านั้น (1,234.50) ทศนิยมให้ใช้จุด '.'",
        ),
        ("not a year", "ไม่ใช่ตัวเลขปี"),
        (
            re.escape("2-digit year: write it in full (2564 in Buddhist era, or 2021)"),
            "ปีมีเพียง 2 หลัก: ให้เขียนปีเต็ม (2564 ถ้าเป็น พ.ศ. หรือ 2021 ถ้าเป็น ค.ศ.)",
        ),
        ("not a 4-digit year", "ไม่ใช่ปี 4 หลัก"),
        (re.escape("not a date (day/month/year)"), "ไม่ใช่วันที่ (วัน/เดือน/ปี)"),
        (
            "2-digit year in a date: write the year in full",
            "ปีในวันที่มีเพียง 2 หลัก: ให้เขียนปีเต็ม 4 หลัก",
        ),
        (
            r"month (?P<month>\d+) does not exist \(dates are day/month/year\)",
            "ไม่มีเดือนที่ {month} (วันที่ต้องเรียงเป็น วัน/เดือน/ปี)",
        ),
        ("no such date", "ไม่มีวันที่นี้ในปฏิทิน"),
        (
            re.escape("'x' is ambiguous (a tick or a cross?): write yes/no (ใช่/ไม่ใช่)"),
            "'x' ไม่ชัดเจน (หมายถึงเครื่องหมายถูกหรือกากบาท?): ให้เขียน ใช่/ไม่ใช่ (yes/no)",
        ),
        (
            re.escape("not yes/no (ใช่/ไม่ใช่, มี/ไม่มี, Y/N, true/false, 1/0)"),
            "ไม่ใช่ค่า ใช่/ไม่ใช่ (ใช้ได้: ใช่/ไม่ใช่, มี/ไม่มี, Y/N, true/false, 1/0)",
        ),
        (
            re.escape("not pass/fail: 1 (ผ่าน), 0 (ไม่ผ่าน) or empty (ไม่เกี่ยวข้อง)"),
            "ไม่ใช่ค่าผ่าน/ไม่ผ่าน: ใช้ 1 (ผ่าน), 0 (ไม่ผ่าน) หรือเว้นว่าง (ไม่เกี่ยวข้อง)",
        ),
        (
            re.escape("not a card status: ได้รับบัตร/ไม่ได้รับ/ยกเลิก, yes/no (ใช่/ไม่ใช่), true/false"),
            "ไม่ใช่สถานะบัตร: ใช้ ได้รับบัตร/ไม่ได้รับ/ยกเลิก, ใช่/ไม่ใช่ (yes/no) หรือ true/false",
        ),
        (
            re.escape(
                "written in scientific notation (Excel turned it into a number and lost digits): "
                "format the column as text and export again"
            ),
            "ถูกเขียนเป็นเลขยกกำลัง (Excel แปลงเป็นตัวเลขทำให้บางหลักสูญหาย): "
            "ตั้งรูปแบบคอลัมน์เป็นข้อความแล้วส่งออกไฟล์ใหม่",
        ),
        (
            "looks like a 13-digit national ID: a household ID must not be one",
            "มีลักษณะเป็นเลขประจำตัวประชาชน 13 หลัก: ห้ามใช้เลขประจำตัวประชาชนเป็นรหัสครัวเรือน",
        ),
        (
            "not 'latitude, longitude'",
            "ไม่อยู่ในรูป 'ละติจูด, ลองจิจูด'",
        ),
        # --- data.normalize: codes and area names --------------------------------------------------
        (
            re.escape(
                "a village is given by name: write the 8-digit village code, or the village "
                "number in หมู่ที่ (village_no)"
            ),
            "ระบุหมู่บ้านเป็นชื่อ: ให้ใส่รหัสหมู่บ้าน 8 หลัก หรือเลขหมู่ที่ในคอลัมน์หมู่ที่ (village_no)",
        ),
        (
            rf"has (?P<n>\d+) digits: a (?P<level>{_LEVEL}) code has (?P<width>\d+)",
            "มี {n} หลัก แต่รหัส{level}มี {width} หลัก",
        ),
        (
            r"has (?P<n>\d+) digit\(s\): province codes have 2 \(10-96\); cannot be restored",
            "มี {n} หลัก แต่รหัสจังหวัดมี 2 หลัก (10-96): เติมเลขที่หายไปกลับไม่ได้",
        ),
        (
            rf"has (?P<n>\d+) digits \(a (?P<level>{_LEVEL}) code has (?P<width>\d+)\): zeros "
            r"were lost and it could be (?P<listed>.+); write the full code",
            "มี {n} หลัก (รหัส{level}มี {width} หลัก): เลขศูนย์หายไป และอาจเป็น {listed} ให้เขียนรหัสเต็ม",
        ),
        (
            rf"has (?P<n>\d+) digits: a (?P<level>{_LEVEL}) code has (?P<width>\d+), and no "
            rf"current (?P<level2>{_LEVEL}) code fits it with zeros put back",
            "มี {n} หลัก แต่รหัส{level}มี {width} หลัก และเมื่อเติมเลขศูนย์กลับแล้วไม่ตรงกับรหัส{level2}ปัจจุบันใดเลย",
        ),
        (
            "villages cannot be found by name: give the village code or number",
            "ค้นหาหมู่บ้านจากชื่อไม่ได้: ให้ระบุรหัสหมู่บ้านหรือเลขหมู่ที่",
        ),
        (
            rf"(?P<quote>'.*') names no (?P<level>{_LEVEL})(?: \((?P<level_th>[^()]+)\))?",
            "{quote} ไม่ได้ระบุชื่อ{level}",
        ),
        (rf"no (?P<level>{_LEVEL}) name in (?P<quote>'.*')", "ไม่พบชื่อ{level}ใน {quote}"),
        (
            rf"ambiguous (?P<level>{_LEVEL}) name (?P<quote>{_Q})(?: in (?P<within>.+?))?: "
            rf"(?P<n>{_N}) places have it \((?P<cands>.*?)(?: and (?P<more>{_N}) more)?\); give "
            r"the (?P<give>province|district or province) or the code",
            "ชื่อ{level} {quote}{within} ซ้ำกัน {n} แห่ง ({cands}{more}): ให้ระบุ{give} หรือใส่รหัสแทน",
        ),
        (
            rf"no (?P<level>{_LEVEL}) named (?P<quote>{_Q})(?: in (?P<within>.+?))?; places with "
            r"that name: (?P<cands>.*)",
            "ไม่มี{level}ชื่อ {quote}{within}; พื้นที่ที่ใช้ชื่อนี้: {cands}",
        ),
        (
            rf"unknown (?P<level>{_LEVEL}) name (?P<quote>{_Q})(?: in (?P<within>.+?))?"
            r"(?:; did you mean: (?P<hint>.*))?",
            "ไม่รู้จักชื่อ{level} {quote}{within}{hint}",
        ),
        # --- data.readers --------------------------------------------------------------------------
        (
            re.escape("old Excel .xls format: save it as .xlsx or CSV (UTF-8)"),
            "เป็นไฟล์ Excel รุ่นเก่า (.xls): ให้บันทึกใหม่เป็น .xlsx หรือ CSV (UTF-8)",
        ),
        ("file not found", "ไม่พบไฟล์"),
        ("is a folder, not a file", "เป็นโฟลเดอร์ ไม่ใช่ไฟล์"),
        (r"cannot be opened: (?P<oserr>.*)", "เปิดไฟล์ไม่ได้: {oserr}"),
        (
            r"(?P<suffix>\.\w+) files are not supported: save as \.xlsx or CSV",
            "ไม่รองรับไฟล์ {suffix}: ให้บันทึกใหม่เป็น .xlsx หรือ CSV",
        ),
        (
            r"named (?P<suffix>\.\w+) but its content is not a (?P<suffix2>\.\w+) file",
            "ชื่อไฟล์ลงท้ายด้วย {suffix} แต่เนื้อหาไม่ใช่ไฟล์ {suffix2}",
        ),
        (r"unknown encoding (?P<encoding>.+)", "ไม่รู้จักการเข้ารหัส {encoding}"),
        (re.escape("the file is empty (no header row)"), "ไฟล์ว่างเปล่า (ไม่มีแถวหัวตาราง)"),
        (
            rf"line (?P<line>{_N}) is longer than (?P<limit>{_N}) characters without a line "
            r"break: this is not a table \(wrong file, or line breaks lost\?\)",
            "บรรทัด {line} ยาวเกิน {limit} ตัวอักษรโดยไม่มีการขึ้นบรรทัดใหม่: ไฟล์นี้ไม่ใช่ตาราง "
            "(เลือกไฟล์ผิด หรือการขึ้นบรรทัดใหม่หายไป?)",
        ),
        (
            re.escape(
                "the line contains a NUL byte: this is not a text table (or it is UTF-16 "
                "without a byte-order mark: give encoding='utf-16-le')"
            ),
            "บรรทัดนี้มีไบต์ NUL: ไฟล์นี้ไม่ใช่ตารางข้อความ "
            "(หรือเป็น UTF-16 ที่ไม่มี BOM: ให้ระบุการเข้ารหัส utf-16-le)",
        ),
        (
            "the line contains a NUL byte: this is not a text table",
            "บรรทัดนี้มีไบต์ NUL: ไฟล์นี้ไม่ใช่ตารางข้อความ",
        ),
        (
            r"cannot be decoded as (?P<encoding>\S+) \((?P<codec>.*)\); give the right encoding",
            "ถอดรหัสเป็น {encoding} ไม่ได้ ({codec}): ให้ระบุการเข้ารหัสที่ถูกต้อง",
        ),
        (
            r"only one column found with delimiter (?P<delim>.+?), but the header contains "
            r"(?P<delim2>comma|semicolon|tab|pipe)s: wrong delimiter\? \(give "
            r"delimiter=(?P<given>.+)\)",
            "พบเพียงคอลัมน์เดียวเมื่อใช้ตัวคั่น{delim} แต่หัวตารางมี{delim2}: ตัวคั่นผิดหรือไม่? (ให้ระบุตัวคั่น {given})",
        ),
        (
            "the given header row is empty or past the end of the file",
            "แถวหัวตารางที่ระบุว่างเปล่า หรืออยู่เลยท้ายไฟล์",
        ),
        (
            r"row has (?P<n>\d+) cells but the header has (?P<width>\d+): the cells past the "
            r"last column are not empty \(a delimiter inside an unquoted cell\?\)",
            "แถวนี้มี {n} ช่อง แต่หัวตารางมี {width} ช่อง: ช่องที่เกินคอลัมน์สุดท้ายมีข้อมูล "
            "(มีตัวคั่นอยู่ในช่องที่ไม่ได้ครอบด้วยเครื่องหมายคำพูดหรือไม่?)",
        ),
        (
            r"row has (?P<n>\d+) cells but the header has (?P<width>\d+): cells may be shifted "
            "or missing",
            "แถวนี้มี {n} ช่อง แต่หัวตารางมี {width} ช่อง: ข้อมูลอาจเลื่อนช่องหรือขาดหายไป",
        ),
        (
            rf"the file ends inside a quoted cell that starts on line (?P<line>{_N}): the file "
            r'is truncated or a quote \("\) is never closed',
            "ไฟล์จบกลางช่องที่ครอบด้วยเครื่องหมายคำพูดซึ่งเริ่มที่บรรทัด {line}: ไฟล์ไม่ครบ "
            'หรือมีเครื่องหมายคำพูด (") ที่ไม่ได้ปิด',
        ),
        (
            rf"a cell starting on line (?P<line>{_N}) is longer than (?P<limit>{_N}) "
            r'characters: a quote \("\) is probably never closed',
            'ช่องที่เริ่มที่บรรทัด {line} ยาวเกิน {limit} ตัวอักษร: น่าจะมีเครื่องหมายคำพูด (") ที่ไม่ได้ปิด',
        ),
        (
            re.escape(
                "a quoted cell has text after its closing quote: quotes inside a cell must be "
                'doubled ("")'
            ),
            "ช่องที่ครอบด้วยเครื่องหมายคำพูดมีข้อความต่อท้ายเครื่องหมายปิด: "
            'เครื่องหมายคำพูดภายในช่องต้องเขียนซ้ำสองตัว ("")',
        ),
        (r"cannot be read as CSV: (?P<system>.*)", "อ่านเป็น CSV ไม่ได้ {system}"),
        (
            r"mixed encodings: Thai text in UTF-8 before this line, but byte (?P<byte>0x[0-9A-F]+) "
            r"here is not UTF-8\. Save the whole file as UTF-8 \(or give the encoding\)",
            "การเข้ารหัสปนกัน: ก่อนบรรทัดนี้มีข้อความภาษาไทยแบบ UTF-8 แต่ไบต์ {byte} ในบรรทัดนี้"
            "ไม่ใช่ UTF-8 ให้บันทึกทั้งไฟล์เป็น UTF-8 (หรือระบุการเข้ารหัส)",
        ),
        (
            r"byte (?P<byte>0x[0-9A-F]+) cannot be decoded as (?P<ors>.+): give the file's "
            "encoding",
            "ไบต์ {byte} ถอดรหัสเป็น {ors} ไม่ได้: ให้ระบุการเข้ารหัสของไฟล์",
        ),
        (
            r"reading \.xlsx needs the openpyxl package",
            "การอ่านไฟล์ .xlsx ต้องติดตั้งแพ็กเกจ openpyxl",
        ),
        (re.escape(readers.XLSX_ENCRYPTED), _XLSX_ENCRYPTED),
        (
            re.escape(
                "the Excel workbook is damaged or incomplete (cut short when it was copied or "
                f"downloaded?): {readers.XLSX_REPAIR}"
            ),
            "ไฟล์ Excel เสียหายหรือไม่ครบ (ถูกตัดขาดระหว่างคัดลอกหรือดาวน์โหลดหรือไม่?): " + _XLSX_REPAIR,
        ),
        (
            r"the Excel workbook is damaged: its part (?P<part>\S+) is missing: " + _REPAIR,
            "ไฟล์ Excel เสียหาย: ไม่มีส่วนประกอบ {part} ของไฟล์: " + _XLSX_REPAIR,
        ),
        (
            r"the Excel workbook is damaged: it has no sheet: " + _REPAIR,
            "ไฟล์ Excel เสียหาย: ไม่มีแผ่นงานเลย: " + _XLSX_REPAIR,
        ),
        (
            rf"the Excel workbook is damaged: sheet (?P<sheet>{_Q}) cannot be read(?: after row "
            rf"(?P<afterrow>{_N}))?: " + _REPAIR,
            "ไฟล์ Excel เสียหาย: อ่านแผ่นงาน {sheet}{afterrow} ไม่ได้: " + _XLSX_REPAIR,
        ),
        (
            r"the Excel workbook is damaged: its contents cannot be read: " + _REPAIR,
            "ไฟล์ Excel เสียหาย: อ่านเนื้อหาของไฟล์ไม่ได้: " + _XLSX_REPAIR,
        ),
        (
            r"no sheet number (?P<n>-?\d+) \(sheets: (?P<names>.*)\)",
            "ไม่มีแผ่นงานลำดับที่ {n} (แผ่นงานที่มี: {names})",
        ),
        (
            r"no sheet named (?P<sheet>.+) \(sheets: (?P<names>.*)\)",
            "ไม่มีแผ่นงานชื่อ {sheet} (แผ่นงานที่มี: {names})",
        ),
        (r"every sheet is empty \((?P<names>.*)\)", "ทุกแผ่นงานว่างเปล่า ({names})"),
        (r"cannot be read as Parquet: (?P<system>.*)", "อ่านเป็นไฟล์ Parquet ไม่ได้ {system}"),
    ]
)

_COLUMN_PREFIX = "column '"


def _translate(text: str, *, strict: bool) -> str | None:
    """Thai for a known reason, else None (``strict``) or as much as is known."""
    if text.startswith(_COLUMN_PREFIX):
        body = text[len(_COLUMN_PREFIX) :]
        cuts = [m.start() for m in re.finditer("': ", body)]
        for cut in cuts:  # the header itself may contain "': "
            rest = _translate(body[cut + 3 :], strict=True)
            if rest is not None:
                return f"คอลัมน์ '{body[:cut]}': {rest}"
        if cuts and not strict:
            cut = cuts[0]
            return f"คอลัมน์ '{body[:cut]}': {body[cut + 3 :]}"
    for rule in RULES:
        out = rule.apply(text)
        if out is not None:
            return out.replace(*_HIDDEN)
    return None


@lru_cache(maxsize=8192)
def _cached(reason: str) -> str:
    return _translate(reason, strict=False) or reason


def thai_reason(reason: str) -> str:
    """A problem reason of the import pipeline in Thai; unknown text comes back unchanged.

    Numbers, column names, codes, line numbers, quoted values and candidate lists pass
    through as they are. Never raises.

    >>> thai_reason("not a whole number or outside 1 – 40")
    'ไม่ใช่จำนวนเต็ม หรืออยู่นอกช่วง 1 – 40'
    >>> thai_reason("column 'ปีสำรวจ': 2-digit year: write it in full (2564 in Buddhist era, or 2021)")
    "คอลัมน์ 'ปีสำรวจ': ปีมีเพียง 2 หลัก: ให้เขียนปีเต็ม (2564 ถ้าเป็น พ.ศ. หรือ 2021 ถ้าเป็น ค.ศ.)"
    """
    if not isinstance(reason, str) or not reason:
        return reason
    try:
        return _cached(reason)
    except Exception:  # never let a translation break the page
        return reason


# --- multi-line messages (data.importer failure summaries, ReadError texts) ---------------------

_MESSAGE_RULES: tuple[Rule, ...] = _rules(
    [
        (
            r"(?P<file>.+): nothing imported: the file cannot be imported as it is\.",
            "{file}: ไม่ได้นำเข้าข้อมูลใด ๆ: ไฟล์นี้นำเข้าตามสภาพปัจจุบันไม่ได้",
        ),
        (
            rf"(?P<file>.+): nothing imported\. (?P<n>{_N}) problem\(s\) in (?P<rows>{_N}) of "
            rf"(?P<total>{_N}) rows(?P<also>; .+ rows)?(?P<inhead> and in the header)?:",
            "{file}: ไม่ได้นำเข้าข้อมูลใด ๆ พบปัญหา {n} รายการใน {rows} จาก {total} แถว{also}{inhead}:",
        ),
        (
            r"None of the members of (?P<members>.+) belongs to a household of (?P<file>.+) "
            r"\(no hh_id and round_be in common\): is it the member file of another household "
            r"file or round\?",
            "ไม่มีสมาชิกคนใดใน {members} อยู่ในครัวเรือนของ {file} (ไม่มี hh_id และ round_be "
            "ที่ตรงกันเลย): เป็นไฟล์สมาชิกของไฟล์ครัวเรือนอื่นหรือของรอบสำรวจอื่นหรือไม่?",
        ),
        (
            rf"(?P<file>.+): (?P<verb>would import|imported) (?P<rows>{_N}) of (?P<total>{_N}) "
            rf"rows: (?P<new>{_N}) new, (?P<replaced>{_N}) replaced \(previous versions kept in "
            rf"history\), (?P<unchanged>{_N}) unchanged(?:; (?P<nmembers>{_N}) members)?\.",
            "{file}: {verb} {rows} จาก {total} แถว: ใหม่ {new} · แทนที่ {replaced} "
            "(เก็บฉบับเดิมไว้ในประวัติ) · ไม่เปลี่ยนแปลง {unchanged}{nmembers}",
        ),
        (
            rf"(?P<rows>{_N}) rows(?: and (?P<andm>{_N}) members)? rejected \((?P<n>{_N}) "
            r"problems\): see the rejects file\.",
            "ปฏิเสธ {rows} แถว{andm} (ปัญหา {n} รายการ): ดูไฟล์แถวที่ถูกปฏิเสธ",
        ),
        (rf"(?P<n>{_N}) warning\(s\):", "ข้อสังเกต {n} รายการ:"),
        ("First problems:", "ปัญหารายการแรก ๆ:"),
        (r"Columns not recognised: (?P<names>.*)", "คอลัมน์ที่ไม่รู้จัก: {names}"),
        (
            rf"Read as CSV, encoding (?P<enc>.+), delimiter (?P<delim>.+), header on line "
            rf"(?P<line>{_N})\.",
            "อ่านไฟล์เป็น CSV · การเข้ารหัส {enc} · ตัวคั่น {delim} · หัวตารางอยู่บรรทัด {line}",
        ),
        (
            rf"Read as Excel, sheet (?P<sheet>.+), header on row (?P<line>{_N})\.",
            "อ่านไฟล์เป็น Excel · แผ่นงาน {sheet} · หัวตารางอยู่แถว {line}",
        ),
        (r"Read as (?P<what>.+)\.", "อ่านไฟล์เป็น {what}"),
    ]
)
_COUNT_LINE = re.compile(rf"(?P<n>{_N}) × (?P<rest>.*)", re.DOTALL)
_PROBLEM_LINE = re.compile(
    r"(?P<file>.+?): line (?P<line>\d+), column (?P<column>.*?): (?P<reason>.*) "
    r"\(value: (?P<value>.*)\)",
    re.DOTALL,
)
_READ_ERROR_LINE = re.compile(r"(?P<file>.+?): line (?P<line>[\d,]+): (?P<reason>.+)", re.DOTALL)
_WHOLE_FILE = "(file): "


def _full(reason: str, known: tuple[str, ...]) -> str:
    """A reason cut short with "…" (summaries cut them at 160 characters), made whole again
    from the problems it was counted from, when one of them starts with it."""
    if reason.endswith("…"):
        head = reason[:-1]
        for whole in known:
            if whole.startswith(head):
                return whole
    return reason


def _split_translate(text: str, known: tuple[str, ...]) -> str | None:
    """``prefix: reason`` (a column, a file) with a known reason: the prefix kept."""
    cuts = [m.start() for m in re.finditer(": ", text)]
    for cut in cuts:
        rest = _translate(_full(text[cut + 2 :], known), strict=True)
        if rest is not None:
            return f"{text[:cut]}: {rest}"
    return None


def _message_line(line: str, known: tuple[str, ...]) -> str:
    body = line.lstrip()
    indent = line[: len(line) - len(body)]
    if not body:
        return line
    out = next((o for r in _MESSAGE_RULES if (o := r.apply(body)) is not None), None)
    if out is None and (m := _COUNT_LINE.fullmatch(body)):
        rest = m["rest"]
        if rest.startswith(_WHOLE_FILE):
            found = f"(ทั้งไฟล์): {thai_reason(_full(rest[len(_WHOLE_FILE) :], known))}"
        else:
            found = _split_translate(rest, known) or rest
        out = f"{m['n']} × {found}"
    if out is None and (m := _PROBLEM_LINE.fullmatch(body)):
        column = f", คอลัมน์ {m['column']}" if m["column"] else ""  # empty parts left out
        value = f" (ค่าที่พบ: {m['value']})" if m["value"] else ""
        out = f"{m['file']}: บรรทัด {m['line']}{column}: {thai_reason(m['reason'])}{value}"
    if out is None and (m := _READ_ERROR_LINE.fullmatch(body)):
        reason = _translate(m["reason"], strict=True)
        if reason is not None:
            out = f"{m['file']}: บรรทัด {m['line']}: {reason}"
    if out is None:
        out = _translate(body, strict=True) or _split_translate(body, known)
    return line if out is None else indent + out


def thai_message(text: str, known: Iterable[str] = ()) -> str:
    """A multi-line import message (an ``ImportFailed`` summary, a ``ReadError``) in Thai.

    Each line that is a known summary line or contains a known reason is translated; file
    names, numbers and values stay as they are, other lines are left unchanged. ``known``:
    the full reasons of the problems the message was made from, so a reason the summary cut
    short ("…") is translated whole. Never raises.

    >>> print(thai_message("hh.csv: nothing imported. 1 problem(s) in 1 of 3 rows:\\n"
    ...                    "        1 × members: not a whole number\\nFirst problems:"))
    hh.csv: ไม่ได้นำเข้าข้อมูลใด ๆ พบปัญหา 1 รายการใน 1 จาก 3 แถว:
            1 × members: ไม่ใช่จำนวนเต็ม
    ปัญหารายการแรก ๆ:
    """
    if not isinstance(text, str) or not text:
        return text
    try:
        whole = tuple(r for r in known if isinstance(r, str))
        return "\n".join(_message_line(line, whole) for line in text.split("\n"))
    except Exception:  # never let a translation break the page
        return text
