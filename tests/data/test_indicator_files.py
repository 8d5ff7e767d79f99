"""Area-indicator files as people have them: a province column (names as typed) and a value
column import after the household import's header mapping, with the missing metadata given
as options; bad names are reported by file, line and column in Thai and English; every area
gets its rank on the indicator."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from analysis.sites import area_ranks
from data import sites, store
from data.importer import ImportFailed
from povmap.i18n.reasons_th import thai_message, thai_reason
from query import sites_read


def green_meta() -> sites.IndicatorMeta:
    """What the import form asks for a file that gives only areas and values."""
    return sites.IndicatorMeta(
        name_th="พื้นที่สีเขียวต่อคน",
        unit="ตร.ม./คน",
        period="2566",
        source="สำนักงานสถิติแห่งชาติ",
        higher_is_better=True,
    )


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = store.connect(":memory:")
    yield con
    con.close()


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def stored(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    return dict(con.execute("SELECT area_code, value FROM area_indicators").fetchall())


def test_a_plain_thai_file_previews_its_columns_then_imports_with_the_form_metadata(con, tmp_path):
    path = write(
        tmp_path,
        "green.csv",
        'จังหวัด,ค่า\nจ.กาฬสินธุ์,12.5\nขอนแก่น ,"1,234"\nมหาสารคาม,๗\n',
    )
    file = sites.read_indicator_file(path)
    assert file.columns.mapped == [("จังหวัด", "province_name"), ("ค่า", "value")]
    assert file.headers == {"province_name": "จังหวัด", "value": "ค่า"}
    assert {"indicator", "name_th", "period", "source", "higher_is_better"} <= set(file.needs)
    assert file.has_area and not file.problems()
    result = sites.import_indicators(con, path, report_dir=tmp_path, meta=green_meta())
    assert result.records == 3
    assert stored(con) == {"46": 12.5, "40": 1234.0, "44": 7.0}
    d = sites_read.indicator_definitions(con).iloc[0]
    assert (d["name_th"], d["unit"], bool(d["higher_is_better"])) == (
        "พื้นที่สีเขียวต่อคน",
        "ตร.ม./คน",
        True,
    )
    assert d["indicator"] == sites.default_code("พื้นที่สีเขียวต่อคน", None)
    values = sites_read.indicator_values(con, d["indicator"], latest=False)
    assert set(values["period_be"]) == {2566} and set(values["level"]) == {"province"}


@pytest.mark.parametrize("typed", ["จ.กาฬสินธุ์", "Kalasin", "กาฬสินธุ์ ", "จังหวัดกาฬสินธุ์"])
def test_province_names_as_people_type_them(con, tmp_path, typed):
    path = write(tmp_path, "one.csv", f"province,value\n{typed},4\nKhon Kaen,5\n")
    sites.import_indicators(con, path, report_dir=tmp_path, meta=green_meta())
    assert stored(con) == {"46": 4.0, "40": 5.0}


def test_a_plain_english_file_takes_name_unit_and_code_from_its_value_header(con, tmp_path):
    path = write(
        tmp_path,
        "green-en.csv",
        "Province,Green area per person (m²)\nKalasin,3.5\nKhon Kaen,4\n",
    )
    file = sites.read_indicator_file(path)
    assert file.columns.mapped == [
        ("Province", "province_name"),
        ("Green area per person (m²)", "value"),
    ]
    assert ("value", "'Green area per person (m²)' (the only other column of numbers)") in (
        file.columns.derived
    )
    assert (file.hints.name_en, file.hints.unit, file.hints.indicator) == (
        "Green area per person",
        "m²",
        "green_area_per_person",
    )
    meta = sites.IndicatorMeta(period="2023", source="NSO", higher_is_better=True)
    sites.import_indicators(con, path, report_dir=tmp_path, meta=meta)
    d = sites_read.indicator_definitions(con).set_index("indicator").loc["green_area_per_person"]
    assert (d["name_en"], d["name_th"], d["unit"]) == (
        "Green area per person",
        "Green area per person",  # no Thai name given: the English one stands in
        "m²",
    )
    values = sites_read.indicator_values(con, "green_area_per_person")
    assert values[["area_code", "period_be", "value"]].values.tolist() == [
        ["40", 2566, 4.0],
        ["46", 2566, 3.5],
    ]


def test_thai_headers_for_code_year_source_and_direction_map_like_the_household_import(
    con, tmp_path
):
    path = write(
        tmp_path,
        "full.csv",
        "แบบรายงานตัวชี้วัด\n"
        "รหัสจังหวัด,ชื่อตัวชี้วัด,หน่วย,ปี,ค่าตัวชี้วัด,แหล่งข้อมูล,ค่ามากดีกว่า\n"
        "๔๖,ขยะที่จัดการได้,ร้อยละ,2022,55,กรมควบคุมมลพิษ,ไม่ใช่\n"
        "40,ขยะที่จัดการได้,ร้อยละ,2022,60,กรมควบคุมมลพิษ,ไม่ใช่\n",
    )
    file = sites.read_indicator_file(path)
    assert file.header_line == 2
    assert file.headers["area_code"] == "รหัสจังหวัด" and file.headers["period"] == "ปี"
    assert "higher_is_better" not in file.needs and "period" not in file.needs
    sites.import_indicators(
        con, path, report_dir=tmp_path, meta=sites.IndicatorMeta(indicator="waste")
    )
    assert stored(con) == {"46": 55.0, "40": 60.0}
    assert not bool(sites_read.indicator_definitions(con).iloc[0]["higher_is_better"])
    ranks = sites_read.indicator_values(con, "waste").set_index("area_code")["rank"]
    assert ranks.to_dict() == {"40": 2, "46": 1}  # lower is better, from the file


def test_bad_names_are_reported_by_file_line_and_column_in_thai_and_english(con, tmp_path):
    path = write(
        tmp_path,
        "bad.csv",
        "จังหวัด,ค่า\nกาฬสินธุ์,1\nกาฬสินธ์,2\nAtlantis,3\n",
    )
    with pytest.raises(ImportFailed) as failed:
        sites.import_indicators(con, path, report_dir=tmp_path, meta=green_meta())
    problems = {(p.file, p.line, p.column): p for p in failed.value.problems}
    assert set(problems) == {("bad.csv", 3, "จังหวัด"), ("bad.csv", 4, "จังหวัด")}
    typo = problems[("bad.csv", 3, "จังหวัด")]
    assert typo.value == "กาฬสินธ์"
    assert "unknown province name 'กาฬสินธ์'" in typo.reason and "46 กาฬสินธุ์" in typo.reason
    assert thai_reason(typo.reason) == "ไม่รู้จักชื่อจังหวัด 'กาฬสินธ์': หมายถึง 46 กาฬสินธุ์ ใช่หรือไม่"
    message = str(failed.value)
    assert "bad.csv: line 4, column จังหวัด: unknown province name 'Atlantis'" in message
    thai = thai_message(message, [p.reason for p in failed.value.problems])
    assert "bad.csv: บรรทัด 4, คอลัมน์ จังหวัด: ไม่รู้จักชื่อจังหวัด 'Atlantis'" in thai
    assert stored(con) == {}  # nothing imported
    assert failed.value.report is not None and failed.value.report.exists()


def test_missing_metadata_is_asked_for_not_refused_as_missing_columns(con, tmp_path):
    path = write(tmp_path, "plain.csv", "จังหวัด,ค่า\nกาฬสินธุ์,1\n")
    with pytest.raises(ImportFailed) as failed:
        sites.import_indicators(con, path, report_dir=tmp_path)
    missing = {p.column for p in failed.value.problems if p.line == 1}
    assert missing == {"indicator", "indicator_name_th", "period", "source"}
    # the same file with the form's answers imports
    sites.import_indicators(con, path, report_dir=tmp_path, meta=green_meta())
    assert stored(con) == {"46": 1.0}


def test_the_value_column_is_named_when_several_columns_hold_numbers(con, tmp_path):
    path = write(tmp_path, "two.csv", "จังหวัด,2565,2566\nกาฬสินธุ์,1,2\nขอนแก่น,3,4\n")
    file = sites.read_indicator_file(path)
    assert "value" not in file.frame.columns and file.numbers == ["2565", "2566"]
    assert [p.column for p in file.problems()] == ["value"]
    chosen = sites.read_indicator_file(path, value_column="2566")
    assert chosen.headers["value"] == "2566" and chosen.hints.period == "2566"
    meta = sites.IndicatorMeta(name_th="ตัวอย่าง", source="ทดสอบ", higher_is_better=True)
    sites.import_indicators(con, path, report_dir=tmp_path, meta=meta, value_column="2566")
    assert stored(con) == {"46": 2.0, "40": 4.0}
    assert set(sites_read.indicator_values(con)["period_be"]) == {2566}


def test_district_names_are_narrowed_by_the_province_column(con, tmp_path):
    path = write(
        tmp_path,
        "districts.csv",
        "จังหวัด,อำเภอ,ค่า\nกาฬสินธุ์,เมืองกาฬสินธุ์,1\nขอนแก่น,อ.เมืองขอนแก่น,2\n",
    )
    sites.import_indicators(con, path, report_dir=tmp_path, meta=green_meta())
    assert stored(con) == {"4601": 1.0, "4001": 2.0}


# --- ranks --------------------------------------------------------------------------------------------


def test_area_ranks_on_a_hand_made_example():
    import pandas as pd

    values = pd.Series([10.0, 30.0, 10.0, 5.0, None])
    assert area_ranks(values, False).tolist() == [2, 4, 2, 1, pd.NA]
    assert area_ranks(values, True).tolist() == [2, 1, 2, 4, pd.NA]
    assert area_ranks(values, None).isna().all()


@pytest.mark.parametrize(
    ("better", "expected"),
    [(True, {"40": 1, "46": 2, "44": 2, "45": 4}), (False, {"45": 1, "46": 2, "44": 2, "40": 4})],
)
def test_the_imported_indicator_ranks_each_area_by_its_direction(con, tmp_path, better, expected):
    path = write(
        tmp_path,
        "ranked.csv",
        "จังหวัด,ค่า\nกาฬสินธุ์,10\nขอนแก่น,30\nมหาสารคาม,10\nร้อยเอ็ด,5\n",
    )
    meta = sites.IndicatorMeta(
        indicator="ranked", name_th="ทดสอบ", period="2566", source="ทดสอบ", higher_is_better=better
    )
    sites.import_indicators(con, path, report_dir=tmp_path, meta=meta)
    values = sites_read.indicator_values(con, "ranked", level="province")
    assert values.set_index("area_code")["rank"].to_dict() == expected


# --- the command line --------------------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path, monkeypatch, boundary_cache):
    from povmap.cli.sites import import_indicators_command

    monkeypatch.setenv("POVMAP_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("POVMAP_DB", str(tmp_path / "var" / "cli.duckdb"))
    monkeypatch.setenv("POVMAP_CACHE_DIR", str(boundary_cache))
    app = typer.Typer()
    app.command("indicators")(import_indicators_command)
    app.command("noop")(lambda: None)  # two commands: typer keeps the sub-command name
    return app, tmp_path


def test_cli_shows_the_mapping_and_takes_the_missing_metadata_as_options(cli):
    app, tmp_path = cli
    path = write(tmp_path, "plain.csv", "Province,Value\nKalasin,1\nKhon Kaen,2\n")
    runner = CliRunner()
    shown = runner.invoke(app, ["indicators", str(path), "--preview"])
    assert shown.exit_code == 0, shown.output
    assert "Province → province_name" in shown.output and "Value → value" in shown.output
    assert "--year" in shown.output and "--source" in shown.output
    assert not (tmp_path / "var" / "cli.duckdb").exists()  # a preview opens no store
    done = runner.invoke(
        app,
        [
            "indicators",
            str(path),
            "--name-th",
            "ตัวอย่าง",
            "--indicator",
            "sample",
            "--year",
            "2566",
            "--source",
            "ทดสอบ",
            "--lower-is-better",
        ],
    )
    assert done.exit_code == 0, done.output
    assert "2 new" in done.output
    con = store.connect(tmp_path / "var" / "cli.duckdb")
    try:
        ranks = sites_read.indicator_values(con, "sample").set_index("area_code")["rank"]
    finally:
        con.close()
    assert ranks.to_dict() == {"40": 2, "46": 1}
