"""Which areas a map or picker takes, and what a map's classes count: known answers."""

from __future__ import annotations

import pandas as pd

from geo import boundaries, codes
from geo.area_style import class_counts

SUBDISTRICTS = pd.DataFrame(
    {
        # 460199 is an older polygon code whose hosted codes are now in district 4602
        "code": ["460101", "460199", "460201", "470101"],
        "district_code": ["4601", "4602", "4602", "4701"],
    }
)


def test_subdistrict_polygons_are_taken_by_their_current_district():
    assert boundaries.polygons_in(SUBDISTRICTS, "subdistrict", "4602")["code"].tolist() == [
        "460199",
        "460201",
    ]
    assert boundaries.polygons_in(SUBDISTRICTS, "subdistrict", "46")["code"].tolist() == [
        "460101",
        "460199",
        "460201",
    ]


def test_other_levels_by_code_and_no_scope_keeps_all():
    districts = pd.DataFrame({"code": ["4601", "4602", "4701"]})
    assert boundaries.polygons_in(districts, "district", "47")["code"].tolist() == ["4701"]
    assert boundaries.polygons_in(districts, "district", None) is districts
    assert boundaries.polygons_in(SUBDISTRICTS, "subdistrict", "") is SUBDISTRICTS


def test_picker_offers_every_province_and_the_data_provinces_areas_in_level_order():
    table = codes.area_table()
    got = codes.picker_areas(table, ["46"])
    levels = got["level"].tolist()
    assert levels == sorted(levels, key=["province", "district", "subdistrict"].index)
    assert (got["level"] == "province").sum() == 77
    below = got[got["level"] != "province"]
    assert below["code"].str.startswith("46").all()
    assert len(below) == ((table["code"].str[:2] == "46") & (table["level"] != "province")).sum()
    for level in ("province", "district", "subdistrict"):
        shown = got.loc[got["level"] == level, "code"].tolist()
        assert shown == sorted(shown)
    assert (codes.picker_areas(table, [])["level"] == "province").all()


def test_class_counts_of_a_style_payload():
    assert class_counts("0123") == (4, 4, 0)
    assert class_counts("0nss1n") == (6, 2, 2)
    assert class_counts("") == (0, 0, 0)
