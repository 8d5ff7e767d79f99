"""Presentation mode, copy link and the map's zoom in the URL, in headless Chromium with every
non-local request blocked.

A four-view storyline (the Overview, two maps, the Why page) plays at 1280×720 and 1920×1080:
nothing scrolls, no Streamlit chrome or sidebar shows, the arrow keys and PageUp/PageDown move
between the slides (the URL follows), and the synthetic label is on each slide. The Why slide
shows the page's own numbers and its main chart (the causes of poverty, the picture the deck
carries) instead of a map. The Storylines page is drawn in Thai. Screenshots:
var/screenshots/present-*.png, storylines-th.png, share-copied-th.png.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from data import saved_views, store

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 90_000
TITLES = (
    "ภาพรวมความยากจนทั้งประเทศ",
    "กาฬสินธุ์: สัดส่วนคนจนรายอำเภอ",
    "คนจนรายจังหวัด รอบ 2564",
    "กาฬสินธุ์จนด้วยสาเหตุใด",
)

#: Every element that scrolls or overflows the window: [what, scrollHeight, clientHeight].
OVERFLOW = """() => {
  const out = [];
  const doc = document.scrollingElement;
  if (doc.scrollHeight > innerHeight || doc.scrollWidth > innerWidth)
    out.push(["document", doc.scrollHeight, innerHeight]);
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el);
    if (!/(auto|scroll)/.test(style.overflowY + style.overflowX)) continue;
    if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
      out.push([el.dataset.testid || el.className || el.tagName, el.scrollHeight, el.clientHeight]);
  }
  const slide = document.querySelector(".pv-slide");
  if (slide && slide.getBoundingClientRect().bottom > innerHeight)
    out.push(["slide", slide.getBoundingClientRect().bottom, innerHeight]);
  return out;
}"""

#: The Why page's main chart (its slide shows it as the deck does).
WHY_CHART = "สาเหตุหลักของความยากจน"

HIDDEN = (
    '[data-testid="stHeader"]',
    '[data-testid="stToolbar"]',
    '[data-testid="stSidebar"]',
    '[data-testid="stDecoration"]',
)


@pytest.fixture
def story(demo_store, tmp_path):
    """A copy of the demo store with four saved views in one storyline."""
    db = tmp_path / "present.duckdb"
    shutil.copyfile(demo_store, db)
    con = store.connect(db)
    try:
        views = [
            saved_views.save_view(
                con, "overview", {"lang": "th", "round": "2564"}, TITLES[0], "ลดลงจากรอบก่อน"
            ),
            saved_views.save_view(
                con,
                "map",
                {"area": "46", "round": "2564", "metric": "headcount_ratio"},
                TITLES[1],
                "อำเภอที่สัดส่วนสูงสุดอยู่ทางเหนือ\nบรรทัดที่สอง",
            ),
            saved_views.save_view(
                con,
                "map",
                {"round": "2564", "metric": "poor_people", "palette": "ylgnbu"},
                TITLES[2],
            ),
            saved_views.save_view(
                con, "why", {"area": "46", "round": "2564"}, TITLES[3], "รายได้มาก่อน"
            ),
        ]
        number = saved_views.create_storyline(con, "ประชุมคณะกรรมการ", "", views)
    finally:
        con.close()
    return db, number


@pytest.fixture
def app(streamlit_server, blocked_page, story):
    db, number = story
    env = {k: os.environ[k] for k in ("POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")}
    return streamlit_server(APP, env={**env, "POVMAP_DB": str(db)}), blocked_page, number


def _title(page):
    return page.locator(".pv-title")


def _fits(blocked, name: str) -> None:
    page = blocked.page
    page.locator(".pv-imgbox img").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(
        "[...document.querySelectorAll('.pv-imgbox img')].every(i => i.complete && i.naturalWidth)"
    )
    page.wait_for_timeout(500)
    assert page.evaluate(OVERFLOW) == [], f"{name}: something scrolls or overflows"
    for selector in HIDDEN:
        assert not page.locator(selector).is_visible(), f"{selector} shows in the presentation"
    box = page.locator(".pv-imgbox img").bounding_box()
    assert box["height"] > 0.35 * page.viewport_size["height"], "the map is drawn large"
    blocked.screenshot(name)


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_a_four_view_storyline_plays_without_scrolling_or_internet(app, width, height):
    base_url, blocked, number = app
    page = blocked.page
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{base_url}/?present={number}&lang=th", wait_until="domcontentloaded")
    expect(_title(page)).to_have_text(TITLES[0], timeout=TIMEOUT_MS)
    expect(page.get_by_text("หน้า 1 จาก 4")).to_be_visible()
    expect(page.locator(".pv-synthetic")).to_have_text("ข้อมูลสังเคราะห์ ไม่ใช่ข้อมูลครัวเรือนจริง")
    _fits(blocked, f"present-{width}x{height}-1")
    _title(page).click()  # the keys go to the page
    page.keyboard.press("ArrowRight")
    expect(_title(page)).to_have_text(TITLES[1], timeout=TIMEOUT_MS)
    assert "slide=2" in page.evaluate("location.search")
    expect(page.locator(".pv-sub")).to_contain_text("กาฬสินธุ์")
    expect(page.locator(".pv-caption")).to_contain_text("รายอำเภอ")
    _fits(blocked, f"present-{width}x{height}-2")
    page.keyboard.press("PageDown")
    expect(_title(page)).to_have_text(TITLES[2], timeout=TIMEOUT_MS)
    expect(page.get_by_text("หน้า 3 จาก 4")).to_be_visible()
    _fits(blocked, f"present-{width}x{height}-3")
    page.keyboard.press("ArrowRight")  # the Why page: its numbers and its causes chart
    expect(_title(page)).to_have_text(TITLES[3], timeout=TIMEOUT_MS)
    expect(page.get_by_text("หน้า 4 จาก 4")).to_be_visible()
    expect(page.locator(".pv-caption")).to_have_text(WHY_CHART)
    expect(page.locator(".pv-card-label").first).to_contain_text("Alkire")
    assert page.locator(".pv-imgbox img").get_attribute("alt") == WHY_CHART
    _fits(blocked, f"present-{width}x{height}-4")
    page.keyboard.press("ArrowRight")  # the last slide stays
    page.wait_for_timeout(1000)
    expect(_title(page)).to_have_text(TITLES[3])
    page.keyboard.press("ArrowLeft")
    expect(_title(page)).to_have_text(TITLES[2], timeout=TIMEOUT_MS)
    page.keyboard.press("PageUp")
    expect(_title(page)).to_have_text(TITLES[1], timeout=TIMEOUT_MS)
    page.keyboard.press("ArrowLeft")
    expect(_title(page)).to_have_text(TITLES[0], timeout=TIMEOUT_MS)
    page.get_by_role("button", name="ถัดไป").click()  # and the buttons
    expect(_title(page)).to_have_text(TITLES[1], timeout=TIMEOUT_MS)
    page.go_back()  # Back returns to the slide before
    expect(_title(page)).to_have_text(TITLES[0], timeout=TIMEOUT_MS)
    assert blocked.external_attempts() == [], "the presentation must not reach outside"
    assert not blocked.page_errors, blocked.page_errors


def test_a_link_opens_the_presentation_at_its_slide_in_english(app):
    base_url, blocked, number = app
    page = blocked.page
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{base_url}/map?present={number}&slide=3&lang=en", wait_until="domcontentloaded")
    expect(_title(page)).to_have_text(TITLES[2], timeout=TIMEOUT_MS)
    expect(page.get_by_text("Slide 3 of 4")).to_be_visible()
    expect(page.locator(".pv-caption")).to_contain_text("Poor people by province")
    _fits(blocked, "present-1280x720-en")
    page.get_by_role("link", name="Leave the presentation").click()
    expect(page.get_by_role("heading", name="Storylines", exact=True)).to_be_visible(
        timeout=TIMEOUT_MS
    )
    assert blocked.external_attempts() == []


def test_the_storylines_page_in_thai_and_copy_link(app):
    base_url, blocked, _ = app
    page = blocked.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base_url}/storylines?lang=th", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="ลำดับเรื่องนำเสนอ", exact=True)).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(page.get_by_text("1. " + TITLES[0])).to_be_visible()
    expect(page.get_by_role("link", name="นำเสนอแบบเต็มจอ")).to_be_visible()
    page.wait_for_timeout(1000)
    blocked.screenshot("storylines-th")
    main = page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]').cloneNode(true);
        m.querySelectorAll('[data-testid="stIconMaterial"]').forEach(i => i.remove());
        document.body.appendChild(m); const text = m.innerText; m.remove(); return text; }"""
    )  # (icons are drawn from their names: not words on the page)
    words = {w for w in main.replace("·", " ").split() if w.isascii() and w.isalpha()}
    names = {"TPMAP", "PowerPoint", "PDF", "PNG"}  # a measure's and file formats' own names
    assert words <= names, f"English in the Thai storylines page: {sorted(words - names)}"
    # copy link: no internet, the URL of the page as it is now goes to the clipboard
    blocked.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="คัดลอกลิงก์").click()
    expect(sidebar.get_by_text("คัดลอกลิงก์ของมุมมองนี้แล้ว")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.evaluate("location.href") and "/storylines?lang=th" in copied
    blocked.screenshot("share-copied-th")
    assert blocked.external_attempts() == []


def test_a_map_link_restores_its_zoom_and_pan(app):
    base_url, blocked, _ = app
    page = blocked.page

    def where() -> list[float]:
        return page.evaluate(
            f"(() => {{const m = document.querySelector('{MAP_IFRAME}').contentWindow.map;"
            " return [m.getZoom(), m.getCenter().lat, m.getCenter().lng]})()"
        )

    page.goto(f"{base_url}/map?lang=en&round=2564&area=46", wait_until="domcontentloaded")
    frame = page.frame_locator(MAP_IFRAME)
    frame.locator(".leaflet-container[data-povmap-style]").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(2000)
    assert "zoom=" not in page.evaluate("location.search"), "the opening view stays out"
    box = page.locator(MAP_IFRAME).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.wheel(0, -120)
    page.wait_for_timeout(800)
    page.mouse.down()
    page.mouse.move(x - 150, y - 80, steps=8)
    page.mouse.up()
    page.wait_for_function("location.search.includes('zoom=')", timeout=TIMEOUT_MS)
    page.wait_for_timeout(2000)
    zoom, lat, lon = where()
    link = page.evaluate("location.href")
    assert f"zoom={zoom}" in link
    fresh = blocked.context.new_page()
    fresh.goto(link, wait_until="domcontentloaded")
    fresh.frame_locator(MAP_IFRAME).locator(".leaflet-container[data-povmap-style]").wait_for(
        timeout=TIMEOUT_MS
    )
    fresh.wait_for_timeout(2000)
    got = fresh.evaluate(
        f"(() => {{const m = document.querySelector('{MAP_IFRAME}').contentWindow.map;"
        " return [m.getZoom(), m.getCenter().lat, m.getCenter().lng]})()"
    )
    assert got[0] == zoom
    assert abs(got[1] - lat) < 0.01 and abs(got[2] - lon) < 0.01, (got, (zoom, lat, lon))
    fresh.close()
    assert blocked.external_attempts() == []
    assert not blocked.page_errors, blocked.page_errors
