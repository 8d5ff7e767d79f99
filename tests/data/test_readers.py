"""data.readers: every file a field team may send reads as text with its real line numbers."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data.problems import safe_text
from data.readers import ReadError, iter_chunks, read_any
from tests.data.workbooks import damaged_workbooks, encrypted_workbook

THAI_HEADER = "รหัสครัวเรือน,จำนวนสมาชิก,จังหวัด\n"


def write(tmp_path: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


def cells(raw) -> list[list[str]]:
    return raw.frame.to_numpy(dtype=object).tolist()


# --- encodings --------------------------------------------------------------------------------------


def test_utf8_thai_headers(tmp_path):
    raw = read_any(write(tmp_path, "hh.csv", THAI_HEADER + "H1,4,ขอนแก่น\n"))
    assert raw.encoding == "utf-8"
    assert list(raw.frame.columns) == ["รหัสครัวเรือน", "จำนวนสมาชิก", "จังหวัด"]
    assert cells(raw) == [["H1", "4", "ขอนแก่น"]]
    assert raw.line_numbers.tolist() == [2]
    assert raw.header_row == 1


def test_utf8_with_bom_has_no_bom_in_the_header(tmp_path):
    raw = read_any(write(tmp_path, "hh.csv", "\ufeff" + THAI_HEADER + "H1,4,ขอนแก่น\n"))
    assert raw.encoding == "utf-8-sig"
    assert raw.frame.columns[0] == "รหัสครัวเรือน"


def test_cp874_thai_windows_file(tmp_path):
    path = write(tmp_path, "hh.csv", THAI_HEADER + "H1,4,ขอนแก่น\n", encoding="cp874")
    raw = read_any(path)
    assert raw.encoding == "cp874"
    assert list(raw.frame.columns) == ["รหัสครัวเรือน", "จำนวนสมาชิก", "จังหวัด"]
    assert cells(raw) == [["H1", "4", "ขอนแก่น"]]


def test_encoding_argument_overrides_detection(tmp_path):
    path = write(tmp_path, "hh.csv", THAI_HEADER + "H1,4,ขอนแก่น\n", encoding="tis-620")
    assert read_any(path, encoding="tis-620").frame.iloc[0, 2] == "ขอนแก่น"
    with pytest.raises(ReadError, match="cannot be decoded as utf-8"):
        read_any(path, encoding="utf-8")
    with pytest.raises(ReadError, match="unknown encoding"):
        read_any(path, encoding="klingon")


def test_utf16_unicode_text_from_excel(tmp_path):
    raw = read_any(write(tmp_path, "hh.txt", "hh_id\tmembers\nH1\t4\n", encoding="utf-16"))
    assert raw.encoding == "utf-16"
    assert raw.delimiter == "\t"
    assert cells(raw) == [["H1", "4"]]


def test_mixed_encodings_are_an_error_not_mojibake(tmp_path):
    data = "hh_id,name\nH1,ก\n".encode() + b"H2," + "ข".encode("cp874") + b"\n"
    with pytest.raises(ReadError, match="mixed encodings") as err:
        read_any(write(tmp_path, "hh.csv", data))
    assert err.value.line == 3


# --- delimiters -------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
def test_delimiter_is_detected(tmp_path, delimiter):
    text = delimiter.join(["hh_id", "members", "round_be"]) + "\n"
    text += delimiter.join(["H1", '"1,234"' if delimiter != "," else "1", "2564"]) + "\n"
    raw = read_any(write(tmp_path, "hh.csv", text))
    assert raw.delimiter == delimiter
    assert list(raw.frame.columns) == ["hh_id", "members", "round_be"]
    assert len(raw.frame.columns) == 3


def test_semicolon_file_with_decimal_commas_in_cells(tmp_path):
    raw = read_any(write(tmp_path, "hh.csv", "hh_id;lat;lon\nH1;16,43;103,5\nH2;16,4;103,1\n"))
    assert raw.delimiter == ";"
    assert cells(raw) == [["H1", "16,43", "103,5"], ["H2", "16,4", "103,1"]]


def test_wrong_delimiter_is_a_clear_error(tmp_path):
    path = write(tmp_path, "hh.csv", "hh_id;members;round_be\nH1;4;2564\n")
    with pytest.raises(ReadError, match=r"wrong delimiter\?") as err:
        read_any(path, delimiter=",")
    assert err.value.line == 1
    assert "';'" in err.value.message


def test_wrong_delimiter_detected_without_a_hint(tmp_path):
    # header typed with semicolons, rows exported with commas
    path = write(tmp_path, "hh.csv", "hh_id;members;round_be\nH1,4,2564\nH2,5,2564\nH3,3,2564\n")
    with pytest.raises(ReadError, match=r"wrong delimiter\?"):
        read_any(path)


# --- broken files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"\n\n   \n", "\ufeff".encode()])
def test_empty_file(tmp_path, data):
    with pytest.raises(ReadError, match="empty"):
        read_any(write(tmp_path, "hh.csv", data))


def test_header_only_reads_as_no_rows(tmp_path):
    raw = read_any(write(tmp_path, "hh.csv", "hh_id,members\n"))
    assert list(raw.frame.columns) == ["hh_id", "members"]
    assert len(raw) == 0
    assert raw.line_numbers.tolist() == []


def test_header_without_newline(tmp_path):
    raw = read_any(write(tmp_path, "hh.csv", "hh_id,members"))
    assert list(raw.frame.columns) == ["hh_id", "members"] and len(raw) == 0


def test_truncated_last_line_names_the_line(tmp_path):
    path = write(tmp_path, "hh.csv", 'hh_id,members,note\nH1,4,ok\nH2,5,"cut here')
    with pytest.raises(ReadError, match="truncated or a quote") as err:
        read_any(path)
    assert err.value.line == 3


def test_unclosed_quote_in_a_large_file(tmp_path):
    body = "".join(f"H{i},4\n" for i in range(40_000))
    path = write(tmp_path, "hh.csv", 'hh_id,members\nH0,"4\n' + body)
    with pytest.raises(ReadError, match="never closed") as err:
        read_any(path)
    assert err.value.line == 2


def test_ten_megabyte_single_line_is_refused(tmp_path):
    """How fast: bench/bench_readers.py."""
    path = write(tmp_path, "blob.csv", b"x" * 10_000_000)
    with pytest.raises(ReadError, match="without a line break") as err:
        read_any(path)
    assert err.value.line == 1


def test_ten_megabyte_single_line_of_cells_is_refused(tmp_path):
    path = write(tmp_path, "blob.csv", b"1," * 5_000_000)
    with pytest.raises(ReadError, match="without a line break") as err:
        read_any(path)
    assert err.value.line == 1


def test_missing_and_foreign_files(tmp_path):
    with pytest.raises(ReadError, match="not found"):
        read_any(tmp_path / "nope.csv")
    with pytest.raises(ReadError, match=r"\.xls format"):
        read_any(write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100))
    with pytest.raises(ReadError, match=r"not a \.xlsx"):
        read_any(write(tmp_path, "fake.xlsx", "hh_id\nH1\n"))
    with pytest.raises(ReadError, match="cannot be decoded"):
        read_any(write(tmp_path, "bin.csv", bytes(range(256)) * 10))


def test_nul_byte_is_reported(tmp_path):
    with pytest.raises(ReadError, match="NUL") as err:
        read_any(write(tmp_path, "hh.csv", b"hh_id,members\nH1,4\nH2\x00,5\n"))
    assert err.value.line == 3


# --- rows and lines ---------------------------------------------------------------------------------


def test_title_rows_blank_lines_and_multiline_cells_keep_real_line_numbers(tmp_path):
    text = (
        "รายงานข้อมูล จปฐ. ปี 2564\n"  # 1 title
        "\n"  # 2
        "hh_id,members,round_be,note\n"  # 3 header
        "H1,4,2564,ok\n"  # 4
        "\n"  # 5 blank
        'H2,5,2564,"two\nlines"\n'  # 6-7
        "H3,3,2564,x\n"  # 8
        ",,,\n"  # 9 empty cells only
    )
    raw = read_any(write(tmp_path, "hh.csv", text))
    assert raw.header_row == 3
    assert raw.rows_above_header == 1
    assert raw.frame["hh_id"].tolist() == ["H1", "H2", "H3"]
    assert raw.line_numbers.tolist() == [4, 6, 8]
    assert raw.frame["note"].tolist()[1] == "two\nlines"


def test_explicit_header_row(tmp_path):
    raw = read_any(write(tmp_path, "hh.csv", "a,b\nc,d\n1,2\n"), header_row=2)
    assert list(raw.frame.columns) == ["c", "d"] and raw.line_numbers.tolist() == [3]


def test_ragged_rows_are_kept_and_reported(tmp_path):
    text = "hh_id,members,round_be\nH1,4,2564,extra\nH2,4\nH3,4,2564,,\n"
    raw = read_any(write(tmp_path, "hh.csv", text))
    assert cells(raw) == [["H1", "4", "2564"], ["H2", "4", ""], ["H3", "4", "2564"]]
    assert [(p.line, "4 cells" in p.reason or "2 cells" in p.reason) for p in raw.problems] == [
        (2, True),
        (3, True),
    ]


def test_formula_and_html_are_kept_as_plain_data(tmp_path):
    text = (
        'hh_id,ชื่อหัวหน้าครัวเรือน,members\nH1,"=HYPERLINK(""http://evil"",""click"")",4\n'
        "H2,<script>alert(1)</script>,3\nH3,+66 81,2\nH4,@SUM(A1),1\n"
    )
    raw = read_any(write(tmp_path, "hh.csv", text))
    assert raw.frame["ชื่อหัวหน้าครัวเรือน"].tolist() == [
        '=HYPERLINK("http://evil","click")',
        "<script>alert(1)</script>",
        "+66 81",
        "@SUM(A1)",
    ]


def test_every_cell_is_text_and_missing_is_empty(tmp_path):
    raw = read_any(write(tmp_path, "hh.csv", "hh_id,members,lat\n007,04,\nH2,,16.50\n"))
    assert cells(raw) == [["007", "04", ""], ["H2", "", "16.50"]]
    assert all(isinstance(v, str) for row in cells(raw) for v in row)


def test_national_ids_hidden_by_safe_text():
    assert "1101700203450" not in safe_text("id 1101700203450 here")
    assert "1-1017-00203-45-0" not in safe_text("1-1017-00203-45-0")
    assert safe_text("46010103") == "46010103"


# --- chunks -----------------------------------------------------------------------------------------


def test_iter_chunks_200k_rows_have_the_right_line_numbers(tmp_path):
    n = 200_000
    lines = ["ข้อมูลครัวเรือน ปี 2564", "hh_id,members,note"]  # title on line 1, header on 2
    for i in range(n):
        lines.append(f"H{i},{i % 9 + 1},x")
    lines.insert(1000, "")  # a blank line 1001 moves every later row down by one
    path = write(tmp_path, "big.csv", "\n".join(lines) + "\n")
    chunks = list(iter_chunks(path, chunksize=50_000))  # how fast: bench/bench_readers.py
    assert [len(c) for c in chunks] == [50_000] * 4
    numbers = np.concatenate([c.line_numbers for c in chunks])
    ids = pd.concat([c.frame["hh_id"] for c in chunks]).tolist()
    assert ids[0] == "H0" and numbers[0] == 3
    assert numbers[997] == 1000 and ids[997] == "H997"
    assert numbers[998] == 1002 and ids[998] == "H998"  # after the blank line 1001
    assert numbers[-1] == n + 3
    expected = np.arange(3, n + 3) + (np.arange(n) >= 998)
    assert (numbers == expected).all()
    assert all(c.header_row == 2 for c in chunks)


def test_iter_chunks_of_header_only_file_yields_one_empty_chunk(tmp_path):
    chunks = list(iter_chunks(write(tmp_path, "hh.csv", "hh_id,members\n"), chunksize=10))
    assert len(chunks) == 1 and len(chunks[0]) == 0


# --- Excel and Parquet ------------------------------------------------------------------------------


def make_workbook(path: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "คำอธิบาย"
    notes.append(["ไฟล์นี้เป็นข้อมูล จปฐ."])
    notes.append(["ติดต่อ: อบต."])
    data = wb.create_sheet("ข้อมูล")
    data["A1"] = "รายงานข้อมูลครัวเรือน จปฐ. ปี 2564 อำเภอเมืองกาฬสินธุ์"
    data.merge_cells("A1:F1")
    data["A2"] = "ข้อมูล ณ วันที่ 1 พ.ค. 2564"
    data.append(["รหัสครัวเรือน", "จำนวนสมาชิก", "รหัสจังหวัด", "รายได้ต่อหัว", "ชื่อ", "วันที่สำรวจ"])
    import datetime as dt

    data.append(["H1", 4, 46, 30000.5, '=HYPERLINK("http://evil","x")', dt.datetime(2021, 5, 1)])
    data.append([])
    data.append(["H2", 5, "46", None, "<b>สมชาย</b>"])
    data.append(["H3", 3.0, 46])
    data.cell(row=7, column=3).number_format = "0000"
    wb.save(path)
    return path


def test_xlsx_picks_the_sheet_with_a_header_below_a_title(tmp_path):
    raw = read_any(make_workbook(tmp_path / "book.xlsx"))
    assert raw.format == "xlsx"
    assert raw.sheet == "ข้อมูล"
    assert raw.header_row == 3
    assert raw.source == "book.xlsx (sheet ข้อมูล)"
    assert list(raw.frame.columns) == [
        "รหัสครัวเรือน",
        "จำนวนสมาชิก",
        "รหัสจังหวัด",
        "รายได้ต่อหัว",
        "ชื่อ",
        "วันที่สำรวจ",
    ]
    assert raw.line_numbers.tolist() == [4, 6, 7]
    assert cells(raw) == [
        ["H1", "4", "46", "30000.5", '=HYPERLINK("http://evil","x")', "2021-05-01"],
        ["H2", "5", "46", "", "<b>สมชาย</b>", ""],
        ["H3", "3", "0046", "", "", ""],
    ]
    assert raw.problems == []


def test_xlsx_sheet_by_name_or_position(tmp_path):
    path = make_workbook(tmp_path / "book.xlsx")
    first = read_any(path, sheet=0)
    assert first.sheet == "คำอธิบาย" and cells(first) == [["ติดต่อ: อบต."]]
    assert read_any(path, sheet="ข้อมูล").line_numbers.tolist() == [4, 6, 7]
    with pytest.raises(ReadError, match="no sheet named"):
        read_any(path, sheet="Sheet9")
    with pytest.raises(ReadError, match="no sheet number"):
        read_any(path, sheet=5)


def test_xlsx_in_chunks(tmp_path):
    chunks = list(iter_chunks(make_workbook(tmp_path / "book.xlsx"), chunksize=2))
    assert [c.line_numbers.tolist() for c in chunks] == [[4, 6], [7]]


def test_damaged_xlsx(tmp_path):
    with pytest.raises(ReadError, match="Excel"):
        read_any(write(tmp_path, "bad.xlsx", b"PK\x03\x04" + b"junk" * 50))


@pytest.mark.parametrize("sector_size", [512, 4096])
def test_a_workbook_saved_with_a_password_is_named_so(tmp_path, sector_size):
    """Excel keeps such a workbook in the same kind of container as an old .xls: say which."""
    with pytest.raises(ReadError) as info:
        read_any(encrypted_workbook(tmp_path / "locked.xlsx", sector_size))
    assert str(info.value).startswith("locked.xlsx: the workbook is protected with a password")
    assert ".xls format" not in str(info.value) and "remove the password" in str(info.value)
    with pytest.raises(ReadError, match=r"old Excel \.xls format"):  # a real .xls still is one
        read_any(write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600))


DAMAGED = {
    "incomplete": "the Excel workbook is damaged or incomplete (cut short when it was copied",
    "corrupt data": "the Excel workbook is damaged or incomplete (cut short when it was copied",
    "part missing": "the Excel workbook is damaged: its part xl/workbook.xml is missing",
    "no sheet": "the Excel workbook is damaged: it has no sheet",
    "contents unreadable": "the Excel workbook is damaged: its contents cannot be read",
    "sheet broken off": "the Excel workbook is damaged: sheet 'ข้อมูล' cannot be read after row",
}


def test_a_damaged_workbook_says_what_is_wrong_and_where_never_the_exception(tmp_path):
    for what, path in damaged_workbooks(tmp_path).items():
        with pytest.raises(ReadError) as info:
            read_any(path)
        error = info.value
        assert error.message.startswith(DAMAGED[what]), (what, error.message)
        assert error.message.endswith(
            "open it in Excel and save it again, or save it as CSV (UTF-8)"
        )
        assert not re.search(r"BadZip|KeyError|ParseError|zlib|Error\b|\berror\b", str(error))
        if what == "sheet broken off":  # where it broke: the row after the last one read
            last = int(re.search(r"after row ([\d,]+)", error.message)[1].replace(",", ""))
            assert 100 < last < 301 and error.line == last + 1


def test_parquet_cells_become_text(tmp_path):
    path = tmp_path / "hh.parquet"
    pd.DataFrame(
        {
            "hh_id": ["H1", None],
            "province_code": [46.0, 40.0],
            "members": [4, 5],
            "welfare_card": [True, None],
            "lat": [16.43, None],
        }
    ).to_parquet(path)
    raw = read_any(path)
    assert raw.format == "parquet"
    assert cells(raw) == [["H1", "46", "4", "true", "16.43"], ["", "40", "5", "", ""]]
    assert raw.line_numbers.tolist() == [2, 3]
    assert [len(c) for c in iter_chunks(path, chunksize=1)] == [1, 1]


def test_utf16_without_bom(tmp_path):
    raw = read_any(write(tmp_path, "hh.txt", "hh_id\tmembers\nH1\t4\n", encoding="utf-16-le"))
    assert raw.encoding == "utf-16-le" and cells(raw) == [["H1", "4"]]


def test_decode_error_names_the_exact_line(tmp_path):
    text = "hh_id,name\n" + "".join(f"H{i},x\n" for i in range(5000)) + "H,"
    path = write(tmp_path, "hh.csv", text.encode() + "ก".encode("cp874") + b"\n")
    with pytest.raises(ReadError, match="cannot be decoded as utf-8") as err:
        read_any(path, encoding="utf-8")
    assert err.value.line == 5002


# --- the pyarrow fast path reads exactly what the csv module reads ---------------------------------

TRICKY = (
    "title line\r\n"
    "hh_id,members,note\r\n"
    'H1,4,"a, with comma"\r\n'
    '"H2",5,"say ""hi"""\r\n'
    "\r\n"
    ",,\r\n"
    'H3,6,"two\r\nlines"\r\n'
    "  ,  ,  \r\n"
    "H4,7,ข้อความไทย\r\n"
    "H5,8\r\n"
    "H6,9,x,extra\r\n"
    'H7,1,=HYPERLINK("x")\r\n'
    'H8,2,"<b>bold</b>"\r'
    "H9,3,old mac line end\r\n"
    + "".join(f"G{i},{i % 9},row {i}\n" for i in range(40))
    + "G-last,1,no newline at the end"
)


@pytest.mark.parametrize("chunksize", [None, 1, 3, 7, 1000])
@pytest.mark.parametrize("encoding", ["utf-8", "cp874"])
def test_fast_and_slow_csv_paths_agree(tmp_path, monkeypatch, chunksize, encoding):
    import data.read_csv as read_csv

    path = write(tmp_path, "tricky.csv", TRICKY, encoding=encoding)
    fast = list(iter_chunks(path, chunksize=chunksize))
    monkeypatch.setattr(read_csv, "_fast_block", lambda *a, **k: None)
    slow = list(iter_chunks(path, chunksize=chunksize))
    assert [len(c) for c in fast] == [len(c) for c in slow]
    if chunksize:
        assert all(len(c) <= chunksize for c in fast[:-1]) and all(len(c) for c in fast)
    for a, b in zip(fast, slow, strict=True):
        assert cells(a) == cells(b)
        assert a.line_numbers.tolist() == b.line_numbers.tolist()
        assert a.problems == b.problems
    whole = read_any(path)
    assert whole.line_numbers.tolist()[:9] == [3, 4, 7, 10, 11, 12, 13, 14, 15]
    assert cells(whole)[2] == ["H3", "6", "two\r\nlines"]
    assert cells(whole)[6] == ["H7", "1", '=HYPERLINK("x")']
    assert cells(whole)[8] == ["H9", "3", "old mac line end"]
    assert cells(whole)[-1] == ["G-last", "1", "no newline at the end"]
    assert [p.line for p in whole.problems] == [11, 12]


def test_a_long_line_is_caught_in_any_block(tmp_path):
    rows = "".join(f"H{i},1,x\n" for i in range(3000))
    path = write(
        tmp_path, "long.csv", "hh_id,members,note\n" + rows + "H,1," + "y" * 1_200_000 + "\n"
    )
    with pytest.raises(ReadError, match="line 3,002"):
        list(iter_chunks(path, chunksize=500))
