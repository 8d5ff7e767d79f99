"""The map page in headless Chromium with every non-local request blocked.

Drill-down by click and breadcrumb, the subdistrict level with village pins, a shared URL, the
hot-spot layer, the national subdistrict layer and a metric change that repaints without
rebuilding. Screenshots of each level are saved in var/screenshots/ (map-*.png).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import geothai
import pytest
from playwright.sync_api import expect

from analysis.hotspots import HOTSPOT_COLOURS
from geo import boundaries

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


@pytest.fixture(scope="module")
def subdistricts(boundary_cache):
    return boundaries.load_level("subdistrict", boundary_cache)


def _frame(page):
    # while a rerun swaps maps, the old iframe lingers for a moment: use the newest one
    return page.locator(MAP_IFRAME).last.content_frame


def _polygons(page):
    return _frame(page).locator("path.leaflet-interactive")


def _styled(page) -> None:
    """Wait until the style part has been applied to the drawn polygons."""
    _frame(page).locator(".leaflet-container[data-povmap-style]").wait_for(timeout=TIMEOUT_MS)


def _clean(blocked) -> None:
    assert blocked.external_attempts() == [], "the app must not reach outside localhost"
    assert not blocked.page_errors, blocked.page_errors


def test_province_map_drills_on_click_and_the_breadcrumb_returns(app):
    base_url, blocked = app
    page = blocked.page
    page.goto(f"{base_url}/map?lang=th&round=2564", wait_until="domcontentloaded")
    expect(_polygons(page)).to_have_count(77, timeout=TIMEOUT_MS)
    _styled(page)
    legend = _frame(page).locator(".povmap-legend")
    expect(legend).to_contain_text("ครัวเรือนยากจน")
    expect(legend).to_contain_text("ไม่มีข้อมูล")
    expect(_frame(page).locator(".leaflet-control-attribution")).to_contain_text("กรมแผนที่ทหาร")
    expect(page.get_by_role("heading", name="แผนที่ความยากจน · ประเทศไทย")).to_be_visible()
    expect(page.get_by_text("ข้อมูลสังเคราะห์").first).to_be_visible()
    # the tooltip: both names, the value and the rank within Thailand
    index = sorted(p.code for p in geothai.provinces()).index("46")
    kalasin = _polygons(page).nth(index)
    box = kalasin.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tip = _frame(page).locator(".povmap-tip")
    expect(tip).to_contain_text("กาฬสินธุ์", timeout=TIMEOUT_MS)
    expect(tip).to_contain_text("Kalasin")
    expect(tip).to_contain_text("อันดับ")
    expect(tip).to_contain_text("ในประเทศไทย")
    blocked.screenshot("map-province-th")
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    districts = len(geothai.districts("46"))
    expect(page.get_by_role("heading", name="แผนที่ความยากจน · กาฬสินธุ์")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(_polygons(page)).to_have_count(districts, timeout=TIMEOUT_MS)
    assert "area=46" in page.url and "map_level" not in page.url  # the default: districts
    _styled(page)
    blocked.screenshot("map-district-kalasin-th")
    page.get_by_role("button", name="ประเทศไทย").click()
    expect(_polygons(page)).to_have_count(77, timeout=TIMEOUT_MS)
    assert "area=" not in page.url
    _clean(blocked)


def test_subdistrict_level_draws_with_village_pins(app, subdistricts, sign_in_as):
    base_url, blocked = app
    page = blocked.page
    sign_in_as(page, base_url, "provincial", "en")  # household points: named records, in 46
    page.goto(f"{base_url}/map?lang=en&round=2564&area=4601", wait_until="domcontentloaded")
    expected = int((subdistricts["district_code"] == "4601").sum())
    expect(_polygons(page)).to_have_count(expected, timeout=TIMEOUT_MS)
    _styled(page)
    frame = _frame(page)
    expect(frame.locator(".leaflet-marker-icon").first).to_be_visible(timeout=TIMEOUT_MS)
    layers = frame.locator(".leaflet-control-layers")
    expect(layers).to_contain_text("Villages")
    expect(layers).to_contain_text("Households (GPS)")
    expect(frame.locator(".povmap-legend")).to_contain_text("Poor households")
    expect(page.get_by_role("heading", name="Poverty map · Mueang Kalasin")).to_be_visible()
    blocked.screenshot("map-subdistrict-mueang-kalasin-en")
    _clean(blocked)


def test_a_shared_url_restores_the_view_with_the_hot_spot_layer(app):
    base_url, blocked = app
    page = blocked.page
    url = (
        f"{base_url}/map?lang=en&round=2564&area=46&map_level=district"
        "&metric=headcount_ratio&method=natural_breaks&hotspots=1"
    )
    page.goto(url, wait_until="domcontentloaded")
    expect(_polygons(page)).to_have_count(len(geothai.districts("46")), timeout=TIMEOUT_MS)
    _styled(page)
    legend = _frame(page).locator(".povmap-legend")
    expect(legend).to_contain_text("Hot and cold spots (Gi*)")
    expect(legend).to_contain_text("Not significant")
    fills = _polygons(page).evaluate_all("ps => ps.map(p => p.getAttribute('fill'))")
    hot = {c.lower() for c in HOTSPOT_COLOURS.values()}
    assert any(f.lower() in hot for f in fills), fills
    for label, value in (
        ("Map level", "Districts"),
        ("Show on the map", "TPMAP headcount ratio (any of 17 indicators)"),
        ("Classes", "Natural breaks"),
    ):
        expect(page.get_by_role("combobox", name=label)).to_have_value(value)
    expect(page.get_by_text("A hot spot is an area whose value")).to_be_visible()
    blocked.screenshot("map-hotspots-kalasin-en")
    _clean(blocked)


def test_national_subdistrict_layer_and_a_metric_change_repaints_in_place(app):
    base_url, blocked = app
    page = blocked.page
    page.goto(
        f"{base_url}/map?lang=en&round=2564&map_level=subdistrict", wait_until="domcontentloaded"
    )
    expect(_polygons(page)).to_have_count(7425, timeout=TIMEOUT_MS)
    _styled(page)
    expect(page.get_by_text("All subdistricts are drawn with coarser outlines")).to_be_visible()
    blocked.screenshot("map-national-subdistrict-en")
    # a pan or zoom puts the map's zoom and centre in the URL without rebuilding the map
    box = page.locator(MAP_IFRAME).bounding_box()
    page.wait_for_timeout(1000)
    page.evaluate(f"document.querySelector('{MAP_IFRAME}').contentWindow.__kept = 1")
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 120, y - 60, steps=8)
    page.mouse.up()
    page.mouse.wheel(0, -300)
    page.wait_for_function("location.search.includes('zoom=')", timeout=TIMEOUT_MS)
    assert page.evaluate(f"document.querySelector('{MAP_IFRAME}').contentWindow.__kept") == 1
    page.get_by_test_id("stSelectbox").filter(has_text="Show on the map").click()
    page.get_by_role("option", name="Poor people", exact=True).click()
    legend = _frame(page).locator(".povmap-legend-title")
    expect(legend).to_have_text("Poor people", timeout=TIMEOUT_MS)
    assert page.evaluate(f"document.querySelector('{MAP_IFRAME}').contentWindow.__kept") == 1, (
        "the metric change restyles the drawn map; it must not rebuild it"
    )
    assert "metric=poor_people" in page.url
    _clean(blocked)
