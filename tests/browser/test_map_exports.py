"""The map page's export panel follows the map (headless Chromium, every non-local request
blocked). Changing the metric inside the map reruns only the map's fragment; the panel reruns
with it, so a file prepared for the previous metric is no longer offered and the next one is
of the map shown (its "files of" line names the new map)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from geo.metrics import METRICS
from povmap.i18n import t

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 90_000
PNG = t("brief_prepare", "th", what=t("brief_png_projector", "th"))


def _map_title(metric: str) -> str:
    """The map's title as the prepared files name it (briefing's map title, by district)."""
    name = METRICS[metric].label("th")
    return t("brief_map_title", "th", metric=name, level=t("brief_by_district", "th"))


@pytest.fixture
def app(streamlit_server, blocked_page, demo_store):
    env = {
        k: os.environ[k]
        for k in ("POVMAP_DB", "POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")
    }
    return streamlit_server(APP, env=env), blocked_page


def test_the_panel_offers_the_files_of_the_map_shown(app):
    base_url, blocked = app
    page = blocked.page
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{base_url}/map?lang=th&round=2564&area=46", wait_until="domcontentloaded")
    page.frame_locator(MAP_IFRAME).locator(".leaflet-container[data-povmap-style]").wait_for(
        timeout=TIMEOUT_MS
    )
    main = page.get_by_test_id("stMain")
    main.get_by_text(t("brief_panel", "th")).click()
    panel = main.get_by_test_id("stExpander").filter(has_text=t("brief_panel", "th"))
    panel.get_by_role("button", name=PNG).click()
    prepared = panel.get_by_text(t("brief_prepared_for", "th", view=""))
    expect(prepared).to_contain_text(_map_title("poor_households"), timeout=TIMEOUT_MS)
    download = panel.get_by_test_id("stDownloadButton")
    expect(download).to_have_count(1)

    # another metric, chosen inside the map: only the map's fragment reruns
    main.get_by_label(t("map_metric", "th")).click()
    page.get_by_role("option", name=METRICS["headcount_ratio"].label("th"), exact=True).click()
    expect(panel.get_by_role("button", name=PNG)).to_be_visible(timeout=TIMEOUT_MS)
    expect(download).to_have_count(0)  # the file of the previous map is not offered
    expect(prepared).to_have_count(0)
    panel.get_by_role("button", name=PNG).click()
    expect(prepared).to_contain_text(_map_title("headcount_ratio"), timeout=TIMEOUT_MS)
    expect(download).to_have_count(1)
    assert "metric=headcount_ratio" in page.evaluate("location.search")
    assert blocked.external_attempts() == []
    assert not blocked.page_errors, blocked.page_errors
