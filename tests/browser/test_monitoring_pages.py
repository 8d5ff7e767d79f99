"""The "keep them out" pages in headless Chromium with no internet, in Thai: the alert queue with
overdue rows in red, exit verification with its rates, the grievance queue and a village's
public notice, and the public self-report form with its QR code. Nothing outside localhost is
requested; screenshots go to var/screenshots/ (keep-out-*-th.png)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from data import store, users

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT_MS = 90_000
OFFICER, PASSWORD = "provincial", "provincial-demo-password"  # the demo's officer of Kalasin


@pytest.fixture
def app(streamlit_server, blocked_page, demo_store, tmp_path):
    """The app on a copy of the demo store, the browser signed in as the officer (the session
    cookie the sign-in page would have set)."""
    db = tmp_path / "keep-out.duckdb"
    shutil.copyfile(demo_store, db)
    con = store.connect(db)
    try:
        session = users.sign_in(con, OFFICER, PASSWORD)
    finally:
        con.close()
    env = {k: os.environ[k] for k in ("POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")}
    base_url = streamlit_server(APP, env={**env, "POVMAP_DB": str(db)})
    blocked_page.context.add_cookies(
        [{"name": "povmap_session", "value": session.token, "url": base_url}]
    )
    return base_url, blocked_page


def settle(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=TIMEOUT_MS
    )
    page.wait_for_timeout(1500)


def check(blocked) -> None:
    assert blocked.external_attempts() == [], "the app must not reach outside localhost"
    assert not blocked.page_errors, blocked.page_errors


def test_the_monitoring_page_in_thai(app):
    base_url, blocked = app
    page = blocked.page
    page.set_viewport_size({"width": 1400, "height": 1900})
    page.goto(f"{base_url}/monitoring?lang=th&round=2565&area=46", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="เฝ้าระวังการกลับไปยากจน · กาฬสินธุ์")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(page.get_by_text("ครัวเรือนที่เฝ้าระวัง").first).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    blocked.screenshot("keep-out-monitoring-th")
    page.get_by_role("tab", name="รายพื้นที่").click()
    settle(page)
    blocked.screenshot("keep-out-monitoring-areas-th")
    check(blocked)


def test_the_exit_check_page_in_thai(app):
    base_url, blocked = app
    page = blocked.page
    page.set_viewport_size({"width": 1400, "height": 1500})
    page.goto(f"{base_url}/exit-check?lang=th&round=2565&area=46", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="ตรวจสอบการพ้นความยากจน · กาฬสินธุ์")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(page.get_by_text("ผลรวมของตัวอย่าง").first).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    blocked.screenshot("keep-out-exit-check-th")
    page.get_by_role("tab", name="สุ่มตัวอย่าง").click()
    settle(page)
    blocked.screenshot("keep-out-exit-draw-th")
    check(blocked)


def test_the_grievance_page_and_a_village_notice_in_thai(app):
    base_url, blocked = app
    page = blocked.page
    page.set_viewport_size({"width": 1400, "height": 1500})
    page.goto(f"{base_url}/grievances?lang=th&round=2565&area=46", wait_until="domcontentloaded")
    heading = "เรื่องร้องเรียนเกี่ยวกับรายชื่อ · กาฬสินธุ์"
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    blocked.screenshot("keep-out-grievances-th")
    page.goto(f"{base_url}/grievances?lang=th&round=2565&area=4601", wait_until="domcontentloaded")
    page.get_by_role("tab", name="ประกาศรายชื่อหมู่บ้าน").click()
    expect(page.get_by_text("ยื่นคัดค้านหรือแจ้งข้อมูลเพิ่มเติมได้ตั้งแต่").first).to_be_visible(
        timeout=TIMEOUT_MS
    )
    settle(page)
    blocked.screenshot("keep-out-notice-th")
    check(blocked)


def test_the_public_self_report_page_in_thai(app, demo_store):
    base_url, blocked = app
    page = blocked.page
    blocked.context.clear_cookies()  # the public: nobody signed in
    con = store.connect(demo_store)  # as the app opens it (one configuration per file)
    try:
        village = con.execute(
            "SELECT min(village_code) FROM households WHERE province_code = '46'"
        ).fetchone()[0]
    finally:
        con.close()
    page.set_viewport_size({"width": 1280, "height": 1300})
    page.goto(f"{base_url}/self-report?lang=th&village={village}", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="แจ้งความเดือดร้อน")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("button", name="ส่งเรื่อง")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_text("คิวอาร์โค้ดของหมู่บ้าน (พิมพ์ติดประกาศ)").click()
    expect(page.locator('[data-testid="stImage"] img').first).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    blocked.screenshot("keep-out-self-report-th")
    check(blocked)


def test_a_self_report_sent_from_the_browser_shows_only_its_number(app, demo_store):
    base_url, blocked = app
    page = blocked.page
    blocked.context.clear_cookies()
    con = store.connect(demo_store)  # as the app opens it (one configuration per file)
    try:
        village = con.execute(
            "SELECT min(village_code) FROM households WHERE province_code = '46'"
        ).fetchone()[0]
    finally:
        con.close()
    page.goto(f"{base_url}/self-report?lang=en&village={village}", wait_until="domcontentloaded")
    expect(page.get_by_role("button", name="Send")).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    page.get_by_role("textbox", name="Describe the hardship in a few words").fill(
        "Our rice field flooded"
    )
    page.get_by_role("textbox", name="Phone or e-mail to reach you (optional)").fill("081-234-5678")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Received, number AL")).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    # the page keeps its language, and nothing that was sent is on it any more
    expect(page.get_by_role("heading", name="Report a hardship")).to_be_visible()
    content = page.content()
    assert "Our rice field flooded" not in content and "234-5678" not in content
    assert (
        page.get_by_role("textbox", name="Describe the hardship in a few words").input_value() == ""
    )
    blocked.screenshot("keep-out-self-report-sent-en")
    check(blocked)
