"""geo.codes: DOPA code normalisation, hierarchy, geothai names and the HDX reconciliation."""

from __future__ import annotations

import numpy as np
import pytest
from geothai.abolished import abolished_areas

from geo import codes

#: shared/boundaries/README.md: current DOPA code -> HDX polygon that holds it.
README_RECONCILIATION = {
    "100910": "100905",
    "101406": "101401",
    "102602": "102601",
    "103402": "103401",
    "103403": "103401",
    "104402": "104401",
    "104403": "104401",
    "104702": "104701",
    "104703": "104701",
    "105002": "105001",
    "105003": "105001",
    "105004": "105001",
    "105005": "105001",
    "530407": "530306",
}
HDX_ONLY = {"104701", "105001", "530306"}


@pytest.mark.parametrize(
    ("value", "level", "expected"),
    [
        ("TH10", "province", "10"),
        ("th1001", "district", "1001"),
        (" TH100101\n", "subdistrict", "100101"),
        ("Th530407", "subdistrict", "530407"),
        (10, "province", "10"),
        (100101, "subdistrict", "100101"),
        (np.int64(1001), "district", "1001"),
        (10.0, "province", "10"),
        ("10010101", "village", "10010101"),
        ("๑๐", "province", "10"),
        ("๑๐๐๑๐๑", "subdistrict", "100101"),
        ("TH๕๓๐๔๐๗", "subdistrict", "530407"),
        # leading zeros lost by a numeric column come back by padding to the level's width
        (1, "province", "01"),
        ("701", "district", "0701"),
        (9, "village", "00000009"),
    ],
)
def test_normalize_code(value, level, expected):
    assert codes.normalize_code(value, level) == expected


@pytest.mark.parametrize(
    ("value", "level", "fragment"),
    [
        ("", "province", "no digits"),
        ("TH", "province", "no digits"),
        ("10a", "province", "only digits"),
        ("10-01", "district", "only digits"),
        ("1O", "province", "only digits"),  # letter O
        ("١٠", "province", "only digits"),  # Arabic-Indic digits are not Thai digits
        ("100", "province", "3 digits, a province code has 2"),
        (1001011, "subdistrict", "7 digits"),
        (-10, "province", "negative"),
        (10.5, "province", "not a whole number"),
        (None, "province", "not a province code"),
        (True, "province", "not a province code"),
        (["10"], "province", "expected a string or an integer"),
    ],
)
def test_normalize_code_rejects(value, level, fragment):
    with pytest.raises(codes.CodeError, match=fragment):
        codes.normalize_code(value, level)


def test_code_error_is_a_value_error_and_names_value_and_level():
    with pytest.raises(ValueError, match=r"'12345' is not a district code"):
        codes.normalize_code("12345", "district")
    with pytest.raises(codes.CodeError, match="unknown level"):
        codes.normalize_code("10", "region")  # type: ignore[arg-type]


def test_level_and_parent():
    assert [codes.level_of(c) for c in ("10", "1001", "100101", "10010101")] == [
        "province",
        "district",
        "subdistrict",
        "village",
    ]
    assert codes.parent_code("10") is None
    assert codes.parent_code("1001") == "10"
    assert codes.parent_code("100101") == "1001"
    assert codes.parent_code("10010101") == "100101"
    for bad in ("100", "", "1234567890", "TH10", 10):
        with pytest.raises(codes.CodeError):
            codes.level_of(bad)  # type: ignore[arg-type]


def test_area_table_matches_geothai():
    table = codes.area_table()
    assert list(table.columns) == ["code", "level", "name_th", "name_en", "parent_code"]
    assert table["level"].value_counts().to_dict() == {
        "subdistrict": 7436,
        "district": 928,
        "province": 77,
    }
    assert table["code"].is_unique
    assert (table["code"].str.len() == table["level"].map(codes.WIDTH)).all()
    provinces = table[table["level"] == "province"]
    assert provinces["parent_code"].isna().all()
    others = table[table["level"] != "province"]
    assert (others["parent_code"] == others["code"].str[:-2]).all()
    assert set(others["parent_code"]) <= set(table["code"])
    by_code = table.set_index("code")
    assert by_code.loc["10", "name_en"] == "Bangkok"
    assert by_code.loc["7701", "name_th"] == "เมืองประจวบคีรีขันธ์"  # HDX cuts it to 16 chars
    assert by_code.loc["501805", "name_th"] == "แม่หลอง"  # HDX: สบโขง
    assert by_code.loc["530407", "parent_code"] == "5304"


def test_area_table_is_a_fresh_copy():
    first = codes.area_table()
    first.loc[0, "name_en"] = "changed"
    assert codes.area_table().loc[0, "name_en"] == "Bangkok"


def test_is_valid_code():
    assert codes.is_valid_code("TH10", "province")
    assert codes.is_valid_code(1001, "district")
    assert codes.is_valid_code("๑๐๐๑๐๑", "subdistrict")
    assert codes.is_valid_code("530407", "subdistrict")
    assert not codes.is_valid_code("99", "province")
    assert not codes.is_valid_code("530306", "subdistrict")  # retired
    assert not codes.is_valid_code("1001", "province")  # too many digits for a province
    assert not codes.is_valid_code("abc", "district")
    assert codes.is_valid_code("10010101", "village")
    assert not codes.is_valid_code("10010100", "village")  # village number 00
    assert not codes.is_valid_code("99010101", "village")


def test_reconciliation_table_is_the_readme_table():
    assert codes.SUBDISTRICT_POLYGON == README_RECONCILIATION
    assert set(codes.RETIRED_POLYGONS) == HDX_ONLY
    for new, polygon in README_RECONCILIATION.items():
        assert codes.polygon_for_subdistrict(new) == polygon
        assert codes.is_valid_code(new, "subdistrict")
        assert new in codes.current_codes_for_polygon(polygon)


def test_retired_polygons_agree_with_geothai_abolished_list():
    abolished = {a.code: a for a in abolished_areas()}
    for code, successors in codes.RETIRED_POLYGONS.items():
        assert abolished[code].successors == successors
        assert codes.current_codes_for_polygon(code) == successors
        assert codes.polygon_for_subdistrict(code) == code  # old records can still be placed


def test_polygon_lookup_examples():
    assert codes.polygon_for_subdistrict("100101") == "100101"
    assert codes.polygon_for_subdistrict(100910) == "100905"
    assert codes.current_codes_for_polygon("104701") == ("104702", "104703")
    assert codes.current_codes_for_polygon("TH100905") == ("100905", "100910")
    assert codes.current_codes_for_polygon("530306") == ("530407",)
    assert codes.current_codes_for_polygon("100101") == ("100101",)
    with pytest.raises(codes.CodeError, match="not a current DOPA subdistrict"):
        codes.polygon_for_subdistrict("999999")
    with pytest.raises(codes.CodeError, match="not the code of a boundary polygon"):
        codes.current_codes_for_polygon("100910")  # a current code, but no polygon of its own


def test_every_current_code_has_exactly_one_polygon():
    current = codes.area_table().query("level == 'subdistrict'")["code"]
    polygons = {codes.polygon_for_subdistrict(c) for c in current}
    assert len(polygons) == 7425  # = the HDX ADM3 polygon count
    identity = [c for c in current if codes.polygon_for_subdistrict(c) == c]
    assert len(identity) == 7422
    hosted = sorted(c for p in polygons for c in codes.current_codes_for_polygon(p))
    assert hosted == sorted(current)
