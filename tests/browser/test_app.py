"""The real app in headless Chromium with every non-local request blocked.

Screenshots of each view are saved in var/screenshots/ for inspection.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import geothai
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 60_000


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


def test_overview_map_draws_77_provinces_offline(app):
    base_url, blocked = app
    page = blocked.page
    page.goto(f"{base_url}/?lang=th&round=2564", wait_until="domcontentloaded")
    expect(_polygons(page)).to_have_count(77, timeout=TIMEOUT_MS)
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(".povmap-legend")).to_contain_text("ครัวเรือนยากจน")
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("กรมแผนที่ทหาร")
    expect(page.get_by_text("ข้อมูลสังเคราะห์").first).to_be_visible()
    blocked.screenshot("app-overview-th")
    assert blocked.external_attempts() == [], "the app must not reach outside localhost"
    assert not blocked.page_errors


def test_clicking_a_province_drills_to_its_districts_and_breadcrumb_returns(app):
    base_url, blocked = app
    page = blocked.page
    # tall enough that the whole map is on screen: the coverage line and cards push it down
    page.set_viewport_size({"width": 1400, "height": 1800})
    page.goto(f"{base_url}/?lang=en&round=2564&area=46", wait_until="domcontentloaded")
    districts = len(geothai.districts("46"))
    expect(_polygons(page)).to_have_count(districts, timeout=TIMEOUT_MS)
    expect(page.get_by_role("heading", name="Poverty overview · Kalasin")).to_be_visible()
    blocked.screenshot("app-overview-kalasin-en")
    page.get_by_role("button", name="Thailand").click()
    expect(_polygons(page)).to_have_count(77, timeout=TIMEOUT_MS)
    expect(page.locator(MAP_IFRAME)).to_have_count(1, timeout=TIMEOUT_MS)
    # a real mouse click on Kalasin's polygon (features are drawn in code order) drills into it
    index = sorted(p.code for p in geothai.provinces()).index("46")
    box = _polygons(page).nth(index).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.get_by_role("heading", name="Poverty overview · Kalasin")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(_polygons(page)).to_have_count(districts, timeout=TIMEOUT_MS)
    assert "area=46" in page.url
    assert blocked.external_attempts() == []


def test_a_deep_link_on_a_fresh_server_opens_that_page_with_the_app_sidebar(app):
    base_url, blocked = app
    page = blocked.page
    page.goto(f"{base_url}/why?lang=en&round=2564&area=46", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="Why are they poor · Kalasin")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_contain_text("Overview")
    expect(nav).not_to_contain_text("why")
    # the heading comes first; the numbers follow once the page's one query has run
    expect(page.get_by_text("Multidimensional poverty (Alkire–Foster)")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    page.wait_for_timeout(1500)
    blocked.screenshot("app-why-kalasin-en")
    assert blocked.external_attempts() == []


def test_why_page_in_thai_draws_thai_charts(app):
    base_url, blocked = app
    page = blocked.page
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{base_url}/why?lang=th&round=2564&area=46", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="จนด้วยสาเหตุใด · กาฬสินธุ์")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(page.get_by_text("ความยากจนหลายมิติ (Alkire–Foster)")).to_be_visible(timeout=TIMEOUT_MS)
    # plotly draws Thai axis labels as SVG text in the browser
    expect(page.locator("svg text", has_text="ทุนมนุษย์").first).to_be_attached(timeout=TIMEOUT_MS)
    expect(page.locator("svg text", has_text="เจ็บป่วย").first).to_be_attached(timeout=TIMEOUT_MS)
    page.wait_for_timeout(2000)
    blocked.screenshot("app-why-kalasin-th", full_page=True)
    assert blocked.external_attempts() == []
    assert not blocked.page_errors
