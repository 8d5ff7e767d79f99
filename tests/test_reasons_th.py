"""Every problem the import pipeline produces has a Thai rendering in the one catalogue.

(a) the catalogue (``data.messages``): no entry without both languages, the same placeholders
in both, Thai words in every Thai text that has words; (b) a corpus of bad cells, bad values,
bad files, mapping files, registry and member files run through the real readers,
normalisers, validators and importer: every reason is a catalogue message whose codes all
exist, and its Thai rendering has no English phrase left (names, codes, quoted values and text
marked as a system message may stay); every problem code of the catalogue is produced by the
corpus or has a known answer here; (c) text from outside the catalogue passes through
unchanged.
"""

from __future__ import annotations

import csv
import doctest
import json
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from data import messages, store
from data.columns import MappingError, load_user_mapping
from data.import_chunk import validate_table
from data.importer import ImportFailed, ReadOptions, import_households, import_registry
from data.messages import CATALOGUE, Text, msg
from data.messages_problems import PROBLEMS
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
from povmap import i18n
from povmap.i18n import reasons_th
from povmap.i18n.reasons_th import SYSTEM_TEXT, thai_message, thai_reason
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


def codes_of(text: object) -> set[str]:
    """The codes of a message and of every message inside it."""
    if not isinstance(text, Text):
        return set()
    out = {text.code}
    for value in text.params.values():
        for part in value if isinstance(value, tuple) else (value,):
            out |= codes_of(part)
    return out


def assert_thai(reason: object) -> None:
    assert isinstance(reason, Text), (reason, type(reason))
    unknown = {c for c in codes_of(reason) if c not in CATALOGUE and not c.startswith("_")}
    assert not unknown, (reason, unknown)
    out = thai_reason(reason)
    assert THAI.search(out), (reason, out)
    assert not english_runs(out), (reason, out, english_runs(out))


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


# --- (a) the catalogue ----------------------------------------------------------------------------


def test_every_text_of_the_catalogue_has_both_languages_and_the_same_placeholders():
    assert set(i18n.LABELS) <= set(CATALOGUE)  # the labels of the app and the problem texts
    assert set(PROBLEMS) <= set(CATALOGUE)
    for code, pair in CATALOGUE.items():
        assert isinstance(pair, tuple) and len(pair) == 2, code
        th, en = pair
        assert th and en, code
        assert _fields(th) <= _fields(en), (code, th, en)  # Thai may leave a part out


#: problem texts whose Thai is language-neutral (formatting only, or a file format's name)
NEUTRAL = {"read_as.parquet"}


@pytest.mark.parametrize("code", sorted(PROBLEMS))
def test_every_problem_text_reads_as_thai(code):
    th, en = PROBLEMS[code]
    words = re.sub(r"\{[^{}]*\}", " ", th)
    if code in NEUTRAL or not WORD.search(re.sub(r"\{[^{}]*\}", " ", en)):
        return  # no words to translate ("{file}: {reason}", "  {n} × {column}: {reason}")
    if code.startswith("site.kind."):
        assert THAI.search(th), code
        return
    assert THAI.search(words), (code, th)
    assert not english_runs(words), (code, th, english_runs(words))


def test_a_label_defined_twice_is_refused():
    with pytest.raises(KeyError):
        messages.register({"validate.not_number": ("x", "y")}, "test")
    with pytest.raises(ValueError):
        messages.register({"test.only_english": ("", "only English")}, "test")
    assert "test.only_english" not in CATALOGUE


# --- known answers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "english", "thai"),
    [
        (msg("validate.not_whole_number"), "not a whole number", "ไม่ใช่จำนวนเต็ม"),
        (msg("validate.outside", lo="0", hi="30"), "outside 0 – 30", "อยู่นอกช่วง 0 – 30"),
        (
            msg("validate.or_outside", inner=msg("validate.not_number"), lo="5.6", hi="20.5"),
            "not a number or outside 5.6 – 20.5",
            "ไม่ใช่ตัวเลข หรืออยู่นอกช่วง 5.6 – 20.5",
        ),
        (
            msg("validate.not_current_code", level=msg("word.level.subdistrict"), width=6),
            "not a current DOPA subdistrict code (6 digits)",
            "ไม่ใช่รหัสตำบลปัจจุบันของกรมการปกครอง (6 หลัก)",
        ),
        (
            msg("column", header="จำนวนสมาชิก", inner=msg("validate.not_number")),
            "column 'จำนวนสมาชิก': not a number",
            "คอลัมน์ 'จำนวนสมาชิก': ไม่ใช่ตัวเลข",
        ),
        (
            resolve_area("ขอนแกน", "province").reason,
            "unknown province name 'ขอนแกน'; did you mean: 40 ขอนแก่น",
            "ไม่รู้จักชื่อจังหวัด 'ขอนแกน': หมายถึง 40 ขอนแก่น ใช่หรือไม่",
        ),
        (
            msg("read.csv_error", system=msg("word.system", text="new-line character seen")),
            "cannot be read as CSV: new-line character seen",
            f"อ่านเป็น CSV ไม่ได้ ({SYSTEM_TEXT}: new-line character seen)",
        ),
        (
            msg("read.cannot_open", reason=messages.known("os", "Permission denied")),
            "cannot be opened: Permission denied",
            "เปิดไฟล์ไม่ได้: ไม่มีสิทธิ์เข้าถึงไฟล์",
        ),
        (
            msg("import.snapshot_year", year=2021),
            "snapshot year 2021 is not a Buddhist-era year (e.g. 2565)",
            "ปีของข้อมูล 2021 ไม่ใช่ปีพุทธศักราช (เช่น 2565)",
        ),
        (
            msg("read.needs_openpyxl"),
            "reading .xlsx needs the openpyxl package",
            "การอ่านไฟล์ .xlsx ต้องติดตั้งแพ็กเกจ openpyxl",
        ),
        (
            messages.cut(msg("column", header="จำนวนสมาชิก", inner=msg("validate.not_number")), 30),
            "column 'จำนวนสมาชิก': not a…",
            "คอลัมน์ 'จำนวนสมาชิก': ไม่ใ…",
        ),
    ],
)
def test_known_answers(reason, english, thai):
    assert reason == english  # the English text: reports, logs, the command line
    assert thai_reason(reason) == thai
    assert reasons_th.reason(Problem("f", 2, "c", "", reason), "th") == thai
    assert reasons_th.reason(reason, "en") == english


def test_a_problem_line_in_both_languages():
    p = Problem("hh.csv", 3, "members", "many", msg("validate.not_whole_number"))
    assert str(p) == "hh.csv: line 3, column members: not a whole number (value: many)"
    assert (
        p.line_text().render("th") == "hh.csv: บรรทัด 3, คอลัมน์ members: ไม่ใช่จำนวนเต็ม (ค่าที่พบ: many)"
    )
    assert p.code == "validate.not_whole_number" and p.params == {}
    assert p.text("th") == "ไม่ใช่จำนวนเต็ม"
    bare = Problem("hh.csv", 5, "", "", msg("import.no_rows"))
    assert str(bare) == "hh.csv: line 5, column : the file has a header but no rows (value: )"
    assert bare.line_text().render("th") == "hh.csv: บรรทัด 5: ไฟล์มีแถวหัวตารางแต่ไม่มีข้อมูล"


def test_messages_survive_pickling_for_the_import_workers():
    import pickle

    reason = msg("column", header="x", inner=msg("validate.outside", lo="1", hi="2"))
    back = pickle.loads(pickle.dumps(Problem("f", 2, "c", "v", reason)))
    assert back.reason == reason and back.reason.render("th") == reason.render("th")


# --- (c) text from outside the catalogue --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "something the data layer never says",
        "not a number",  # a known English text, but not a message of the catalogue
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
    assert thai_message("a\n\n  b") == "a\n\n  b"


def test_a_plain_text_quoting_known_messages_has_them_in_thai():
    """The command line prints ``file: reason``: the reason it quotes is known."""
    reason = msg("read.not_found")
    assert thai_message(f"x.csv: {reason}", [reason]) == "x.csv: ไม่พบไฟล์"


def test_doctests():
    assert doctest.testmod(reasons_th).failed == 0
    assert doctest.testmod(messages).failed == 0


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
        out += [p.reason for p in validate_table(table, KEY).problems] + table.notes
    latlon = [
        {k: v for k, v in r.items() if k not in ("ละติจูด", "ลองจิจูด")} | {"พิกัด": p}
        for r, p in zip(thai_rows(2), ["abc", "103.5, 16.43"], strict=True)
    ]
    table = normalize_table(read_any(_write(tmp / "l.csv", latlon)))
    out += [p.reason for p in validate_table(table, KEY).problems] + table.notes
    missing = [{"รหัสครัวเรือน": "H1", "จำนวนสมาชิก": "4"}]
    table = normalize_table(read_any(_write(tmp / "m.csv", missing)))
    out += [p.reason for p in table.problems]
    registry = [{**REGISTRY, "card_holder": "maybe", "district_code": "อ.เมือง"}]
    table = normalize_table(read_any(_write(tmp / "r.csv", registry)), kind="registry")
    out += [p.reason for p in validate_table(table, KEY).problems]
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
            out.append(str(exc))
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
        out.append(info.value.message)
    return out


def _report_reasons(path: Path | None) -> list[str]:
    """The reasons of a report file (English, as written)."""
    if path is None or not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [row["reason"] for row in csv.DictReader(fh)]


def _result_reasons(result) -> list[str]:
    return [p.reason for p in (*result.problems, *result.warnings)] if result else []


def _import(con, path: Path, tmp: Path, **kw):
    """An import's reasons (errors and warnings, from its report) and its message."""
    kind = kw.pop("kind", "households")
    call = import_registry if kind == "registry" else import_households
    extra = {"snapshot_be": 2565} if kind == "registry" else {}
    try:
        result = call(con, path, report_dir=tmp / "reports", id_key=KEY, workers=1, **extra, **kw)
    except ImportFailed as exc:
        report = exc.result.report if exc.result else None
        reasons = [p.reason for p in exc.problems] + _result_reasons(exc.result)
        # every row the report names is among the problems the run kept
        assert len(set(_report_reasons(report))) <= len(set(reasons)), report
        return reasons, str(exc), exc.result
    reasons = _result_reasons(result)
    assert set(_report_reasons(result.report)) <= set(reasons)
    return reasons, result.summary, result


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


SOURCES = ["validate", "normalise", "tables", "readers", "mapping", "importer"]


@pytest.mark.parametrize("source", SOURCES)
def test_every_reason_of_the_corpus_reads_as_thai(corpus, source):
    reasons = list({str(r): r for r in corpus[source]}.values())
    assert len(reasons) >= 5, reasons
    bad = {}
    for reason in reasons:
        try:
            assert_thai(reason)
        except AssertionError as exc:
            bad[str(reason)] = str(exc)
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)


#: problem codes the corpus cannot produce (an OS error, a missing package, a summary-only
#: line, another Python's csv errors) or that another test file produces (sites, referrals,
#: targets): each has a known answer above or is checked by test_every_problem_text_reads_as_thai
UNREACHED_PREFIXES = ("site.", "referral.", "target.", "os.", "codec.", "json.", "word.")
UNREACHED = {
    "read.cannot_open",
    "read.needs_openpyxl",
    "read.nul",
    "read.csv_error",
    "import.snapshot_year",
    "map.mapped",
    "map.unknown_left_out",
    "map.left_out",
    "area.names_no",
    "summary.in_header",
    "read_as.parquet",
    "map.village_no_from_code",
    "problem.line_no_column",
    "problem.line_no_value",
    "read.sheet_file",
    "read.xlsx_sheet_broken",
    "summary.unknown_columns",
    "summary.would_import",
}


def test_the_corpus_reaches_every_problem_code(corpus):
    """No dead text: each problem code is produced by the real pipeline, or listed above."""
    every = [r for k in (*SOURCES, "messages") for r in corpus[k]]
    reached = set().union(*(codes_of(r) for r in every))
    missing = sorted(
        c
        for c in PROBLEMS
        if c not in reached and c not in UNREACHED and not c.startswith(UNREACHED_PREFIXES)
    )
    assert not missing, "\n".join(missing)
    stale = sorted(UNREACHED & reached)
    assert not stale, stale  # listed as unreached, yet produced: take it off the list


def test_import_messages_read_as_thai(corpus):
    """The summaries the data page and the command line show: every line in Thai but names
    and values, line for line with the English."""
    for _, message, _ in corpus["_runs"]:
        assert isinstance(message, Text), message
        out = thai_message(message)
        assert out.count("\n") == message.count("\n")
        for english, thai in zip(message.split("\n"), out.split("\n"), strict=True):
            words = thai
            for name in ("messy.csv", "hh.csv", "twice.csv", "reg.csv", "book.xlsx"):
                words = words.replace(name, "")
            assert not english_runs(words), (english, thai)
            if english.strip():
                assert THAI.search(thai) or not WORD.search(english), (english, thai)


# --- the data page table ----------------------------------------------------------------------------


def test_problems_frame_shows_thai_reasons_in_thai_only():
    from povmap.views.data_view import problems_frame

    reason = msg("column", header="จำนวนสมาชิก", inner=msg("validate.not_whole_number"))
    problems = [
        Problem("hh.csv", 3, "members", "many", reason),
        Problem("hh.csv", 4, "x", "", "something new"),
    ]
    th = problems_frame(problems, "th")
    assert th.iloc[:, -1].tolist() == ["คอลัมน์ 'จำนวนสมาชิก': ไม่ใช่จำนวนเต็ม", "something new"]
    assert th.iloc[:, 3].tolist() == ["many", ""]  # values as they were
    en = problems_frame(problems, "en")
    assert en.iloc[:, -1].tolist() == [p.reason for p in problems]


def test_how_the_file_was_read_names_the_encoding_in_the_pages_language(tmp_path):
    from data.importer import preview
    from povmap.views import data_view

    path = tmp_path / "thai.csv"
    households(3).rename(columns={"hh_id": "รหัสครัวเรือน"}).to_csv(
        path, index=False, encoding="cp874"
    )
    shown = preview(path)
    assert "Windows ภาษาไทย ไม่ใช่ UTF-8" in data_view.read_as(shown, "th")
    assert "Thai Windows, not UTF-8" in data_view.read_as(shown, "en")
