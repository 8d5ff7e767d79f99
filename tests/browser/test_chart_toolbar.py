"""Plotly's toolbar in the page's language (povmap.views.briefing_view.chart_config), in headless
Chromium with every non-local request blocked: on the Thai Why page every toolbar button's title
and the notice Plotly shows while it saves the picture are Thai, and the picture is saved under
the chart's name; the English page keeps Plotly's own English."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from povmap.i18n import t

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT_MS = 90_000
#: Every toolbar button's title (what its tooltip shows).
TITLES = """() => [...document.querySelectorAll(".js-plotly-plot .modebar-btn")]
  .map((b) => b.getAttribute("data-title"))"""


@pytest.fixture
def app(streamlit_server, blocked_page, demo_store):
    env = {
        k: os.environ[k]
        for k in ("POVMAP_DB", "POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")
    }
    return streamlit_server(APP, env=env), blocked_page


def _charts(page, base_url: str, lang: str):
    page.goto(f"{base_url}/why?lang={lang}&round=2564&area=46", wait_until="domcontentloaded")
    charts = page.locator(".js-plotly-plot")
    charts.nth(3).locator(".modebar-btn").wait_for(state="attached", timeout=TIMEOUT_MS)
    return charts


def test_the_thai_toolbar_speaks_thai(app):
    base_url, blocked = app
    page = blocked.page
    charts = _charts(page, base_url, "th")
    titles = page.evaluate(TITLES)
    assert len(titles) >= 4, titles
    assert set(titles) == {t("chrome_plotly_png", "th")}
    assert not [title for title in titles if re.search("[A-Za-z]", title or "")], titles
    first = charts.first
    first.hover()
    button = first.locator(".modebar-btn").first
    expect(button).to_be_visible()
    with page.expect_download() as saved:
        button.click()
        notice = page.locator(".notifier-note").first
        expect(notice).to_contain_text(t("chrome_plotly_preparing", "th"))
        assert not re.search("[A-Za-z]", notice.inner_text()), notice.inner_text()
    assert saved.value.suggested_filename == "capitals.png"
    assert blocked.external_attempts() == []
    assert not blocked.page_errors, blocked.page_errors


def test_the_english_toolbar_keeps_plotlys_words(app):
    base_url, blocked = app
    page = blocked.page
    _charts(page, base_url, "en")
    assert set(page.evaluate(TITLES)) == {"Download plot as a PNG"}
    assert blocked.external_attempts() == []
