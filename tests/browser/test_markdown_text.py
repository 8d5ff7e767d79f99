"""Streamlit's own renderer draws user text as typed: an ID from the URL that holds markdown,
HTML, Streamlit's colours, emoji, icons and math shows as those characters (what
``povmap.views.chrome.md_escape`` promises; ``tests/app/test_markdown_text.py`` checks the pages
route their text through it)."""

from __future__ import annotations

import os
import shutil
import urllib.parse
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT_MS = 60_000
MARKUP = "**x** [a](http://e) <b>b</b> :red[c] :smile: :material/map: $d$ ~e~ `f` me@e.org"


@pytest.fixture
def app(streamlit_server, blocked_page, demo_store, tmp_path):
    # the server gets its own copy: this test process may hold the store open (AppTests)
    db = tmp_path / "browser.duckdb"
    shutil.copyfile(demo_store, db)
    env = {k: os.environ[k] for k in ("POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")}
    return streamlit_server(APP, env={**env, "POVMAP_DB": str(db)}), blocked_page


def test_an_id_with_markup_shows_as_typed(app):
    base_url, blocked = app
    page = blocked.page
    wanted = urllib.parse.quote(MARKUP)
    page.goto(f"{base_url}/product?lang=en&product={wanted}", wait_until="domcontentloaded")
    alert = page.locator('[data-testid="stAlertContentWarning"]').filter(has_text="No product")
    alert.first.wait_for(timeout=TIMEOUT_MS)
    shown = alert.first.inner_text().replace("\u2060", "")
    assert shown == f"No product with ID {MARKUP}"
    drawn = alert.first.locator("[data-testid=stMarkdownContainer] p")
    # nothing but text inside the paragraph: no bold, link, HTML, colour, emoji, icon or math
    assert drawn.locator("*").count() == 0, drawn.inner_html()
    assert not blocked.page_errors
