"""The "recorded by" name survives a reload and a new tab of the same browser, and only that
browser: headless Chromium against the app on its own copy of the demo store."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT_MS = 90_000
NAME = "สมศรี ใจดี (พมจ.กาฬสินธุ์)"


@pytest.fixture
def app(streamlit_server, blocked_page, demo_store, tmp_path):
    db = tmp_path / "recorder.duckdb"
    shutil.copyfile(demo_store, db)
    env = {k: os.environ[k] for k in ("POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")}
    return streamlit_server(APP, env={**env, "POVMAP_DB": str(db)}), blocked_page


def recorder_box(page):
    return page.get_by_role("textbox", name="ชื่อผู้บันทึก")


def remembered(context) -> str | None:
    """The recorder cookie's value in this browser (None when there is none)."""
    found = [c["value"] for c in context.cookies() if c["name"] == "povmap_recorder"]
    return found[0] if found else None


def wait_until(condition, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.25)


def settle(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=TIMEOUT_MS
    )
    page.wait_for_timeout(1000)


def test_the_recorder_name_survives_a_reload_and_a_new_tab(app, chromium_browser):
    base_url, blocked = app
    page = blocked.page
    url = f"{base_url}/referrals?lang=th&area=46"
    page.goto(url, wait_until="domcontentloaded")
    box = recorder_box(page)
    expect(box).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    expect(box).to_have_value("")
    box.fill(NAME)
    box.press("Enter")
    wait_until(lambda: remembered(blocked.context) is not None)
    page.reload(wait_until="domcontentloaded")
    expect(recorder_box(page)).to_have_value(NAME, timeout=TIMEOUT_MS)
    other = blocked.context.new_page()
    other.goto(f"{base_url}/programme?lang=th", wait_until="domcontentloaded")
    expect(recorder_box(other)).to_have_value(NAME, timeout=TIMEOUT_MS)
    # clearing the name forgets it too
    settle(page)
    box = recorder_box(page)
    box.fill("")
    box.press("Enter")
    wait_until(lambda: remembered(blocked.context) is None)
    page.reload(wait_until="domcontentloaded")
    expect(recorder_box(page)).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    expect(recorder_box(page)).to_have_value("")
    # another browser (a new context: no cookies) does not get anyone's name
    stranger = chromium_browser.new_context(locale="th-TH")
    try:
        fresh = stranger.new_page()
        fresh.goto(url, wait_until="domcontentloaded")
        expect(recorder_box(fresh)).to_be_visible(timeout=TIMEOUT_MS)
        expect(recorder_box(fresh)).to_have_value("")
    finally:
        stranger.close()
    assert blocked.external_attempts() == []
    assert not blocked.page_errors
