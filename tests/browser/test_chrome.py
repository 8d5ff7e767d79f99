"""The app as a user sees it in real chromium (network blocked): no developer toolbar, every page
listed in the sidebar, Streamlit's file uploader and the maps' attribution line in the page's
language, and no developer file name or command on any page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from povmap.i18n import t
from tests.ui_text import DEVELOPER_TEXT

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 120_000
#: Streamlit's own English uploader texts (1.67: "Upload", "200MB per file • CSV", and while a
#: file is dragged over it "Drag and drop a file here"; older: "Browse files", "Limit 200MB").
UPLOADER_ENGLISH = ("Upload", "Drag and drop", "Browse files", "per file", "200MB", "Limit")

#: The text a user sees inside ``root``: text of rendered elements (not hidden, font size > 0;
#: icon ligatures left out) and CSS generated content (::before / ::after).
RENDERED_TEXT_JS = """
(root) => {
  const out = [];
  const shown = (style) =>
    style.display !== "none" && style.visibility !== "hidden" && parseFloat(style.fontSize) > 0;
  const all = [root, ...root.querySelectorAll("*")];
  for (const el of all) {
    if (el.closest('[data-testid="stIconMaterial"]') || !el.getClientRects().length) continue;
    if (shown(getComputedStyle(el))) {
      for (const node of el.childNodes) {
        if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) {
          out.push(node.textContent.trim());
        }
      }
    }
    for (const pseudo of ["::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      const content = style.content;
      if (content && content.startsWith('"') && shown(style)) out.push(JSON.parse(content));
    }
  }
  return out;
}
"""


@pytest.fixture
def app(streamlit_server, blocked_page, demo_store, tmp_path):
    db = tmp_path / "browser.duckdb"
    shutil.copyfile(demo_store, db)
    env = {k: os.environ[k] for k in ("POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")}
    return streamlit_server(APP, env={**env, "POVMAP_DB": str(db)}), blocked_page


def _open(page, url: str) -> None:
    """Open ``url`` and wait until the page has run to its end (every page starts with a title;
    the app's state attribute says "notRunning" again once the script is done)."""
    page.goto(url, wait_until="domcontentloaded")
    expect(page.get_by_test_id("stMain").locator("h1").first).to_be_visible(timeout=TIMEOUT_MS)
    done = page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
    expect(done).to_be_attached(timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=TIMEOUT_MS)


def _rendered(locator) -> str:
    return " ".join(locator.evaluate(RENDERED_TEXT_JS))


def test_thai_ui_has_no_developer_toolbar_and_lists_every_page(app):
    base_url, blocked = app
    page = blocked.page
    _open(page, f"{base_url}/?lang=th&round=2564")
    expect(page.get_by_role("heading", name="ภาพรวมความยากจน · ประเทศไทย")).to_be_visible()
    expect(page.get_by_role("button", name="Deploy")).to_have_count(0)
    expect(page.get_by_test_id("stAppDeployButton")).to_have_count(0)
    expect(page.get_by_test_id("stMainMenu")).to_have_count(0)  # the English settings menu
    assert page.get_by_test_id("stHeader").inner_text().strip() == ""
    nav = page.get_by_test_id("stSidebarNav")
    text = nav.inner_text()
    assert "View" not in text and "more" not in text and "less" not in text, text
    # the last section's pages are listed, not folded behind a "View N more" button
    for key in ("page_culture", "page_innovation", "page_village"):
        expect(nav.get_by_text(t(key, "th"), exact=True)).to_be_visible()
    blocked.screenshot("chrome-overview-th")
    assert blocked.external_attempts() == []


def test_thai_file_uploader_draws_thai_texts_and_english_keeps_streamlits(app, sign_in_as):
    base_url, blocked = app
    page = blocked.page
    sign_in_as(page, base_url, "admin")  # the data page is an administrator's
    _open(page, f"{base_url}/data?lang=th&round=2564")
    uploader = page.get_by_test_id("stFileUploader").first
    expect(uploader).to_be_visible()
    shown = _rendered(uploader)
    assert not [w for w in UPLOADER_ENGLISH if w in shown], shown
    assert t("chrome_upload", "th") in shown, shown
    assert t("chrome_upload_limit", "th", mb=200) in shown, shown
    # while a file is dragged over the drop zone
    dropzone = uploader.get_by_test_id("stFileUploaderDropzone")
    transfer = page.evaluate_handle(
        "() => { const d = new DataTransfer();"
        " d.items.add(new File(['a'], 'a.csv', {type: 'text/csv'})); return d; }"
    )
    dropzone.dispatch_event("dragenter", {"dataTransfer": transfer})
    expect(dropzone.get_by_text("Drag and drop", exact=False)).to_be_attached()
    dragging = _rendered(dropzone)
    assert t("chrome_drop_here", "th") in dragging and "Drag and drop" not in dragging, dragging
    dropzone.dispatch_event("dragleave", {"dataTransfer": transfer})
    expect(dropzone.get_by_text("Drag and drop", exact=False)).to_have_count(0)
    # the button keeps working: it opens the file chooser
    with page.expect_file_chooser(timeout=TIMEOUT_MS):
        uploader.locator("button").first.click()
    blocked.screenshot("chrome-data-th")

    _open(page, f"{base_url}/data?lang=en&round=2564")
    shown = _rendered(page.get_by_test_id("stFileUploader").first)
    assert "Upload" in shown and "200MB per file" in shown, shown
    assert t("chrome_upload", "th") not in shown
    blocked.screenshot("chrome-data-en")
    assert blocked.external_attempts() == []


@pytest.mark.parametrize(
    ("lang", "wanted", "unwanted"),
    [
        ("th", ("แผนที่วาดด้วย Leaflet", "กรมแผนที่ทหาร"), ("Administrative", "Royal Thai")),
        ("en", ("Map drawn with Leaflet", "Royal Thai Survey Department"), ("กรมแผนที่ทหาร",)),
    ],
)
def test_map_attribution_is_in_the_pages_language(app, lang, wanted, unwanted):
    base_url, blocked = app
    page = blocked.page
    _open(page, f"{base_url}/?lang={lang}&round=2564")
    frame = page.frame_locator(MAP_IFRAME).last
    expect(frame.locator("path.leaflet-interactive")).to_have_count(77, timeout=TIMEOUT_MS)
    attribution = frame.locator(".leaflet-control-attribution")
    expect(attribution).to_contain_text(wanted[1], timeout=TIMEOUT_MS)
    text = attribution.inner_text()
    assert all(w in text for w in wanted) and not any(u in text for u in unwanted), text
    # Leaflet's own prefix (an English link to leafletjs.com with a flag) is gone
    expect(attribution.locator("a")).to_have_count(0)
    assert blocked.external_attempts() == []


def test_no_page_shows_a_developer_file_name_or_command(app, sign_in_as):
    base_url, blocked = app
    page = blocked.page
    sign_in_as(page, base_url, "provincial")  # the household and casework pages listed too
    _open(page, f"{base_url}/?lang=th&round=2564")
    links = page.get_by_test_id("stSidebarNav").locator("a")
    paths = sorted(
        {urlsplit(links.nth(i).get_attribute("href")).path for i in range(links.count())}
    )
    assert len(paths) >= 10, paths
    found = {}
    for path in paths:
        _open(page, f"{base_url}{path}?lang=th&round=2564")
        text = page.get_by_test_id("stMain").inner_text()
        hits = sorted({m.group(0) for m in DEVELOPER_TEXT.finditer(text)})
        if hits:
            found[path] = hits
    assert not found, found
    assert blocked.external_attempts() == []
