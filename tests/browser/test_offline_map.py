"""The demo map draws in a real browser with every non-local request blocked.

Proves the offline path end to end: Streamlit serves the vendored Leaflet from /app/static/,
streamlit_folium loads only those files (no jquery, bootstrap, awesome-markers, fontawesome,
d3), and GeoJson, tooltips, the HTML legend, the attribution and MarkerCluster still work.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from povmap import vendor

DEMO_APP = Path(__file__).with_name("map_demo_app.py")
#: Bangkok's name in the demo: would run code if a tooltip ever inserted it as HTML.
HOSTILE_NAME = '<img src="x" onerror="window.__xss = 1"><script>window.__xss = 2</script>'
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 60_000

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(streamlit_server, blocked_page, boundaries_dir):
    base_url = streamlit_server(
        DEMO_APP,
        env={"POVMAP_BOUNDARIES": str(boundaries_dir), "MAP_DEMO_HOSTILE_NAME": HOSTILE_NAME},
    )
    blocked_page.page.goto(base_url, wait_until="domcontentloaded")
    return base_url, blocked_page


def test_map_draws_offline_with_legend_attribution_tooltips_and_clusters(demo):
    base_url, blocked = demo
    page = blocked.page
    expect(page.locator(MAP_IFRAME)).to_have_count(1, timeout=TIMEOUT_MS)
    frame = page.frame_locator(MAP_IFRAME)
    # streamlit_folium sizes the iframe only once the whole map script ran without error
    expect(page.locator(MAP_IFRAME)).to_have_attribute("height", "640", timeout=TIMEOUT_MS)

    # the 77 provinces, drawn by the vendored Leaflet
    paths = frame.locator("path.leaflet-interactive")
    expect(paths).to_have_count(77, timeout=TIMEOUT_MS)

    # no data (96) and suppressed (58) are drawn distinctly: plain grey vs hatch pattern
    fills = paths.evaluate_all("ps => ps.map(p => p.getAttribute('fill'))")
    hatched = [f for f in fills if f.startswith("url(#povmap-hatch-")]
    assert len(hatched) == 1, fills
    assert fills.count("#d9d9d9") == 1, fills
    pattern_id = re.match(r"url\(#([^)]+)\)", hatched[0]).group(1)
    expect(frame.locator(f"pattern#{pattern_id}")).to_have_count(1)

    # the HTML legend, in Thai, with the Thai font stack
    legend = frame.locator(".povmap-legend")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("ครัวเรือนยากจน")
    expect(legend).to_contain_text("ไม่มีข้อมูล")
    expect(legend).to_contain_text("ปกปิด")
    assert legend.locator(".povmap-legend-row").count() == 5 + 2
    font = legend.evaluate("el => getComputedStyle(el).fontFamily")
    assert "Loma" in font and "Garuda" in font, font

    # the boundary licence's attribution is always visible, in the page's language (Thai)
    attribution = frame.locator(".leaflet-control-attribution")
    expect(attribution).to_be_visible()
    expect(attribution).to_contain_text("กรมแผนที่ทหาร")
    expect(attribution).to_contain_text("CC BY 3.0 IGO")

    # MarkerCluster works from the vendored files (its CSS colours the cluster icons)
    clusters = frame.locator(".marker-cluster")
    expect(clusters.first).to_be_visible(timeout=TIMEOUT_MS)
    background = clusters.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
    icons = frame.locator("img.leaflet-marker-icon")
    for i in range(icons.count()):  # single markers: the vendored icon images load
        assert icons.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")

    # the screenshot before any hover: whole map, legend, attribution (after the fit-bounds and
    # cluster animations)
    page.wait_for_timeout(1_000)
    shot = blocked.screenshot("offline_map")
    assert shot.stat().st_size > 10_000

    # tooltips still work without jquery/bootstrap
    box = frame.locator(".leaflet-container").bounding_box()
    assert box is not None
    tooltip = frame.locator(".leaflet-tooltip")
    for fx, fy in ((0.45, 0.45), (0.5, 0.3), (0.4, 0.6), (0.55, 0.5), (0.6, 0.35), (0.42, 0.8)):
        page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
        try:
            expect(tooltip.first).to_be_visible(timeout=1_500)
            break
        except AssertionError:
            continue
    expect(tooltip.first).to_be_visible()
    expect(tooltip.first).to_contain_text("จังหวัด")
    expect(tooltip.first).to_contain_text("ครัวเรือนยากจน")
    blocked.screenshot("offline_map_tooltip")

    # a name full of HTML shows as text in its tooltip and runs nothing
    page.mouse.move(1, 1)
    map_frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    map_frame.evaluate(
        """() => {
            window.map.eachLayer(layer => {
                if (layer.feature && layer.feature.id === "10") {
                    layer.fire("mouseover", {latlng: layer.getCenter()}, true);
                }
            });
        }"""
    )
    bangkok = frame.locator(".leaflet-tooltip", has_text="onerror")
    expect(bangkok).to_be_visible()
    expect(bangkok).to_contain_text(HOSTILE_NAME)
    assert bangkok.locator("img, script").count() == 0
    page.wait_for_timeout(300)
    assert map_frame.evaluate("() => window.__xss") is None
    blocked.screenshot("offline_map_hostile_name")

    # the vendored files are served with the right types; nothing failed to load
    for url, kind in (
        (vendor.LEAFLET_JS_URL, "javascript"),
        (vendor.LEAFLET_CSS_URL, "text/css"),
        (vendor.MARKERCLUSTER_JS_URL, "javascript"),
        (vendor.MARKERCLUSTER_DEFAULT_CSS_URL, "text/css"),
    ):
        response = page.request.get(base_url + url)
        assert response.status == 200, url
        assert kind in response.headers["content-type"], (url, response.headers)
    assert any(vendor.LEAFLET_JS_URL in url for url in blocked.requests)
    assert any(vendor.MARKERCLUSTER_JS_URL in url for url in blocked.requests)
    assert blocked.bad_responses == []
    assert blocked.page_errors == []
    assert blocked.console_errors == []

    # and nothing outside this machine was even attempted
    assert blocked.aborted == [], blocked.aborted
    assert all(r.startswith(base_url) for r in blocked.requests if r.startswith("http")), [
        r for r in blocked.requests if not r.startswith(base_url)
    ]
