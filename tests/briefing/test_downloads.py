"""Geo downloads read back with geopandas with the right features and values; the Excel workbook
carries a metadata sheet; text that starts like a formula is defused in every format."""

from __future__ import annotations

import datetime as dt
import io

import geopandas as gpd
import pandas as pd
import pytest

from briefing.downloads import (
    geo_download,
    geo_table,
    metadata_frame,
    xlsx_with_metadata,
)
from data.export import ExportMeta

META = ExportMeta(rule="tpmap", k=0.2, synthetic=True)
FORMULA = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def table(numbers):
    frame = numbers.round(numbers.latest)[
        ["code", "round_be", "households", "poor_households", "headcount_ratio"]
    ].copy()
    frame["note"] = ["ok"] * len(frame)
    frame.loc[0, "note"] = FORMULA
    return frame


def _read(fmt: str, data: bytes) -> gpd.GeoDataFrame:
    if fmt == "geoparquet":
        return gpd.read_parquet(io.BytesIO(data))
    return gpd.read_file(io.BytesIO(data))


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "geoparquet"])
def test_geo_download_reads_back(numbers, table, fmt):
    back = _read(fmt, geo_download(geo_table(table, numbers.provinces, META), fmt))
    assert len(back) == len(table)
    assert back.crs.to_epsg() == 4326
    back = back.set_index(back["code"].astype(str))
    want = table.set_index("code")
    assert back["poor_households"].astype(int).to_dict() == want["poor_households"].to_dict()
    # written as data.export writes every share: in percent, to 10 decimals
    assert back["headcount_ratio_pct"].to_numpy() == pytest.approx(
        (want["headcount_ratio"] * 100).round(10).to_numpy(), abs=1e-12
    )
    assert back["name_th"].to_dict() == {c: numbers.names[c] for c in want.index}
    assert set(back["poor_rule"]) == {"tpmap"} and set(back["af_k"]) == {0.2}
    assert back.loc[table.loc[0, "code"], "note"] == "'" + FORMULA
    shapes = numbers.provinces.set_index("code").loc[want.index, "geometry"]
    for code, geom in back["geometry"].items():
        assert geom.equals_exact(shapes[code], tolerance=1e-9), code


def test_excel_has_the_metadata_sheet(table):
    metadata = metadata_frame(
        table,
        META,
        vintage="รอบ พ.ศ. 2565",
        source=FORMULA,
        suppression="ปกปิดพื้นที่ที่สำรวจน้อยกว่า 5 ครัวเรือน",
        exported=dt.date(2025, 3, 5),
    )
    data = xlsx_with_metadata(table, META, metadata)
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(sheets) == ["data", "metadata"]
    assert len(sheets["data"]) == len(table)
    assert "headcount_ratio_pct" in sheets["data"].columns
    assert sheets["data"]["note"].iloc[0] == "'" + FORMULA
    rows = dict(zip(sheets["metadata"]["รายการ"], sheets["metadata"]["ค่า"], strict=True))
    assert rows["นิยามคนจน"] == "tpmap"
    assert rows["เกณฑ์ k (Alkire–Foster)"] == 0.2
    assert rows["ข้อมูลสังเคราะห์"] == "ใช่"
    assert rows["แหล่งข้อมูล"] == "'" + FORMULA  # defused
    assert rows["ส่งออกเมื่อ"] == "5 มีนาคม พ.ศ. 2568"
    assert "ไม่ผ่านเกณฑ์ จปฐ." in rows["คอลัมน์ headcount_ratio_pct"]
    assert "คอลัมน์ note" not in rows  # no definition for a column that is no measure
