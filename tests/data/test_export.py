"""data.export, the one writer of every download: formulas defused in every text cell whatever
its dtype, numbers kept numbers, whole numbers as integers, units named, context as columns."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from data import export
from data.importer import report_frame, write_report
from data.problems import Problem

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def hostile_frame() -> pd.DataFrame:
    """The same hostile values in every kind of text column pandas 3 can hold, beside numbers."""
    n = len(HOSTILE)
    index = pd.Index(HOSTILE, name="=label")
    return pd.DataFrame(
        {
            "str": pd.Series(HOSTILE, dtype="str", index=index),
            "object": pd.Series(HOSTILE, dtype=object, index=index),
            "category": pd.Series(HOSTILE, dtype="category", index=index),
            "string": pd.Series(HOSTILE, dtype="string", index=index),
            "mixed": pd.Series([-2, "-2+3", 1.5, None, "ok", "@x"], dtype=object, index=index),
            "number": pd.Series([-2, -1, 0, 1, 2, 3], index=index),
            "=header": ["plain"] * n,
        },
        index=index,
    )


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def runnable(cell: str) -> bool:
    """True for a cell a spreadsheet would run or hide: it starts like a formula and is not a
    plain number (a numeric -2 is written -2 and stays a number)."""
    if not cell.startswith(FORMULA_STARTS):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return cell != cell.strip()


def test_pandas_3_reports_text_as_str():
    # the defect: a test for "object or string*" dtypes skipped every text column of pandas 3
    assert str(pd.Series(["a"]).dtype) == "str"


def test_every_text_cell_is_defused_whatever_its_dtype():
    out = export.defuse_frame(hostile_frame())
    for column in ("str", "object", "category", "string"):
        assert out[column].tolist() == ["'" + v for v in HOSTILE], column
    assert out["mixed"].tolist()[:3] == [-2, "'-2+3", 1.5]
    assert out["mixed"].tolist()[4:] == ["ok", "'@x"]
    assert out["number"].tolist() == [-2, -1, 0, 1, 2, 3]
    assert list(out.index) == ["'" + v for v in HOSTILE]
    assert out.index.name == "'=label" and "'=header" in out.columns


def test_the_written_csv_has_no_cell_a_spreadsheet_would_run():
    text = export.csv_text(hostile_frame(), export.ExportMeta(round_be=2566, metric="=1+1"))
    rows = cells(text)
    assert len(rows) == 1 + len(HOSTILE)  # "\rx" is quoted, so it does not break a line
    assert not [cell for row in rows for cell in row if runnable(cell)]
    assert "-2" in [row[-2] for row in rows]
    back = pd.read_csv(io.StringIO(text), dtype={"str": str})
    assert back["str"].tolist() == ["'" + v for v in HOSTILE]
    assert back["number"].tolist() == [-2, -1, 0, 1, 2, 3]  # numbers stay numbers, -2 stays -2
    assert back["metric"].iloc[0] == "'=1+1"


def test_csv_bytes_has_a_bom_for_excel_and_reads_back_thai():
    data = export.csv_bytes(pd.DataFrame({"name": ["กาฬสินธุ์"]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")["name"].tolist() == ["กาฬสินธุ์"]


def test_excel_output_has_no_formula_cells():
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(hostile_frame())))
    sheet = book.active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    texts = [v for v in values if isinstance(v, str)]
    assert texts and not any(v.startswith(FORMULA_STARTS) for v in texts)
    assert -2 in values


def test_whole_numbers_are_written_as_integers():
    frame = pd.DataFrame(
        {"poor_households": [54.0, None, 3.0], "people": [1.5, 2.0, 3.0], "n": [1, 2, 3]}
    )
    rows = cells(export.csv_text(frame))
    assert rows[1:] == [["54", "1.5", "1"], ["", "2.0", "2"], ["3", "3.0", "3"]]


def test_units_are_named_in_the_header_and_fractions_become_percentages():
    frame = pd.DataFrame(
        {
            "headcount_ratio": [0.25],
            "change_headcount_ratio": [-0.07],
            "mpi_M0": [0.0107],
            "h_bmn_04": [0.04],
            "capital_human": [2.5],
            "กาฬสินธุ์": [54.3],
        }
    )
    table = export.export_table(frame, units={"กาฬสินธุ์": export.PCT})
    assert list(table.columns) == [
        "headcount_ratio_pct",
        "change_headcount_ratio_pp",
        "mpi_M0_index_0_1",
        "h_bmn_04_pct",
        "capital_human_score_1_4",
        "กาฬสินธุ์ (%)",
    ]
    assert table.iloc[0].tolist() == [25, -7, 0.0107, 4, 2.5, 54.3]


def test_metadata_is_constant_leading_columns_and_a_table_column_wins():
    frame = pd.DataFrame({"round_be": [2564, 2565], "poor_households": [1, 2]})
    meta = export.ExportMeta(round_be=2566, rule="af", k=0.2, metric="M0", synthetic=True)
    table = export.export_table(frame, meta)
    assert list(table.columns) == [
        "poor_rule",
        "af_k",
        "metric",
        "synthetic",
        "round_be",
        "poor_households",
    ]
    assert table["round_be"].tolist() == [2564, 2565]  # the rows' own rounds are kept
    assert table["af_k"].tolist() == [0.2, 0.2]
    assert set(export.META_COLUMNS) == {
        "round_be",
        "from_round_be",
        "poor_rule",
        "af_k",
        "metric",
        "synthetic",
    }


def test_a_labelled_index_is_written_and_a_plain_one_is_not():
    assert cells(export.csv_text(pd.DataFrame({"a": [1]})))[0] == ["a"]
    labelled = pd.DataFrame({"a": [1]}, index=pd.Index(["x"], name="site_id"))
    assert cells(export.csv_text(labelled)) == [["site_id", "a"], ["x", "1"]]


@pytest.mark.parametrize("value", HOSTILE)
def test_import_reports_defuse_with_the_same_rule(value, tmp_path):
    problem = Problem(value, 3, value, value, value)
    path = write_report([problem], tmp_path / "r.csv")
    rows = cells(path.read_text(encoding="utf-8-sig"))
    assert rows[0] == ["file", "line", "column", "value", "reason"]
    assert rows[1][1] == "3"
    assert not [cell for cell in rows[1] if runnable(cell)]
    assert report_frame([problem]).iloc[0, 0].startswith("'")


def test_every_measure_of_the_registry_that_is_not_a_count_names_its_unit():
    from analysis.measures import MEASURES

    for key, measure in MEASURES.items():
        header = export.export_table(pd.DataFrame({key: [0.5]})).columns[-1]
        if measure.unit in ("households", "people"):
            assert header == key
        else:
            assert header != key and header.startswith(key + "_"), (key, header)
