"""The local-economy pages in headless Chromium with every non-local request blocked: the cultural
map with its site layers, a printable product label whose QR code decodes to its own address,
and a village profile. Screenshots are saved in var/screenshots/sites-*.png."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from data import sites, store
from query import sites_read

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 90_000
#: a place name that would run code if a tooltip ever inserted it as HTML
HOSTILE = '<img src=x onerror="window.__xss=1">ตลาด'


@pytest.fixture
def app(streamlit_server, blocked_page, demo_store, boundary_cache, tmp_path):
    # the server gets its own copy (this process may hold the demo store), with a hostile name
    db = tmp_path / "browser-sites.duckdb"
    shutil.copyfile(demo_store, db)
    con = store.connect(db)
    try:
        hostile = pd.DataFrame(
            {
                "site_id": ["X1"],
                "name_th": [HOSTILE],
                "category": ["community_market"],
                "area_code": ["460101"],
            }
        )
        checked = sites.validate_sites(
            hostile, "x.csv", "market", gazetteer=sites.Gazetteer.load(boundary_cache)
        )
        assert checked.ok, checked.problems
        sites.store_sites(
            con,
            checked,
            "market",
            import_id="hostile",
            file_name="x.csv",
            file_sha256=None,
            synthetic=True,
        )
        product = sites_read.products_frame(con).iloc[0]["product_id"]
        village = con.execute(
            f"""SELECT village_code FROM households
                WHERE round_be = 2564 AND {store.PoorRule().sql()}
                  AND village_code IN (SELECT village_code FROM technology_adoptions)
                GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"""
        ).fetchone()[0]
    finally:
        con.close()
    env = {k: os.environ[k] for k in ("POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")}
    base_url = streamlit_server(APP, env={**env, "POVMAP_DB": str(db)})
    return base_url, blocked_page, {"product": product, "village": village}


def test_culture_map_draws_site_layers_offline_and_tooltips_stay_text(app):
    base_url, blocked, _ = app
    page = blocked.page
    page.set_viewport_size({"width": 1400, "height": 1300})
    page.goto(
        f"{base_url}/culture?lang=th&round=2564&area=46&more=1", wait_until="domcontentloaded"
    )
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(".leaflet-control-layers")).to_contain_text(
        "แหล่งวัฒนธรรม", timeout=TIMEOUT_MS
    )
    expect(frame.locator(".leaflet-control-layers")).to_contain_text("เส้นทางท่องเที่ยว")
    expect(frame.locator(".povmap-site").first).to_be_attached(timeout=TIMEOUT_MS)
    expect(frame.locator(".povmap-stop").first).to_be_attached()  # numbered route stops
    expect(frame.locator(".povmap-legend").first).to_contain_text("สถานที่")
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("กรมแผนที่ทหาร")
    expect(page.get_by_text("ข้อมูลสังเคราะห์").first).to_be_visible()
    page.wait_for_timeout(1500)
    blocked.screenshot("sites-culture-kalasin-th")

    # the hostile market's tooltip shows its name as text and runs nothing
    map_frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    opened = map_frame.evaluate(
        """() => new Promise(resolve => {
            let done = false;
            window.map.eachLayer(layer => {
                if (done || !layer.getLayers || !layer.zoomToShowLayer) return;
                layer.getLayers().forEach(marker => {
                    const tip = marker.getTooltip && marker.getTooltip();
                    if (!done && tip && String(tip.getContent().textContent).includes("onerror")) {
                        done = true;
                        layer.zoomToShowLayer(marker, () => { marker.openTooltip(); resolve(true); });
                    }
                });
            });
            if (!done) resolve(false);
        })"""
    )
    assert opened
    tooltip = frame.locator(".leaflet-tooltip", has_text="onerror")
    expect(tooltip).to_be_visible(timeout=10_000)
    expect(tooltip).to_contain_text(HOSTILE)
    assert tooltip.locator("img, script").count() == 0
    page.wait_for_timeout(300)
    assert map_frame.evaluate("() => window.__xss") is None
    blocked.screenshot("sites-culture-hostile-tooltip")
    assert blocked.external_attempts() == [], "the map must not reach outside localhost"
    assert not blocked.page_errors


def test_product_label_is_printable_and_its_qr_codes_open_it(app, chromium_browser):
    import zxingcpp
    from PIL import Image

    base_url, blocked, ids = app
    page = blocked.page
    page.goto(f"{base_url}/product?lang=th&product={ids['product']}", wait_until="domcontentloaded")
    label = page.locator(".povmap-label")
    expect(label).to_be_visible(timeout=TIMEOUT_MS)
    expect(label).to_contain_text("ห่วงโซ่คุณค่า")
    page.wait_for_timeout(800)
    blocked.screenshot("sites-product-label-th")
    url = sites.label_url("http://localhost:8501", ids["product"], "th")
    png = label.locator(".pl-qr img").screenshot()
    assert [d.text for d in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))] == [url]
    # the address in the code opens this same label on this server
    path = url.removeprefix("http://localhost:8501")
    page.goto(base_url + path, wait_until="domcontentloaded")
    expect(page.locator(".povmap-label")).to_contain_text(ids["product"], timeout=TIMEOUT_MS)
    # printing shows the label and hides the app around it
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "() => getComputedStyle(document.querySelector('[data-testid=\"stSidebar\"]')).visibility"
    )
    shown = page.evaluate(
        "() => getComputedStyle(document.querySelector('.povmap-label')).visibility"
    )
    assert (hidden, shown) == ("hidden", "visible")
    blocked.screenshot("sites-product-label-print")
    page.emulate_media(media="screen")
    # the SVG download, drawn by the browser, decodes to the same address
    svg_page = chromium_browser.new_page(viewport={"width": 600, "height": 600})
    try:
        svg_page.set_content(
            '<body style="margin:0;background:#fff">'
            + sites.qr_svg(url, scale=10).decode("utf-8").split("?>", 1)[1]
            + "</body>"
        )
        drawn = svg_page.screenshot()
    finally:
        svg_page.close()
    assert [d.text for d in zxingcpp.read_barcodes(Image.open(io.BytesIO(drawn)))] == [url]
    assert blocked.external_attempts() == []
    assert not blocked.page_errors


def test_village_profile_from_its_url(app, sign_in_as):
    base_url, blocked, ids = app
    page = blocked.page
    page.set_viewport_size({"width": 1400, "height": 2000})
    # the demo's villages are smaller than the small-cell threshold: the public sees them
    # suppressed, an executive sees the numbers
    sign_in_as(page, base_url, "executive", "en")
    page.goto(
        f"{base_url}/village?lang=en&round=2564&village={ids['village']}",
        wait_until="domcontentloaded",
    )
    expect(page.get_by_text("Surveyed households")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("village statistics (round 2564)")).to_be_visible()
    expect(page.get_by_text("Technologies the village uses")).to_be_visible()
    expect(page.get_by_text("Main causes of poverty")).to_be_visible()
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached(timeout=TIMEOUT_MS)
    page.wait_for_timeout(1500)
    blocked.screenshot("sites-village-en")
    assert blocked.external_attempts() == []
    assert not blocked.page_errors
