"""povmap.reasons_th: every reason the import pipeline produces reads as Thai on the Thai page.

(a) known answers; (b) a corpus of bad cells, bad values, bad files, mapping files, registry and
member files run through the real readers, normalisers, validators and importer, and every
reason it produces must come out Thai with no English phrase left (names, codes, quoted values
and text marked as a system message may stay); every rule of the table must be reached by the
corpus or have a known answer here; (c) unknown text passes through unchanged.
"""

from __future__ import annotations

import csv
import doctest
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from data import store
from data.columns import MappingError, load_user_mapping
from data.importer import ImportFailed, ReadOptions, import_households, import_registry
from data.normalize import (
    normalize_bools,
    normalize_card_status,
    normalize_categories,
    normalize_codes,
    normalize_dates,
    normalize_household_ids,
    normalize_national_ids,
    normalize_numbers,
    normalize_pass_fail,
    normalize_table,
    normalize_village_numbers,
    normalize_years,
    resolve_area,
)
from data.problems import Problem
from data.readers import ReadError, read_any
from data.registry import validate_registry
from data.schema import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS
from data.validate import validate_households, validate_members
from povmap import reasons_th
from povmap.reasons_th import SYSTEM_TEXT, thai_message, thai_reason
from tests.data.rows import GOOD, households
from tests.data.test_import_files import _bad_files, national_id, thai_rows
from tests.data.workbooks import damaged_workbooks, encrypted_workbook

KEY = b"k" * 32
THAI = re.compile(r"[\u0e00-\u0e7f]")
WORD = re.compile(r"[A-Za-z]+")


def english_runs(text: str) -> list[str]:
    """Runs of 3+ English words in ``text``: prose left untranslated.

    Not counted: text quoted with ' " “ ” (values, headers, names as written), system
    messages of outside libraries, and tokens that are not plain words (canonical column
    names such as subdistrict_code, file names, codes, yes/no). A comma, semicolon or colon
    ends a run, so lists of allowed codes ("own, rent, public, none") are not prose.
    """
    text = re.sub(rf"\({SYSTEM_TEXT}: .*\)", " ", text, flags=re.DOTALL)
    text = re.sub(r"'[^']*'|\"[^\"]*\"|“[^”]*”", " ", text)
    runs, run = [], []
    for token in text.split():
        word = token.strip("().?!,;:")
        if WORD.fullmatch(word):
            run.append(word)
            if token.rstrip(")")[-1:] in ",;:":
                runs.append(run)
                run = []
        else:
            runs.append(run)
            run = []
    runs.append(run)
    return [" ".join(r) for r in runs if len(r) >= 3]


def assert_thai(reason: str) -> None:
    out = thai_reason(reason)
    assert THAI.search(out), (reason, out)
    assert not english_runs(out), (reason, out, english_runs(out))


# --- (a) known answers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "thai"),
    [
        ("not a whole number", "ไม่ใช่จำนวนเต็ม"),
        ("outside 0 – 30", "อยู่นอกช่วง 0 – 30"),
        ("outside 0 – 1e+07", "อยู่นอกช่วง 0 – 1e+07"),
        ("not a number or outside 5.6 – 20.5", "ไม่ใช่ตัวเลข หรืออยู่นอกช่วง 5.6 – 20.5"),
        ("required value is empty", "ต้องไม่เว้นว่าง"),
        (
            "not a current DOPA subdistrict code (6 digits)",
            "ไม่ใช่รหัสตำบลปัจจุบันของกรมการปกครอง (6 หลัก)",
        ),
        ("does not start with district_code", "ไม่ขึ้นต้นด้วยรหัสใน district_code"),
        ("column 'จำนวนสมาชิก': not a number", "คอลัมน์ 'จำนวนสมาชิก': ไม่ใช่ตัวเลข"),
        (
            "column 'members': outside 1 – 40",  # the prefix and both numbers pass through
            "คอลัมน์ 'members': อยู่นอกช่วง 1 – 40",
        ),
        (
            "column 'a': b': not a year",  # a header with "': " in it
            "คอลัมน์ 'a': b': ไม่ใช่ตัวเลขปี",
        ),
        (
            "same household and round as an earlier line, with other values: the earlier row is "
            "kept, this one rejected (kept: line 1,234; differs in: members, lat)",
            "ครัวเรือนและรอบสำรวจเดียวกันนี้มีอยู่แล้วในบรรทัดก่อนหน้าแต่ค่าต่างกัน: "
            "เก็บแถวก่อนหน้าไว้และปฏิเสธแถวนี้ (เก็บแถวบรรทัด 1,234; คอลัมน์ที่ค่าต่างกัน: members, lat)",
        ),
        (
            "same person as an earlier line, which is rejected too (line 7)",
            "บุคคลเดียวกันนี้มีอยู่แล้วในบรรทัดก่อนหน้า ซึ่งถูกปฏิเสธเช่นกัน (บรรทัด 7)",
        ),
        (
            "the Excel workbook is damaged: sheet 'ข้อมูล' cannot be read after row 151: open it "
            "in Excel and save it again, or save it as CSV (UTF-8)",
            "ไฟล์ Excel เสียหาย: อ่านแผ่นงาน 'ข้อมูล' ต่อจากแถว 151 ไม่ได้: "
            "ให้เปิดใน Excel แล้วบันทึกใหม่ หรือบันทึกเป็น CSV (UTF-8)",
        ),
        ("the file is empty (no header row)", "ไฟล์ว่างเปล่า (ไม่มีแถวหัวตาราง)"),
        (
            "line 12 is longer than 1,000,000 characters without a line break: this is not a "
            "table (wrong file, or line breaks lost?)",
            "บรรทัด 12 ยาวเกิน 1,000,000 ตัวอักษรโดยไม่มีการขึ้นบรรทัดใหม่: ไฟล์นี้ไม่ใช่ตาราง "
            "(เลือกไฟล์ผิด หรือการขึ้นบรรทัดใหม่หายไป?)",
        ),
        (
            "cannot be decoded as utf-8 (invalid start byte); give the right encoding",
            "ถอดรหัสเป็น utf-8 ไม่ได้ (ไบต์เริ่มต้นอักขระไม่ถูกต้อง): ให้ระบุการเข้ารหัสที่ถูกต้อง",
        ),
        ("unknown column (not in the data format)", "ไม่รู้จักคอลัมน์นี้ (ไม่อยู่ในรูปแบบข้อมูลมาตรฐาน)"),
        (
            "not one of: own, rent, public, none",
            "ไม่ใช่ค่าที่กำหนดไว้ (ค่าที่ใช้ได้: own, rent, public, none)",
        ),
        (
            "ambiguous subdistrict name 'ในเมือง' in 40 ขอนแก่น: 3 places have it (400101 ในเมือง "
            "(เมืองขอนแก่น, ขอนแก่น); 401002 ในเมือง (บ้านไผ่, ขอนแก่น)); give the district or "
            "province or the code",
            "ชื่อตำบล 'ในเมือง' ใน 40 ขอนแก่น ซ้ำกัน 3 แห่ง (400101 ในเมือง (เมืองขอนแก่น, ขอนแก่น); "
            "401002 ในเมือง (บ้านไผ่, ขอนแก่น)): ให้ระบุอำเภอหรือจังหวัด หรือใส่รหัสแทน",
        ),
        (
            "unknown province name 'ขอนแกน'; did you mean: 40 ขอนแก่น",
            "ไม่รู้จักชื่อจังหวัด 'ขอนแกน': หมายถึง 40 ขอนแก่น ใช่หรือไม่",
        ),
        (
            "map.json: 'จำนวนสมาชิก' (for 'คน') is not a canonical column; did you mean members?",
            "map.json: 'จำนวนสมาชิก' (ของคอลัมน์ 'คน') ไม่ใช่ชื่อคอลัมน์มาตรฐาน หมายถึง members ใช่หรือไม่",
        ),
        (
            "only one column found with delimiter comma, but the header contains semicolons: "
            "wrong delimiter? (give delimiter=';')",
            "พบเพียงคอลัมน์เดียวเมื่อใช้ตัวคั่นจุลภาค (,) แต่หัวตารางมีอัฒภาค (;): ตัวคั่นผิดหรือไม่? (ให้ระบุตัวคั่น ';')",
        ),
        (
            "row has 5 cells but the header has 4: cells may be shifted or missing; the rest of "
            "the file from this line on was not read",
            "แถวนี้มี 5 ช่อง แต่หัวตารางมี 4 ช่อง: ข้อมูลอาจเลื่อนช่องหรือขาดหายไป; "
            "ไม่ได้อ่านส่วนที่เหลือของไฟล์ตั้งแต่บรรทัดนี้",
        ),
        (
            "cannot be read as Parquet: Parquet magic bytes not found in footer",
            f"อ่านเป็นไฟล์ Parquet ไม่ได้ ({SYSTEM_TEXT}: Parquet magic bytes not found in footer)",
        ),
        (
            "required column รอบสำรวจ (พ.ศ.) (Survey round (Buddhist era)) is missing: no header "
            "of the file maps to it (add it, or name the column in a mapping file)",
            "ไม่มีคอลัมน์ที่จำเป็น “รอบสำรวจ (พ.ศ.)”: ไม่มีหัวคอลัมน์ใดในไฟล์ที่จับคู่กับคอลัมน์นี้ "
            "(เพิ่มคอลัมน์ หรือระบุชื่อคอลัมน์ในไฟล์จับคู่คอลัมน์)",
        ),
    ],
)
def test_known_answers(english, thai):
    assert thai_reason(english) == thai
    assert not english_runs(thai)


# Rules the corpus below cannot reach (an OS error, a missing package, a summary-only line):
# each has a known answer here, so no rule of the table is untested.
UNREACHED = {
    "cannot be opened: Permission denied": "เปิดไฟล์ไม่ได้: ไม่มีสิทธิ์เข้าถึงไฟล์",
    "reading .xlsx needs the openpyxl package": "การอ่านไฟล์ .xlsx ต้องติดตั้งแพ็กเกจ openpyxl",
    "snapshot year 2021 is not a Buddhist-era year (e.g. 2565)": (
        "ปีของข้อมูล 2021 ไม่ใช่ปีพุทธศักราช (เช่น 2565)"
    ),
    "unknown column left out: ชื่อเล่น": "ไม่รู้จักคอลัมน์ จึงไม่นำเข้า: ชื่อเล่น",
    "column left out: (no header, column 3) (no header and no values)": (
        "ไม่นำเข้าคอลัมน์ (no header, column 3) (ไม่มีหัวคอลัมน์และไม่มีข้อมูล)"
    ),
    "column left out: คน (members comes from 'จำนวนคน' (mapping))": (
        "ไม่นำเข้าคอลัมน์ คน (members ใช้ค่าจากคอลัมน์ 'จำนวนคน' แล้ว ตามไฟล์จับคู่คอลัมน์)"
    ),
    # Python's csv module (3.11+) no longer refuses NUL, and the other errors have their own
    # wording: kept for other Python versions
    "the line contains a NUL byte: this is not a text table": (
        "บรรทัดนี้มีไบต์ NUL: ไฟล์นี้ไม่ใช่ตารางข้อความ"
    ),
    "cannot be read as CSV: new-line character seen in unquoted field": (
        f"อ่านเป็น CSV ไม่ได้ ({SYSTEM_TEXT}: new-line character seen in unquoted field)"
    ),
    "ambiguous village name 'x': 2 places have it (a; b); give the district or province or "
    "the code": "ชื่อหมู่บ้าน 'x' ซ้ำกัน 2 แห่ง (a; b): ให้ระบุอำเภอหรือจังหวัด หรือใส่รหัสแทน",
}


@pytest.mark.parametrize("english", list(UNREACHED))
def test_known_answers_of_rules_the_corpus_cannot_reach(english):
    assert thai_reason(english) == UNREACHED[english]
    assert_thai(english)


# --- (c) unknown text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "something the data layer never says",
        "not a number at all",  # near a known reason, but not one
        "outside the range",
        "column left out: something unknown",
        "ข้อความภาษาไทย",
        "",
        "hh.csv: line 3: oops",
    ],
)
def test_unknown_text_passes_through_unchanged(text):
    assert thai_reason(text) == text
    assert thai_message(text) == text


def test_never_raises_on_odd_input():
    assert thai_reason(None) is None  # type: ignore[arg-type]
    assert thai_reason("{x} {0} %s") == "{x} {0} %s"
    assert thai_message("a\n\n  b") == "a\n\n  b"
    assert thai_reason("column 'x': something new") == "คอลัมน์ 'x': something new"


def test_doctests():
    assert doctest.testmod(reasons_th).failed == 0


# --- (b) the corpus ---------------------------------------------------------------------------------

MEMBER = {
    "hh_id": "H1",
    "round_be": "2564",
    "person_no": "1",
    "age": "30",
    "sex": "F",
    "disability": "false",
    "education": "primary",
    "occupation": "farmer",
    "national_id": "",
}
REGISTRY = {
    "national_id": GOOD["head_national_id"],
    "province_code": "46",
    "district_code": "4601",
    "subdistrict_code": "460101",
    "village_code": "46010103",
    "card_holder": "true",
}

#: one bad cell per case (column, value): every kind of check of data.validate
BAD_HOUSEHOLD_CELLS = [
    ("members", "abc"),
    ("members", "2.5"),
    ("members", "0"),
    ("lat", "x"),
    ("lat", "99"),
    ("income_per_person_year", "99999999"),
    ("round_be", "2400"),
    ("welfare_card", "maybe"),
    ("welfare_card", ""),
    ("bmn_03", "2"),
    ("nc_land_tenure", "borrowed"),
    ("main_cause", "bad_luck"),
    ("province_code", "4"),
    ("province_code", "99"),
    ("district_code", "4699"),
    ("district_code", "4702"),
    ("subdistrict_code", "469999"),
    ("subdistrict_code", "460201"),
    ("village_code", "4601010"),
    ("village_code", "46010203"),
    ("village_no", "4"),
    ("lon", ""),
    ("head_national_id", "1101700203451"),
    ("hh_id", "H 1<script>"),
    ("members_60_plus", "4"),
    ("members_disabled", "9"),
    ("hc_earners", "9"),
    ("hc_chronic_ill", "9"),
]
BAD_MEMBER_CELLS = [
    ("person_no", "0"),
    ("age", "200"),
    ("sex", "X"),
    ("disability", "maybe"),
    ("education", "phd"),
    ("occupation", "astronaut"),
    ("national_id", "1101700203451"),
    ("hh_id", ""),
]


def _one_bad_cell_per_column(
    cases: list[tuple[str, str]],
) -> list[dict[str, dict[str, str]]]:
    """The cases as few tables' worth of row changes, no column bad twice in one table (the
    validator words one reason per column)."""
    groups: list[dict[str, dict[str, str]]] = []
    for column, value in cases:
        group = next((g for g in groups if column not in {c for r in g.values() for c in r}), None)
        if group is None:
            group = {}
            groups.append(group)
        group[f"row{len(group) + 1}"] = {column: value}
    return groups


def _validation_reasons() -> list[str]:
    out = []
    for changes in _one_bad_cell_per_column(BAD_HOUSEHOLD_CELLS):
        frame = households(len(changes) + 1, **changes)
        out += [p.reason for p in validate_households(frame, "h", KEY).problems]
    both = households(3, row1={"members": "abc"}, row2={"members": "0"})  # two reasons, one column
    out += [p.reason for p in validate_households(both, "h", KEY).problems]
    twice = pd.concat([households(1), households(1)], ignore_index=True)
    out += [p.reason for p in validate_households(twice, "h", KEY).problems]
    odd = households(1).drop(columns=["members"]).assign(nickname="x")
    out += [p.reason for p in validate_households(odd, "h", KEY).problems]
    for changes in _one_bad_cell_per_column(BAD_MEMBER_CELLS):
        rows = [MEMBER] + [
            {**MEMBER, "person_no": str(i + 2), **c} for i, c in enumerate(changes.values())
        ]
        out += [p.reason for p in validate_members(pd.DataFrame(rows), "m", KEY).problems]
    out += [p.reason for p in validate_members(pd.DataFrame([MEMBER, MEMBER]), "m", KEY).problems]
    registry = pd.DataFrame(
        [REGISTRY, REGISTRY, {**REGISTRY, "card_holder": "maybe", "district_code": "4702"}]
    )
    out += [p.reason for p in validate_registry(registry, "r", KEY).problems]
    return out


def _normalise_reasons() -> list[str]:
    s = lambda *v: pd.Series(list(v), dtype="str")  # noqa: E731
    issues = []
    issues += normalize_numbers(s("1,5", "abc", "สี่", "ไม่มี"))[1]
    issues += normalize_village_numbers(s("x"))[1]
    issues += normalize_years(s("abc", "64", "12345"))[1]
    issues += normalize_dates(s("abc", "1/13/2564", "31/02/2564", "1/5/64", "1 xyz 2564"))[1]
    issues += normalize_bools(s("x", "maybe"))[1]
    issues += normalize_pass_fail(s("maybe"))[1]
    issues += normalize_categories(s("?"), MEMBER_COLUMNS["sex"])[1]
    issues += normalize_categories(s("?"), HOUSEHOLD_COLUMNS["main_cause"])[1]
    issues += normalize_national_ids(s("1.10170020345E+12"))[1]
    issues += normalize_household_ids(s("1101700203450", "1-1017-00203-45-0"))[1]
    issues += normalize_card_status(s("maybe"))[1]
    for value, level in [
        ("4", "province"),
        ("460", "province"),
        ("10101", "subdistrict"),
        ("9999", "subdistrict"),
        ("4601010", "subdistrict"),
        ("บ้านโคก", "village"),
        ("ขอนแกน", "province"),
        ("---", "district"),
    ]:
        issues += normalize_codes(s(value), level)[1]
    out = [reason for _, reason in issues]
    for args in [
        ("ในเมือง", "subdistrict"),
        ("ในเมือง", "subdistrict", "40"),
        ("ในเมือง", "subdistrict", "46"),
        ("เมือง", "district"),
        ("ขอนแกน", "province"),
        ("zzqqxx", "province"),
        ("อ.เมือง จ.ขอนแก่น", "subdistrict"),
        ("บ้านโคก", "village"),
        ("จังหวัด", "province"),
    ]:
        out.append(resolve_area(*args).reason)
    return out


def _write(path: Path, rows: list[dict[str, str]], **kw) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False, **kw)
    return path


def _table_reasons(tmp: Path) -> list[str]:
    """Messy Thai files through read_any, normalize_table and its validate."""
    rows = thai_rows(4)
    rows[0]["จำนวนสมาชิก"] = "สี่"
    rows[1]["จังหวัด"] = "ขอนแกน"
    rows[2]["บัตรสวัสดิการแห่งรัฐ"] = "x"
    rows[3]["ปีสำรวจ"] = "64"
    rows[3]["ตำบล"] = "ในเมือง"
    rows[0]["ผู้สูงอายุ"] = "9"  # the validator, after normalising: exceeds members
    out = []
    for kind_rows in (rows, [{**r, "members": "4"} for r in rows]):  # + two columns for members
        table = normalize_table(read_any(_write(tmp / "t.csv", kind_rows)))
        out += [p.reason for p in table.validate(KEY).problems] + table.notes
    latlon = [
        {k: v for k, v in r.items() if k not in ("ละติจูด", "ลองจิจูด")} | {"พิกัด": p}
        for r, p in zip(thai_rows(2), ["abc", "103.5, 16.43"], strict=True)
    ]
    table = normalize_table(read_any(_write(tmp / "l.csv", latlon)))
    out += [p.reason for p in table.validate(KEY).problems] + table.notes
    missing = [{"รหัสครัวเรือน": "H1", "จำนวนสมาชิก": "4"}]
    table = normalize_table(read_any(_write(tmp / "m.csv", missing)))
    out += [p.reason for p in table.problems]
    registry = [{**REGISTRY, "card_holder": "maybe", "district_code": "อ.เมือง"}]
    table = normalize_table(read_any(_write(tmp / "r.csv", registry)), kind="registry")
    out += [p.reason for p in table.validate(KEY).problems]
    return out


def _read_error_files(tmp: Path) -> list[tuple[Path, dict]]:
    """Files (and read options) data.readers refuses, beyond the importer tests' corpus."""
    cases: list[tuple[Path, dict]] = [(path, {}) for path, _ in _bad_files(tmp).values()]
    cases[2] = (cases[2][0], {"delimiter": ","})  # the semicolon file read with a comma
    text = households(3).to_csv(index=False)
    (tmp / "folder.csv").mkdir()
    cases.append((tmp / "folder.csv", {}))
    cases.append((tmp / "missing.csv", {}))
    for name, data in [
        ("sheet.ods", b"PK\x03\x04rest"),
        ("old.xls", b"\xd0\xcf\x11\xe0rest"),
        ("damaged.xlsx", b"PK\x03\x04" + b"x" * 200),
        ("damaged.parquet", b"PAR1" + b"x" * 200),
        ("nul.csv", text.encode() + b"H9,\x00\n"),
        ("undecodable.csv", b"hh_id,members\nH1,\xdb\n"),
        ("mixed.csv", "hh_id,ชื่อ\nH1,ก\n".encode() + b"H2,\xe0\n"),
        ("utf16.csv", text.encode("utf-16-le")),
        ("quote.csv", b'hh_id,members\n"H1"x,4\n'),
        ("huge_cell.csv", b'hh_id,members\n"H1' + b"x" * 140_000 + b"\n"),
        ("header_line.csv", b"hh_id,members\n"),
    ]:
        (tmp / name).write_bytes(data)
        cases.append((tmp / name, {"header_row": 9} if name == "header_line.csv" else {}))
    (tmp / "cp874.csv").write_bytes("hh_id,ชื่อ\nH1,ไทย\n".encode("cp874"))
    cases += [(tmp / "cp874.csv", {"encoding": "utf-8"}), (tmp / "cp874.csv", {"encoding": "x"})]
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.title = "ข้อมูล"
    wb.active.append(["hh_id", "members"])
    wb.save(tmp / "book.xlsx")
    cases += [(tmp / "book.xlsx", {"sheet": "x"}), (tmp / "book.xlsx", {"sheet": 5})]
    cases.append((tmp / "book.xlsx", {"sheet": "7"}))
    empty = openpyxl.Workbook()
    empty.create_sheet("อื่น")
    empty.save(tmp / "empty.xlsx")
    cases.append((tmp / "empty.xlsx", {}))
    cases.append((encrypted_workbook(tmp / "locked.xlsx"), {}))
    (tmp / "damaged").mkdir()
    cases += [(path, {}) for path in damaged_workbooks(tmp / "damaged").values()]
    return cases


def _reader_reasons(tmp: Path) -> list[str]:
    out = []
    for path, options in _read_error_files(tmp):
        try:
            raw = read_any(path, **options)
        except ReadError as exc:
            out.append(exc.problem().reason)
        else:
            out += [p.reason for p in raw.problems]
    ragged = tmp / "ragged.csv"
    ragged.write_text("hh_id,members,age\nH1,4,3\nH2,4,3,x\nH3,4\n", encoding="utf-8")
    out += [p.reason for p in read_any(ragged).problems]
    return out


def _mapping_reasons(tmp: Path) -> list[str]:
    sources: list = [{"คนในบ้าน": "people"}, {"คนในบ้าน": "จำนวนสมาชิก"}, tmp]
    for name, text in [
        ("bad.json", '{"a": }'),
        ("keys.json", "{a: 1}"),
        ("list.json", '["a"]'),
        ("one.csv", "their header,canonical\nคนในบ้าน\n"),
        ("people.csv", "คนในบ้าน,people\n"),
    ]:
        (tmp / name).write_text(text, encoding="utf-8")
        sources.append(tmp / name)
    (tmp / "binary.csv").write_bytes(b"\xff\xfe\xfa")
    sources.append(tmp / "binary.csv")
    out = []
    for source in sources:
        with pytest.raises(MappingError) as info:
            load_user_mapping(source)
        out.append(str(info.value))
    return out


def _report_reasons(path: Path | None) -> list[str]:
    if path is None or not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [row["reason"] for row in csv.DictReader(fh)]


def _import(con, path: Path, tmp: Path, **kw):
    """An import's reasons (errors and warnings, from its report) and its message."""
    kind = kw.pop("kind", "households")
    call = import_registry if kind == "registry" else import_households
    extra = {"snapshot_be": 2565} if kind == "registry" else {}
    try:
        result = call(con, path, report_dir=tmp / "reports", id_key=KEY, workers=1, **extra, **kw)
    except ImportFailed as exc:
        report = exc.result.report if exc.result else None
        reasons = [p.reason for p in exc.problems] + _report_reasons(report)
        return reasons, str(exc), exc.result
    return _report_reasons(result.report), result.summary, result


def _importer_runs(tmp: Path) -> list[tuple[list[str], str, object]]:
    con = store.connect(tmp / "s.duckdb")
    runs = []
    try:
        # a messy file: a title row, an unknown column, an empty column, a mapping that
        # ignores one column, maps one to a member column and overrides a synonym
        path = tmp / "messy.csv"
        frame = households(5, row1={"members": "many"}, row3={"round_be": "64"})
        frame["ชื่อเล่น"] = "x"
        frame[""] = ""
        frame["ลำดับ"] = "1"
        frame["หมายเหตุ"] = "y"
        frame["คน"] = frame["members"]
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.write("ข้อมูลครัวเรือน ปี 2564\n")
            frame.to_csv(fh, index=False)
        mapping = tmp / "map.json"
        mapping.write_text(
            json.dumps({"หมายเหตุ": "", "ลำดับ": "person_no", "คน": "members"}), encoding="utf-8"
        )
        options = ReadOptions(mapping=mapping)
        runs.append(_import(con, path, tmp, options=options, mode="accept_valid"))
        runs.append(_import(con, path, tmp, options=options))
        bad_map = tmp / "bad_map.json"
        bad_map.write_text('{"คน": "people"}', encoding="utf-8")
        runs.append(_import(con, path, tmp, options=ReadOptions(mapping=bad_map)))
        # the same household twice in different chunks; the welfare registry likewise
        twice = households(8)
        twice.loc[6, "hh_id"] = "H2"
        runs.append(
            _import(con, _write(tmp / "twice.csv", twice.to_dict("records")), tmp, chunksize=3)
        )
        # twice with other values, in one chunk and across chunks; twice after a bad row
        other = households(8, row5={"members": "7"}, row6={"members": "x"})
        other.loc[5, "hh_id"], other.loc[7, "hh_id"] = "H2", "H7"
        other_path = _write(tmp / "other.csv", other.to_dict("records"))
        for chunksize in (None, 3):
            runs.append(_import(con, other_path, tmp, chunksize=chunksize, mode="accept_valid"))
        # members: orphans and a person twice across chunks
        members = [
            {**MEMBER, "hh_id": f"H{i}", "person_no": str(p)} for i in (1, 2, 9) for p in (1, 2)
        ]
        members.append({**MEMBER, "hh_id": "H1", "person_no": "1"})
        runs.append(
            _import(
                con,
                _write(tmp / "hh.csv", households(3).to_dict("records")),
                tmp,
                members_path=_write(tmp / "members.csv", members),
                chunksize=3,
                mode="accept_valid",
            )
        )
        # the member file of other households (strict, accept_valid); both files with problems
        strangers = [{**MEMBER, "hh_id": f"X{i}", "person_no": "1"} for i in range(4)]
        strangers_path = _write(tmp / "strangers.csv", strangers)
        for mode in ("strict", "accept_valid"):
            runs.append(_import(con, tmp / "hh.csv", tmp, members_path=strangers_path, mode=mode))
        bad_hh = _write(tmp / "bad_hh.csv", households(3, row1={"members": "x"}).to_dict("records"))
        bad_members = [{**MEMBER, "person_no": "1"}, {**MEMBER, "person_no": "2", "age": "old"}]
        runs.append(
            _import(con, bad_hh, tmp, members_path=_write(tmp / "bad_members.csv", bad_members))
        )
        ids = [REGISTRY["national_id"], *(national_id(seed) for seed in (1, 2, 3))]
        registry = [{**REGISTRY, "national_id": n} for n in ids[:3]]
        registry += [REGISTRY, {**REGISTRY, "national_id": ids[3], "card_holder": "maybe"}]
        registry.append({**REGISTRY, "national_id": "1101700203451"})
        path = _write(tmp / "reg.csv", registry)
        runs.append(_import(con, path, tmp, kind="registry", chunksize=2, mode="accept_valid"))
        # a damaged tail read in accept_valid mode; a header without rows; other sheets
        cut = (
            tmp / "cut.csv"
        )  # no quoted cell (and 20+ rows) before the damage: rows before it import
        text = households(30, **{f"row{i}": {"income_per_person_year": "1"} for i in range(30)})
        cut.write_text(text.to_csv(index=False) + 'H9,"2564\n', encoding="utf-8")
        runs.append(_import(con, cut, tmp, mode="accept_valid", chunksize=2))
        runs.append(_import(con, _bad_files(tmp / "bad")["header only"][0], tmp))
        openpyxl = pytest.importorskip("openpyxl")
        wb = openpyxl.Workbook()
        wb.active.title = "คำอธิบาย"
        data = wb.create_sheet("ข้อมูล")
        for row in [list(GOOD), *[list(r) for r in households(2).itertuples(index=False)]]:
            data.append(row)
        wb.save(tmp / "book.xlsx")
        runs.append(_import(con, tmp / "book.xlsx", tmp))
        runs.append(_import(con, _bad_files(tmp / "bad2")["empty"][0], tmp))
    finally:
        con.close()
    return runs


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, list[str]]:
    """Every reason the corpus produces, by where it came from."""
    tmp = tmp_path_factory.mktemp("reasons")
    for sub in ("bad", "bad2", "read", "map"):
        (tmp / sub).mkdir()
    runs = _importer_runs(tmp)
    return {
        "validate": _validation_reasons(),
        "normalise": _normalise_reasons(),
        "tables": _table_reasons(tmp),
        "readers": _reader_reasons(tmp / "read"),
        "mapping": _mapping_reasons(tmp / "map"),
        "importer": [r for reasons, _, _ in runs for r in reasons],
        "messages": [message for _, message, _ in runs],
        "_runs": runs,
    }


@pytest.mark.parametrize(
    "source", ["validate", "normalise", "tables", "readers", "mapping", "importer"]
)
def test_every_reason_of_the_corpus_reads_as_thai(corpus, source):
    reasons = sorted(set(corpus[source]))
    assert len(reasons) >= 5, reasons
    bad = {}
    for reason in reasons:
        out = thai_reason(reason)
        if not THAI.search(out) or english_runs(out):
            bad[reason] = out
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)


def test_the_corpus_reaches_every_rule(corpus, monkeypatch):
    """No dead template: each rule is produced by the real pipeline, or has a known answer."""
    hit = set()
    original = reasons_th.Rule.apply

    def recording(self, text):
        out = original(self, text)
        if out is not None:
            hit.add(self.pattern.pattern)
        return out

    monkeypatch.setattr(reasons_th.Rule, "apply", recording)
    every = [r for k, v in corpus.items() if k not in ("messages", "_runs") for r in v]
    for reason in set(every):
        reasons_th._translate(reason, strict=False)
    corpus_hits = set(hit)
    for reason in UNREACHED:
        reasons_th._translate(reason, strict=False)
    missing = [r.pattern.pattern for r in reasons_th.RULES if r.pattern.pattern not in hit]
    assert not missing, missing
    only_known = [r for r in reasons_th.RULES if r.pattern.pattern not in corpus_hits]
    assert len(only_known) <= len(UNREACHED), [r.pattern.pattern for r in only_known]


def test_import_messages_read_as_thai(corpus):
    """The failure summaries the data page shows: every line translated but names and values."""
    for reasons, message, result in corpus["_runs"]:
        known = [p.reason for p in (*result.problems, *result.warnings)] if result else reasons
        out = thai_message(message, known)
        assert out.count("\n") == message.count("\n")
        for english, thai in zip(message.split("\n"), out.split("\n"), strict=True):
            # file names, column names and values pass through: keep only the line's own words
            words = thai
            for name in ("messy.csv", "hh.csv", "twice.csv", "reg.csv", "book.xlsx"):
                words = words.replace(name, "")
            assert not english_runs(words), (english, thai)
            if english.strip():
                assert THAI.search(thai) or not WORD.search(english), (english, thai)


def test_summary_lines_known_answers():
    message = "\n".join(
        [
            "hh.csv: nothing imported. 12 problem(s) in 3 of 1,200 rows and in the header:",
            "        2 × (file): the file is empty (no header row)",
            "       10 × members: column 'จำนวนสมาชิก': not a num…",
            "Read as CSV, encoding TIS-620/cp874 (Thai Windows, not UTF-8), delimiter semicolon, "
            "header on line 2.",
            "Columns not recognised: ชื่อเล่น, x",
            "First problems:",
            "  hh.csv: line 3, column members: not a whole number (value: many)",
            "  hh.csv: line 5, column : the file has a header but no rows (value: )",
            "hh.csv: line 7: the line contains a NUL byte: this is not a text table",
            "hh.csv: would import 4 of 6 rows: 1 new, 2 replaced (previous versions kept in "
            "history), 1 unchanged; 8 members.",
            "2 rows and 1 members rejected (3 problems): see the rejects file.",
            "1 warning(s):",
            "  ชื่อเล่น: unknown column: left out (map it in a mapping file)",
        ]
    )
    out = thai_message(message, ["column 'จำนวนสมาชิก': not a number"]).split("\n")
    assert out == [
        "hh.csv: ไม่ได้นำเข้าข้อมูลใด ๆ พบปัญหา 12 รายการใน 3 จาก 1,200 แถว และในแถวหัวตาราง:",
        "        2 × (ทั้งไฟล์): ไฟล์ว่างเปล่า (ไม่มีแถวหัวตาราง)",
        "       10 × members: คอลัมน์ 'จำนวนสมาชิก': ไม่ใช่ตัวเลข",
        "อ่านไฟล์เป็น CSV · การเข้ารหัส TIS-620/cp874 (Windows ภาษาไทย ไม่ใช่ UTF-8) · "
        "ตัวคั่น อัฒภาค (;) · หัวตารางอยู่บรรทัด 2",
        "คอลัมน์ที่ไม่รู้จัก: ชื่อเล่น, x",
        "ปัญหารายการแรก ๆ:",
        "  hh.csv: บรรทัด 3, คอลัมน์ members: ไม่ใช่จำนวนเต็ม (ค่าที่พบ: many)",
        "  hh.csv: บรรทัด 5: ไฟล์มีแถวหัวตารางแต่ไม่มีข้อมูล",
        "hh.csv: บรรทัด 7: บรรทัดนี้มีไบต์ NUL: ไฟล์นี้ไม่ใช่ตารางข้อความ",
        "hh.csv: จะนำเข้า 4 จาก 6 แถว: ใหม่ 1 · แทนที่ 2 (เก็บฉบับเดิมไว้ในประวัติ) · "
        "ไม่เปลี่ยนแปลง 1 · สมาชิก 8 คน",
        "ปฏิเสธ 2 แถว และสมาชิก 1 คน (ปัญหา 3 รายการ): ดูไฟล์แถวที่ถูกปฏิเสธ",
        "ข้อสังเกต 1 รายการ:",
        "  ชื่อเล่น: ไม่รู้จักคอลัมน์นี้: ไม่นำเข้า (ระบุการจับคู่ได้ในไฟล์จับคู่คอลัมน์)",
    ]


# --- the data page table ----------------------------------------------------------------------------


def test_problems_frame_shows_thai_reasons_in_thai_only():
    from povmap.data_view import problems_frame

    problems = [
        Problem("hh.csv", 3, "members", "many", "column 'จำนวนสมาชิก': not a whole number"),
        Problem("hh.csv", 4, "x", "", "something new"),
    ]
    th = problems_frame(problems, "th")
    assert th.iloc[:, -1].tolist() == ["คอลัมน์ 'จำนวนสมาชิก': ไม่ใช่จำนวนเต็ม", "something new"]
    assert th.iloc[:, 3].tolist() == ["many", ""]  # values as they were
    en = problems_frame(problems, "en")
    assert en.iloc[:, -1].tolist() == [p.reason for p in problems]


def test_how_the_file_was_read_names_the_encoding_in_the_pages_language(tmp_path):
    from data.importer import preview
    from povmap import data_view

    path = tmp_path / "thai.csv"
    households(3).rename(columns={"hh_id": "รหัสครัวเรือน"}).to_csv(
        path, index=False, encoding="cp874"
    )
    shown = preview(path)
    assert "Windows ภาษาไทย ไม่ใช่ UTF-8" in data_view.read_as(shown, "th")
    assert "Thai Windows, not UTF-8" in data_view.read_as(shown, "en")
