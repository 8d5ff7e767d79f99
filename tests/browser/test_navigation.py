"""Navigation in headless Chromium: every page's own path, the area picker, Back and Forward.

The Overview opens at /overview as well as at /; typing an area's name in the picker finds the
province before the districts and subdistricts inside it; Back and Forward walk the drill path
(each drill one history step) and the view follows the URL.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import geothai
import pytest
from playwright.sync_api import expect

from geo import boundaries
from povmap.i18n import t

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 90_000


@pytest.fixture
def app(streamlit_server, blocked_page, demo_store, tmp_path):
    # the server gets its own copy: this test process may hold the store open (AppTests)
    db = tmp_path / "browser.duckdb"
    shutil.copyfile(demo_store, db)
    env = {k: os.environ[k] for k in ("POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")}
    return streamlit_server(APP, env={**env, "POVMAP_DB": str(db)}), blocked_page


def _polygons(page):
    # while a rerun swaps maps, the old iframe lingers for a moment: use the newest one
    return page.locator(MAP_IFRAME).last.content_frame.locator("path.leaflet-interactive")


def _query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def _heading(page, title_key: str, area: str):
    return page.get_by_role("heading", name=f"{t(title_key, 'th')} · {area}")


def _click_polygon(page, index: int) -> None:
    """A real mouse click inside the ``index``-th drawn polygon (features are in code order)."""
    frame = page.locator(MAP_IFRAME).last
    frame.scroll_into_view_if_needed()
    offset = frame.bounding_box()
    # a point of the polygon's bounding box that is inside the polygon and not covered
    point = (
        _polygons(page)
        .nth(index)
        .evaluate(
            """p => {
            const r = p.getBoundingClientRect();
            for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
                const x = r.left + r.width * i / 12, y = r.top + r.height * j / 12;
                if (p.ownerDocument.elementFromPoint(x, y) === p) return [x, y];
            }
            return [r.left + r.width / 2, r.top + r.height / 2];
        }"""
        )
    )
    page.mouse.click(offset["x"] + point[0], offset["y"] + point[1])


def _no_page_not_found(page) -> None:
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_role("dialog")).to_have_count(0)


def _clean(blocked) -> None:
    assert blocked.external_attempts() == [], "the app must not reach outside localhost"
    assert not blocked.page_errors, blocked.page_errors


def test_the_overview_opens_at_its_own_path_in_thai(app):
    base_url, blocked = app
    page = blocked.page
    page.goto(f"{base_url}/overview?lang=th&round=2564", wait_until="domcontentloaded")
    expect(_heading(page, "overview_title", "ประเทศไทย")).to_be_visible(timeout=TIMEOUT_MS)
    expect(_polygons(page)).to_have_count(77, timeout=TIMEOUT_MS)
    page.wait_for_timeout(1000)
    _no_page_not_found(page)
    assert urlsplit(page.url).path == "/overview"
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_contain_text(t("page_overview", "th"))
    expect(nav).to_contain_text(t("page_map", "th"))
    blocked.screenshot("nav-overview-path-th")
    _clean(blocked)


def _pick(page, typed: str) -> None:
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name=t("area", "th"))
    box.click(timeout=TIMEOUT_MS)  # the list holds thousands of areas: slow on a busy machine
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(typed)
    page.keyboard.press("Enter")


def test_the_area_picker_finds_the_province_first_then_districts_and_subdistricts(app):
    base_url, blocked = app
    page = blocked.page
    page.goto(f"{base_url}/?lang=th&round=2564", wait_until="domcontentloaded")
    expect(_polygons(page)).to_have_count(77, timeout=TIMEOUT_MS)
    # a province's Thai name, typed in full: the province, not an area named after it
    _pick(page, "กาฬสินธุ์")
    expect(_heading(page, "overview_title", "กาฬสินธุ์")).to_be_visible(timeout=TIMEOUT_MS)
    assert _query(page).get("area") == "46"
    # an English name finds the district before its subdistricts
    _pick(page, "Mueang Kalasin")
    expect(_heading(page, "overview_title", "เมืองกาฬสินธุ์")).to_be_visible(timeout=TIMEOUT_MS)
    assert _query(page).get("area") == "4601"
    # a code finds that area
    _pick(page, "460103")
    expect(_heading(page, "overview_title", "หลุบ")).to_be_visible(timeout=TIMEOUT_MS)
    assert _query(page).get("area") == "460103"
    _clean(blocked)


def test_back_and_forward_walk_the_drill_path(app, boundary_cache):
    base_url, blocked = app
    page = blocked.page
    provinces = sorted(p.code for p in geothai.provinces())
    districts = sorted(d.code for d in geothai.districts("46"))
    subdistricts = boundaries.load_level("subdistrict", boundary_cache)
    in_4601 = int((subdistricts["district_code"] == "4601").sum())
    level_box = page.get_by_role("combobox", name=t("map_level", "th"))

    def shows(path: str, area: str | None, count: int, level: str | None, title: str) -> None:
        """The URL says ``path`` and ``area`` and the page draws ``count`` polygons at ``level``
        under the heading of ``title``."""
        expect(_heading(page, *title.split("|"))).to_be_visible(timeout=TIMEOUT_MS)
        expect(_polygons(page)).to_have_count(count, timeout=TIMEOUT_MS)
        if level:
            expect(level_box).to_have_value(t(f"map_level_{level}", "th"), timeout=TIMEOUT_MS)
        page.wait_for_timeout(1500)  # and it stays there (no second rerun moves it)
        expect(_polygons(page)).to_have_count(count)
        query = _query(page)
        assert urlsplit(page.url).path == path, page.url
        assert query.get("area") == area, page.url
        assert query.get("lang") == "th" and query.get("round") == "2564", page.url
        assert query.get("map_level") in (None, level), page.url

    page.goto(f"{base_url}/?lang=th&round=2564", wait_until="domcontentloaded")
    shows("/", None, 77, None, "overview_title|ประเทศไทย")
    page.get_by_test_id("stSidebarNav").get_by_text(t("page_map", "th"), exact=True).click()
    shows("/map", None, 77, "province", "map_title|ประเทศไทย")
    start = page.evaluate("history.length")

    _click_polygon(page, provinces.index("46"))
    shows("/map", "46", len(districts), "district", "map_title|กาฬสินธุ์")
    _click_polygon(page, districts.index("4601"))
    shows("/map", "4601", in_4601, "subdistrict", "map_title|เมืองกาฬสินธุ์")
    assert page.evaluate("history.length") == start + 2, "each drill is one history step"
    blocked.screenshot("nav-drilled-4601-th")

    page.go_back()
    shows("/map", "46", len(districts), "district", "map_title|กาฬสินธุ์")
    page.go_back()
    shows("/map", None, 77, "province", "map_title|ประเทศไทย")
    page.go_forward()
    shows("/map", "46", len(districts), "district", "map_title|กาฬสินธุ์")
    _no_page_not_found(page)
    _clean(blocked)
