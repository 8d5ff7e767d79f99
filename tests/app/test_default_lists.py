"""The household, village and product pages open on a list of the sidebar's area (not an empty
search box): households with the most failed BMN indicators, villages by poor households, the
area's products; a click on a row opens the profile or label. Also the livable-city import:
upload a plain province file, see how its headers are read, answer the form, see the ranks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.capitals import LEVEL_LABELS
from data import sites, store
from data.schema import BMN_CODES, table
from geo.maps import format_number
from povmap import rules, settings
from povmap.i18n import t
from query import sites_read
from query.areas import area_stats
from tests import roles

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run(page: str, query: dict[str, str], role: str | None = None) -> AppTest:
    """``page`` as ``role`` (default: the demo account the page is listed for)."""
    at = roles.sign_in(AppTest.from_file(APP, default_timeout=120), role or roles.role_for(page))
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def click(at: AppTest, key: str, row: int = 0) -> AppTest:
    """A click on a row of a selectable table (its selection state, as the browser sends it)."""
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def shown(at: AppTest, prefix: str):
    tables = [d for d in at.dataframe if d.key and d.key.startswith(prefix)]
    assert len(tables) == 1, [d.key for d in at.dataframe]
    return tables[0]


def texts(at: AppTest) -> str:
    return "\n".join(
        str(e.value) for kind in ("markdown", "caption", "info") for e in getattr(at, kind)
    )


@pytest.fixture(scope="module")
def kalasin(demo_store):
    con = store.connect(demo_store)
    try:
        households = con.execute(  # the test's own oracle reads the ID hash the app never shows
            "SELECT hh_id, village_code, main_cause, head_id_hash, "
            + ", ".join(BMN_CODES)
            + " FROM households WHERE round_be = 2564 AND province_code = '46'"
        ).df()
        rule = rules.poor_rule(settings.get("POVMAP_POOR_RULE"), settings.get("POVMAP_AF_K"))
        villages = con.execute(
            "SELECT village_code FROM villages WHERE village_code LIKE '46%'"
        ).df()
        stats = area_stats(con, "village", round_be=2564, area="46", rule=rule)
        provinces = area_stats(con, "province", round_be=2564)
        products = sites_read.products_frame(con, area="46")
        hashes = con.execute(
            "SELECT head_id_hash FROM households WHERE head_id_hash IS NOT NULL"
        ).fetchall()
    finally:
        con.close()
    households["failed"] = (households[list(BMN_CODES)] == 0).sum(axis=1)
    households = households.sort_values(["failed", "hh_id"], ascending=[False, True])
    villages = villages.merge(
        stats.rename(columns={"code": "village_code"}), on="village_code", how="left"
    ).fillna({"poor_households": 0, "households": 0})
    villages = villages.sort_values(
        ["poor_households", "households", "village_code"], ascending=[False, False, True]
    )
    return {
        "households": households,
        "villages": villages,
        "provinces": provinces,
        "products": products,
        "hashes": {h for (h,) in hashes},
    }


@pytest.mark.parametrize("lang", ["th", "en"])
def test_household_page_opens_on_the_areas_households_with_most_failed_indicators(kalasin, lang):
    at = run("pages/household.py", {"lang": lang, "round": "2564", "area": "46"})
    listed = shown(at, "hhlist-46-2564")
    frame = listed.value
    en = lang == "en"
    assert list(frame.columns) == (
        ["Household", "Village", "Household level", "Indicators failed", "Main cause"]
        if en
        else ["ครัวเรือน", "หมู่บ้าน", "ระดับครัวเรือน", "ตัวชี้วัดที่ไม่ผ่าน", "สาเหตุหลัก"]
    )
    expected = kalasin["households"].head(50)
    assert frame.iloc[:, 0].tolist() == expected["hh_id"].tolist()
    assert frame.iloc[:, 3].tolist() == expected["failed"].tolist()
    causes = {r["code"]: r["name_en" if en else "name_th"] for r in table("causes")}
    assert frame.iloc[:, 4].tolist() == [causes.get(c, "–") for c in expected["main_cause"]]
    levels = {v[1 if en else 0] for v in LEVEL_LABELS.values()}
    assert set(frame.iloc[:, 2]) <= levels
    total = format_number(len(kalasin["households"]))
    assert (f"Showing 1–50 of {total}" if en else f"แสดงลำดับที่ 1–50 จาก {total}") in texts(at)
    rendered = " ".join(frame.astype(str).to_numpy().ravel())
    assert not any(h in rendered for h in kalasin["hashes"])  # never a national ID hash
    # the second page, then a click opens the profile below the list
    at.number_input(key="hhlist_page-46-2564").set_value(2).run()
    second = shown(at, "hhlist-46-2564-1").value
    assert second.iloc[:, 0].tolist() == kalasin["households"]["hh_id"].iloc[50:100].tolist()
    click(at, "hhlist-46-2564-1", 2)
    assert any(s.value.startswith(second.iloc[2, 0]) for s in at.subheader)


def test_household_page_for_thailand_asks_for_a_province_and_lists_provinces(kalasin):
    # a researcher works without assigned areas, so the page starts over Thailand (an officer's
    # starts in the officer's province)
    at = run("pages/household.py", {"lang": "en", "round": "2564"}, role="researcher")
    assert any("Pick a province" in i.value for i in at.info)
    frame = shown(at, "hhlist_provinces").value
    counts = kalasin["provinces"].set_index("code")["households"]
    assert len(frame) == len(counts)
    names = dict(zip(frame["Province"], frame["Surveyed households"], strict=True))
    assert names["Kalasin"] == format_number(counts["46"])
    assert not any(d.key and d.key.startswith("hhlist-") for d in at.dataframe)


def test_household_page_stays_hidden_when_households_are_not_shown(monkeypatch, demo_store):
    monkeypatch.setenv("POVMAP_SHOW_HOUSEHOLDS", "false")
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(lang="en", round="2564", area="46")
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/household.py")


@pytest.mark.parametrize("lang", ["th", "en"])
def test_village_page_opens_on_the_areas_villages_by_poor_households(kalasin, lang):
    # unsuppressed numbers, as the oracle: an executive (the public's small villages are hidden)
    at = run("pages/village.py", {"lang": lang, "round": "2564", "area": "46"}, role="executive")
    frame = shown(at, "villist-46-2564").value
    expected = kalasin["villages"].head(50)
    codes = frame["8-digit village code" if lang == "en" else frame.columns[1]].tolist()
    assert codes == expected["village_code"].tolist()
    poor = frame["Poor households" if lang == "en" else "ครัวเรือนยากจน"].tolist()
    assert poor == [format_number(v) for v in expected["poor_households"]]
    assert t("sites_vil_hint", lang) in texts(at)  # the hint stays above the list
    click(at, "villist-46-2564-0", 0)
    assert at.query_params["village"] == expected["village_code"].iloc[0]
    assert at.metric, "the village profile opened"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_product_page_opens_on_the_areas_products(kalasin, lang):
    at = run("pages/product.py", {"lang": lang, "area": "46"})
    frame = shown(at, "prodlist-46").value
    products = kalasin["products"]
    ids = frame["Product ID" if lang == "en" else "รหัสสินค้า"]
    assert len(products) and sorted(ids) == sorted(products["product_id"])
    name = "name_en" if lang == "en" else "name_th"
    names = dict(zip(products["product_id"], products[name], strict=True))
    assert frame.iloc[:, 0].tolist() == [names[i] for i in ids]
    click(at, "prodlist-46-0", 1)
    assert at.query_params["product"] == ids.iloc[1]
    assert names[ids.iloc[1]] in at.html[0].value  # the label


# --- livable-city import ------------------------------------------------------------------------------


@pytest.fixture
def own_store(demo_store, tmp_path, monkeypatch) -> Path:
    """A copy of the demo store for a test that writes (the app's connection follows POVMAP_DB)."""
    db = tmp_path / "own.duckdb"
    shutil.copyfile(demo_store, db)
    monkeypatch.setenv("POVMAP_DB", str(db))
    return db


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_plain_province_file_is_previewed_asked_for_and_ranked(own_store, lang):
    at = run("pages/innovation.py", {"lang": lang, "area": "46", "section": "city"})
    text = "จังหวัด,พื้นที่สีเขียว (ตร.ม./คน)\nจ.กาฬสินธุ์,12.5\nKhon Kaen,30\nมหาสารคาม ,12.5\nร้อยเอ็ด,4\n"
    at.file_uploader(key="city_file0").set_value(
        ("green.csv", text.encode("utf-8"), "text/csv")
    ).run()
    assert not at.exception, [e.message for e in at.exception]
    mapping = next(d.value for d in at.dataframe if "province_name" in d.value.iloc[:, 1].tolist())
    assert mapping.iloc[:, :2].values.tolist() == [
        ["จังหวัด", "province_name"],
        ["พื้นที่สีเขียว (ตร.ม./คน)", "value"],
    ]
    # the form asks for what the file leaves out, prefilled from the value header
    assert at.text_input(key="city_meta_name_th0").value == "พื้นที่สีเขียว"
    assert at.text_input(key="city_meta_unit0").value == "ตร.ม./คน"
    at.text_input(key="city_meta_period0").set_value("2566")
    at.text_input(key="city_meta_source0").set_value("สำนักงานสถิติจังหวัด")
    submit = next(b for b in at.button if b.label in ("Check and import", "ตรวจสอบและนำเข้า"))
    submit.click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.error, "the direction is asked for before importing"
    assert store.connect(own_store).execute(  # nothing stored yet
        "SELECT count(*) FROM area_indicators WHERE source = 'สำนักงานสถิติจังหวัด'"
    ).fetchone() == (0,)
    at.radio(key="city_meta_direction0").set_value(True)
    submit = next(b for b in at.button if b.label in ("Check and import", "ตรวจสอบและนำเข้า"))
    submit.click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(
        ("Imported 4 rows" if lang == "en" else "นำเข้า green.csv แล้ว 4") in s.value
        for s in at.success
    )
    code = sites.default_code("พื้นที่สีเขียว", None)
    at.selectbox(key="city_ind").set_value(code).run()
    assert not at.exception, [e.message for e in at.exception]
    ranked = next(d.value for d in at.dataframe if d.value.index.name == "area_code")
    rank = ranked.iloc[:, 0]
    assert rank.name == ("Rank" if lang == "en" else "อันดับ")
    assert rank.to_dict() == {"40": 1, "46": 2, "44": 2, "45": 4}
    assert pd.api.types.is_integer_dtype(rank)
