"""data.normalize: messy field files become the canonical table, and nothing is lost unreported."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data import normalize
from data.columns import MappingError, column_key, load_user_mapping, synonyms
from data.import_chunk import validate_table
from data.normalize import (
    clean_code,
    map_columns,
    normalize_bools,
    normalize_categories,
    normalize_codes,
    normalize_column,
    normalize_dates,
    normalize_national_ids,
    normalize_numbers,
    normalize_pass_fail,
    normalize_table,
    normalize_text,
    normalize_village_numbers,
    normalize_years,
    parse_address,
    resolve_area,
)
from data.readers import RawTable, read_any
from data.schema import (
    HOUSEHOLD_COLUMN_LIST,
    HOUSEHOLD_COLUMNS,
    MEMBER_COLUMN_LIST,
    MEMBER_COLUMNS,
    table,
)
from data.validate import validate_households
from tests.data.rows import GOOD

KEY = b"test-key"
ID = "1101700203450"  # valid check digit (tests/data/rows.py)
THAI = re.compile(r"[\u0e00-\u0e7f]")


def s(*values: str) -> pd.Series:
    return pd.Series(list(values), dtype="str")


def raw_table(
    rows: list[dict[str, str]], lines: list[int] | None = None, name: str = "f.csv"
) -> RawTable:
    frame = pd.DataFrame(rows).astype("str")
    lines = lines or list(range(2, len(rows) + 2))
    return RawTable(frame, name, np.asarray(lines), "utf-8", 1)


# --- synonyms and column mapping --------------------------------------------------------------------


def test_every_canonical_column_has_thai_and_english_synonyms():
    rows = table("column_synonyms")
    by_column: dict[str, list[str]] = {}
    for r in rows:
        by_column.setdefault(r["canonical"], []).append(r["synonym"])
    for column in (*HOUSEHOLD_COLUMN_LIST, *MEMBER_COLUMN_LIST):
        names = by_column.get(column.name, [])
        assert any(THAI.search(n) for n in names), f"{column.name} has no Thai synonym"
        assert any(n.isascii() and n != column.name for n in names), (
            f"{column.name} has no English synonym"
        )
    # the table loads without a synonym naming two columns of one table
    assert synonyms("households")[column_key("รหัสครัวเรือน")] == "hh_id"
    assert synonyms("members")[column_key("เลขประจำตัวประชาชน")] == "national_id"
    assert synonyms("households")[column_key("เลขประจำตัวประชาชน")] == "head_national_id"


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("รหัสครัวเรือน", "hh_id"),
        ("  HH_ID ", "hh_id"),
        ("Household  ID", "hh_id"),
        ("เลขที่ครัวเรือน", "hh_id"),
        ("รหัสจังหวัด", "province_code"),
        ("จังหวัด (code)", "province_code"),
        ("PROV_CODE", "province_code"),
        ("ADM1_PCODE", "province_code"),
        ("จังหวัด", "province_name"),
        ("จำนวนสมาชิก", "members"),
        ("สมาชิกในครัวเรือน", "members"),
        ("hh_size", "members"),
        ("รายได้เฉลี่ยต่อคนต่อปี", "income_per_person_year"),
        ("รายได้ต่อหัว", "income_per_person_year"),
        ("รายได้เฉลี่ยต่อคนต่อปี (บาท)", "income_per_person_year"),
        ("ตัวชี้วัดที่ 1", "bmn_01"),
        ("ตัวชี้วัดที่ 17", "bmn_17"),
        ("จปฐ.1", "bmn_01"),
        ("จปฐ. 12", "bmn_12"),
        ("BMN 5", "bmn_05"),
        ("ละติจูด", "lat"),
        ("Latitude", "lat"),
        ("y", "lat"),
        ("ลองจิจูด", "lon"),
        ("lng", "lon"),
        ("X", "lon"),
        ("long", "lon"),
        ("ถือบัตรสวัสดิการแห่งรัฐ", "welfare_card"),
        ("รอบสำรวจ (พ.ศ.)", "round_be"),
        ("หมู่ที่", "village_no"),
        ("จํานวนสมาชิก", "members"),  # นิคหิต + สระอา typed instead of สระอำ
    ],
)
def test_headers_map_by_synonym(header, canonical):
    mapped, report = map_columns(pd.DataFrame({header: ["1"]}))
    assert list(mapped.columns) == [canonical]
    assert [t for _, t in report.mapped] == [canonical]


def test_unknown_missing_and_duplicate_columns_are_reported():
    frame = pd.DataFrame(
        {"รหัสครัวเรือน": ["H1"], "ชื่อหัวหน้าครัวเรือน": ["สมชาย"], "หมายเหตุ": [""], "members": ["4"]}
    )
    frame["จำนวนสมาชิก"] = ["4"]
    mapped, report = map_columns(frame)
    assert list(mapped.columns) == ["hh_id"]
    assert report.unknown == ["ชื่อหัวหน้าครัวเรือน", "หมายเหตุ"]
    assert report.duplicates == {"members": ["members", "จำนวนสมาชิก"]}
    assert "round_be" in report.missing and "members" not in report.missing
    assert "province_code" in report.missing
    assert not report.ok
    problems = report.problems("f.csv", 3)
    assert {p.line for p in problems} == {3}
    assert any("'members' and 'จำนวนสมาชิก' all map to members" in p.reason for p in problems)


def test_codes_derivable_from_names_or_lower_codes_are_not_missing():
    _, report = map_columns(
        pd.DataFrame({"จังหวัด": ["x"], "อำเภอ": ["x"], "ตำบล": ["x"], "หมู่ที่": ["1"]})
    )
    assert not {"province_code", "district_code", "subdistrict_code", "village_code"} & set(
        report.missing
    )
    _, report = map_columns(pd.DataFrame({"รหัสหมู่บ้าน": ["46010103"]}))
    assert not {"province_code", "district_code", "subdistrict_code", "village_no"} & set(
        report.missing
    )


def test_empty_unnamed_columns_are_listed_as_left_out():
    frame = pd.DataFrame([["H1", "", "x"]], columns=["hh_id", "", ""])
    mapped, report = map_columns(frame)
    assert list(mapped.columns) == ["hh_id"]
    assert report.ignored == [("(no header, column 2)", "no header and no values")]
    assert report.unknown == ["(no header, column 3)"]


def test_user_mapping_wins_over_synonyms(tmp_path):
    frame = pd.DataFrame({"รหัสครัวเรือน": ["H1"], "เลขบ้าน": ["7"], "จังหวัด": ["46"], "สมาชิก": ["4"]})
    mapping = {"เลขบ้าน": "hh_id", "จังหวัด": "province_code", "สมาชิก": "members"}
    for source in (mapping, _json(tmp_path, mapping), _csv(tmp_path, mapping)):
        mapped, report = map_columns(frame, source)
        assert mapped["hh_id"].tolist() == ["7"]
        assert mapped["province_code"].tolist() == ["46"]
        assert "province_name" not in mapped.columns
        assert ("รหัสครัวเรือน", "hh_id comes from 'เลขบ้าน' (mapping)") in report.ignored
        assert report.duplicates == {}


def test_user_mapping_can_leave_a_column_out_and_is_checked(tmp_path):
    frame = pd.DataFrame({"hh_id": ["H1"], "หมายเหตุ": ["x"]})
    _, report = map_columns(frame, {"หมายเหตุ": ""})
    assert report.unknown == [] and report.ignored == [
        ("หมายเหตุ", "the mapping says to leave it out")
    ]
    with pytest.raises(MappingError, match="not a canonical column; did you mean hh_id"):
        load_user_mapping({"x": "รหัสครัวเรือน"})
    bad = tmp_path / "m.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(MappingError, match="JSON object"):
        load_user_mapping(bad)


def _json(tmp_path: Path, mapping: dict) -> Path:
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    return path


def _csv(tmp_path: Path, mapping: dict) -> Path:
    path = tmp_path / "mapping.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(["their_header", "canonical"])
        writer.writerows(mapping.items())
    return path


# --- admin codes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "level", "parent", "expected"),
    [
        ("๔๖", "province", "", "46"),
        ("๔๖๐๑๐๑", "subdistrict", "", "460101"),
        ("TH46", "province", "", "46"),
        ("th4601", "district", "", "4601"),
        ("TH-460101", "subdistrict", "", "460101"),
        ("460101.0", "subdistrict", "", "460101"),
        ("46.0", "province", "", "46"),
        ("4.60101E+05", "subdistrict", "", "460101"),
        ("46-01-01", "subdistrict", "", "460101"),
        (" 46 01 01 03 ", "village", "", "46010103"),
        ("'46", "province", "", "46"),
        ("046", "province", "", "46"),
        ("0046", "province", "", "46"),
        ("4611", "subdistrict", "", "460101"),  # glued from 46, 1, 1
        ("4601013", "village", "", "46010103"),  # village number lost its zero
        ("1", "district", "46", "4601"),  # only the local number
        ("01", "subdistrict", "4601", "460101"),
        ("3", "village", "460101", "46010103"),
        ("หมู่ 3", "village", "460101", "46010103"),
        ("10101", "subdistrict", "1001", "100101"),  # the parent chooses
    ],
)
def test_codes_are_cleaned(value, level, parent, expected):
    out, issues = normalize_codes(s(value), level, s(parent))
    assert issues == []
    assert out.tolist() == [expected]


@pytest.mark.parametrize(
    ("value", "level", "reason"),
    [
        ("4", "province", "cannot be restored"),
        ("10101", "subdistrict", "could be 100101 พระบรมมหาราชวัง"),
        ("9999", "subdistrict", "no current subdistrict code fits"),
        ("4601010", "subdistrict", "has 7 digits"),
        ("บ้านโคก", "village", "village is given by name"),
    ],
)
def test_codes_that_cannot_be_restored_are_reported(value, level, reason):
    out, issues = normalize_codes(s(value), level)
    assert out.tolist() == [value]
    assert len(issues) == 1 and reason in issues[0][1]
    if value == "10101":
        assert "101001 มีนบุรี" in issues[0][1]


def test_clean_code():
    assert clean_code("TH 46-01") == "4601"
    assert clean_code("๑๐") == "10"


# --- names to codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "level", "parent", "code"),
    [
        ("ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น", "subdistrict", None, "400101"),
        ("ตำบลในเมือง อำเภอเมืองขอนแก่น จังหวัดขอนแก่น", "subdistrict", None, "400101"),
        ("ม.3 ต.ในเมือง อ.เมือง จ.ขอนแก่น 40000", "subdistrict", None, "400101"),
        ("ในเมือง", "subdistrict", "4001", "400101"),
        ("อ.เมือง", "district", "40", "4001"),
        ("เมือง", "district", "46", "4601"),
        ("เมืองกาฬสินธุ์", "district", None, "4601"),
        ("จ.ขอนแก่น", "province", None, "40"),
        ("Khon Kaen", "province", None, "40"),
        ("Khon Kaen Province", "province", None, "40"),
        ("Mueang Khon Kaen", "district", None, "4001"),
        ("Amphoe Muang Khon Kaen", "district", None, "4001"),
        ("Nai Mueang, Mueang Khon Kaen, Khon Kaen", "subdistrict", None, "400101"),
        ("กทม.", "province", None, "10"),
        ("กรุงเทพฯ", "province", None, "10"),
        ("กรุงเทพมหานคร", "province", None, "10"),
        ("Bangkok", "province", None, "10"),
        ("เขตบางรัก", "district", None, "1004"),
        ("แขวงสีลม เขตบางรัก กรุงเทพฯ", "subdistrict", None, "100402"),
        ("แขวงสีลม เขตบางรัก กทม.", "subdistrict", None, "100402"),
    ],
)
def test_names_resolve_to_codes(name, level, parent, code):
    found = resolve_area(name, level, parent)
    assert found.reason is None
    assert found.code == code


def test_ambiguous_name_lists_candidates_with_codes():
    found = resolve_area("ในเมือง", "subdistrict")
    assert found.code is None
    assert "ambiguous" in found.reason and "22 places" in found.reason
    assert len(found.candidates) == 5
    assert found.candidates[0] == ("180101", "180101 ในเมือง (เมืองชัยนาท, ชัยนาท)")
    assert "and 17 more" in found.reason
    in_province = resolve_area("ในเมือง", "subdistrict", "40")
    assert [c for c, _ in in_province.candidates] == ["400101", "401002", "402901"]


def test_unknown_names_suggest_close_ones():
    typo = resolve_area("ขอนแกน", "province")
    assert typo.code is None and "unknown province name" in typo.reason
    assert typo.candidates == (("40", "40 ขอนแก่น"),)
    elsewhere = resolve_area("ในเมือง", "subdistrict", "46")
    assert "no subdistrict named 'ในเมือง' in 46 กาฬสินธุ์" in elsewhere.reason
    assert resolve_area("อ.เมือง จ.ขอนแก่น", "subdistrict").reason.endswith(
        "names no subdistrict (ตำบล)"
    )


def test_parse_address():
    assert parse_address("ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น") == {
        "subdistrict": "ในเมือง",
        "district": "เมืองขอนแก่น",
        "province": "ขอนแก่น",
    }
    assert parse_address("ในเมือง") == {}


def test_names_in_code_columns_use_the_row_parent():
    out, issues = normalize_codes(
        s("ในเมือง", "ในเมือง", "ในเมือง"), "subdistrict", s("4001", "4010", "")
    )
    assert out.tolist()[:2] == ["400101", "401002"]
    assert [i for i, _ in issues] == [2]


# --- values -----------------------------------------------------------------------------------------


def test_years_buddhist_and_christian_era():
    out, issues = normalize_years(
        s(
            "2564",
            "2021",
            "๒๕๖๔",
            "2564.0",
            "พ.ศ. 2563",
            "ค.ศ. 2020",
            "2020 CE",
            "2563 BE",
            "ปี 2564",
            "",
            "64",
            "abc",
        )
    )
    assert out.tolist()[:10] == [
        "2564",
        "2564",
        "2564",
        "2564",
        "2563",
        "2563",
        "2563",
        "2563",
        "2564",
        "",
    ]
    assert [(i, "2-digit" in r) for i, r in issues] == [(10, True), (11, False)]


def test_dates_in_either_era_become_iso():
    out, issues = normalize_dates(
        s(
            "01/05/2564",
            "1/5/2021",
            "01-05-2564",
            "2021-05-01",
            "2564-05-01",
            "1 พ.ค. 2564",
            "1 พฤษภาคม 2564",
            "1 May 2021",
            "2021-05-01 00:00:00",
            "13/13/2564",
            "31/02/2564",
            "1/5/64",
            "",
        )
    )
    assert out.tolist()[:9] == ["2021-05-01"] * 9
    assert [i for i, _ in issues] == [9, 10, 11]
    assert (
        "month 13" in issues[0][1] and "no such date" in issues[1][1] and "2-digit" in issues[2][1]
    )


def test_numbers():
    out, issues = normalize_numbers(
        s(
            "1,234.50",
            "๓๐,๐๐๐",
            "30000 บาท",
            "฿1,200",
            "4.0",
            "4 คน",
            "1.5E+04",
            " 7 ",
            "-",
            "0.50",
            "1,5",
            "ไม่มี",
            "12a",
        )
    )
    assert out.tolist()[:10] == [
        "1234.5",
        "30000",
        "30000",
        "1200",
        "4",
        "4",
        "15000",
        "7",
        "",
        "0.5",
    ]
    assert [i for i, _ in issues] == [10, 11, 12]
    assert "comma" in issues[0][1]


def test_village_numbers():
    out, issues = normalize_village_numbers(s("หมู่ที่ ๓", "ม.3", "Moo 3", "03", "3"))
    assert out.tolist() == ["3"] * 5 and issues == []


def test_yes_no_in_thai_and_english():
    yes = ["ใช่", "มี", "เป็น", "Y", "yes", "TRUE", "1", "✓", "1.0"]
    no = ["ไม่ใช่", "ไม่มี", "ไม่เป็น", "N", "No", "false", "0", "✗"]
    out, issues = normalize_bools(s(*yes, *no, "-", "x", "maybe"))
    assert out.tolist()[: len(yes) + len(no) + 1] == ["true"] * len(yes) + ["false"] * len(no) + [
        ""
    ]
    assert [(i, "ambiguous" in r) for i, r in issues] == [(18, True), (19, False)]


def test_pass_fail_indicators():
    out, issues = normalize_pass_fail(s("1", "0", "ผ่าน", "ไม่ผ่าน", "ไม่เกี่ยวข้อง", "", "ใช่", "2"))
    assert out.tolist()[:7] == ["1", "0", "1", "0", "", "", "1"]
    assert [i for i, _ in issues] == [7]


def test_categories_in_thai():
    out, issues = normalize_categories(
        s("ของตนเอง", "เช่า", "Own", "ยืม"), HOUSEHOLD_COLUMNS["nc_land_tenure"]
    )
    assert out.tolist() == ["own", "rent", "own", "ยืม"] and [i for i, _ in issues] == [3]
    out, _ = normalize_categories(
        s("ขาดเงินทุน", "Lack of land", "lack_water"), HOUSEHOLD_COLUMNS["main_cause"]
    )
    assert out.tolist() == ["lack_capital", "lack_land", "lack_water"]
    out, _ = normalize_categories(s("ชาย", "หญิง", "m"), MEMBER_COLUMNS["sex"])
    assert out.tolist() == ["M", "F", "M"]
    out, _ = normalize_categories(s("ม.ต้น", "ปวส.", "ประถมศึกษา"), MEMBER_COLUMNS["education"])
    assert out.tolist() == ["lower_secondary", "vocational", "primary"]


def test_national_ids_are_cleaned_and_never_echoed():
    out, issues = normalize_national_ids(
        s(
            "1-1017-00203-45-0",
            "1 1017 00203 45 0",
            "๑๑๐๑๗๐๐๒๐๓๔๕๐",
            "1101700203450.0",
            "1.10170020345E+12",
        )
    )
    assert out.tolist()[:4] == [ID] * 4
    assert [i for i, _ in issues] == [4]
    assert "scientific notation" in issues[0][1]
    assert not any(re.search(r"\d{6,}", r) for _, r in issues)


def test_text_keeps_formulas_and_html_as_data():
    values = s(' =HYPERLINK("http://evil","x") ', "<script>alert(1)</script>", "+66", "@A1", "-1+1")
    out, issues = normalize_text(values)
    assert out.tolist() == [
        '=HYPERLINK("http://evil","x")',
        "<script>alert(1)</script>",
        "+66",
        "@A1",
        "-1+1",
    ]
    assert issues == []


def test_hh_id_float_artefact_and_thai_digits():
    out, _ = normalize_column(s("123.0", "HH-๐๐๑", "=cmd"), HOUSEHOLD_COLUMNS["hh_id"])
    assert out.tolist() == ["123", "HH-001", "=cmd"]


# --- whole tables -----------------------------------------------------------------------------------


def test_problems_name_the_original_line_and_header():
    rows = [
        {"รหัสครัวเรือน": "H1", "จำนวนสมาชิก": "4 คน", "จังหวัด": "ขอนแก่น", "บัตรสวัสดิการ": "มี"},
        {"รหัสครัวเรือน": "H2", "จำนวนสมาชิก": "สี่", "จังหวัด": "ขอนแกน", "บัตรสวัสดิการ": "x"},
    ]
    result = normalize_table(raw_table(rows, lines=[7, 12]))
    assert result.frame.loc[0, ["members", "province_code", "welfare_card"]].tolist() == [
        "4",
        "40",
        "true",
    ]
    by_column = {p.column: p for p in result.problems if p.line == 12}
    assert by_column["members"].reason.startswith("column 'จำนวนสมาชิก': not a number")
    assert by_column["members"].value == "สี่"
    assert by_column["province_code"].reason.startswith("column 'จังหวัด': unknown province name")
    assert "40 ขอนแก่น" in by_column["province_code"].reason
    assert by_column["welfare_card"].reason.startswith("column 'บัตรสวัสดิการ': 'x' is ambiguous")
    assert list(result.line_numbers) == [7, 12]


def test_national_ids_never_appear_in_problems_or_notes():
    rows = [
        {
            "hh_id": "1-1017-00203-45-0",
            "เลขประจำตัวประชาชน": "1.10170020345E+12",
            "1101700203450": "x",
        },
    ]
    result = normalize_table(raw_table(rows))
    validation = validate_table(result, KEY)
    text = " ".join(
        [str(p) for p in result.problems + validation.problems]
        + result.notes
        + result.column_report.summary()
        + result.column_report.unknown
    )
    assert ID not in text and "1-1017-00203-45-0" not in text and "10170020345" not in text
    assert any(p.column == "head_national_id" for p in result.problems)
    assert result.frame["hh_id"].tolist() == [""]  # an ID in the wrong column is not kept
    assert any(p.column == "hh_id" and "national ID" in p.reason for p in result.problems)


def test_codes_derived_from_village_code_and_village_number():
    rows = [{"hh_id": "H1", "รหัสหมู่บ้าน": "46010103"}, {"hh_id": "H2", "รหัสหมู่บ้าน": "๔๖๐๑๐๑๐๔"}]
    result = normalize_table(raw_table(rows))
    frame = result.frame
    assert frame["province_code"].tolist() == ["46", "46"]
    assert frame["district_code"].tolist() == ["4601", "4601"]
    assert frame["subdistrict_code"].tolist() == ["460101", "460101"]
    assert frame["village_no"].tolist() == ["3", "4"]
    assert "village_no" not in result.column_report.missing
    rows = [{"hh_id": "H1", "รหัสตำบล": "460101", "หมู่ที่": "ม.3"}]
    frame = normalize_table(raw_table(rows)).frame
    assert frame.loc[0, ["village_code", "village_no", "province_code"]].tolist() == [
        "46010103",
        "3",
        "46",
    ]


def test_address_column_and_swapped_coordinates():
    rows = [
        {
            "hh_id": "H1",
            "ที่อยู่": "12/3 ม.3 ต.ในเมือง อ.เมือง จ.ขอนแก่น",
            "lat": "102.83",
            "lon": "16.44",
        },
        {"hh_id": "H2", "ที่อยู่": "ต.ในเมือง อ.บ้านไผ่ จ.ขอนแก่น", "lat": "16.1", "lon": "102.7"},
    ]
    result = normalize_table(raw_table(rows))
    assert result.frame["subdistrict_code"].tolist() == ["400101", "401002"]
    assert result.frame["province_code"].tolist() == ["40", "40"]
    assert result.frame["lat"].tolist() == ["16.44", "16.1"]
    assert any("swapped" in n for n in result.notes)


def test_xlsx_to_canonical_keeps_sheet_rows(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "สรุป"
    ws.append(["สรุปผล"])
    data = wb.create_sheet("ครัวเรือน")
    data["A1"] = "ข้อมูล จปฐ. 2564"
    data.merge_cells("A1:D1")
    data.append(["รหัสครัวเรือน", "ปีสำรวจ", "รหัสจังหวัด", "จำนวนสมาชิก"])
    data.append(["H1", 2021, 46, 4])
    data.append(["H2", 2564, 460, "สี่"])
    wb.save(tmp_path / "b.xlsx")
    result = normalize_table(read_any(tmp_path / "b.xlsx"))
    assert result.frame["round_be"].tolist() == ["2564", "2564"]
    assert result.line_numbers.tolist() == [3, 4]
    bad = {p.column: p for p in result.problems}
    assert bad["members"].line == 4 and bad["members"].file == "b.xlsx (sheet ครัวเรือน)"
    assert bad["province_code"].line == 4


def test_validate_moves_problems_to_the_original_lines():
    rows = [dict(GOOD, hh_id=f"H{i}") for i in range(3)]
    rows[2]["members"] = "0"
    result = normalize_table(raw_table(rows, lines=[5, 9, 20]))
    assert result.problems == []
    validation = validate_table(result, KEY)
    assert [(p.line, p.column) for p in validation.problems] == [(20, "members")]
    assert validation.problems[0].reason.startswith("column 'members': outside")


def test_end_to_end_messy_thai_csv_passes_validation(tmp_path):
    good = GOOD
    thai = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    columns = {
        "รหัสครัวเรือน": good["hh_id"],
        "ชื่อหัวหน้าครัวเรือน": '=HYPERLINK("http://x","<script>alert(1)</script>")',
        "ปีสำรวจ": "2021",
        "จังหวัด": "จ.กาฬสินธุ์",
        "อำเภอ": "อ.เมือง",
        "ตำบล": "ต.กาฬสินธุ์",
        "หมู่ที่": "หมู่ " + good["village_no"].translate(thai),
        "ละติจูด": good["lat"],
        "ลองจิจูด": good["lon"],
        "จำนวนสมาชิก": good["members"].translate(thai) + " คน",
        "สมาชิกอายุต่ำกว่า 15 ปี": good["members_under_15"],
        "ผู้สูงอายุ": good["members_60_plus"],
        "จำนวนคนพิการ": "-0",
        "รายได้เฉลี่ยต่อคนต่อปี (บาท)": "๓๐,๐๐๐.๐๐ บาท",
        "บัตรสวัสดิการแห่งรัฐ": "มี",
        "เลขประจำตัวประชาชน": "1-1017-00203-45-0",
        **{
            f"ตัวชี้วัดที่ {i}": {"1": "ผ่าน", "0": "ไม่ผ่าน", "": "ไม่เกี่ยวข้อง"}[good[f"bmn_{i:02d}"]]
            for i in range(1, 18)
        },
        "จำนวนปีการศึกษาสูงสุด": good["hc_max_education_years"],
        "ผู้มีรายได้": good["hc_earners"],
        "ผู้ป่วยเรื้อรัง": good["hc_chronic_ill"],
        "ทักษะอาชีพ": "ไม่มี",
        "สภาพบ้าน": good["pc_housing_condition"],
        "น้ำดื่ม (ลิตร/คน/วัน)": "๖.๕",
        "มีไฟฟ้าใช้": "ใช่",
        "เครื่องมือประกอบอาชีพ": good["pc_productive_assets"],
        "เวลาเดินทาง (นาที)": "30 นาที",
        "เงินออม": "0",
        "หนี้สิน": "20,000",
        "หนี้นอกระบบ": "Y",
        "ที่ดินทำกิน (ไร่)": "3 ไร่",
        "สิทธิในที่ดิน": "ของตนเอง",
        "น้ำเพื่อการเกษตร": "ไม่มี",
        "ความเสี่ยงภัยพิบัติ": good["nc_disaster_exposure"],
        "การเป็นสมาชิกกลุ่ม": good["sc_group_memberships"],
        "มีส่วนร่วมในกิจกรรมชุมชน": "/",  # a tick on a Thai paper form (✓ is not in cp874)
        "เครือข่ายช่วยเหลือ": good["sc_support_network"],
        "สาเหตุหลัก": "ขาดเงินทุน",
    }
    path = tmp_path / "ครัวเรือน_กาฬสินธุ์.csv"
    with path.open("w", newline="", encoding="cp874") as fh:
        fh.write("ข้อมูล จปฐ. ปี 2564 จังหวัดกาฬสินธุ์\r\n")
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerow(columns.values())
        writer.writerow([])
        second = {**columns, "รหัสครัวเรือน": "H2", "ตำบล": "ต.กาฬสินธุ์ อ.เมืองกาฬสินธุ์ จ.กาฬสินธุ์"}
        writer.writerow(second.values())
    raw = read_any(path)
    assert raw.encoding == "cp874" and raw.header_row == 2
    result = normalize_table(raw)
    assert result.problems == [], result.problems
    assert result.column_report.unknown == ["ชื่อหัวหน้าครัวเรือน"]
    assert result.column_report.missing == []
    assert result.line_numbers.tolist() == [3, 5]
    frame = result.frame
    assert frame.loc[
        0, ["province_code", "district_code", "subdistrict_code", "village_code"]
    ].tolist() == [
        "46",
        "4601",
        "460101",
        "46010103",
    ]
    assert frame.loc[
        0, ["round_be", "members", "income_per_person_year", "head_national_id"]
    ].tolist() == [
        "2564",
        "4",
        "30000",
        ID,
    ]
    validation = validate_households(frame, raw.source, KEY)
    assert validation.ok, validation.problems
    expected = validate_households(
        pd.DataFrame([GOOD, dict(GOOD, hh_id="H2")]), "good.csv", KEY
    ).frame
    assert validation.frame.drop(columns="hh_id").equals(expected.drop(columns="hh_id"))
    assert validate_table(result, KEY).ok


def test_member_table():
    rows = [
        {
            "รหัสครัวเรือน": "H1",
            "ปี": "2021",
            "ลำดับที่": "1",
            "อายุ": "๔๕",
            "เพศ": "ชาย",
            "พิการ": "ไม่เป็น",
            "การศึกษา": "ม.ปลาย",
            "อาชีพ": "เกษตรกร",
            "เลขประจำตัวประชาชน": "",
        },
        {
            "รหัสครัวเรือน": "H1",
            "ปี": "2564",
            "ลำดับที่": "2",
            "อายุ": "40 ปี",
            "เพศ": "หญิง",
            "พิการ": "ใช่",
            "การศึกษา": "ประถม",
            "อาชีพ": "รับจ้าง",
            "เลขประจำตัวประชาชน": "1-1017-00203-45-0",
        },
    ]
    result = normalize_table(raw_table(rows), kind="members")
    assert result.problems == [] and result.column_report.unknown == []
    assert result.frame.to_dict("list") == {
        "hh_id": ["H1", "H1"],
        "round_be": ["2564", "2564"],
        "person_no": ["1", "2"],
        "age": ["45", "40"],
        "sex": ["M", "F"],
        "disability": ["false", "true"],
        "education": ["upper_secondary", "primary"],
        "occupation": ["farmer", "labourer"],
        "national_id": ["", ID],
    }
    assert validate_table(result, KEY).ok


def test_custom_headers_found_below_a_title_with_a_mapping_file(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("ชุดข้อมูลทดลอง\ncol_a;col_b;col_c\nH1;2564;46\n", encoding="utf-8")
    mapping = tmp_path / "map.csv"
    mapping.write_text(
        "their_header;canonical\ncol_a;hh_id\ncol_b;round_be\ncol_c;province_code\n",
        encoding="utf-8",
    )
    raw = read_any(path, user_mapping=mapping)
    assert raw.header_row == 2
    result = normalize_table(raw, mapping)
    assert result.frame.to_dict("list") == {
        "hh_id": ["H1"],
        "round_be": ["2564"],
        "province_code": ["46"],
    }
    assert result.line_numbers.tolist() == [3]


YES_NO = [("✓", True), ("มี", True), ("ใช่", True), ("yes", True), ("1", True), ("true", True)]
YES_NO += [("✗", False), ("ไม่มี", False), ("ไม่ใช่", False), ("no", False), ("0", False)]
YES_NO += [("false", False)]


@pytest.mark.parametrize(("word", "meaning"), YES_NO)
def test_a_household_file_and_a_site_file_read_yes_and_no_alike(word, meaning):
    """One vocabulary (data.columns.yes_no): the household import and an indicator file's
    higher_is_better column read each word the same, and a word that is neither is refused."""
    from data.sites import INDICATOR_FIELDS
    from data.sites.normalize import Checker, parse

    values, issues = normalize.normalize_bools(pd.Series([word, "maybe"]))
    assert values[0] == ("true" if meaning else "false") and [i for i, _ in issues] == [1]
    raw = pd.DataFrame({"higher_is_better": [word, "maybe"]})
    check = Checker(raw, "i.csv", None, 1)
    field = next(f for f in INDICATOR_FIELDS if f.name == "higher_is_better")
    text = raw["higher_is_better"].astype("string")
    read = parse(field, text, check)
    assert not pd.isna(read[0]) and bool(read[0]) == meaning
    assert pd.isna(read[1]) and [p.line for p in check.problems] == [3]  # row 2, line 3


def test_invisible_characters_and_thai_digits_have_one_reading(tmp_path):
    """One function each (data.columns.drop_invisible, ascii_digits): a header, a cell and a
    code read the same with or without them."""
    from data.columns import ascii_digits, clean_text, drop_invisible
    from data.readers import read_any

    dirty = "\ufeff\u200bรหัส\u00adครัวเรือน\u200d"
    assert drop_invisible(dirty) == "รหัสครัวเรือน" == clean_text(dirty)
    assert clean_text("\u00a0ก\u00a0ข\u00a0") == "ก ข"
    assert ascii_digits("๑๒๓") == "123"
    path = tmp_path / "hh.csv"
    path.write_text("\u200bรหัส\u00adครัวเรือน,จังหวัด\u200b,รอบ\nH1,๔๖,2567\n", encoding="utf-8")
    raw = read_any(path)
    assert list(raw.frame.columns)[:2] == ["รหัสครัวเรือน", "จังหวัด"]
    codes, issues = normalize.normalize_codes(pd.Series(["๔๖", "\u200b46"]), "province")
    assert codes.tolist() == ["46", "46"] and not issues
